/**
 * The CLI's reads and writes, with bounds. Input is read in pieces and refused past MAX_INPUT_BYTES (a file,
 * a pipe or /dev/zero alike), so a large input costs a message, not the heap. Output is written with
 * blocking writes: a pipe to a slow reader makes ptlab wait, where process.stdout would queue the whole
 * trace in memory.
 */
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { InputError, quote } from './text';

/**
 * Largest input accepted: 64 MiB. 5,000 steps, each with a note of the most characters allowed, and 4,096
 * folios are about 12 MB of compact JSON; this leaves room for indentation and long arrays of pfns.
 */
export const MAX_INPUT_BYTES = 64 * 2 ** 20;

/** Standard output was closed by its reader (`ptlab run … | head`): there is no one left to write for. */
export class OutputClosed extends Error {}

const CHUNK = 1 << 20;

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

function tooLarge(name: string, max: number): string {
  return `${name} is larger than ${max / 2 ** 20} MiB, the most ptlab reads`;
}

/** Reads all of `fd`, or throws InputError past `max` bytes. */
export function readBounded(fd: number, name: string, max = MAX_INPUT_BYTES): Uint8Array {
  const parts: Buffer[] = [];
  let total = 0;
  for (;;) {
    const buf = Buffer.allocUnsafe(CHUNK);
    let n: number;
    try {
      n = readSync(fd, buf, 0, CHUNK, null);
    } catch (e) {
      // A non-blocking descriptor (standard input inherited that way) with nothing to read yet.
      if (code(e) === 'EAGAIN') {
        pause(5);
        continue;
      }
      throw e;
    }
    if (n === 0) break;
    total += n;
    if (total > max) throw new InputError(tooLarge(name, max));
    parts.push(buf.subarray(0, n));
  }
  return Buffer.concat(parts, total);
}

/** The bytes of a file (or of standard input, for "-"); InputError when it cannot be read. */
export function readInputFile(file: string, max = MAX_INPUT_BYTES): Uint8Array {
  if (file === '-') return readBounded(0, 'standard input', max);
  const name = quote(file);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new InputError(`cannot read ${name}: ${quote((e as Error).message)}`);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new InputError(`cannot read ${name}: it is a directory`);
    if (st.isFile() && st.size > max) throw new InputError(tooLarge(name, max));
    return readBounded(fd, name, max);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`cannot read ${name}: ${quote((e as Error).message)}`);
  } finally {
    closeSync(fd);
  }
}

let scratch = Buffer.allocUnsafe(1 << 18);

/** Writes all of `s` to `fd`, waiting while a pipe is full; OutputClosed when the reader has gone. */
export function writeAll(fd: number, s: string): void {
  // One buffer, reused: the trace is gigabytes, and a new buffer per piece is memory the heap lets pile up.
  if (s.length * 3 > scratch.length) scratch = Buffer.allocUnsafe(s.length * 3);
  const end = scratch.write(s, 0, 'utf8');
  let off = 0;
  while (off < end) {
    try {
      off += writeSync(fd, scratch, off, end - off);
    } catch (e) {
      const c = code(e);
      if (c === 'EAGAIN') {
        pause(2);
        continue;
      }
      if (c === 'EPIPE') throw new OutputClosed('standard output was closed');
      throw e;
    }
  }
}

/**
 * Collects small writes into pieces of about 64 KiB before handing them to `sink`, so the trace's many
 * small pieces cost few system calls.
 */
export function buffered(
  sink: (s: string) => void,
  size = 1 << 16,
): { write(s: string): void; flush(): void } {
  let parts: string[] = [];
  let len = 0;
  const flush = () => {
    if (!parts.length) return;
    const s = parts.join('');
    parts = [];
    len = 0;
    sink(s);
  };
  return {
    write(s: string) {
      parts.push(s);
      len += s.length;
      if (len >= size) flush();
    },
    flush,
  };
}
