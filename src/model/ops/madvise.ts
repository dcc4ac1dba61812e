/**
 * madvise(): MADV_DONTNEED, MADV_HUGEPAGE, MADV_NOHUGEPAGE and MADV_COLLAPSE (mm/madvise.c do_madvise(),
 * madvise_walk_vmas(), madvise_dontneed_free(), madvise_dontneed_free_valid_vma(), madvise_update_vma();
 * mm/huge_memory.c hugepage_madvise(), __thp_vma_allowable_orders(); mm/khugepaged.c madvise_collapse()),
 * as read in v6.12. kernel-semantics.md §3.20.
 */
import type { Kernel } from '../kernel';
import type { Mm } from '../mm';
import type { Vpn } from '../units';
import { VM, type Vma } from '../vma';
import { CONTINUES, collapsePmd, madviseCollapseErrno, type ScanResult } from './collapse';
import { A, hex, isResult, modifyVmaFlags, procOf } from './common';
import type { Addr, OpResult } from './types';
import { zapRange } from './zap';

export type Advice = 'dontneed' | 'hugepage' | 'nohugepage' | 'collapse';

const NAME: Record<Advice, string> = {
  dontneed: 'MADV_DONTNEED',
  hugepage: 'MADV_HUGEPAGE',
  nohugepage: 'MADV_NOHUGEPAGE',
  collapse: 'MADV_COLLAPSE',
};

/** VM_SPECIAL (include/linux/mm.h); VM_NO_KHUGEPAGED is VM_SPECIAL | VM_HUGETLB (no hugetlb in ptlab). */
const VM_SPECIAL = VM.IO | VM.DONTEXPAND | VM.PFNMAP | VM.MIXEDMAP;

/**
 * do_madvise(): a start that is not page aligned is -EINVAL and len 0 does nothing; madvise_walk_vmas()
 * calls the behaviour on each VMA part of [start, end), stops at the first error, and answers -ENOMEM
 * at the end if part of the range was not mapped.
 */
export function madviseOp(k: Kernel, procName: string, addr: Addr, bytes: number, advice: Advice): OpResult {
  const mm = procOf(k, procName);
  if (isResult(mm)) return mm;
  if (addr.off !== 0) return { result: '-EINVAL', detail: 'start is not page aligned' };
  if (bytes === 0) return { result: '0', detail: 'len 0: nothing to do' };
  if (!k.cfg.thp && advice !== 'dontneed')
    return { result: '-EINVAL', detail: `${NAME[advice]} needs CONFIG_TRANSPARENT_HUGEPAGE` };
  const start = addr.vpn as number;
  const end = start + Math.ceil(bytes / 4096);
  const fn = 'do_madvise';
  return k.call(fn, `${A(start)}, ${hex(bytes)}, ${NAME[advice]}`, () => {
    let unmapped = false;
    let tmp = start;
    for (const vma of mm.vmas.filter((m) => m.end > start && m.start < end)) {
      if (vma.start > tmp) unmapped = true;
      const s = Math.max(start, vma.start);
      const e = Math.min(end, vma.end);
      const err = behaviour(k, mm, vma, s, e, advice);
      if (err) return err;
      tmp = e;
    }
    if (tmp < end) unmapped = true;
    if (unmapped) {
      k.branch('madvise_walk_vmas', 'MADV-W1', 'part of the range is not mapped: -ENOMEM');
      return { result: '-ENOMEM', detail: 'part of the range is not mapped (the mapped parts were advised)' };
    }
    return { result: '0' };
  });
}

function behaviour(k: Kernel, mm: Mm, vma: Vma, s: number, e: number, advice: Advice): OpResult | undefined {
  switch (advice) {
    case 'dontneed':
      return madviseDontneed(k, mm, vma, s, e);
    case 'hugepage':
    case 'nohugepage':
      hugepageMadvise(k, mm, vma, s, e, advice);
      return undefined;
    case 'collapse':
      return madviseCollapse(k, mm, vma, s, e);
  }
}

/**
 * madvise_dontneed_free(): madvise_dontneed_free_valid_vma() forbids VM_PFNMAP (and VM_LOCKED, which
 * ptlab has not), else zap_page_range_single() of the range. VM_MIXEDMAP is allowed.
 */
function madviseDontneed(k: Kernel, mm: Mm, vma: Vma, s: number, e: number): OpResult | undefined {
  const fn = 'madvise_dontneed_free';
  return k.call(fn, `${vma.name} ${A(s)}-${A(e)}`, () => {
    if (vma.flags & VM.PFNMAP) {
      k.branch('madvise_dontneed_free_valid_vma', 'MADV-D1', 'VM_PFNMAP is forbidden: -EINVAL');
      return { result: '-EINVAL', detail: `${vma.name} is a VM_PFNMAP VMA` };
    }
    k.branch('madvise_dontneed_free_valid_vma', 'MADV-D2', 'not VM_PFNMAP: zap the range');
    zapRange(k, mm, vma, s, e, 'zap_page_range_single');
    return undefined;
  });
}

