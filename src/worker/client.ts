/**
 * The one client of the scenario worker. Every request the page makes goes through here, typed by
 * protocol.ts: the page has at most two workers, each loading the model once (see `request` below).
 *
 * Within one worker each request type is a lane: a newer request supersedes the older one of its own
 * type only. A worker busy with a superseded request is replaced rather than waited for, and the requests
 * of the other types it held are posted again to its successor. A request that runs longer than the
 * watchdog allows, or a worker that dies, fails the request it was running; the others are posted again.
 * A worker that is gone without a word (closed, or terminated from outside) is noticed within a second:
 * once it said `ready`, an idle worker must announce each request it is sent; one that does not is
 * taken for stopped, and its requests fail as a crash (the store runs the scenario again on a new one).
 * Where there is no Worker the same tasks run on the main thread, with one warning.
 */
import { checkReply } from './checkReply';
import {
  BAD_REPLY,
  fromWireError,
  type Input,
  namedError,
  ON_PAGE,
  type OnPageGlobal,
  type Outcome,
  type Reply,
  type Request,
  SUPERSEDED,
  type TaskName,
  WATCHDOG,
  WORKER_CRASHED,
} from './protocol';
import { fromWire } from './wire';
// The URL of worker.ts built as the worker (its own bundle): started as a Worker, or imported as a module
// by the main-thread fallback.
import workerUrl from './worker.ts?worker&url';

