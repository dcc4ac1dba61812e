/**
 * JSON text as every door reads it (a link, a file, a stored draft, the editor, the CLI): bounded before
 * anything recursive sees it. JSON.parse, JSON.stringify and the validator all recurse; a link nesting
 * 5,000 arrays deep overflowed the stack in JSON.stringify and froze the page. No scenario nests deeper
 * than about six levels, so MAX_JSON_DEPTH leaves generous room.
 */

export const MAX_JSON_DEPTH = 64;

/** The deepest nesting of arrays and objects in `text` (strings skipped), stopping once past `limit`. */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: skip to its closing quote, past escapes.
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return deepest;
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false; message: string };

/** JSON.parse, refusing text nested deeper than MAX_JSON_DEPTH first. The message names what is wrong. */
export function parseJson(text: string): ParsedJson {
  const d = jsonDepth(text);
  if (d > MAX_JSON_DEPTH)
    return { ok: false, message: `nested more than ${MAX_JSON_DEPTH} levels deep (no scenario needs that)` };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
}
