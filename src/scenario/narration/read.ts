/**
 * A scenario's narration and references, read from its JSON text for the page: the page holds the text of
 * the last run (what a share link carries), not the validated scenario, and shows only what has the
 * expected shape. Cached by text, so a step change costs nothing.
 */
import { parseJson } from '../json';
import type { ReferenceLike } from './links';
import type { Clause, StepNarration, When, WhenSpec } from './when';

export interface Reference extends ReferenceLike {
  readonly note?: string;
}

export interface ScenarioStory {
  /** The number of steps the text has. */
  readonly steps: number;
  /** Each step's narration, by step (counted from 1). */
  readonly narration: ReadonlyMap<number, StepNarration>;
  /** Each step's plain `note`, by step (counted from 1). */
  readonly notes: ReadonlyMap<number, string>;
  readonly references: readonly Reference[];
}

const EMPTY: ScenarioStory = { steps: 0, narration: new Map(), notes: new Map(), references: [] };

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

function specOf(v: unknown): WhenSpec | null {
  if (!isObj(v)) return null;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === 'variants') {
      if (!Array.isArray(x) || !x.every((e) => typeof e === 'string')) return null;
      out[k] = x;
    } else if (typeof x === 'boolean') out[k] = x;
    else return null;
  }
  return out as WhenSpec;
}

function whenOf(v: unknown): When | undefined | null {
  if (v === undefined) return undefined;
  if (v === 'otherwise') return 'otherwise';
  if (Array.isArray(v)) {
    const specs = v.map(specOf);
    return specs.length && specs.every((x) => x !== null) ? (specs as WhenSpec[]) : null;
  }
  return specOf(v);
}

function clausesOf(v: unknown): Clause[] | null {
  if (!Array.isArray(v)) return null;
  const out: Clause[] = [];
  for (const c of v) {
    if (!isObj(c) || typeof c.text !== 'string') return null;
    const when = whenOf(c.when);
    if (when === null) return null;
    out.push(when === undefined ? { text: c.text } : { when, text: c.text });
  }
  return out;
}

function read(text: string): ScenarioStory {
  const p = parseJson(text);
  if (!p.ok || !isObj(p.value)) return EMPTY;
  const v = p.value;
  const steps = Array.isArray(v.steps) ? v.steps : [];
  const notes = new Map<number, string>();
  steps.forEach((st, i) => {
    const n = isObj(st) ? str(st.note) : undefined;
    if (n) notes.set(i + 1, n);
  });
  const narration = new Map<number, StepNarration>();
  for (const e of Array.isArray(v.narration) ? v.narration : []) {
    if (!isObj(e) || typeof e.step !== 'number') continue;
    const clauses = clausesOf(e.clauses);
    const learner = typeof e.learner === 'string' ? e.learner : clausesOf(e.learner);
    if (!clauses || learner === null) continue;
    narration.set(e.step, { step: e.step, learner, clauses });
  }
  const references = (Array.isArray(v.references) ? v.references : []).flatMap((r): Reference[] => {
    if (!isObj(r)) return [];
    const ref: { -readonly [K in keyof Reference]: Reference[K] } = {};
    if (typeof r.patch === 'number') ref.patch = r.patch;
    for (const k of ['subject', 'author', 'date', 'messageId', 'commit', 'note'] as const) {
      const x = str(r[k]);
      if (x !== undefined) ref[k] = x;
    }
    return [ref];
  });
  return { steps: steps.length, narration, notes, references };
}

// Two entries: the page reads the text of the last run and, while a built-in story is unedited, the
// editor's text; one entry would make them evict each other.
const cache: { text: string; story: ScenarioStory }[] = [];

/** The narration, notes and references of a scenario's text (the empty story for text that is not one). */
export function storyOf(text: string | null): ScenarioStory {
  if (text === null) return EMPTY;
  const hit = cache.find((c) => c.text === text);
  if (hit) return hit.story;
  const story = read(text);
  cache.unshift({ text, story });
  cache.length = Math.min(cache.length, 2);
  return story;
}
