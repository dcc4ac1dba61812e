/**
 * Driver-side insertion: vmf_insert_pfn[_prot](), insert_pfn(), vmf_insert_mixed[_mkwrite]()
 * (__vm_insert_mixed), insert_page()/insert_page_into_pte_locked(), vmf_insert_page_mkwrite() in
 * mm/memory.c; vmf_insert_pfn_pmd/pud(), vmf_insert_folio_pmd(), insert_pmd(), insert_pud() in
 * mm/huge_memory.c. kernel-semantics.md §3.3, §3.4.
 */
import { type LeafEntry, leaf, mkspecial, nonPresentPfn } from '../entry';
import type { Kernel } from '../kernel';
import type { Mm } from '../mm';
import type { Folio } from '../physmem';
import { HPAGE_PMD_ORDER, HPAGE_PUD_ORDER, hex, type Pfn, type Vpn } from '../units';
import { pfnmapNormalPage } from '../vm_normal_page';
import { isCowMapping, VM, type Vma } from '../vma';
import { A, allocTables, isResult, procOf } from './common';
import { folioGet, rmapAdd } from './folio_ref';
import type { Op, OpResult } from './types';

type InsertOp = Extract<
  Op,
  {
    op:
      | 'vmf_insert_pfn'
      | 'vmf_insert_pfn_pmd'
      | 'vmf_insert_pfn_pud'
      | 'vmf_insert_mixed'
      | 'vmf_insert_page_mkwrite'
      | 'vmf_insert_folio_pmd';
  }
>;

export const NOPAGE = 'VM_FAULT_NOPAGE';
export const SIGBUS = 'VM_FAULT_SIGBUS';
export const OOM = 'VM_FAULT_OOM';
export const FALLBACK = 'VM_FAULT_FALLBACK';

/** The operation: a driver's fault handler calls one of the insertion helpers for the VMA at addr. */
export function insertOp(k: Kernel, op: InsertOp): OpResult {
  const mm = procOf(k, op.proc);
  if (isResult(mm)) return mm;
  const vma = mm.findVma(op.addr.vpn);
  if (!vma) return { result: SIGBUS, detail: `no VMA at ${A(op.addr.vpn)}: the address is outside the VMA` };
  const v = op.addr.vpn;
  switch (op.op) {
    case 'vmf_insert_pfn':
      return { result: vmfInsertPfn(k, mm, vma, v, op.pfn) };
    case 'vmf_insert_mixed':
      // vmf_insert_mixed() and vmf_insert_mixed_mkwrite() both call __vm_insert_mixed().
      return {
        result: k.call(
          op.mkwrite ? 'vmf_insert_mixed_mkwrite' : 'vmf_insert_mixed',
          `${A(v)}, pfn ${hex(op.pfn)}`,
          () => vmfInsertMixed(k, mm, vma, v, op.pfn, op.mkwrite),
        ),
      };
    case 'vmf_insert_page_mkwrite':
      return { result: vmfInsertPageMkwrite(k, mm, vma, v, op.pfn, op.write) };
    case 'vmf_insert_pfn_pmd':
      return { result: vmfInsertPfnPmd(k, mm, vma, v, op.pfn, op.write) };
    case 'vmf_insert_pfn_pud':
      return { result: vmfInsertPfnPud(k, mm, vma, v, op.pfn, op.write) };
    case 'vmf_insert_folio_pmd': {
      const head = op.folio === 'huge_zero' ? k.mem.hugeZeroHead : op.folio;
      // ptlab's guard: the kernel's huge_zero_folio is NULL once the shrinker freed it.
      if (head === null)
        return {
          result: SIGBUS,
          detail: 'no huge zero folio: the shrinker freed it and no fault allocated one',
        };
      const f = k.mem.folioAt(head);
      if (!f || f.pfn !== head)
        return { result: SIGBUS, detail: `no folio has its head at pfn ${hex(head)}` };
      return { result: vmfInsertFolioPmd(k, mm, vma, v, f, op.write) };
    }
  }
}

/** maybe_mkwrite(): writable only if the VMA has VM_WRITE. */
function maybeMkwrite(e: LeafEntry, vma: Vma): LeafEntry {
  return (vma.flags & VM.WRITE) !== 0 ? { ...e, write: true } : e;
}

