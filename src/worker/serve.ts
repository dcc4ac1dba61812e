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

export interface ServeDeps {
  /** What each request type runs (tasks.ts in the worker). */
  tasks: { readonly [K in TaskName]: (input: Input<K>) => Outcome<K> };
  post(reply: Reply): void;
  /** Queues a task behind the messages already waiting (setTimeout 0 in the worker). */
  defer(task: () => void): void;
}

/**
 * The worker's request loop, kept free of worker globals so it can be unit-tested in Node.
 * A request is not started on arrival but deferred one task: requests that pile up while a long run
 * blocks the worker then collapse to the newest of each type, each older one of that type answered
 * `superseded` without running. Of the types waiting, the page's run goes first (TASK_NAMES order).
 * Each request is announced `started` before it runs, so the client's watchdog times only the run.
 */
export function createServer(deps: ServeDeps): (req: unknown) => void {
  const waiting = new Map<TaskName, Request>();
  let scheduled = false;

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    deps.defer(drain);
  };

  const serveOne = <K extends TaskName>(req: Request<K>): void => {
    deps.post({ type: 'started', id: req.id });
    let reply: Reply;
    try {
      const task = deps.tasks[req.type as K] as (input: Input<K>) => Outcome<K>;
      reply = { type: 'result', id: req.id, task: req.type, outcome: task(req.input) } as Reply;
    } catch (e) {
      reply = { type: 'error', id: req.id, error: toWireError(e) };
    }
    try {
      deps.post(reply);
    } catch (e) {
      // A result that cannot be cloned (DataCloneError) must still answer its request.
      deps.post({ type: 'error', id: req.id, error: toWireError(e) });
    }
  };

  function drain(): void {
    scheduled = false;
    const type = TASK_NAMES.find((t) => waiting.has(t));
    if (!type) return;
    const req = waiting.get(type) as Request;
    waiting.delete(type);
    serveOne(req);
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
