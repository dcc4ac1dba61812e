/** The processes of a scenario: the declared ones and those fork creates, who uses them, renames. */
import { ScenarioSchema } from '../../scenario/schema';
import { asArray, type Doc, isObject, setIn } from './doc';
import type { SchemaLike } from './schemaFields';

export function declaredProcesses(doc: Doc): string[] {
  return asArray(doc.processes).map((p) => (isObject(p) && typeof p.name === 'string' ? p.name : ''));
}

/** Processes created by fork steps, with the (0-based) index of the step. */
export function forkChildren(doc: Doc): { name: string; step: number }[] {
  return asArray(doc.steps).flatMap((s, step) =>
    isObject(s) && s.op === 'fork' && typeof s.child === 'string' ? [{ name: s.child, step }] : [],
  );
}

/** The processes that exist when step `i` runs: the declared ones and the children of earlier forks. */
export function processesAt(doc: Doc, i: number): string[] {
  const kids = forkChildren(doc)
    .filter((k) => k.step < i)
    .map((k) => k.name);
  return [...new Set([...declaredProcesses(doc), ...kids])].filter(Boolean);
}

/**
 * Steps (0-based) that name the process: as `proc`, as fork's `child`, or, for the first declared process,
 * by giving no `proc` at all (a step without one runs in the first process).
 */
export function stepsUsing(doc: Doc, name: string): number[] {
  const first = declaredProcesses(doc)[0];
  return asArray(doc.steps).flatMap((s, i) => {
    if (!isObject(s)) return [];
    const uses =
      s.proc === name ||
      (s.op === 'fork' && s.child === name) ||
      (name === first && s.proc === undefined && s.op !== 'tick' && s.op !== 'shrink');
    return uses ? [i] : [];
  });
}

/** "1, 2 and 4", at most eight numbers shown (1-based, as the step list counts). */
export function stepNumbers(indices: readonly number[]): string {
  const n = indices.map((i) => String(i + 1));
  if (n.length > 8) return `${n.slice(0, 8).join(', ')} and ${n.length - 8} more`;
  return n.length < 2 ? n.join('') : `${n.slice(0, -1).join(', ')} and ${n.at(-1)}`;
}

const NAME = (() => {
  const procs = (ScenarioSchema as unknown as SchemaLike).def.shape?.processes;
  let s = procs as SchemaLike;
  while (s.def.innerType) s = s.def.innerType;
  return s.def.element?.def.shape?.name as SchemaLike;
})();

/** Why `name` cannot be the new name of process `current`, or null when it can. */
export function checkProcessName(doc: Doc, name: string, current?: string): string | null {
  const r = NAME.safeParse(name);
  if (!r.success)
    return name === '' ? 'a process needs a name' : (r.error?.issues[0]?.message ?? 'not a name');
  if (name === current) return null;
  if (declaredProcesses(doc).includes(name)) return `process "${name}" already exists`;
  const kid = forkChildren(doc).find((k) => k.name === name);
  if (kid) return `step ${kid.step + 1} forks a process "${name}"`;
  return null;
}

/** Renames process `from` everywhere: its declaration, the steps' `proc` and fork's `child`. */
export function renameProcess(doc: Doc, from: string, to: string): Doc {
  const processes = asArray(doc.processes).map((p) =>
    isObject(p) && p.name === from ? { ...p, name: to } : p,
  );
  const steps = asArray(doc.steps).map((s) => {
    if (!isObject(s)) return s;
    let t = s;
    if (t.proc === from) t = { ...t, proc: to };
    if (t.op === 'fork' && t.child === from) t = { ...t, child: to };
    return t;
  });
  return { ...doc, processes, ...(Array.isArray(doc.steps) && { steps }) };
}

export type Removal = { ok: true; doc: Doc } | { ok: false; message: string };

/** Removes the declared process at `index`, unless a step uses it or it is the last one. */
export function removeProcess(doc: Doc, index: number): Removal {
  const names = declaredProcesses(doc);
  const name = names[index];
  if (name === undefined) return { ok: true, doc };
  const users = stepsUsing(doc, name);
  if (users.length > 0) {
    const which = users.length === 1 ? 'step' : 'steps';
    return {
      ok: false,
      message: `"${name}" is used by ${which} ${stepNumbers(users)}: change or remove ${users.length === 1 ? 'it' : 'them'} first`,
    };
  }
  if (names.length === 1) return { ok: false, message: 'a scenario needs at least one process' };
  return {
    ok: true,
    doc: setIn(
      doc,
      ['processes'],
      asArray(doc.processes).filter((_, j) => j !== index),
    ),
  };
}

/** The first of A, B, …, Z, P1, P2, … that no process has. */
export function nextProcessName(doc: Doc): string {
  const taken = new Set([...declaredProcesses(doc), ...forkChildren(doc).map((k) => k.name)]);
  for (let c = 65; c <= 90; c++) {
    const n = String.fromCharCode(c);
    if (!taken.has(n)) return n;
  }
  for (let i = 1; ; i++) if (!taken.has(`P${i}`)) return `P${i}`;
}

export const addProcess = (doc: Doc): Doc =>
  setIn(doc, ['processes'], [...asArray(doc.processes), { name: nextProcessName(doc) }]);
