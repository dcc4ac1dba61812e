/**
 * The CLI's writes. Output is written with blocking writes: a pipe to a slow reader makes ptlab wait, where
 * process.stdout would queue the whole trace in memory.
 */
import { writeSync } from 'node:fs';

/** Standard output was closed by its reader (`ptlab run … | head`): there is no one left to write for. */
export class OutputClosed extends Error {}

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
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