function pfnmapOrMixedBugs(k: Kernel, vma: Vma, fn: string, file: string): void {
  if ((vma.flags & (VM.PFNMAP | VM.MIXEDMAP)) === 0)
    k.bug(`${file}:${fn}`, '!(vma->vm_flags & (VM_PFNMAP|VM_MIXEDMAP))');
  if ((vma.flags & (VM.PFNMAP | VM.MIXEDMAP)) === (VM.PFNMAP | VM.MIXEDMAP))
    k.bug(`${file}:${fn}`, '(vm_flags & (VM_PFNMAP|VM_MIXEDMAP)) == (VM_PFNMAP|VM_MIXEDMAP)');
}

/** The RFC 11 sanity check that replaces the CoW PFNMAP BUG_ON: refuse pfns vm_normal_page() would call normal. */
function cowPfnmapCheck(k: Kernel, vma: Vma, pfn: Pfn, fn: string, file: string): string | undefined {
  if (!k.feat.cowPfnmapAnonRule) {
    if (vma.flags & VM.PFNMAP && isCowMapping(vma.flags))
      k.bug(`${file}:${fn}`, '(vma->vm_flags & VM_PFNMAP) && is_cow_mapping(vma->vm_flags)');
    return undefined;
  }
  // RFC 11: "Refuse this pfn if we could mistake it as a refcounted folio in a CoW mapping later".
  if (
    vma.flags & VM.PFNMAP &&
    k.call('vm_pfnmap_normal_page_pfn', `pfn ${hex(pfn)}`, () => pfnmapNormalPage(k, vma, pfn))
  ) {
    k.branch(
      fn,
      'INS-cow-anon',
      `RFC 11: pfn ${hex(pfn)} is an anon folio in a CoW PFNMAP and would be taken for a CoW copy: VM_FAULT_SIGBUS`,
    );
    return SIGBUS;
  }
  return undefined;
}

/** vmf_insert_pfn() = vmf_insert_pfn_prot(vma, addr, pfn, vma->vm_page_prot). */
export function vmfInsertPfn(k: Kernel, mm: Mm, vma: Vma, v: Vpn, pfn: Pfn): string {
  const fn = 'vmf_insert_pfn_prot';
  return k.call(fn, `${A(v)}, pfn ${hex(pfn)}`, () => {
    pfnmapOrMixedBugs(k, vma, fn, 'mm/memory.c');
    if (!k.feat.cowPfnmapAnonRule && vma.flags & VM.PFNMAP && isCowMapping(vma.flags)) {
      k.branch(
        fn,
        'INS-cow-bug',
        'BUG_ON(VM_PFNMAP && is_cow_mapping()): a CoW PFNMAP only works through remap_pfn_range() linearity',
      );
      k.bug(`mm/memory.c:${fn}`, '(vma->vm_flags & VM_PFNMAP) && is_cow_mapping(vma->vm_flags)');
    }
    if (vma.flags & VM.MIXEDMAP && k.mem.pfnValid(pfn))
      k.bug(`mm/memory.c:${fn}`, '(vma->vm_flags & VM_MIXEDMAP) && pfn_valid(pfn)');
    if (v < vma.start || v >= vma.end) return SIGBUS;
    return insertPfn(k, mm, vma, v, pfn, false);
  });
}

