/** The scenario's own problems (validateScenario), keyed by JSON path so each field can show its own. */
import { jsonPath, type Problem, validateScenario } from '../../scenario/validate';
import { type Doc, isObject, type Path } from './doc';
import { armFor, type Field } from './schemaFields';

export type ProblemMap = ReadonlyMap<string, readonly string[]>;

export function problemMap(doc: Doc): ProblemMap {
  const v = validateScenario(doc);
  const m = new Map<string, string[]>();
  if (v.ok) return m;
  for (const p of v.problems) m.set(p.path, [...(m.get(p.path) ?? []), p.message]);
  return m;
}

export const pathKey = (path: Path): string => jsonPath(path);

/** The first problem reported exactly at `path`. */
export function problemAt(m: ProblemMap, path: Path): string | undefined {
  return m.get(pathKey(path))?.[0];
}

/** Whether anything at or below `path` has a problem (a step row's marker). */
export function hasProblemUnder(m: ProblemMap, path: Path): boolean {
  const base = pathKey(path);
  for (const k of m.keys())
    if (k === base || k.startsWith(`${base}.`) || k.startsWith(`${base}[`)) return true;
  return false;
}

/**
 * Problems no field of the form shows: everything except the paths listed in `shown` (a field's path, or
 * a prefix ending in "." or "[" for a whole group). These are listed at the top of the form.
 */
export function unshownProblems(m: ProblemMap, shown: (path: string) => boolean): Problem[] {
  return [...m].flatMap(([path, messages]) =>
    shown(path) ? [] : messages.map((message) => ({ path, message })),
  );
}

/** Every path a form of these fields shows a message for (a nested union adds its tag and its arm's fields). */
export function fieldPaths(fields: readonly Field[], value: unknown, base: Path): string[] {
  const obj = isObject(value) ? value : {};
  return fields.flatMap((f) => {
    const own = pathKey([...base, f.key]);
    if (f.type.kind !== 'variant') return [own];
    const arm = armFor(f.type, obj[f.key]);
    return [
      own,
      pathKey([...base, f.key, f.type.tag]),
      ...fieldPaths(arm?.fields ?? [], obj[f.key], [...base, f.key]),
    ];
  });
}

/** Problems at or below `base` that none of `shown` (paths) displays: the step's own, shown on its form. */
export function leftoverProblems(m: ProblemMap, base: Path, shown: readonly string[]): Problem[] {
  const root = pathKey(base);
  const set = new Set(shown);
  return [...m].flatMap(([path, messages]) =>
    (path === root || path.startsWith(`${root}.`) || path.startsWith(`${root}[`)) && !set.has(path)
      ? messages.map((message) => ({ path, message }))
      : [],
  );
}
