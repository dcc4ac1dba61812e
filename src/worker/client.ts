import type { ImpactOutcome } from '../scenario/library/impact';
import type { RunOutcome } from '../scenario/run';
import {
  fromWireError,
  type Reply,
  type Request,
  SUPERSEDED,
  type Task,
  toWireError,
  WATCHDOG,
  WORKER_CRASHED,
} from './protocol';
import type { StepperOutcome } from './tasks';
import { fromWire } from './wire';

/** The part of a Worker the client touches (tests pass a fake). */
export interface WorkerLike {
  postMessage(message: Request): void;
  terminate(): void;
  onmessage: ((e: MessageEvent<Reply>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  onmessageerror: ((e: MessageEvent) => void) | null;
}

export interface RunClient<T = RunOutcome> {
  /** Runs a scenario (any JSON value; it is validated on the other side). A newer call supersedes this one. */
  run(input: unknown): Promise<T>;
  /** Stops the worker; pending calls reject. */
  dispose(): void;
}

export interface ClientOptions {
  /** What the worker does with each input (default: run the scenario). */
  task?: Task;
  /** A run that has not answered after this long is stopped: the worker is terminated (default 20 s). */
  timeoutMs?: number;
  /** Returns undefined when workers are unavailable. */
  createWorker?: () => WorkerLike | undefined;
  /** The main-thread fallback. */
  runLocal?: (input: unknown) => Promise<unknown>;
  warn?: (message: string) => void;
  /**
   * A User Timing mark set when a reply arrives, before it is unpacked: the benchmark times drawing from
   * it (the run's result on the page → the tree painted), apart from the page load and the model run.
   */
  mark?: string;
}

function defaultCreateWorker(): WorkerLike | undefined {
  if (typeof Worker === 'undefined') return undefined;
  // Vite recognises this exact `new Worker(new URL(...))` form and bundles worker.ts as its own chunk.
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'ptlab-scenario' });
}

async function defaultRunLocal(input: unknown, task: Task = 'run'): Promise<unknown> {
  // Loaded on demand, so the model stays out of the main bundle unless the fallback is needed.
  const { runTask } = await import('./tasks');
  return runTask(task, input);
}

function namedError(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

const superseded = (): Error => namedError(SUPERSEDED, 'A newer run replaced this one.');

interface Pending {
  resolve(outcome: unknown): void;
  reject(error: Error): void;
}

export function createRunClient<T = RunOutcome>(opts: ClientOptions = {}): RunClient<T> {
  const createWorker = opts.createWorker ?? defaultCreateWorker;
  const runLocal = opts.runLocal ?? ((input: unknown) => defaultRunLocal(input, opts.task));
  const warn = opts.warn ?? ((m: string) => console.warn(m));

  const timeoutMs = opts.timeoutMs ?? 20_000;
  let worker: WorkerLike | undefined;
  /** The request the worker is busy with (posted, not answered), if any. */
  let inFlight: number | undefined;
  /** Set once, after the single warning: from then on every run is local. */
  let local = false;
  let lastId = 0;
  const pending = new Map<number, Pending>();

  function rejectAll(error: () => Error): void {
    const all = [...pending.values()];
    pending.clear();
    for (const p of all) p.reject(error());
  }

  function onReply(reply: Reply): void {
    if (reply.id === inFlight) inFlight = undefined;
    const p = pending.get(reply.id);
    if (!p) return; // already superseded on this side
    pending.delete(reply.id);
    if (reply.type === 'result') p.resolve(reply.outcome);
    else if (reply.type === 'error') p.reject(fromWireError(reply.error));
    else p.reject(superseded());
  }

  function crash(w: WorkerLike, reason: string, name = WORKER_CRASHED): void {
    if (w !== worker) return;
    w.terminate();
    worker = undefined; // the next run() starts a fresh worker
    inFlight = undefined;
    rejectAll(() =>
      namedError(
        name,
        name === WATCHDOG
          ? `The run was stopped after ${Math.round(timeoutMs / 1000)} s (${reason}). The scenario is kept; make it smaller or run it with the CLI.`
          : `The scenario worker stopped unexpectedly (${reason}).`,
      ),
    );
  }

  function ensureWorker(): WorkerLike | undefined {
    if (worker || local) return worker;
    let why = 'this browser has no Worker';
    try {
      worker = createWorker();
    } catch (e) {
      why = `the worker could not start: ${e instanceof Error ? e.message : String(e)}`;
      worker = undefined;
    }
    if (!worker) {
      local = true;
      warn(`ptlab: ${why}; scenarios will run on the main thread, so the page may pause during long runs.`);
      return undefined;
    }
    const w = worker;
    w.onmessage = (e) => {
      if (w !== worker) return;
      if (opts.mark) performance.mark(opts.mark);
      let reply: Reply;
      try {
        reply = fromWire(e.data);
      } catch (err) {
        // A reply whose packed tables do not unpack answers its own request with the reason.
        reply = { type: 'error', id: e.data.id, error: toWireError(err) };
      }
      onReply(reply);
    };
    w.onerror = (e) => {
      e.preventDefault?.();
      crash(w, e.message || 'the worker raised an error');
    };
    w.onmessageerror = () => crash(w, 'a reply could not be decoded');
    return w;
  }

  return {
    run(input) {
      // The newest request wins: callers of older ones learn at once that no answer is coming, and a
      // worker still busy with an older run is replaced rather than waited for.
      rejectAll(superseded);
      if (worker && inFlight !== undefined) {
        worker.terminate();
        worker = undefined;
        inFlight = undefined;
      }
      const id = ++lastId;
      const w = ensureWorker();
      if (!w) {
        return runLocal(input).then((outcome) => {
          if (id !== lastId) throw superseded();
          return outcome as T;
        });
      }
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          if (pending.has(id)) crash(w, 'the watchdog fired', WATCHDOG);
        }, timeoutMs);
        pending.set(id, {
          resolve: (o) => {
            clearTimeout(timer);
            resolve(o as T);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
        try {
          w.postMessage(
            opts.task && opts.task !== 'run'
              ? { type: 'run', id, input, task: opts.task }
              : { type: 'run', id, input },
          );
          inFlight = id;
        } catch (e) {
          pending.delete(id);
          clearTimeout(timer);
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      });
    },
    dispose() {
      worker?.terminate();
      worker = undefined;
      rejectAll(() => namedError('AbortError', 'The scenario client was disposed.'));
    },
  };
}

/** The mark the page's run client sets when a run's reply arrives (see ClientOptions.mark). */
export const RUN_REPLY_MARK = 'ptlab:run-reply';

/** The page's one client. The worker starts on the first run, not at import. */
export const runClient: RunClient = createRunClient({ mark: RUN_REPLY_MARK });

/** The patch stepper's own worker (a long stepper never supersedes the page's scenario run). */
let stepper: RunClient<StepperOutcome> | undefined;
export function stepperClient(): RunClient<StepperOutcome> {
  stepper ??= createRunClient<StepperOutcome>({ task: 'stepper' });
  return stepper;
}

/** "What changed in patch N" runs every built-in scenario twice: its own worker too. */
let impact: RunClient<ImpactOutcome> | undefined;
export function impactClient(): RunClient<ImpactOutcome> {
  impact ??= createRunClient<ImpactOutcome>({ task: 'impact' });
  return impact;
}
