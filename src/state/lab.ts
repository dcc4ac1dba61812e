/**
 * The page's state, slice by slice: what each slice holds and what it can do. The slices are made in
 * slices/ and put together in store.ts; PERSIST (store.ts) says which fields a share link carries.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { ArchPresetId, MachineConfig } from '../model/config';
import type { Level } from '../model/entry';
import type { VariantId } from '../model/variants';
import type { ImpactOutcome } from '../scenario/library/impact';
import type { PatchStep } from '../scenario/outcomes';
import type { RunResult } from '../scenario/run';
import type { Problem } from '../scenario/validate';
import type { ExplainLevel, FilterTerm } from '../share/link';
import type { Requester } from '../worker/client';
import type { PlaySpeed } from './prefs';
import type { KernelSettings } from './settings';

/** One recorded step and one trace event, named here so views need not reach into the model. */
export type Step = RunResult['steps'][number];
export type TraceEvent = Step['events'][number];
export type { ExplainLevel, FilterTerm, Problem };

/**
 * idle: never run; invalid: the text or the scenario was refused (the steps of the last good run, if any,
 * stay); failed: the model or worker threw.
 */
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
  /**
   * Fetches the built-in story `id`, loads it and shows it at `step` (default: the initial state); false
   * when there is no such story.
   */
  openBuiltin(id: string, step?: number): Promise<boolean>;
  /** The text of the last run: what a share link carries (keystrokes alone do not change the link). */
  ranText: string | null;
  /** Why the link the page was opened with could not be used (the default view is shown instead). */
  linkError: string | null;
  /** What could be read of the scenario of a link damaged in transit: offered, never opened unasked. */
  linkSalvage: string | null;
  setLinkError(e: string | null, salvage?: string | null): void;
  /** What the opened link named that ptlab does not know, each with the value shown instead. */
  linkReplaced: readonly string[];
  setLinkReplaced(r: readonly string[]): void;
  /** Opens what could be read of a damaged link's scenario in the editor, as a draft, and runs it. */
  openSalvage(): Promise<void>;
  /** Why the editor's text could not be kept in this browser (draft.ts), until a save works again. */
  draftError: string | null;
  setDraftError(e: string | null): void;
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

/** Steps `from` to `to`, both included; an end left out is the run's own. */
export interface StepRange {
  readonly from?: number;
  readonly to?: number;
}

/** The trace, Python Tutor style: every step is recorded once and the page shows steps[cursor]. */
export interface TimelineSlice {
  steps: readonly Step[];
  cursor: number;
  /**
   * The steps a step-range embed plays and steps within (null: the whole run). The cursor never leaves
   * it: stepping, playing, First and Last stop at its ends.
   */
  range: StepRange | null;
  setRange(range: StepRange | null): void;
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
  /** A page inside the entry the step's lookup asked at (model Subject.asked); the decision is taken there. */
  readonly asked?: number;
}

export interface ViewSlice {
  /**
   * The entry the user pinned (clicked). While none is, the decision path follows the step: it shows the
   * entry the step wrote, faulted, queried or reported on (state/read/subject.ts).
   */
  selected: EntryRef | null;
  selectEntry(ref: EntryRef | null): void;
  /** How steps are explained: plain words, or functions, branches and patches. */
  explain: ExplainLevel;
  setExplain(l: ExplainLevel): void;
  /** Entries the tree highlights (none: no filter). */
  filter: readonly FilterTerm[];
  setFilter(f: readonly FilterTerm[]): void;
  /** A folio chosen in physical memory: the trees highlight every entry that maps one of its pfns. */
  folioFocus: { readonly first: number; readonly last: number } | null;
  setFolioFocus(f: { readonly first: number; readonly last: number } | null): void;
  /** Coalesced runs the user expanded, by key (see runKey). */
  expanded: readonly string[];
  toggleExpanded(key: string): void;
  theme: 'light' | 'dark';
  setTheme(t: 'light' | 'dark'): void;
  /**
   * The start view is shown instead of the lab: what ptlab is and the stories, grouped by reader. Loading
   * or running a scenario leaves it.
   */
  start: boolean;
  setStart(on: boolean): void;
  /** Leaves the start view for the lab, running what the editor holds (the example, or the user's own). */
  leaveStart(): Promise<void>;
  playing: boolean;
  setPlaying(p: boolean): void;
  /** Steps a second while playing (one of PLAY_SPEEDS), kept in this browser with the other preferences. */
  playSpeed: PlaySpeed;
  setPlaySpeed(s: PlaySpeed): void;
  /** The steps column's width in CSS pixels (within STEPS_WIDTH), kept with the preferences. */
  stepsWidth: number;
  setStepsWidth(w: number): void;
  /**
   * Back to a plain view of the same scenario: no selection, expansion or comparison, the scenario's own
   * kernel settings, the first step; then a run. The text is kept.
   */
  resetView(): Promise<void>;
}

/** A second run of the same scenario under other settings, shown side by side. */
export interface CompareSlice {
  compare: KernelSettings | null;
  compareStatus: RunStatus;
  compareSteps: readonly Step[];
  compareError: string | null;
  setCompare(s: KernelSettings | null): Promise<void>;
  /** Exchanges runs A and B: B's settings become the page's, A's the comparison's; both run again. */
  swapCompare(): Promise<void>;
}

export type JobStatus = 'idle' | 'running' | 'done' | 'failed';

/**
 * The patch stepper (the current scenario in every variant, in order) and "what changed in patch N" (the
 * built-in stories a patch changes). Both run on demand, on the background worker.
 */
export interface PatchesSlice {
  stepper: { status: JobStatus; steps: readonly PatchStep[]; error: string | null };
  impact: {
    status: JobStatus;
    variant: VariantId | null;
    result: ImpactOutcome | null;
    error: string | null;
  };
  /** Runs the current scenario (with the current preset and options) in every variant. */
  loadStepper(): Promise<void>;
  /** Replays the built-in stories (which the worker does not bundle) before and after `variant`. */
  loadImpact(variant: VariantId): Promise<void>;
}

export type LabState = ScenarioSlice &
  RunSlice &
  TimelineSlice &
  SettingsSlice &
  ViewSlice &
  CompareSlice &
  PatchesSlice;

/** How a slice is made: zustand's set and get over the whole state, and the worker's requests. */
export type Slice<T> = (
  set: Parameters<StateCreator<LabState>>[0],
  get: () => LabState,
  request: Requester,
) => T;
