import { createStore } from 'zustand/vanilla';
import type { RunOutcome } from '../scenario/run';
import { request as pageRequest, type Requester } from '../worker/client';
import { EXAMPLE_TEXT } from './example';
import type { LabState, Step } from './lab';
import type { KernelSettings } from './settings';
import { compareSlice } from './slices/compare';
import { patchesSlice } from './slices/patches';
import { runSlice } from './slices/run';
import { scenarioSlice } from './slices/scenario';
import { settingsSlice } from './slices/settings';
import { stepBounds, timelineSlice } from './slices/timeline';
import { viewSlice } from './slices/view';

export type {
  CompareSlice,
  EntryRef,
  ExplainLevel,
  FilterTerm,
  JobStatus,
  LabState,
  PatchesSlice,
  Problem,
  RunSlice,
  RunStatus,
  ScenarioSlice,
  SettingsSlice,
  Step,
  StepRange,
  TimelineSlice,
  TraceEvent,
  ViewSlice,
} from './lab';

type DataKey = {
  [K in keyof LabState]: LabState[K] extends (...args: never[]) => unknown ? never : K;
}[keyof LabState];

/**
 * Where each field lives beyond this page: "link" fields go into share links (url.ts reads this table to
 * write and to open them), "local" ones stay in this browser, "derived" ones are recomputed by running.
 * Typed over every data field, so a new field cannot be added without deciding.
 */
export type Persist = 'link' | 'derived' | 'local';

export const PERSIST = {
  text: 'derived',
  ranText: 'link',
  scenarioId: 'link',
  dirty: 'local',
  linkError: 'derived',
  linkSalvage: 'derived',
  linkReplaced: 'derived',
  draftError: 'derived',
  cursor: 'link',
  range: 'link',
  settings: 'link',
  selected: 'link',
  compare: 'link',
  explain: 'link',
  filter: 'link',
  folioFocus: 'local',
  expanded: 'local',
  theme: 'local',
  start: 'local',
  playing: 'local',
  playSpeed: 'local',
  stepsWidth: 'local',
  scenarioSettings: 'derived',
  status: 'derived',
  problems: 'derived',
  error: 'derived',
  notice: 'derived',
  steps: 'derived',
  compareStatus: 'derived',
  compareSteps: 'derived',
  compareError: 'derived',
  stepper: 'derived',
  impact: 'derived',
} as const satisfies Record<DataKey, Persist>;

/** The fields a share link carries. */
export type LinkField = {
  [K in keyof typeof PERSIST]: (typeof PERSIST)[K] extends 'link' ? K : never;
}[keyof typeof PERSIST];

export const LINK_FIELDS = (Object.keys(PERSIST) as (keyof typeof PERSIST)[]).filter(
  (k): k is LinkField => PERSIST[k] === 'link',
);

export type Runner = (input: unknown) => Promise<RunOutcome>;

export interface LabOptions {
  /** Every request the store makes (default: the page's workers). */
  request?: Requester;
  /** For tests: answers `run` requests (and `compare` ones, unless compareRunner is given). */
  runner?: Runner;
  compareRunner?: Runner;
  text?: string;
}

function requesterOf(opts: LabOptions): Requester {
  const base = opts.request ?? pageRequest;
  const { runner, compareRunner } = opts;
  if (!runner && !compareRunner) return base;
  return ((task, input) => {
    if (task === 'run' && runner) return runner(input);
    if (task === 'compare' && (compareRunner ?? runner)) return (compareRunner ?? (runner as Runner))(input);
    return base(task, input);
  }) as Requester;
}

/** A vanilla store, so tests and non-React glue can drive it without rendering anything. */
export function createLabStore(opts: LabOptions = {}) {
  const request = requesterOf(opts);
  return createStore<LabState>()((set, get) => ({
    ...scenarioSlice(opts.text ?? EXAMPLE_TEXT)(set, get, request),
    ...runSlice(set, get, request),
    ...timelineSlice(set, get, request),
    ...settingsSlice(set, get, request),
    ...viewSlice(set, get, request),
    ...compareSlice(set, get, request),
    ...patchesSlice(set, get, request),
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
/** The steps on screen are those of the last good run: the scenario was refused since (run.ts). */
export const selectShowingStale = (s: LabState): boolean => s.status === 'invalid' && s.steps.length > 0;
export const selectNav = (s: LabState) => ({
  cursor: s.cursor,
  count: s.steps.length,
  lo: stepBounds(s.range, s.steps.length)[0],
  hi: stepBounds(s.range, s.steps.length)[1],
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
export const selectStart = (s: LabState) => s.start;
export const selectStepsWidth = (s: LabState) => s.stepsWidth;
export const selectPlaySpeed = (s: LabState) => s.playSpeed;
export const selectSetPlaySpeed = (s: LabState) => s.setPlaySpeed;
export const selectExpanded = (s: LabState) => s.expanded;
export const selectNotice = (s: LabState) => s.notice;
export const selectStepper = (s: LabState) => s.stepper;
export const selectImpact = (s: LabState) => s.impact;
export const selectFilter = (s: LabState) => s.filter;
export const selectSetFilter = (s: LabState) => s.setFilter;
export const selectFolioFocus = (s: LabState) => s.folioFocus;
export const selectSetFolioFocus = (s: LabState) => s.setFolioFocus;
export const selectLoadStepper = (s: LabState) => s.loadStepper;
export const selectLoadImpact = (s: LabState) => s.loadImpact;
