import type { LeafLevel, Level } from '../entry';
import { entryBase } from '../geometry';
import type { Kernel } from '../kernel';
import { type Mm, pgtablesCounted } from '../mm';
import { hex, type Vpn, vaddrHex } from '../units';
import { flagNames, type Vma } from '../vma';
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

/**
 * Gives [s, e) of `vma` the flags `newflags`, splitting off the parts before and after it as
 * __split_vma() does (mm/vma.c vma_modify_flags(), which mprotect and madvise both use): the first piece
 * keeps the VMA's id, each piece's vm_pgoff follows its start. Emits the VMA change under `fn` and
 * returns the piece that now covers [s, e).
 */
export function modifyVmaFlags(
  k: Kernel,
  mm: Mm,
  vma: Vma,
  s: number,
  e: number,
  newflags: number,
  fn: string,
): Vma {
  const pieces: Vma[] = [];
  const piece = (a: number, b: number, flags: number): Vma => ({
    ...vma,
    id: pieces.length === 0 ? vma.id : k.newVmaId(),
    start: a as Vpn,
    end: b as Vpn,
    pgoff: vma.pgoff + (a - vma.start),
    flags,
  });
  if (vma.start < s) pieces.push(piece(vma.start, s, vma.flags));
  const middle = piece(s, e, newflags);
  pieces.push(middle);
  if (e < vma.end) pieces.push(piece(e, vma.end, vma.flags));
  mm.setVmas([...mm.vmas.filter((m) => m !== vma), ...pieces]);
  const split = pieces.length > 1 ? ` (split into ${pieces.length})` : '';
  k.emit({
    t: 'vma',
    proc: mm.name,
    action: 'change',
    range: `${A(s)}-${A(e)}`,
    text: `${vma.name}: [${flagNames(vma.flags).join('|')}] -> [${flagNames(newflags).join('|')}]${split}`,
    fn,
    depth: k.trace.depth,
  });
  return middle;
}
