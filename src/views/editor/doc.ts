/**
 * The scenario as the form sees it: parsed JSON that may be incomplete or wrong (the checks say where),
 * edited immutably by path and written back pretty-printed.
 */
import { parseScenarioJson } from '../../state/parse';

export type Doc = Readonly<Record<string, unknown>>;
export type Path = readonly (string | number)[];

export type ParsedDoc = { ok: true; doc: Doc } | { ok: false; message: string };

export const isObject = (v: unknown): v is Readonly<Record<string, unknown>> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const asArray = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);

/** Parses the editor's text for the form; a scenario is a JSON object. */
export function parseDoc(text: string): ParsedDoc {
  const p = parseScenarioJson(text);
  if (!p.ok) return { ok: false, message: p.problems[0]?.message ?? 'not valid JSON' };
  if (!isObject(p.value)) return { ok: false, message: 'a scenario is a JSON object' };
  return { ok: true, doc: p.value };
}

/** The text the form writes: 2-space indented JSON and a final newline. */
export function docText(doc: Doc): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export function getIn(v: unknown, path: Path): unknown {
  let cur = v;
  for (const k of path) {
    if (typeof k === 'number' ? !Array.isArray(cur) : !isObject(cur)) return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

/**
 * A copy of `v` with the value at `path` replaced; `undefined` removes an object key. Missing containers
 * are created (an array for a numeric key). Untouched branches are shared, not copied.
 */
export function setIn<T>(v: T, path: Path, value: unknown): T {
  if (path.length === 0) return value as T;
  const [k, ...rest] = path as [string | number, ...(string | number)[]];
  if (typeof k === 'number') {
    const a = Array.isArray(v) ? [...v] : [];
    a[k] = setIn(a[k], rest, value);
    return a as T;
  }
  const o: Record<string, unknown> = isObject(v) ? { ...v } : {};
  const next = setIn(o[k], rest, value);
  if (next === undefined) delete o[k];
  else o[k] = next;
  return o as T;
}

/** A copy of the array at `path` changed by `fn` (an absent array counts as empty). */
export function updateList(doc: Doc, path: Path, fn: (list: unknown[]) => unknown[]): Doc {
  return setIn(doc, path, fn([...asArray(getIn(doc, path))]));
}
