/**
 * The wire between the page and the scenario worker: every message type, in one place.
 * Each request carries an `id`; exactly one reply with that `id` answers it. Errors cross the wire as
 * {name, message} (an Error does not survive structured clone with its class) and are rebuilt on arrival.
 */
import type { RunOutcome } from '../scenario/run';

export interface WireError {
  readonly name: string;
  readonly message: string;
}

/** What a request asks the worker to do with its input. */
export type Task = 'run' | 'stepper' | 'impact';

/** Page → worker. `task` defaults to "run" (a scenario run); the other tasks are in tasks.ts. */
export type Request = {
  readonly type: 'run';
  readonly id: number;
  readonly input: unknown;
  readonly task?: Task;
};

/** Worker → page. */
export type Reply =
  | { readonly type: 'result'; readonly id: number; readonly outcome: RunOutcome | unknown }
  | { readonly type: 'error'; readonly id: number; readonly error: WireError }
  /** A newer `run` arrived before this one started, so this one never ran. */
  | { readonly type: 'superseded'; readonly id: number };

/** Error names the client produces itself, so callers can tell them apart from model errors. */
export const SUPERSEDED = 'SupersededError';
export const WORKER_CRASHED = 'WorkerCrashedError';
/** A run took longer than the client's watchdog allows; the worker was terminated. */
export const WATCHDOG = 'WatchdogError';

export function isWorkerCrash(e: unknown): boolean {
  return e instanceof Error && e.name === WORKER_CRASHED;
}

export function toWireError(e: unknown): WireError {
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: 'Error', message: String(e) };
}

export function fromWireError(w: WireError): Error {
  const e = new Error(w.message);
  e.name = w.name;
  return e;
}

export function isSuperseded(e: unknown): boolean {
  return e instanceof Error && e.name === SUPERSEDED;
}