/** insert_pfn(): a special PTE, no refcount, no rmap, no RSS. */
export function insertPfn(k: Kernel, mm: Mm, vma: Vma, v: Vpn, pfn: Pfn, mkwrite: boolean): string {
  const fn = 'insert_pfn';
  return k.call(fn, `${A(v)}, pfn ${hex(pfn)}, mkwrite=${mkwrite}`, () => {
    const bad = k.feat.cowPfnmapAnonRule ? cowPfnmapCheck(k, vma, pfn, fn, 'mm/memory.c') : undefined;
    if (bad) return bad;
    if (!getLockedPte(k, mm, v)) return OOM;
    const old = mm.pt.walk(v, 'pte').entry;
    if (old && old.kind !== 'table') {
      const present = old.kind === 'leaf';
      if (mkwrite && (present || !k.feat.presentChecks)) {
        const oldPfn = old.kind === 'leaf' ? old.pfn : nonPresentPfn(old);
        if (oldPfn !== pfn) {
          k.branch(
            fn,
            'INS-pfn-differs',
            `pte_pfn() of the existing entry is ${hex(oldPfn)}, not ${hex(pfn)}: no change`,
          );
          if (!k.mem.isZeroPfn(oldPfn)) k.warnOnce('mm/memory.c:insert_pfn', '!is_zero_pfn(pte_pfn(entry))');
          return NOPAGE;
        }
        if (old.kind === 'leaf') {
          k.branch(fn, 'INS-upgrade', 'same pfn: make young, dirty and (VM_WRITE) writable in place');
          k.setEntry(mm, v, 'pte', maybeMkwrite({ ...old, young: true, dirty: true }, vma), fn);
        } else {
          k.branch(
            fn,
            'INS-upgrade-nonpresent',
            'pte_pfn() of a non-present entry matched: its bits are "upgraded" (what RFC 03 stops)',
          );
          k.setEntry(mm, v, 'pte', { ...old, write: true }, fn);
        }
        return NOPAGE;
      }
      k.branch(
        fn,
        'INS-busy',
        present
          ? 'already mapped: nothing to do'
          : mkwrite
            ? 'RFC 03: mkwrite && pte_present(entry) is false for a non-present entry: left alone'
            : 'a non-present entry is there and no mkwrite: left alone',
      );
      return NOPAGE;
    }
    let e = mkspecial(k.cfg, 'pte', leaf(pfn));
    if (mkwrite) e = maybeMkwrite({ ...e, young: true, dirty: true }, vma);
    k.branch(
      fn,
      'INS-new',
      k.cfg.pteSpecial
        ? 'pte_mkspecial(pfn_pte(pfn, prot))'
        : 'pfn_pte(pfn, prot): no special bit on this architecture',
    );
    k.setEntry(mm, v, 'pte', e, fn);
    return NOPAGE;
  });
}

/**
 * get_locked_pte() -> walk_to_pmd(): VM_BUG_ON(pmd_trans_huge(*pmd)) with DEBUG_VM; without it the PTE
 * lookup under a huge leaf fails and the caller answers VM_FAULT_OOM / -ENOMEM.
 */
function getLockedPte(k: Kernel, mm: Mm, v: Vpn): boolean {
  if (allocTables(k, mm, v, 'pte', 'get_locked_pte')) return true;
  if (k.cfg.debugVm) k.bug('mm/memory.c:walk_to_pmd', 'VM_BUG_ON(pmd_trans_huge(*pmd))');
  k.branch('get_locked_pte', 'INS-huge-leaf', 'a huge PMD/PUD maps this address: no PTE to lock (-ENOMEM)');
  return false;
}

/** vm_mixed_zeropage_allowed() (mm/memory.c). */
function mixedZeropageAllowed(k: Kernel, vma: Vma): boolean {
  if (vma.flags & VM.PFNMAP)
    k.vmWarnOnce('mm/memory.c:vm_mixed_zeropage_allowed', 'vma->vm_flags & VM_PFNMAP');
  // zeropages in COW mappings are common and unproblematic.
  if (isCowMapping(vma.flags)) return true;
  // Mappings that do not allow for writable PTEs are unproblematic.
  if (!(vma.flags & (VM.MAYWRITE | VM.WRITE))) return true;
  // vm_ops->pfn_mkwrite && (vma_is_fsdax(vma) || VM_IO): of the modelled backings only fsdax has one.
  return vma.backing.type === 'dax';
}

/** __vm_insert_mixed(). */
export function vmfInsertMixed(k: Kernel, mm: Mm, vma: Vma, v: Vpn, pfn: Pfn, mkwrite: boolean): string {
  const fn = '__vm_insert_mixed';
  return k.call(fn, `${A(v)}, pfn ${hex(pfn)}, mkwrite=${mkwrite}`, () => {
    const zero = k.mem.isZeroPfn(pfn);
    if (zero && (mkwrite || !mixedZeropageAllowed(k, vma))) {
      k.branch(fn, 'MIX-zero-refused', 'the zero page may not be mapped here: VM_FAULT_SIGBUS');
      return SIGBUS;
    }
    if (!(vma.flags & VM.MIXEDMAP) && !zero) {
      k.branch(
        fn,
        'MIX-not-mixed',
        'vm_mixed_ok(): not a MIXEDMAP VMA and not the zero page: VM_FAULT_SIGBUS',
      );
      return SIGBUS;
    }
    if (v < vma.start || v >= vma.end) return SIGBUS;
    if (!k.cfg.pteSpecial && k.mem.pfnValid(pfn)) {
      k.branch(
        fn,
        'MIX-insert-page',
        'no pte_special and a struct page: insert_page(), a refcounted "normal" mapping',
      );
      const err = insertPage(k, mm, vma, v, pfn, mkwrite);
      if (err === -12) return OOM;
      if (err < 0 && err !== -16) return SIGBUS;
      return NOPAGE;
    }
    k.branch(fn, 'MIX-insert-pfn', 'insert_pfn(): a special mapping');
    return insertPfn(k, mm, vma, v, pfn, mkwrite);
  });
}

