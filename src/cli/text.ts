/**
 * What the CLI does to text it did not write before it reaches a terminal: input bytes are decoded (UTF-8,
 * with or without a byte order mark), a value quoted in a message is cut to a readable length, and control
 * characters are shown escaped instead of being sent to the terminal.
 */

/** A problem with what the user gave (a file, an argument, a scenario): exit status 2, never a stack trace. */
export class InputError extends Error {}

/** Longest piece of the user's input quoted in a message; longer ones are cut. */
export const QUOTE_MAX = 80;
/** Longest message line about one problem. */
export const MESSAGE_MAX = 400;

/** `s`, or its first `max` characters and how long it was: "0x1234… (5,000,002 characters)". */
export function cut(s: string, max = QUOTE_MAX): string {
  if (s.length <= max) return s;
  let head = s.slice(0, max);
  // Never split a surrogate pair.
  if (/[\ud800-\udbff]$/.test(head)) head = head.slice(0, -1);
  return `${head}… (${s.length.toLocaleString('en')} characters)`;
}

// C0 and C1 controls, DEL, and the bidirectional overrides and isolates (they reorder what a terminal shows).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is its purpose
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Control characters written as escapes (\n, \r, \t, \u001b…), so they show instead of acting. */
export function escapeControls(s: string): string {
  return s.replace(CONTROL, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A message about the user's input, fit for a terminal: every long word (a value, a path) cut, the whole
 * cut if still too long, control characters escaped.
 */
export function quote(message: string): string {
  const words = message.replace(new RegExp(`[^\\s]{${QUOTE_MAX + 1},}`, 'g'), (w) => cut(w));
  return escapeControls(cut(words, MESSAGE_MAX));
}

/** Input bytes as text: UTF-8, a leading byte order mark dropped. */
export function decodeInput(bytes: Uint8Array, name: string): string {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff))
    throw new InputError(`${name} is UTF-16 text; ptlab reads UTF-8 (save the file as UTF-8)`);
  try {
    // ignoreBOM: false drops a leading UTF-8 byte order mark.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new InputError(`${name} is not UTF-8 text; ptlab reads JSON in UTF-8`);
  }
}

/** Text without a leading byte order mark (text that came already decoded). */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Where `text` stops being JSON (RFC 8259): the offset of the first character that cannot be there, or -1
 * when it is JSON. JSON.parse's own message names a position for some errors and not for others
 * ("Unexpected token"); this names one for all. Iterative, so no nesting depth overflows it.
 */
export function jsonErrorOffset(text: string): number {
  const n = text.length;
  const stack: number[] = [];
  let i = 0;
  // What may come next: a value, an object's first key or its end, a key, a colon, or what follows a value.
  let want: 'value' | 'first-key' | 'first-value' | 'key' | 'colon' | 'after' = 'value';
  const skipSpace = () => {
    for (
      let c = text.charCodeAt(i);
      c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
      c = text.charCodeAt(++i)
    );
  };
  const string = (): boolean => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = text[i + 1] ?? '';
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
        } else if ('"\\/bfnrt'.includes(e) && e) i += 2;
        else {
          i++;
          return false;
        }
      } else i++;
    }
    return false;
  };
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const scalar = (): boolean => {
    const c = text[i];
    if (c === '"') return string();
    for (const word of ['true', 'false', 'null'])
      if (text.startsWith(word, i)) {
        i += word.length;
        return true;
      }
    NUMBER.lastIndex = i;
    if (NUMBER.exec(text) && NUMBER.lastIndex > i) {
      i = NUMBER.lastIndex;
      return true;
    }
    return false;
  };
  for (;;) {
    skipSpace();
    const c = text[i];
    if (want === 'value' || want === 'first-value') {
      if (want === 'first-value' && c === ']') {
        stack.pop();
        i++;
        want = 'after';
      } else if (c === '{' || c === '[') {
        stack.push(c === '{' ? 1 : 2);
        i++;
        want = c === '{' ? 'first-key' : 'first-value';
      } else if (scalar()) want = 'after';
      else return i;
    } else if (want === 'first-key' || want === 'key') {
      if (want === 'first-key' && c === '}') {
        stack.pop();
        i++;
        want = 'after';
      } else if (c === '"' && string()) want = 'colon';
      else return i;
    } else if (want === 'colon') {
      if (c !== ':') return i;
      i++;
      want = 'value';
    } else {
      const top = stack[stack.length - 1];
      if (top === undefined) return i === n ? -1 : i;
      if (c === ',') {
        i++;
        want = top === 1 ? 'key' : 'value';
      } else if ((c === '}' && top === 1) || (c === ']' && top === 2)) {
        stack.pop();
        i++;
      } else return i;
    }
  }
}

/**
 * JSON.parse, or an InputError that says where the text went wrong: the parser's message (its quote of the
 * text cut and escaped), the line and column, and the character there when it is one a reader cannot see.
 */
export function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const p = jsonErrorOffset(text);
    let where = '';
    if (p >= 0) {
      let line = 1;
      let start = 0;
      for (let i = text.indexOf('\n'); i >= 0 && i < p; i = text.indexOf('\n', i + 1)) {
        line++;
        start = i + 1;
      }
      const ch = text.codePointAt(p);
      const unseen =
        ch !== undefined && (ch < 0x21 || ch > 0x7e)
          ? `; the character there is U+${ch.toString(16).toUpperCase().padStart(4, '0')}`
          : '';
      where = ` (line ${line}, column ${p - start + 1}${p >= text.length ? ', at the end' : ''}${unseen})`;
    }
    throw new InputError(`${quote(name)} is not valid JSON: ${quote(msg)}${where}`);
  }
}
