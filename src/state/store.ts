import { createStore, type StateCreator } from 'zustand/vanilla';
import type { RunOutcome, RunResult } from '../scenario/run';
import type { Problem } from '../scenario/validate';
import { runClient } from '../worker/client';
import { isSuperseded } from '../worker/protocol';
import { EXAMPLE_TEXT } from './example';
import { parseScenarioJson } from './parse';

/** One recorded step and one trace event, named here so views need not reach into the model. */
export type Step = RunResult['steps'][number];
export type TraceEvent = Step['events'][number];
export type { Problem };

/** idle: never run; invalid: the text or the scenario was refused; failed: the model or worker threw. */
export type RunStatus = 'idle' | 'running' | 'done' | 'invalid' | 'failed';

export interface ScenarioSlice {
  /** The editor's text, exactly as typed. */
  text: string;
  setText(text: string): void;
}

export interface RunSlice {
  status: RunStatus;
  problems: readonly Problem[];
  /** Why the last run failed (status "failed"). */
  error: string | null;
  run(): Promise<void>;
}

/** The trace, Python Tutor style: every step is recorded once and the page shows steps[cursor]. */
export interface TimelineSlice {
  steps: readonly Step[];
  cursor: number;
  select(index: number): void;
  first(): void;
  prev(): void;
  next(): void;
  last(): void;
}

export type LabState = ScenarioSlice & RunSlice & TimelineSlice;

type DataKey = {
  [K in keyof LabState]: LabState[K] extends (...args: never[]) => unknown ? never : K;
}[keyof LabState];

/**
 * Where each field lives beyond this page: "link" fields will go into share links, "derived" ones are
 * recomputed by running. Typed over every data field, so a new field cannot be added without deciding.
 */
export const PERSIST: Record<DataKey, 'link' | 'derived'> = {
  text: 'link',
  cursor: 'link',
  status: 'derived',
  problems: 'derived',
  error: 'derived',
  steps: 'derived',
};

export type Runner = (input: unknown) => Promise<RunOutcome>;

type Slice<T> = StateCreator<LabState, [], [], T>;

const clamp = (i: number, n: number): number => Math.max(0, Math.min(i, n - 1));

const scenarioSlice =
  (text: string): Slice<ScenarioSlice> =>
  (set) => ({
    text,
    setText: (t) => set({ text: t }),
  });

const runSlice =
  (runner: Runner): Slice<RunSlice> =>
  (set, get) => {
    /** Only the newest run may write its answer; older answers arriving late are dropped. */
    let seq = 0;
    return {
      status: 'idle',
      problems: [],
      error: null,
      async run() {
        const mine = ++seq;
        const parsed = parseScenarioJson(get().text);
        if (!parsed.ok) {
          set({ status: 'invalid', problems: parsed.problems, error: null, steps: [], cursor: 0 });
          return;
        }
        set({ status: 'running', problems: [], error: null });
        try {
          const outcome = await runner(parsed.value);
          if (mine !== seq) return;
          if (outcome.ok) {
            const steps = outcome.run.steps;
            // A re-run after an edit keeps the reader's place when that step still exists.
            set({ status: 'done', steps, cursor: clamp(get().cursor, steps.length) });
          } else {
            set({ status: 'invalid', problems: outcome.problems, steps: [], cursor: 0 });
          }
        } catch (e) {
          if (mine !== seq || isSuperseded(e)) return;
          set({ status: 'failed', error: describeError(e), steps: [], cursor: 0 });
        }
      },
    };
  };

const timelineSlice: Slice<TimelineSlice> = (set, get) => {
  const go = (i: number) => set({ cursor: clamp(i, get().steps.length) });
  return {
    steps: [],
    cursor: 0,
    select: go,
    first: () => go(0),
    prev: () => go(get().cursor - 1),
    next: () => go(get().cursor + 1),
    last: () => go(get().steps.length - 1),
  };
};

function describeError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  return e.name && e.name !== 'Error' ? `${e.name}: ${e.message}` : e.message;
}

export interface LabOptions {
  runner?: Runner;
  text?: string;
}

/** A vanilla store, so tests and non-React glue can drive it without rendering anything. */
export function createLabStore(opts: LabOptions = {}) {
  const runner = opts.runner ?? ((input: unknown) => runClient.run(input));
  return createStore<LabState>()((...a) => ({
    ...scenarioSlice(opts.text ?? EXAMPLE_TEXT)(...a),
    ...runSlice(runner)(...a),
    ...timelineSlice(...a),
  }));
}

export type LabStore = ReturnType<typeof createLabStore>;

/** The page's store. */
export const labStore: LabStore = createLabStore();

// Selectors live here, at module level, so components never build new selector functions per render.
export const selectText = (s: LabState) => s.text;
export const selectSetText = (s: LabState) => s.setText;
export const selectRun = (s: LabState) => s.run;
export const selectStatus = (s: LabState) => s.status;
export const selectProblems = (s: LabState) => s.problems;
export const selectError = (s: LabState) => s.error;
export const selectSteps = (s: LabState) => s.steps;
export const selectCursor = (s: LabState) => s.cursor;
export const selectSelect = (s: LabState) => s.select;
export const selectCurrentStep = (s: LabState): Step | undefined => s.steps[s.cursor];
export const selectNav = (s: LabState) => ({
  cursor: s.cursor,
  count: s.steps.length,
  first: s.first,
  prev: s.prev,
  next: s.next,
  last: s.last,
});