/** The part of a Worker the client touches (tests pass a fake). */
export interface WorkerLike {
  postMessage(message: Request): void;
  terminate(): void;
  onmessage: ((e: MessageEvent<unknown>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  onmessageerror: ((e: MessageEvent) => void) | null;
}

/** Sends one request and resolves with its outcome; rejects when superseded, stopped or refused. */
export type Requester = <K extends TaskName>(task: K, input: Input<K>) => Promise<Outcome<K>>;

export interface TaskClient {
  request: Requester;
  /** Stops the worker; pending requests reject. */
  dispose(): void;
}

export interface ClientOptions {
  /** A request that has not answered this long after it started is stopped: the worker is terminated (default 20 s). */
  timeoutMs?: number;
  /** How long an idle worker may take to announce a request before it is taken for gone (default 1 s). */
  livenessMs?: number;
  /** How long a new worker may take to load and say `ready` (default 15 s). */
  startupMs?: number;
  /** Returns undefined when workers are unavailable. */
  createWorker?: () => WorkerLike | undefined;
  /** The main-thread fallback. */
  runLocal?: Requester;
  warn?: (message: string) => void;
  /**
   * A User Timing mark set when a `run` result arrives, before it is unpacked: the benchmark times drawing
   * from it (the run's result on the page → the tree painted), apart from the page load and the model run.
   */
  mark?: string;
}

function defaultCreateWorker(): WorkerLike | undefined {
  if (typeof Worker === 'undefined') return undefined;
  return new Worker(workerUrl, { type: 'module', name: 'ptlab-scenario' });
}

/**
 * The main-thread fallback imports the worker's own module, which serves requests only when it runs as a
 * worker and otherwise hands the page its task runner (ON_PAGE). So the page's build holds no second copy
 * of the model and the scenario format: the fallback runs the very chunks the worker runs, loaded only
 * when it is needed.
 */
const defaultRunLocal: Requester = async (task, input) => {
  await import(/* @vite-ignore */ workerUrl);
  const run = (globalThis as OnPageGlobal)[ON_PAGE];
  if (!run) throw new Error('the scenario worker module loaded on the page gave no task runner');
  return run(task, input);
};

const superseded = (): Error => namedError(SUPERSEDED, 'A newer run replaced this one.');

interface Pending {
  readonly id: number;
  readonly task: TaskName;
  readonly message: Request;
  readonly resolve: (outcome: never) => void;
  readonly reject: (error: Error) => void;
  /** The worker announced it began this request. */
  started: boolean;
  timer?: ReturnType<typeof setTimeout>;
}

export function createTaskClient(opts: ClientOptions = {}): TaskClient {
  const createWorker = opts.createWorker ?? defaultCreateWorker;
  const runLocal = opts.runLocal ?? defaultRunLocal;
  const warn = opts.warn ?? ((m: string) => console.warn(m));
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const livenessMs = opts.livenessMs ?? 1_000;
  const startupMs = opts.startupMs ?? 15_000;

  let worker: WorkerLike | undefined;
  /** The current worker said `ready`. */
  let ready = false;
  /** Armed while the worker owes an answer: loading (until `ready`), or idle with requests waiting. */
  let expectTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set once, after the single warning: from then on every request runs locally. */
  let local = false;
  let lastId = 0;
  /** The newest request of each type, for the local fallback's superseding. */
  const newest = new Map<TaskName, number>();
  /** Requests posted and not yet answered, in the order they were posted. */
  const pending = new Map<number, Pending>();

  function settle(p: Pending): void {
    clearTimeout(p.timer);
    pending.delete(p.id);
  }

  function fail(p: Pending, error: Error): void {
    settle(p);
    p.reject(error);
  }

  /**
   * Arms the liveness check when the worker owes an announcement: it is ready, nothing it was sent is
   * running, and something waits. Any message from the worker disarms it; it is then checked again.
   */
  function expectAnswer(): void {
    const w = worker;
    if (!w || !ready) return; // until `ready`, the start-up timer runs
    clearTimeout(expectTimer);
    expectTimer = undefined;
    if (!pending.size || [...pending.values()].some((p) => p.started)) return;
    expectTimer = setTimeout(
      () =>
        crash(w, `it did not answer within ${livenessMs / 1000} s: it may have been closed`, WORKER_CRASHED),
      livenessMs,
    );
  }

  /** Ends the current worker. The requests it still held are posted again to a fresh one. */
  function replaceWorker(): void {
    clearTimeout(expectTimer);
    expectTimer = undefined;
    worker?.terminate();
    worker = undefined;
    ready = false;
    const again = [...pending.values()];
    if (!again.length) return;
    const w = ensureWorker();
    for (const p of again) {
      clearTimeout(p.timer);
      p.started = false;
      if (w) post(w, p);
      else fail(p, namedError(WORKER_CRASHED, 'The scenario worker could not be started again.'));
    }
  }

  function crash(w: WorkerLike, reason: string, name: string, culprit?: Pending): void {
    if (w !== worker) return;
    const running = culprit ? [culprit] : [...pending.values()].filter((p) => p.started);
    // A worker that dies before it started anything (its script did not load, say) would die again:
    // every request fails rather than being posted again and again.
    const victims = running.length ? running : [...pending.values()];
    const message =
      name === WATCHDOG
        ? `The run was stopped after ${Math.round(timeoutMs / 1000)} s (${reason}). The scenario is kept; make it smaller or run it with the CLI.`
        : `The scenario worker stopped unexpectedly (${reason}).`;
    for (const p of victims) fail(p, namedError(name, message));
    replaceWorker();
  }

  function onMessage(w: WorkerLike, data: unknown): void {
    if (w !== worker) return;
    handle(w, data);
    if (w === worker) expectAnswer();
  }

  function handle(w: WorkerLike, data: unknown): void {
    const d = data as { type?: unknown; task?: unknown } | null;
    if (opts.mark && d?.type === 'result' && d.task === 'run') performance.mark(opts.mark);
    const checked = checkReply(data, (id) => pending.get(id)?.task);
    if (!checked.ok) {
      const p = checked.id === undefined ? undefined : pending.get(checked.id);
      if (p) fail(p, namedError(BAD_REPLY, checked.error));
      else warn(`ptlab: ${checked.error}`);
      return;
    }
    const r = checked.reply;
    if (r.type === 'ready') {
      clearTimeout(expectTimer);
      ready = true;
      return;
    }
    const p = pending.get(r.id);
    if (!p) return; // already superseded on this side
    if (r.type === 'started') {
      p.started = true;
      p.timer = setTimeout(() => {
        if (pending.get(p.id) === p) crash(w, 'the watchdog fired', WATCHDOG, p);
      }, timeoutMs);
      return;
    }
    settle(p);
    if (r.type === 'error') p.reject(fromWireError(r.error));
    else if (r.type === 'superseded') p.reject(superseded());
    else {
      let reply: Reply;
      try {
        reply = fromWire(r);
      } catch (e) {
        // A reply whose packed tables do not unpack answers its own request with the reason.
        p.reject(namedError(BAD_REPLY, e instanceof Error ? e.message : String(e)));
        return;
      }
      if (reply.type === 'result') p.resolve(reply.outcome as never);
    }
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
    expectTimer = setTimeout(
      () => crash(w, `it did not start within ${Math.round(startupMs / 1000)} s`, WORKER_CRASHED),
      startupMs,
    );
    w.onmessage = (e) => onMessage(w, e.data);
    w.onerror = (e) => {
      e.preventDefault?.();
      crash(w, e.message || 'the worker raised an error', WORKER_CRASHED);
    };
    w.onmessageerror = () => crash(w, 'a reply could not be decoded', WORKER_CRASHED);
    return w;
  }

  function post(w: WorkerLike, p: Pending): void {
    try {
      w.postMessage(p.message);
    } catch (e) {
      fail(p, e instanceof Error ? e : new Error(String(e)));
    }
  }

  const request: Requester = <K extends TaskName>(task: K, input: Input<K>): Promise<Outcome<K>> => {
    // The newest request of a type wins: callers of older ones learn at once that no answer is coming.
    const older = [...pending.values()].filter((p) => p.task === task);
    // Whether the worker may be running a superseded request: it said so, or it said nothing of running
    // another one (its "started" may still be on the way). One that is only queued behind another type's
    // run is dropped by the worker itself when the newer request arrives (serve.ts).
    const othersRunning = [...pending.values()].some((p) => p.task !== task && p.started);
    const busy = older.some((p) => p.started || !othersRunning);
    for (const p of older) fail(p, superseded());
    const id = ++lastId;
    newest.set(task, id);
    // Rather than wait for the worker to finish a run nobody wants, replace it.
    if (busy && worker) replaceWorker();
    const w = ensureWorker();
    if (!w) {
      return runLocal(task, input).then((outcome) => {
        if (newest.get(task) !== id) throw superseded();
        return outcome;
      });
    }
    return new Promise<Outcome<K>>((resolve, reject) => {
      const p: Pending = {
        id,
        task,
        message: { type: task, id, input } as Request,
        resolve: resolve as (o: never) => void,
        reject,
        started: false,
      };
      pending.set(id, p);
      post(w, p);
      expectAnswer();
    });
  };

  return {
    request,
    dispose() {
      clearTimeout(expectTimer);
      worker?.terminate();
      worker = undefined;
      for (const p of [...pending.values()])
        fail(p, namedError('AbortError', 'The scenario client was disposed.'));
    },
  };
}

/** The mark the page's client sets when a run's reply arrives (see ClientOptions.mark). */
export const RUN_REPLY_MARK = 'ptlab:run-reply';

/** Which of the page's two workers serves each request type. */
const WORKER_OF: { readonly [K in TaskName]: 'lab' | 'background' } = {
  run: 'lab',
  compare: 'lab',
  // The patch stepper and "what changed in a patch" replay scenarios many times: on a worker of their
  // own, a long one never holds up the page's run.
  stepper: 'background',
  impact: 'background',
  quiz: 'background',
};

let clients: { lab: TaskClient; background: TaskClient } | undefined;

/** The page's requests. Workers start on the first request that needs them, not at import. */
export const request: Requester = (task, input) => {
  clients ??= { lab: createTaskClient({ mark: RUN_REPLY_MARK }), background: createTaskClient() };
  return clients[WORKER_OF[task]].request(task, input);
};