/** vmf_insert_page_mkwrite(). */
export function vmfInsertPageMkwrite(k: Kernel, mm: Mm, vma: Vma, v: Vpn, pfn: Pfn, write: boolean): string {
  return k.call('vmf_insert_page_mkwrite', `${A(v)}, pfn ${hex(pfn)}, write=${write}`, () => {
    const err = insertPage(k, mm, vma, v, pfn, write);
    if (err === -12) return OOM;
    if (err < 0 && err !== -16) return SIGBUS;
    return NOPAGE;
  });
}

/** insert_page() with validate_page_before_insert() and insert_page_into_pte_locked(). Returns 0 or -errno. */
export function insertPage(k: Kernel, mm: Mm, vma: Vma, v: Vpn, pfn: Pfn, mkwrite: boolean): number {
  const fn = 'insert_page';
  return k.call(fn, `${A(v)}, pfn ${hex(pfn)}, mkwrite=${mkwrite}`, () => {
    const f = k.mem.folioOrFree(pfn);
    if (!f) {
      k.branch('validate_page_before_insert', 'IP-no-page', 'no struct page: -EINVAL');
      return -22;
    }
    const isZero = f.kind === 'zero';
    if (!isZero && f.refcount === 0) {
      k.branch('validate_page_before_insert', 'IP-ref0', 'folio_ref_count() == 0: -EINVAL');
      return -22;
    }
    if (isZero && !mixedZeropageAllowed(k, vma)) {
      k.branch('validate_page_before_insert', 'IP-zero', 'zero folio not allowed in this VMA: -EINVAL');
      return -22;
    }
    if (f.kind === 'anon' || f.kind === 'slab') {
      k.branch('validate_page_before_insert', 'IP-anon', 'anon or typed (slab) page: -EINVAL');
      return -22;
    }
    if (!getLockedPte(k, mm, v)) return -12;
    const fn2 = 'insert_page_into_pte_locked';
    const old = mm.pt.walk(v, 'pte').entry;
    if (old && old.kind !== 'table') {
      if (!mkwrite || (k.feat.presentChecks && old.kind !== 'leaf')) {
        k.branch(
          fn2,
          'IP-busy',
          old.kind === 'leaf'
            ? 'already mapped and no mkwrite: -EBUSY'
            : 'RFC 03: !pte_present(pteval), a non-present entry: -EBUSY',
        );
        return -16;
      }
      const oldPfn = old.kind === 'leaf' ? old.pfn : nonPresentPfn(old);
      if (oldPfn !== pfn) {
        k.branch(
          fn2,
          'IP-pfn-differs',
          `pte_pfn() of the existing entry is ${hex(oldPfn)}, not ${hex(pfn)}: -EFAULT`,
        );
        if (!k.mem.isZeroPfn(oldPfn))
          k.warnOnce('mm/memory.c:insert_page_into_pte_locked', '!is_zero_pfn(pte_pfn(pteval))');
        return -14;
      }
      k.branch(fn2, 'IP-upgrade', 'same page: make writable and young in place');
      if (old.kind === 'leaf') k.setEntry(mm, v, 'pte', maybeMkwrite({ ...old, young: true }, vma), fn2);
      else k.setEntry(mm, v, 'pte', { ...old, write: true }, fn2);
      return 0;
    }
    let e = leaf(pfn);
    if (isZero) {
      k.branch(fn2, 'IP-zero', 'the shared zero page: pte_mkspecial, no refcount, no rmap, no RSS');
      e = mkspecial(k.cfg, 'pte', e);
    } else {
      k.branch(fn2, 'IP-page', 'folio_get(), file rmap, file RSS +1: a normal mapping');
      const g = folioGet(k, f, 1, fn2);
      rmapAdd(k, g, 'folio_add_file_rmap_pte');
      k.counter(mm, 'file', 1, fn2);
      // Only a real folio gets young/dirty/writable: the zero folio is never mapped writable.
      if (mkwrite) e = maybeMkwrite({ ...e, young: true, dirty: true }, vma);
    }
    k.setEntry(mm, v, 'pte', e, fn2);
    return 0;
  });
}

