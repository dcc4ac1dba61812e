/** Between a field's JSON value and the text of its input, both ways, so what the user types stays as typed. */
import type { FieldKind } from './schemaFields';

/** The text an input shows for a value. */
export function inputText(kind: FieldKind, v: unknown): string {
  if (v === undefined || v === null) return '';
  if (kind.kind === 'numList' && Array.isArray(v))
    return v.map((x) => (x === null ? 'null' : String(x))).join(', ');
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/**
 * The value to store for what the user typed; undefined removes the key. Numbers (`Num`) are kept as the
 * typed string (decimal or 0x-hex, both valid); plain JSON numbers (order, seconds) become numbers once
 * the text is one, and stay text while it is not ("1." on the way to "1.5"), which the check flags.
 */
export function inputValue(kind: FieldKind, raw: string, required: boolean): unknown {
  const t = raw.trim();
  if (kind.kind === 'numList') {
    if (t === '') return required ? [] : undefined;
    return raw.split(',').map((s) => (s.trim() === 'null' ? null : s.trim()));
  }
  if (t === '') return undefined;
  if (kind.kind === 'number') {
    const n = Number(t);
    return Number.isFinite(n) && String(n) === t ? n : raw;
  }
  return raw;
}
