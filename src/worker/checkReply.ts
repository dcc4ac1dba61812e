/**
 * What the page accepts from the worker: a message is read as a WireReply only once its shape matches
 * protocol.ts. Anything else (an unknown type, a result whose outcome does not fit its request type) is
 * refused with a message saying what is wrong; it is never cast. The checks stop at the outline each
 * consumer relies on (the packed tables are checked slot by slot where they are unpacked, in wire.ts).
 */
import { isTaskName, type Ready, type TaskName, type WireReply } from './protocol';

export type Checked =
  | { ok: true; reply: WireReply | Ready }
  | { ok: false; id: number | undefined; error: string };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

/** Why `o` is not an outcome of `task` as it crosses the wire, or null when it is one. */
function outcomeProblem(task: TaskName, o: unknown): string | null {
  if (!isRecord(o) || typeof o.ok !== 'boolean') return 'its outcome is not an object with a boolean "ok"';
  switch (task) {
    case 'run':
    case 'compare': {
      if (!o.ok) return Array.isArray(o.problems) ? null : 'a refused run has no "problems" list';
      const r = o.run;
      if (!isRecord(r) || r.packed !== 'tables-v3') return 'a run is not packed as "tables-v3"';
      if (!Array.isArray(r.steps) || !isRecord(r.scenario)) return 'a packed run has no steps or scenario';
      const t = r.tables;
      if (
        !isRecord(t) ||
        !(t.meta instanceof Float64Array) ||
        !(t.span instanceof Uint32Array) ||
        !(t.kind instanceof Uint8Array) ||
        !(t.bits instanceof Uint8Array) ||
        !(t.value instanceof Float64Array) ||
        !Array.isArray(t.shapes)
      )
        return "a packed run's tables are not the typed arrays protocol.ts declares";
      return null;
    }
    case 'stepper':
      if (o.ok) return Array.isArray(o.steps) ? null : 'a stepper outcome has no "steps" list';
      return Array.isArray(o.problems) ? null : 'a refused stepper run has no "problems" list';
    case 'impact':
      if (o.ok)
        return typeof o.variant === 'string' && typeof o.previous === 'string' && Array.isArray(o.scenarios)
          ? null
          : 'an impact outcome lacks its variant, previous variant or scenarios';
      return typeof o.error === 'string' ? null : 'a failed impact outcome has no "error" text';
    case 'quiz':
      if (o.ok)
        return isRecord(o.quiz) && Array.isArray(o.quiz.steps) && Array.isArray(o.quiz.kernels)
          ? null
          : 'a quiz outcome has no "steps" or "kernels" list';
      return Array.isArray(o.problems) ? null : 'a refused quiz has no "problems" list';
  }
}

/** Reads one message from the worker. `expected` is the request type the page sent under that id. */
export function checkReply(data: unknown, expected: (id: number) => TaskName | undefined): Checked {
  if (!isRecord(data))
    return { ok: false, id: undefined, error: 'the worker sent a message that is not an object' };
  if (data.type === 'ready') return { ok: true, reply: { type: 'ready' } };
  const id = isId(data.id) ? data.id : undefined;
  const refuse = (error: string): Checked => ({ ok: false, id, error });
  if (id === undefined)
    return refuse(`the worker sent a message without a request id (type ${String(data.type)})`);
  switch (data.type) {
    case 'superseded':
    case 'started':
      return { ok: true, reply: { type: data.type, id } };
    case 'error': {
      const e = data.error;
      if (!isRecord(e) || typeof e.name !== 'string' || typeof e.message !== 'string')
        return refuse('the worker sent an error without a name and a message');
      return { ok: true, reply: { type: 'error', id, error: { name: e.name, message: e.message } } };
    }
    case 'result': {
      if (!isTaskName(data.task))
        return refuse(`the worker answered an unknown request type ${String(data.task)}`);
      const want = expected(id);
      if (want !== undefined && want !== data.task)
        return refuse(`the worker answered a "${want}" request with a "${data.task}" result`);
      const why = outcomeProblem(data.task, data.outcome);
      if (why) return refuse(`the worker's "${data.task}" result was refused: ${why}`);
      return { ok: true, reply: data as WireReply };
    }
    default:
      return refuse(
        `the worker sent a message of unknown type ${JSON.stringify(String(data.type)).slice(0, 60)}`,
      );
  }
}
