/**
 * The wire between the page and the scenario worker, in one place: every request type, the reply each one
 * gets, and the packed run that actually crosses. A request carries an `id`; exactly one `result`, `error`
 * or `superseded` reply with that `id` answers it, after at most one `started`. Errors cross as
 * {name, message} (an Error does not survive structured clone with its class) and are rebuilt on arrival.
 * What arrives is checked against these types (checkReply.ts) before anything reads it: a reply of the
 * wrong shape is refused with a message, never cast. A worker says `ready` once, when its code has loaded:
 * from then on an idle worker must announce each request within a second, or the client takes it for gone.
 */
import type { KernelSnapshot } from '../model/kernel';
import type { ProcSnapshot } from '../model/mm';
import type { ImpactInput, ImpactOutcome } from '../scenario/library/impact';
import type { PatchStep } from '../scenario/outcomes';
import type { Quiz } from '../scenario/quiz/build';
import type { RunOutcome, RunResult } from '../scenario/run';
import type { Problem } from '../scenario/validate';

export type StepperOutcome = { ok: true; steps: PatchStep[] } | { ok: false; problems: Problem[] };
export type QuizOutcome = { ok: true; quiz: Quiz } | { ok: false; problems: Problem[] };

// ---- the packed run ------------------------------------------------------------------------------------

/**
 * Every page table of a run, packed into typed arrays that are transferred, not cloned (wire.ts says why).
 * Table number t owns slots t × 512 … t × 512 + 511.
 */
export interface PackedTables {
  /**
   * Per table: id, level number (pgd 0 … pte 4), gen, used, the index of its first run, and the id and page
   * strides of the run of alike tables it heads (0 and 0 when it heads none; model/family.ts).
   */
  readonly meta: Float64Array;
  /**
   * Per run (a table's runs follow one another, in slot order): first slot × 512 + (length − 1). A run is
   * a slot, a row of alike leaves, the pfn advancing by one entry's span (model/slots.ts), or a row of
   * alike tables, packed as the first (model/family.ts).
   */
  readonly span: Uint32Array;
  /** Per run: 1 a table entry, 2 a leaf, 3 + n the swap type n (swap, migration, marker). */
  readonly kind: Uint8Array;
  /** Per run: write 1, dirty 2, young 4, special 8, deposit 16. */
  readonly bits: Uint8Array;
  /** Per run: pfn of its first leaf, offset of a swap entry, table number of a table entry (pfns exceed 32 bits). */
  readonly value: Float64Array;
  /** Per table, its shape (model/shape.ts), so the page folds alike sibling tables without reading slots. */
  readonly shapes: readonly string[];
}

export type PackedProc = Omit<ProcSnapshot, 'root'> & { readonly root: number };
export type PackedStep = Omit<RunResult['steps'][number], 'state'> & {
  readonly state: Omit<KernelSnapshot, 'procs'> & { readonly procs: readonly PackedProc[] };
};

/** A run as posted: the steps with each process root replaced by its table number. */
export interface PackedRun {
  readonly packed: 'tables-v3';
  readonly scenario: RunResult['scenario'];
  readonly steps: readonly PackedStep[];
  readonly tables: PackedTables;
}

/** A run outcome as it crosses: a successful run packed. */
export type WireRunOutcome = { ok: true; run: PackedRun } | { ok: false; problems: Problem[] };

// ---- requests and replies -------------------------------------------------------------------------------

/**
 * Every request type, with its input, its outcome on the page, and its outcome on the wire.
 * `run` is the page's scenario; `compare` the same scenario under the compared settings (its own type, so
 * neither supersedes the other); `stepper` the scenario in every variant; `impact` what a patch changes in
 * the built-in stories, which the page sends (the worker does not bundle the library).
 */
export interface Tasks {
  run: { input: unknown; outcome: RunOutcome; wire: WireRunOutcome };
  compare: { input: unknown; outcome: RunOutcome; wire: WireRunOutcome };
  stepper: { input: unknown; outcome: StepperOutcome; wire: StepperOutcome };
  impact: { input: ImpactInput; outcome: ImpactOutcome; wire: ImpactOutcome };
  /** The quiz of the scenario: its questions, with choices from its runs in every variant (scenario/quiz/). */
  quiz: { input: unknown; outcome: QuizOutcome; wire: QuizOutcome };
}
export type TaskName = keyof Tasks;
export type Input<K extends TaskName> = Tasks[K]['input'];
export type Outcome<K extends TaskName> = Tasks[K]['outcome'];

/** Every request type, in the order a worker serves those waiting: the page's run first. */
export const TASK_NAMES = [
  'run',
  'compare',
  'stepper',
  'impact',
  'quiz',
] as const satisfies readonly TaskName[];

export function isTaskName(x: unknown): x is TaskName {
  return typeof x === 'string' && (TASK_NAMES as readonly string[]).includes(x);
}

export interface WireError {
  readonly name: string;
  readonly message: string;
}

/** Page → worker. A newer request of a type supersedes an older one of the same type only. */
export type Request<K extends TaskName = TaskName> = {
  [P in K]: { readonly type: P; readonly id: number; readonly input: Input<P> };
}[K];

/** The replies that are not results: the same on the wire and on the page. */
export type ReplyOther =
  | { readonly type: 'error'; readonly id: number; readonly error: WireError }
  /** A newer request of the same type arrived before this one started, so this one never ran. */
  | { readonly type: 'superseded'; readonly id: number }
  /** The worker began this request (the client's watchdog times the run from here). */
  | { readonly type: 'started'; readonly id: number };

/** Worker → page, once, when the worker's code has loaded and it listens. */
export interface Ready {
  readonly type: 'ready';
}

/** Worker → page, as posted. */
export type WireReply<K extends TaskName = TaskName> =
  | {
      [P in K]: {
        readonly type: 'result';
        readonly id: number;
        readonly task: P;
        readonly outcome: Tasks[P]['wire'];
      };
    }[K]
  | ReplyOther;

/** Worker → page, as the page reads it (a packed run unpacked). */
export type Reply<K extends TaskName = TaskName> =
  | {
      [P in K]: {
        readonly type: 'result';
        readonly id: number;
        readonly task: P;
        readonly outcome: Outcome<P>;
      };
    }[K]
  | ReplyOther;

/** Error names the client produces itself, so callers can tell them apart from model errors. */
export const SUPERSEDED = 'SupersededError';
export const WORKER_CRASHED = 'WorkerCrashedError';
/** A run took longer than the client's watchdog allows; the worker was terminated. */
export const WATCHDOG = 'WatchdogError';
/** A reply did not have the shape this file declares. */
export const BAD_REPLY = 'BadReplyError';

export function isWorkerCrash(e: unknown): boolean {
  return e instanceof Error && e.name === WORKER_CRASHED;
}

export function isSuperseded(e: unknown): boolean {
  return e instanceof Error && e.name === SUPERSEDED;
}

export function toWireError(e: unknown): WireError {
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: 'Error', message: String(e) };
}

export function namedError(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

export function fromWireError(w: WireError): Error {
  return namedError(w.name, w.message);
}

/**
 * Where worker.ts, imported on the page by the main-thread fallback instead of started as a worker, puts
 * the function that runs a task (client.ts reads it after the import).
 */
export const ON_PAGE = Symbol.for('ptlab.runOnPage');
export type OnPage = <K extends TaskName>(task: K, input: Input<K>) => Promise<Outcome<K>>;
export type OnPageGlobal = { [ON_PAGE]?: OnPage };
