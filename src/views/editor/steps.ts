/** The step list as data: titles, moves, copies, removal and new steps from the schema's defaults. */

import { Step } from '../../scenario/schema';
import { stepTitle } from '../../scenario/titles';
import { asArray, type Doc, getIn, isObject, updateList } from './doc';
import { nextProcessName } from './processes';
import { type Arm, type Field, type FieldKind, opForm } from './schemaFields';

export const stepsOf = (doc: Doc): readonly unknown[] => asArray(doc.steps);

export function firstProcess(doc: Doc): string {
  const p = asArray(doc.processes)[0];
  return isObject(p) && typeof p.name === 'string' ? p.name : '?';
}

export interface StepLabel {
  readonly text: string;
  /** False when the step does not pass the schema (the title is then only op, process and address). */
  readonly complete: boolean;
}

/** The step's one-line title, the same text the run's step list shows when the step is complete. */
export function stepLabel(step: unknown, firstProc: string): StepLabel {
  const r = Step.safeParse(step);
  if (r.success) return { text: stepTitle(r.data, firstProc), complete: true };
  const o = isObject(step) ? step : {};
  const proc = typeof o.proc === 'string' && o.proc ? o.proc : firstProc;
  const op = typeof o.op === 'string' ? o.op : '(no op)';
  const addr = typeof o.addr === 'string' || typeof o.addr === 'number' ? ` ${o.addr}` : '';
  return { text: `${proc}: ${op}${addr}`, complete: false };
}

/** A copy of `list` with the item at `from` moved to `to` (both clamped to the list). */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const out = [...list];
  if (from < 0 || from >= out.length) return out;
  const [item] = out.splice(from, 1) as [T];
  out.splice(Math.max(0, Math.min(to, out.length)), 0, item);
  return out;
}

export const moveStep = (doc: Doc, from: number, to: number): Doc =>
  updateList(doc, ['steps'], (l) => moveItem(l, from, to));

export const duplicateStep = (doc: Doc, i: number): Doc =>
  updateList(doc, ['steps'], (l) =>
    i in l ? [...l.slice(0, i + 1), structuredClone(l[i]), ...l.slice(i + 1)] : l,
  );

export const removeStep = (doc: Doc, i: number): Doc =>
  updateList(doc, ['steps'], (l) => l.filter((_, j) => j !== i));

export const insertStep = (doc: Doc, at: number, step: unknown): Doc =>
  updateList(doc, ['steps'], (l) => [...l.slice(0, at), step, ...l.slice(at)]);

/** What a new step starts from: the process and address of the step before it. */
export interface StepContext {
  readonly proc?: string;
  readonly addr?: unknown;
  /** A name no process has yet (fork's child). */
  readonly newProc: string;
}

export function contextAt(doc: Doc, at: number): StepContext {
  const before = stepsOf(doc).slice(0, at).reverse();
  const proc = before.map((s) => getIn(s, ['proc'])).find((p) => typeof p === 'string');
  const addr = before.map((s) => getIn(s, ['addr'])).find((a) => a !== undefined);
  return {
    proc: typeof proc === 'string' ? proc : firstProcess(doc),
    ...(addr !== undefined && { addr }),
    newProc: nextProcessName(doc),
  };
}

/** Starting values for required fields, by name, where the kind's own default would be a poor start. */
const BY_KEY: Readonly<Record<string, (c: StepContext) => unknown>> = {
  addr: (c) => c.addr ?? '0x10000000',
  length: () => '0x1000',
  pfn: () => '0x1000',
  pfnBase: () => '0x1000',
  prot: () => ['read', 'write'],
  child: (c) => c.newProc,
  seconds: () => 1,
};

function defaultOf(f: Field, c: StepContext): unknown {
  const byKey = BY_KEY[f.key];
  if (byKey) return byKey(c);
  return kindDefault(f.type, c);
}

function kindDefault(k: FieldKind, c: StepContext): unknown {
  switch (k.kind) {
    case 'num':
      return '0x0';
    case 'numOr':
      return k.words[0] ?? '0x0';
    case 'numList':
    case 'flags':
      return [];
    case 'number':
      return k.min ?? 0;
    case 'text':
      return '';
    case 'proc':
      return c.proc;
    case 'enum':
      return k.options[0];
    case 'bool':
      return false;
    case 'variant': {
      const arm = k.arms[0];
      return arm ? armValue(k.tag, arm, arm.tags[0] ?? '', undefined, c) : {};
    }
    case 'json':
      return null;
  }
}

/** The required fields of an object, filled with starting values or kept from `old` where it has them. */
function fill(fields: readonly Field[], old: unknown, c: StepContext): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const f of fields) {
    const prev = isObject(old) ? old[f.key] : undefined;
    if (prev !== undefined) o[f.key] = prev;
    else if (f.required) o[f.key] = defaultOf(f, c);
  }
  return o;
}

/** A value of a nested union for one of its arms, keeping the fields the old value shares with it. */
export function armValue(tag: string, arm: Arm, tagValue: string, old: unknown, c: StepContext): unknown {
  return { [tag]: tagValue, ...fill(arm.fields, old, c) };
}

/** A new step of `op` with every required field set, or the given step turned into `op` (shared fields kept). */
export function newStep(op: string, c: StepContext, old?: unknown): Record<string, unknown> {
  const form = opForm(op);
  if (!form) return { op };
  const step: Record<string, unknown> = { op, ...fill(form.fields, old, c) };
  if (form.fields.some((f) => f.key === 'proc') && step.proc === undefined && c.proc) step.proc = c.proc;
  return step;
}
