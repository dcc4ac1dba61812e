/**
 * The classifier as the kernel's callers see it: vm_normal_page*() / vm_normal_folio*() called from a
 * fault, fork, zap or walk. Records the call and the branch in the trace and prints what the branch
 * prints (VM_WARN_ON_ONCE with DEBUG_VM, once per site; "Bad page map" rate limited). The full decision
 * path (every condition) is not recorded here: the UI asks classify() for it when an entry is selected.
 */
import type { LeafEntry, LeafLevel } from './entry';
import type { Kernel } from './kernel';
import type { Mm } from './mm';
import type { Vpn } from './units';
import { type Classification, classify } from './vm_normal_page';
import type { Vma } from './vma';

const SUFFIX: Record<LeafLevel, string> = { pte: ', pte', pmd: ', pmd', pud: ', pud' };

export function vmNormalPage(
  k: Kernel,
  mm: Mm,
  vma: Vma,
  v: Vpn,
  level: LeafLevel,
  e: LeafEntry,
): Classification {
  const c = classify(k, vma, v, level, e, false);
  k.touch(mm.name, level, v);
  if (level === 'pmd' && k.feat.pmdNoAddr) k.trace.enter(c.fn, 'vma, pmd');
  else k.trace.enterAt(c.fn, v, SUFFIX[level]);
  if (c.missing) k.branch(c.fn, c.branch, c.missing);
  else {
    k.branch(c.impl, c.branch, c.text);
    if (c.warns.length || c.bad) {
      const prev = k.at;
      k.at = { proc: mm.name, level, v };
      for (const w of c.warns) k.vmWarnOnce(w.site, w.cond);
      if (c.bad) k.badPageMap(mm, vma, v, level, e, undefined);
      k.at = prev;
    }
  }
  k.trace.leave();
  return c;
}
