import type { LeafLevel, Level } from '../entry';
import { entryBase } from '../geometry';
import type { Kernel } from '../kernel';
import { type Mm, pgtablesCounted } from '../mm';
import { hex, type Vpn, vaddrHex } from '../units';
import type { Vma } from '../vma';
import type { OpResult } from './types';

/** Looks up a live process; a killed or exited one refuses further work with a clear result. */
export function procOf(k: Kernel, name: string): Mm | OpResult {
  const mm = k.procs.get(name);
  if (!mm) return { result: 'ESRCH', detail: `no process "${name}"` };
  if (mm.exited) return { result: 'ESRCH', detail: `process "${name}" has exited` };
  if (mm.oopsed)
    return { result: 'ESRCH', detail: `process "${name}" was killed by an earlier kernel BUG (oops)` };
  return mm;
}

export function isResult(x: unknown): x is OpResult {
  return typeof x === 'object' && x !== null && 'result' in x;
}

/** Allocates the tables down to `level` for `v`, counting those mm_pgtables_bytes() counts (pgtablesCounted()). */
export function allocTables(k: Kernel, mm: Mm, v: Vpn, level: Level, fn: string) {
  return mm.pt.ensureTable(v, level, (t) => {
    if (pgtablesCounted(t.level)) k.counter(mm, 'pgtables', 1, fn);
  });
}

export function leafSpan(level: LeafLevel): number {
  return level === 'pte' ? 1 : level === 'pmd' ? 512 : 512 * 512;
}

export function entryStart(k: Kernel, v: number, level: LeafLevel): Vpn {
  return entryBase(v, level, k.cfg.pgtableLevels) as Vpn;
}

/** The VMA with [start, end) inside, or an error result. */
export function vmaCovering(mm: Mm, start: number, end: number): Vma | undefined {
  const vma = mm.findVma(start);
  if (!vma || end > vma.end) return undefined;
  return vma;
}

export const A = (v: number) => vaddrHex(v as Vpn);
export { hex };
