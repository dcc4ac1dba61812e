import type { RunOutcome } from '../scenario/run';
import { type Reply, type Request, type Task, toWireError } from './protocol';

export interface ServeDeps {
  /** Runs one scenario synchronously (runScenarioInput in the worker). */
  run(input: unknown): RunOutcome;
  /** The other tasks (the patch stepper, patch impact), by name. */
  tasks?: Partial<Record<Exclude<Task, 'run'>, (input: unknown) => unknown>>;
  post(reply: Reply): void;
  /** Queues a task behind the messages already waiting (setTimeout 0 in the worker). */
  defer(task: () => void): void;
}

/**
 * The worker's request loop, kept free of worker globals so it can be unit-tested in Node.
 * A run is not started on arrival but deferred one task: requests that pile up while a long run blocks the
 * worker then collapse to the newest, and each older one is answered `superseded` without running.
 */
export function createServer(deps: ServeDeps): (req: Request) => void {
  let waiting: Request | undefined;
  let scheduled = false;

  const drain = (): void => {
    scheduled = false;
    const req = waiting;
    waiting = undefined;
    if (!req) return;
    let reply: Reply;
    try {
      const task = req.task && req.task !== 'run' ? deps.tasks?.[req.task] : undefined;
      if (req.task && req.task !== 'run' && !task) throw new Error(`unknown task ${req.task}`);
      reply = { type: 'result', id: req.id, outcome: task ? task(req.input) : deps.run(req.input) };
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

  return (req) => {
    if (req?.type !== 'run' || typeof req.id !== 'number') return;
    if (waiting) deps.post({ type: 'superseded', id: waiting.id });
    waiting = req;
    if (!scheduled) {
      scheduled = true;
      deps.defer(drain);
    }
  };
}