/** vmf_insert_pfn_pmd(). */
export function vmfInsertPfnPmd(k: Kernel, mm: Mm, vma: Vma, v: Vpn, pfn: Pfn, write: boolean): string {
  const fn = 'vmf_insert_pfn_pmd';
  return k.call(fn, `${A(v)}, pfn ${hex(pfn)}, write=${write}`, () => {
    pfnmapOrMixedBugs(k, vma, fn, 'mm/huge_memory.c');
    const bad = cowPfnmapCheck(k, vma, pfn, fn, 'mm/huge_memory.c');
    if (bad) return bad;
    const h = (v - (v % 512)) as Vpn;
    // Only the aligned address is checked; the caller made sure the PMD fits (thp_vma_suitable_order()).
    if (h < vma.start || h >= vma.end) {
      k.branch(fn, 'PMD-range', 'the PMD-aligned address is outside the VMA: VM_FAULT_SIGBUS');
      return SIGBUS;
    }
    return insertPmd(k, mm, vma, h, { pfn }, write);
  });
}

/** vmf_insert_folio_pmd(). */
export function vmfInsertFolioPmd(k: Kernel, mm: Mm, vma: Vma, v: Vpn, f: Folio, write: boolean): string {
  const fn = 'vmf_insert_folio_pmd';
  return k.call(
    fn,
    `${A(v)}, folio ${hex(f.pfn)}${f.kind === 'huge_zero' ? ' (huge zero)' : ''}, write=${write}`,
    () => {
      const h = (v - (v % 512)) as Vpn;
      if (h < vma.start || h >= vma.end) return SIGBUS;
      if (f.order !== HPAGE_PMD_ORDER) {
        k.warnOnce('mm/huge_memory.c:vmf_insert_folio_pmd', 'folio_order(folio) != PMD_ORDER');
        return SIGBUS;
      }
      return insertPmd(k, mm, vma, h, { folio: f }, write);
    },
  );
}

/** insert_pmd(): kernel-semantics.md §3.4 steps 1-3. */
export function insertPmd(
  k: Kernel,
  mm: Mm,
  vma: Vma,
  h: Vpn,
  what: { pfn: Pfn } | { folio: Folio },
  write: boolean,
): string {
  const fn = 'insert_pmd';
  return k.call(fn, A(h), () => {
    if (!allocTables(k, mm, h, 'pmd', 'pmd_alloc')) return SIGBUS;
    const old = mm.pt.walk(h, 'pmd');
    const pfn = 'pfn' in what ? what.pfn : what.folio.pfn;
    if (old.level === 'pmd' && old.entry) {
      const e = old.entry;
      if (write && (e.kind !== 'swap' || !k.feat.presentChecks)) {
        // pmd_pfn() of a PTE table's entry is the table's own pfn: never the one being inserted.
        const oldPfn = e.kind === 'leaf' ? e.pfn : e.kind === 'swap' ? nonPresentPfn(e) : -1;
        if (oldPfn !== pfn) {
          k.branch(
            fn,
            'PMD-pfn-differs',
            e.kind === 'table'
              ? 'a PTE table is there: pmd_pfn() differs, no change'
              : `pmd_pfn() of the PMD is ${hex(oldPfn)}, not ${hex(pfn)}: no change`,
          );
          if (!(e.kind === 'leaf' && k.mem.isHugeZeroAny(e.pfn)))
            k.warnOnce('mm/huge_memory.c:insert_pmd', '!is_huge_zero_pmd(*pmd)');
          return NOPAGE;
        }
        k.branch(fn, 'PMD-upgrade', 'same pfn: young, dirty, writable (VM_WRITE) in place');
        if (e.kind === 'leaf')
          k.setEntry(mm, h, 'pmd', maybeMkwrite({ ...e, young: true, dirty: true }, vma), fn);
        else if (e.kind === 'swap') k.setEntry(mm, h, 'pmd', { ...e, write: true }, fn);
        return NOPAGE;
      }
      k.branch(
        fn,
        'PMD-populated',
        `the PMD is populated (${e.kind === 'table' ? 'a PTE table' : e.kind}): nothing changes, VM_FAULT_NOPAGE`,
      );
      return NOPAGE;
    }
    let e: LeafEntry;
    if ('folio' in what) {
      const f = what.folio;
      e = leaf(f.pfn);
      if (f.kind === 'huge_zero' && k.feat.folioPmdHugeZero) {
        if (k.feat.hugeZeroPmdSpecial) {
          e = mkspecial(k.cfg, 'pmd', e);
          k.branch(
            fn,
            'PMD-huge-zero-special',
            k.cfg.pmdPfnmap
              ? 'huge zero folio: pmd_mkspecial(), no refcount/rmap/RSS'
              : 'huge zero folio: pmd_mkspecial() is a no-op without ARCH_SUPPORTS_PMD_PFNMAP; no refcount/rmap/RSS',
          );
        } else {
          k.branch(
            fn,
            'PMD-huge-zero',
            'huge zero folio: no refcount, rmap or RSS (not yet special before RFC 08)',
          );
        }
      } else {
        k.branch(
          fn,
          'PMD-folio',
          f.kind === 'huge_zero'
            ? 'the huge zero folio treated as any folio (unsupported before RFC 06): refcount, file rmap, file RSS +512'
            : 'folio_get(), file rmap, file RSS +512',
        );
        const g = folioGet(k, f, 1, fn);
        rmapAdd(k, g, 'folio_add_file_rmap_pmd');
        k.counter(mm, 'file', 512, fn);
      }
    } else {
      e = mkspecial(k.cfg, 'pmd', leaf(what.pfn));
      k.branch(
        fn,
        'PMD-pfn',
        k.cfg.pmdPfnmap
          ? 'pmd_mkhuge(pfn_pmd()) + pmd_mkspecial()'
          : 'pmd_mkhuge(pfn_pmd()); pmd_mkspecial() is a no-op here',
      );
    }
    if (write) e = maybeMkwrite({ ...e, young: true, dirty: true }, vma);
    k.setEntry(mm, h, 'pmd', e, fn);
    return NOPAGE;
  });
}