/**
 * hugepage_madvise(): MADV_HUGEPAGE sets VM_HUGEPAGE and clears VM_NOHUGEPAGE, MADV_NOHUGEPAGE the
 * reverse; no VMA is refused (PFNMAP ones included, as the pfnmap selftest leaves them out of its
 * "disallowed" list). madvise_update_vma() splits the VMA at the range (vma_modify_flags()).
 * khugepaged_enter_vma() is not modelled: ptlab has no khugepaged.
 */
function hugepageMadvise(
  k: Kernel,
  mm: Mm,
  vma: Vma,
  s: number,
  e: number,
  advice: 'hugepage' | 'nohugepage',
) {
  const fn = 'hugepage_madvise';
  k.call(fn, `${vma.name} ${A(s)}-${A(e)}, ${NAME[advice]}`, () => {
    const newflags =
      advice === 'hugepage'
        ? (vma.flags & ~VM.NOHUGEPAGE) | VM.HUGEPAGE
        : (vma.flags & ~VM.HUGEPAGE) | VM.NOHUGEPAGE;
    k.branch(
      fn,
      advice === 'hugepage' ? 'MADV-H1' : 'MADV-H2',
      advice === 'hugepage'
        ? 'VM_HUGEPAGE set, VM_NOHUGEPAGE cleared'
        : 'VM_NOHUGEPAGE set, VM_HUGEPAGE cleared',
    );
    if (newflags === vma.flags) return;
    modifyVmaFlags(k, mm, vma, s, e, newflags, 'madvise_update_vma');
  });
}

/**
 * thp_vma_allowable_order(vma, vm_flags, 0, PMD_ORDER) as madvise_collapse() asks it: not in a fault,
 * not for smaps, sysfs not enforced. Returns the refusing row, or undefined when PMD order is allowed.
 */
function collapseRefusal(vma: Vma): { id: string; why: string } | undefined {
  if (vma.flags & VM.NOHUGEPAGE) return { id: 'MADV-C1', why: 'vma_thp_disabled(): VM_NOHUGEPAGE' };
  if (vma.backing.type === 'dax')
    return { id: 'MADV-C2', why: 'vma_is_dax(): khugepaged does not collapse DAX' };
  if (vma.flags & VM_SPECIAL)
    return {
      id: 'MADV-C3',
      why: 'VM_NO_KHUGEPAGED: the VMA has VM_IO, VM_DONTEXPAND, VM_PFNMAP or VM_MIXEDMAP',
    };
  // thp_vma_suitable_order() on the VMA's last PMD: it must hold one aligned PMD.
  const last = vma.end - 512;
  const h = last - (last % 512);
  if (h < vma.start || h + 512 > vma.end)
    return { id: 'MADV-C4', why: 'no PMD-aligned 2 MiB fits in the VMA' };
  if (vma.backing.type === 'anon' && !vma.anonVma)
    return { id: 'MADV-C5', why: 'no anon_vma yet (nothing was ever faulted in): 0 orders outside a fault' };
  return undefined;
}

/**
 * madvise_collapse(): -EINVAL when thp_vma_allowable_order() refuses; otherwise each PMD of [hstart, hend)
 * is scanned (collapse.ts: hpage_collapse_scan_pmd(), collapse_huge_page()). SCAN_SUCCEED and
 * SCAN_PMD_MAPPED count as THPs; a whitelisted failure is remembered and the loop goes on, any other ends
 * it. The answer is 0 when every PMD is a THP, else madvise_collapse_errno(last_fail). File VMAs
 * (hpage_collapse_scan_file()) are not modelled.
 */
function madviseCollapse(k: Kernel, mm: Mm, vma: Vma, s: number, e: number): OpResult | undefined {
  const fn = 'madvise_collapse';
  return k.call(fn, `${vma.name} ${A(s)}-${A(e)}`, () => {
    const no = collapseRefusal(vma);
    if (no) {
      k.branch('thp_vma_allowable_order', no.id, `${no.why}: -EINVAL`);
      return { result: '-EINVAL', detail: `${vma.name}: ${no.why}` };
    }
    if (vma.backing.type !== 'anon')
      return { result: 'not modelled', detail: 'MADV_COLLAPSE of a file VMA (hpage_collapse_scan_file())' };
    const hstart = Math.ceil(s / 512) * 512;
    const hend = e - (e % 512);
    let thps = 0;
    let lastFail: ScanResult = 'SCAN_FAIL';
    for (let h = hstart; h < hend; h += 512) {
      const r = collapsePmd(k, mm, vma, h as Vpn);
      if ('notModelled' in r) return { result: 'not modelled', detail: r.notModelled };
      if (r.scan === 'SCAN_SUCCEED' || r.scan === 'SCAN_PMD_MAPPED') {
        thps++;
        continue;
      }
      lastFail = r.scan;
      if (!CONTINUES.has(r.scan)) break;
    }
    if (thps === (hend - hstart) / 512) return undefined;
    const errno = madviseCollapseErrno(lastFail);
    k.branch(fn, 'MADV-C9', `${thps} of ${(hend - hstart) / 512} PMDs collapsed, last ${lastFail}: ${errno}`);
    return { result: errno, detail: `${A(hstart)}-${A(hend)}: ${lastFail}` };
  });
}
