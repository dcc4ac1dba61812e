/**
 * The quiz ("predict, then reveal") on the page: the questions of the scenario the lab holds (asked of
 * the worker, which runs it in every kernel: scenario/quiz/build.ts), the reader's answers, the reveal,
 * and the score, kept per story in this browser. Before a step is revealed the lab shows the state
 * before it (the cursor on the previous step); the reveal moves the cursor to the step, so the tree and
 * the decision path show what happened and why. Loaded with the quiz view only.
 */
import { createStore } from 'zustand/vanilla';
import type { Quiz, QuizQuestion, QuizStep } from '../scenario/quiz/build';
import { randomScenario } from '../scenario/quiz/random';
import { decodeLink } from '../share/link';
import { request as pageRequest, type Requester } from '../worker/client';
import { describeError, latestOnly } from './latest';
import { lookupBuiltin } from './library';
import { prepareRun } from './parse';
import { type LabStore, labStore } from './store';
import { openLink } from './url';

export type { Quiz, QuizQuestion, QuizStep };

export interface Score {
  readonly right: number;
  readonly asked: number;
}

export interface QuizState {
  status: 'idle' | 'running' | 'done' | 'failed';
  error: string | null;
  quiz: Quiz | null;
  /** Which story the score is kept for: the built-in id, "seed-N", or "custom". */
  key: string;
  /** The seed of a random scenario quiz, or null. */
  seed: number | null;
  /** Index into quiz.steps of the step being asked. */
  at: number;
  /** The chosen choice of each question answered, by `${step}:${kind}`. */
  answers: Readonly<Record<string, string>>;
  /** The steps whose answers were revealed (and scored). */
  revealed: readonly number[];
  /** This attempt's score. */
  score: Score;
  /** The score of the last attempt at each story, kept in this browser. */
  kept: Readonly<Record<string, Score>>;
  /** The answer key shown (the teacher's check, as OSTEP's `-c`). */
  showKey: boolean;
}

export const answerKey = (q: Pick<QuizQuestion, 'step' | 'kind'>) => `${q.step}:${q.kind}`;

const STORAGE_KEY = 'ptlab.quiz.scores';

function readKept(storage: Storage | undefined): Record<string, Score> {
  try {
    const v = JSON.parse(storage?.getItem(STORAGE_KEY) ?? '{}') as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return {};
    const out: Record<string, Score> = {};
    for (const [k, s] of Object.entries(v as Record<string, unknown>)) {
      const r = (s as Score | null)?.right;
      const a = (s as Score | null)?.asked;
      if (Number.isInteger(r) && Number.isInteger(a) && (r as number) >= 0 && (r as number) <= (a as number))
        out[k.slice(0, 80)] = { right: r as number, asked: a as number };
    }
    return out;
  } catch {
    return {};
  }
}

export interface QuizOptions {
  lab?: LabStore;
  request?: Requester;
  storage?: Storage;
}

