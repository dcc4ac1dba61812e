/**
 * The classifier as the kernel's callers see it: vm_normal_page*() / vm_normal_folio*() called from a
 * fault, fork, zap or walk. Records the call and the branch in the trace and prints what the branch
 * prints (VM_WARN_ON_ONCE with DEBUG_VM, once per site; "Bad page map" rate limited).
 */
import type { LeafEntry, LeafLevel } from './entry';
import type { Kernel } from './kernel';
import type { Mm } from './mm';
import { vaddrHex, type Vpn } from './units';
import { type Classification, classify } from './vm_normal_page';
import type { Vma } from './vma';

export function vmNormalPage(k: Kernel, mm: Mm, vma: Vma, v: Vpn, level: LeafLevel, e: LeafEntry): Classification {
  const c = classify(k, vma, v, level, e);
  const args = level === 'pmd' && k.feat.pmdNoAddr ? 'vma, pmd' : `vma, ${vaddrHex(v)}, ${level}`;
  k.call(c.fn, args, () => {
    if (c.missing) {
      k.branch(c.fn, c.branch, c.missing);
      return;
    }
    k.branch(c.impl, c.branch, c.text);
    for (const w of c.warns) k.vmWarnOnce(w.site, w.cond);
    if (c.bad) k.badPageMap(mm, vma, v, level, e, undefined);
  });
  return c;
}