/** vmf_insert_pfn_pud() + insert_pud(). */
export function vmfInsertPfnPud(k: Kernel, mm: Mm, vma: Vma, v: Vpn, pfn: Pfn, write: boolean): string {
  const fn = 'vmf_insert_pfn_pud';
  return k.call(fn, `${A(v)}, pfn ${hex(pfn)}, write=${write}`, () => {
    pfnmapOrMixedBugs(k, vma, fn, 'mm/huge_memory.c');
    const bad = cowPfnmapCheck(k, vma, pfn, fn, 'mm/huge_memory.c');
    if (bad) return bad;
    const span = 2 ** HPAGE_PUD_ORDER;
    const h = (v - (v % span)) as Vpn;
    if (h < vma.start || h >= vma.end) {
      k.branch(fn, 'PUD-range', 'the PUD-aligned address is outside the VMA: VM_FAULT_SIGBUS');
      return SIGBUS;
    }
    return k.call('insert_pud', A(h), () => {
      if (!allocTables(k, mm, h, 'pud', 'pud_alloc')) return SIGBUS;
      const old = mm.pt.walk(h, 'pud');
      if (old.level === 'pud' && old.entry) {
        const e = old.entry;
        if (write && e.kind !== 'table' && (e.kind === 'leaf' || !k.feat.presentChecks)) {
          const oldPfn = e.kind === 'leaf' ? e.pfn : nonPresentPfn(e);
          if (oldPfn !== pfn) {
            k.branch(
              'insert_pud',
              'PUD-pfn-differs',
              `pud_pfn() of the PUD is ${hex(oldPfn)}, not ${hex(pfn)}: no change`,
            );
            k.warnOnce('mm/huge_memory.c:insert_pud', 'pud_pfn(*pud) != pfn');
            return NOPAGE;
          }
          if (e.kind === 'leaf')
            k.setEntry(mm, h, 'pud', maybeMkwrite({ ...e, young: true, dirty: true }, vma), 'insert_pud');
          return NOPAGE;
        }
        k.branch('insert_pud', 'PUD-populated', 'the PUD is populated: nothing changes');
        return NOPAGE;
      }
      let e = mkspecial(k.cfg, 'pud', leaf(pfn));
      k.branch(
        'insert_pud',
        'PUD-pfn',
        k.cfg.pudPfnmap
          ? 'pud_mkhuge(pfn_pud()) + pud_mkspecial()'
          : 'pud_mkhuge(pfn_pud()); pud_mkspecial() is a no-op here',
      );
      if (write) e = maybeMkwrite({ ...e, young: true, dirty: true }, vma);
      k.setEntry(mm, h, 'pud', e, 'insert_pud');
      return NOPAGE;
    });
  });
}
