import { createStore, type StateCreator } from 'zustand/vanilla';
import type { ArchPresetId, MachineConfig } from '../model/config';
import type { Level } from '../model/entry';
import type { VariantId } from '../model/variants';
import type { RunOutcome, RunResult } from '../scenario/run';
import type { Problem } from '../scenario/validate';
import { createRunClient, type RunClient, runClient } from '../worker/client';
import { isSuperseded, isWorkerCrash } from '../worker/protocol';
import { EXAMPLE_TEXT } from './example';
import { parseScenarioJson } from './parse';
import { DEFAULT_SETTINGS, type KernelSettings, settingsOf, withOption, withSettings } from './settings';

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
  /** The built-in scenario the text came from, until the user edits it (then the scenario is custom). */
  scenarioId: string | null;
  /** The user edited the text since it was loaded (a draft worth keeping). */
  dirty: boolean;
  /** Loads a scenario (a built-in one with its id) into the editor and runs it. */
  loadScenario(text: string, id: string | null): Promise<void>;
  /** The text of the last run: what a share link carries (keystrokes alone do not change the link). */
  ranText: string | null;
  /** Why the link the page was opened with could not be used (the default view is shown instead). */
  linkError: string | null;
  setLinkError(e: string | null): void;
}

export interface RunSlice {
  status: RunStatus;
  problems: readonly Problem[];
  /** Why the last run failed (status "failed"). */
  error: string | null;
  /** Something the user should know about the last run that is not a failure (a restarted worker). */
  notice: string | null;
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

/** The kernel settings a run uses: the scenario's own, or the user's choice on top. */
export interface SettingsSlice {
  /** The user's choice; null means "as the scenario says". */
  settings: KernelSettings | null;
  /** What the scenario itself asks for (from the last run). */
  scenarioSettings: KernelSettings;
  setVariant(v: VariantId): void;
  setPreset(p: ArchPresetId): void;
  setOption<K extends keyof MachineConfig>(key: K, value: MachineConfig[K]): void;
  resetSettings(): void;
}

/** An entry the user selected: the process, the level and the first virtual page it maps. */
export interface EntryRef {
  readonly proc: string;
  readonly level: Level;
  readonly v: number;
}

export interface ViewSlice {
  selected: EntryRef | null;
  selectEntry(ref: EntryRef | null): void;
  /** Coalesced runs the user expanded, by key (see runKey). */
  expanded: readonly string[];
  toggleExpanded(key: string): void;
  theme: 'light' | 'dark';
  setTheme(t: 'light' | 'dark'): void;
  playing: boolean;
  setPlaying(p: boolean): void;
}

/** A second run of the same scenario under other settings, shown side by side. */
export interface CompareSlice {
  compare: KernelSettings | null;
  compareStatus: RunStatus;
  compareSteps: readonly Step[];
  compareError: string | null;
  setCompare(s: KernelSettings | null): void;
}

export type LabState = ScenarioSlice & RunSlice & TimelineSlice & SettingsSlice & ViewSlice & CompareSlice;

type DataKey = {
  [K in keyof LabState]: LabState[K] extends (...args: never[]) => unknown ? never : K;
}[keyof LabState];

/**
 * Where each field lives beyond this page: "link" fields will go into share links, "derived" ones are
 * recomputed by running. Typed over every data field, so a new field cannot be added without deciding.
 */
export const PERSIST: Record<DataKey, 'link' | 'derived' | 'local'> = {
  text: 'derived',
  ranText: 'link',
  scenarioId: 'link',
  dirty: 'local',
  linkError: 'derived',
  cursor: 'link',
  settings: 'link',
  selected: 'link',
  compare: 'link',
  expanded: 'local',
  theme: 'local',
  playing: 'local',
  scenarioSettings: 'derived',
  status: 'derived',
  problems: 'derived',
  error: 'derived',
  notice: 'derived',
  steps: 'derived',
  compareStatus: 'derived',
  compareSteps: 'derived',
  compareError: 'derived',
};

export type Runner = (input: unknown) => Promise<RunOutcome>;

type Slice<T> = StateCreator<LabState, [], [], T>;

const clamp = (i: number, n: number): number => Math.max(0, Math.min(i, n - 1));

const scenarioSlice =
  (text: string): Slice<ScenarioSlice> =>
  (set, get) => ({
    text,
    setText: (t) => set({ text: t, scenarioId: null, dirty: true }),
    scenarioId: null,
    dirty: false,
    ranText: null,
    linkError: null,
    setLinkError: (linkError) => set({ linkError }),
    async loadScenario(t, id) {
      set({ text: t, scenarioId: id, dirty: false, cursor: 0, selected: null });
      await get().run();
    },
  });

const runSlice =
  (runner: Runner): Slice<RunSlice> =>
  (set, get) => {
    /** Only the newest run may write its answer; older answers arriving late are dropped. */
    let seq = 0;
    let retrying = false;
    return {
      status: 'idle',
      problems: [],
      error: null,
      notice: null,
      async run() {
        const mine = ++seq;
        const parsed = parseScenarioJson(get().text);
        if (!parsed.ok) {
          set({ status: 'invalid', problems: parsed.problems, error: null, steps: [], cursor: 0 });
          return;
        }
        const scenarioSettings = settingsOf(parsed.value);
        set({
          status: 'running',
          problems: [],
          error: null,
          notice: null,
          scenarioSettings,
          ranText: get().text,
        });
        const compare = get().compare;
        if (compare) void get().setCompare(compare);
        try {
          const outcome = await runner(withSettings(parsed.value, get().settings ?? scenarioSettings));
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
          // A worker that died is restarted by the client; run the scenario again once, keeping the
          // reader's place. A second crash in a row, or the watchdog, is reported and left alone.
          if (isWorkerCrash(e) && !retrying) {
            retrying = true;
            const cursor = get().cursor;
            await get().run();
            retrying = false;
            if (get().status === 'done') {
              set({
                cursor: clamp(cursor, get().steps.length),
                notice: `${describeError(e)} It was restarted and the scenario run again.`,
              });
            }
            return;
          }
          set({ status: 'failed', error: describeError(e), steps: [] });
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

let compareClientInstance: RunClient | undefined;
/** The comparison's own worker, started on first use. */
function compareClient(): RunClient {
  compareClientInstance ??= createRunClient();
  return compareClientInstance;
}

function describeError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  return e.name && e.name !== 'Error' ? `${e.name}: ${e.message}` : e.message;
}

const settingsSlice: Slice<SettingsSlice> = (set, get) => {
  const change = (next: KernelSettings) => {
    set({ settings: next });
    void get().run();
  };
  const current = () => get().settings ?? get().scenarioSettings;
  return {
    settings: null,
    scenarioSettings: DEFAULT_SETTINGS,
    setVariant: (variant) => change({ ...current(), variant }),
    setPreset: (preset) => change({ ...current(), preset, config: {} }),
    setOption: (key, value) => change(withOption(current(), key, value)),
    resetSettings: () => {
      set({ settings: null });
      void get().run();
    },
  };
};

const viewSlice: Slice<ViewSlice> = (set, get) => ({
  selected: null,
  selectEntry: (selected) => set({ selected }),
  expanded: [],
  toggleExpanded: (key) => {
    const e = get().expanded;
    set({ expanded: e.includes(key) ? e.filter((k) => k !== key) : [...e, key] });
  },
  theme: 'light',
  setTheme: (theme) => set({ theme }),
  playing: false,
  setPlaying: (playing) => set({ playing }),
});

const compareSlice =
  (runner: Runner): Slice<CompareSlice> =>
  (set, get) => {
    let seq = 0;
    return {
      compare: null,
      compareStatus: 'idle',
      compareSteps: [],
      compareError: null,
      async setCompare(compare) {
        const mine = ++seq;
        if (!compare) {
          set({ compare: null, compareStatus: 'idle', compareSteps: [], compareError: null });
          return;
        }
        set({ compare, compareStatus: 'running', compareError: null });
        const parsed = parseScenarioJson(get().text);
        if (!parsed.ok) {
          set({ compareStatus: 'invalid', compareSteps: [] });
          return;
        }
        try {
          const outcome = await runner(withSettings(parsed.value, compare));
          if (mine !== seq) return;
          if (outcome.ok) set({ compareStatus: 'done', compareSteps: outcome.run.steps });
          else set({ compareStatus: 'invalid', compareSteps: [] });
        } catch (e) {
          if (mine !== seq || isSuperseded(e)) return;
          set({ compareStatus: 'failed', compareError: describeError(e), compareSteps: [] });
        }
      },
    };
  };

export interface LabOptions {
  runner?: Runner;
  /** The runner of the comparison (its own worker, so the two runs do not supersede each other). */
  compareRunner?: Runner;
  text?: string;
}

/** A vanilla store, so tests and non-React glue can drive it without rendering anything. */
export function createLabStore(opts: LabOptions = {}) {
  const runner = opts.runner ?? ((input: unknown) => runClient.run(input));
  const compareRunner =
    opts.compareRunner ?? (opts.runner ? runner : (input: unknown) => compareClient().run(input));
  return createStore<LabState>()((...a) => ({
    ...scenarioSlice(opts.text ?? EXAMPLE_TEXT)(...a),
    ...runSlice(runner)(...a),
    ...timelineSlice(...a),
    ...settingsSlice(...a),
    ...viewSlice(...a),
    ...compareSlice(compareRunner)(...a),
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

export const selectSettings = (s: LabState): KernelSettings => s.settings ?? s.scenarioSettings;
export const selectSettingsOverridden = (s: LabState) => s.settings !== null;
export const selectSelected = (s: LabState) => s.selected;
export const selectCompare = (s: LabState) => s.compare;
export const selectCompareSteps = (s: LabState) => s.compareSteps;
export const selectCompareStep = (s: LabState): Step | undefined => s.compareSteps[s.cursor];
export const selectPrevStep = (s: LabState): Step | undefined =>
  s.cursor > 0 ? s.steps[s.cursor - 1] : undefined;
export const selectTheme = (s: LabState) => s.theme;
export const selectPlaying = (s: LabState) => s.playing;
export const selectExpanded = (s: LabState) => s.expanded;
export const selectNotice = (s: LabState) => s.notice;
