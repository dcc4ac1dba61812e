import {
  type Input,
  isTaskName,
  type Outcome,
  type Reply,
  type Request,
  TASK_NAMES,
  type TaskName,
  toWireError,
} from './protocol';

/**
 * What each request type runs. A task may answer at once or later: the worker loads the code of its rarer
 * tasks (the quiz, the patch stepper, the patch impact) on their first request (worker.ts).
 */
export type TaskTable = {
  readonly [K in TaskName]: (input: Input<K>) => Outcome<K> | PromiseLike<Outcome<K>>;
};

export interface ServeDeps {
  /** What each request type runs (tasks.ts and worker.ts in the worker). */
  tasks: TaskTable;
  post(reply: Reply): void;
  /** Queues a task behind the messages already waiting (setTimeout 0 in the worker). */
  defer(task: () => void): void;
}

/**
 * The worker's request loop, kept free of worker globals so it can be unit-tested in Node.
 * A request is not started on arrival but deferred one task: requests that pile up while a long run
 * blocks the worker then collapse to the newest of each type, each older one of that type answered
 * `superseded` without running. Of the types waiting, the page's run goes first (TASK_NAMES order).
 * Each request is announced `started` before it runs, so the client's watchdog times only the run (and the
 * loading of a task's code, which counts as part of it).
 *
 * One request at a time, also when a task answers later: until it has answered, the next waiting request
 * is not started, so replies come in the order the requests were started, as with tasks that answer at
 * once. A task that answers at once is posted in the same turn, with no promise in between.
 */
export function createServer(deps: ServeDeps): (req: unknown) => void {
  const waiting = new Map<TaskName, Request>();
  let scheduled = false;
  /** A task that answers later is running: the next request waits for its reply. */
  let busy = false;

  const schedule = () => {
    if (scheduled || busy) return;
    scheduled = true;
    deps.defer(drain);
  };

  const answer = (id: number, reply: Reply): void => {
    try {
      deps.post(reply);
    } catch (e) {
      // A result that cannot be cloned (DataCloneError) must still answer its request.
      deps.post({ type: 'error', id, error: toWireError(e) });
    }
  };
  const failed = (id: number, e: unknown): Reply => ({ type: 'error', id, error: toWireError(e) });

  /** Serves one request; a promise when its task answers later (posted when it settles). */
  const serveOne = <K extends TaskName>(req: Request<K>): PromiseLike<void> | undefined => {
    deps.post({ type: 'started', id: req.id });
    const result = (outcome: Outcome<K>) =>
      ({ type: 'result', id: req.id, task: req.type, outcome }) as Reply;
    let out: Outcome<K> | PromiseLike<Outcome<K>>;
    try {
      const task = deps.tasks[req.type as K] as (input: Input<K>) => Outcome<K> | PromiseLike<Outcome<K>>;
      out = task(req.input);
    } catch (e) {
      answer(req.id, failed(req.id, e));
      return undefined;
    }
    if (!isThenable(out)) {
      answer(req.id, result(out));
      return undefined;
    }
    return out.then(
      (o) => answer(req.id, result(o)),
      (e: unknown) => answer(req.id, failed(req.id, e)),
    );
  };

  function drain(): void {
    scheduled = false;
    const type = TASK_NAMES.find((t) => waiting.has(t));
    if (!type) return;
    const req = waiting.get(type) as Request;
    waiting.delete(type);
    const later = serveOne(req);
    if (later) {
      busy = true;
      const next = () => {
        busy = false;
        if (waiting.size) schedule();
      };
      // A post that throws past its own fallback must not leave the loop stuck: the next one runs anyway.
      later.then(next, next);
      return;
    }
    // One request per task: messages that arrived meanwhile are read before the next one starts.
    if (waiting.size) schedule();
  }

  return (msg) => {
    const m = msg as { type?: unknown; id?: unknown } | null;
    const id = typeof m?.id === 'number' ? m.id : undefined;
    if (id === undefined) return; // nothing to answer: the page's client never sends this
    if (!isTaskName(m?.type)) {
      deps.post({
        type: 'error',
        id,
        error: { name: 'TypeError', message: `unknown request type ${String(m?.type)}` },
      });
      return;
    }
    const req = msg as Request;
    const older = waiting.get(req.type);
    if (older) deps.post({ type: 'superseded', id: older.id });
    waiting.set(req.type, req);
    schedule();
  };
}

function isThenable<T>(x: T | PromiseLike<T>): x is PromiseLike<T> {
  return typeof (x as { then?: unknown } | null)?.then === 'function';
}