export function createQuizStore(opts: QuizOptions = {}) {
  const lab = opts.lab ?? labStore;
  const request = opts.request ?? pageRequest;
  const storage = opts.storage;
  const line = latestOnly();
  const store = createStore<QuizState>()(() => ({
    status: 'idle',
    error: null,
    quiz: null,
    key: 'custom',
    seed: null,
    at: 0,
    answers: {},
    revealed: [],
    score: { right: 0, asked: 0 },
    kept: readKept(storage),
    showKey: false,
  }));
  const current = (): QuizStep | undefined => {
    const s = store.getState();
    return s.quiz?.steps[s.at];
  };
  /** The lab shows the state before the asked step; the reveal shows the step. */
  const showBefore = () => {
    const q = current();
    if (q) lab.getState().select(q.step - 1);
  };
  const actions = {
    /** Asks the worker for the quiz of the scenario the lab holds, and starts at its first question. */
    async load(): Promise<void> {
      const l = lab.getState();
      const prepared = prepareRun(l.ranText ?? l.text, () => l.settings);
      if (!prepared.ok) {
        store.setState({ status: 'failed', error: 'the scenario is not valid', quiz: null });
        return;
      }
      store.setState({ status: 'running', error: null });
      const a = await line.run(() => request('quiz', prepared.input));
      if (a.kind === 'stale') return;
      if (a.kind === 'failed') {
        store.setState({ status: 'failed', error: describeError(a.error) });
        return;
      }
      if (!a.value.ok) {
        store.setState({
          status: 'failed',
          error: a.value.problems.map((p) => `${p.path}: ${p.message}`).join('; '),
        });
        return;
      }
      store.setState({
        status: 'done',
        quiz: a.value.quiz,
        at: 0,
        answers: {},
        revealed: [],
        score: { right: 0, asked: 0 },
        showKey: false,
      });
      showBefore();
    },
    choose(q: QuizQuestion, choice: string): void {
      const s = store.getState();
      if (s.revealed.includes(q.step)) return;
      store.setState({ answers: { ...s.answers, [answerKey(q)]: choice } });
    },
    /** Reveals the asked step: scores its answers and shows the step. */
    reveal(): void {
      const s = store.getState();
      const q = current();
      if (!q || s.revealed.includes(q.step)) return;
      const right = q.questions.filter((x) => s.answers[answerKey(x)] === x.answer).length;
      const score = { right: s.score.right + right, asked: s.score.asked + q.questions.length };
      const kept = { ...s.kept, [s.key]: score };
      store.setState({ revealed: [...s.revealed, q.step], score, kept });
      try {
        storage?.setItem(STORAGE_KEY, JSON.stringify(kept));
      } catch {
        // A full or refused storage keeps the score for this page only.
      }
      lab.getState().select(q.step);
    },
    /** The next step's questions, if any. */
    next(): void {
      const s = store.getState();
      if (!s.quiz || s.at >= s.quiz.steps.length - 1) return;
      store.setState({ at: s.at + 1 });
      showBefore();
    },
    restart(): void {
      store.setState({ at: 0, answers: {}, revealed: [], score: { right: 0, asked: 0 }, showKey: false });
      showBefore();
    },
    toggleKey(): void {
      store.setState({ showKey: !store.getState().showKey });
    },
    /**
     * Opens the scenario a quiz link names (a story, a custom scenario, or the random scenario of its
     * seed), then loads its quiz. Returns what the link named that was replaced, or why it could not open.
     */
    async open(search: string, hash: string): Promise<{ ok: boolean; replaced: string[]; message?: string }> {
      const d = decodeLink(search, hash);
      if (d.ok && d.view.seed !== undefined) {
        const seed = d.view.seed;
        store.setState({ key: `seed-${seed}`, seed });
        await lab.getState().loadScenario(JSON.stringify(randomScenario(seed), null, 2), null);
        await actions.load();
        return { ok: true, replaced: d.replaced ?? [] };
      }
      const r = await openLink(lab, search, hash, lookupBuiltin);
      if (!r.ok) return { ok: false, replaced: [], message: r.message };
      store.setState({ key: lab.getState().scenarioId ?? 'custom', seed: null });
      await actions.load();
      return { ok: true, replaced: [...r.replaced] };
    },
  };
  return Object.assign(store, { actions });
}

export type QuizStore = ReturnType<typeof createQuizStore>;

/**
 * The link of a quiz: `quiz=1` and the seed, or `quiz=1` and the lab's link of the scenario without its
 * place (step, entry): the quiz starts at its first question.
 */
export function quizLink(labLink: string, seed: number | null): string {
  if (seed !== null) return `?v=1&quiz=1&seed=${seed}`;
  const hash = labLink.indexOf('#');
  const [query, fragment] = hash < 0 ? [labLink, ''] : [labLink.slice(0, hash), labLink.slice(hash)];
  const q = new URLSearchParams(query.replace(/^\?/, ''));
  for (const k of ['step', 'entry', 'from', 'to', 'embed']) q.delete(k);
  return `?quiz=1&${q.toString()}${fragment}`;
}
