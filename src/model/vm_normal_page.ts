/**
 * vm_normal_page(), vm_normal_page_pmd(), vm_normal_page_pud(): is the page an entry maps "normal"
 * (refcounted, has a struct page the VM may touch) or "special"? One pure classifier per variant body,
 * returning the branch taken (kernel-semantics.md §2 IDs) and every condition checked on the way, so the UI can
 * show the decision path. Reports are not printed here: see callers.ts, which applies them.
 *
 * Kernel: mm/memory.c vm_normal_page(), vm_normal_page_pmd(), vm_normal_page_pud() and, per variant,
 * vm_normal_page_pfn() (RFC 10-14) or __vm_normal_page() (v6.18).
 */
import type { MachineConfig } from './config';
import { type LeafEntry, type LeafLevel, levelHasSpecialBit, specialSeen } from './entry';
import type { MemView } from './physmem';
import { HPAGE_PMD_NR, hex, type Pfn } from './units';
import type { VariantFeatures } from './variants';
import { findPageCallback, isCowMapping, VM, type Vma } from './vma';

export interface ClassifyCtx {
  readonly cfg: MachineConfig;
  readonly feat: VariantFeatures;
  readonly mem: MemView;
}

export interface Check {
  /** The branch ID decided by this check when it is true, where kernel-semantics.md names one. */
  readonly id?: string;
  readonly cond: string;
  readonly value: boolean;
}

export interface Classification {
  /** The function called. */
  readonly fn: 'vm_normal_page' | 'vm_normal_page_pmd' | 'vm_normal_page_pud';
  /** The function body that decided (a helper, where the variant has one). */
  readonly impl: string;
  /** Branch ID of kernel-semantics.md §2 that decided. */
  readonly branch: string;
  readonly text: string;
  /** The struct page returned (its pfn), or null for NULL ("special"). */
  readonly page: Pfn | null;
  readonly checks: readonly Check[];
  /** VM_WARN_ON_ONCE() conditions that are true on this path; printed only with DEBUG_VM, once per site. */
  readonly warns: readonly { site: string; cond: string }[];
  /** A "Bad page map" report is printed (print_bad_pte / print_bad_page_map). */
  readonly bad: boolean;
  /** Set when the function does not exist in the variant (vm_normal_page_pud before RFC 13). */
  readonly missing?: string;
}

const FN: Record<LeafLevel, Classification['fn']> = {
  pte: 'vm_normal_page',
  pmd: 'vm_normal_page_pmd',
  pud: 'vm_normal_page_pud',
};

const NO_CHECKS: Check[] = [];
const NO_WARNS: { site: string; cond: string }[] = [];

/** The decision path being built. Without `detail` only warnings are kept (the hot path of fork/zap). */
class Path {
  checks: Check[] = NO_CHECKS;
  warns: { site: string; cond: string }[] = NO_WARNS;
  constructor(
    readonly fn: Classification['fn'],
    readonly detail: boolean,
  ) {
    if (detail) this.checks = [];
  }
  test(cond: string, value: boolean, id?: string): boolean {
    if (this.detail) this.checks.push(id ? { id, cond, value } : { cond, value });
    return value;
  }
  note(id: string, cond: string): void {
    if (this.detail) this.checks.push({ id, cond, value: true });
  }
  warn(site: string, cond: string, value: boolean): void {
    if (this.detail) this.checks.push({ cond: `VM_WARN_ON_ONCE(${cond})`, value });
    if (value) {
      if (this.warns === NO_WARNS) this.warns = [];
      this.warns.push({ site, cond });
    }
  }
  done(impl: string, branch: string, text: string, page: Pfn | null, bad = false): Classification {
    return { fn: this.fn, impl, branch, text, page, checks: this.checks, warns: this.warns, bad };
  }
}

/** The path object of detail-less calls, reused: callers keep only the returned Classification. */
const FAST = new (class extends Path {
  reset(fn: Classification['fn']): Path {
    (this as { fn: Classification['fn'] }).fn = fn;
    this.warns = NO_WARNS;
    return this;
  }
})('vm_normal_page', false);

/**
 * Classifies a present leaf entry in `vma` as vm_normal_page*(vma, addr, entry) would, `v` being the page of
 * `addr` as the caller passed it: any page inside the entry's range (folio_walk_start() passes the address
 * it walks), which the PFNMAP linearity test reads (linear()).
 */
export function classify(
  ctx: ClassifyCtx,
  vma: Vma,
  v: number,
  level: LeafLevel,
  e: LeafEntry,
  detail = true,
): Classification {
  const fn = FN[level];
  const p = detail ? new Path(fn, true) : FAST.reset(fn);
  const { feat } = ctx;
  if (level === 'pud' && !feat.normalPagePud) {
    return {
      ...p.done(fn, 'n/a', 'vm_normal_page_pud() does not exist before RFC 13 / v6.18', null),
      missing: 'vm_normal_page_pud() does not exist in this variant',
    };
  }
  if (feat.classifier === 'merged') return merged(ctx, vma, v, level, e, p);
  if (feat.classifier === 'rfc') return rfc(ctx, vma, v, level, e, p);
  return level === 'pte' ? basePte(ctx, vma, v, e, p) : basePmd(ctx, vma, v, e, p);
}

/**
 * LINEAR(pfn, addr): `off = (addr - vma->vm_start) >> PAGE_SHIFT; pfn == vma->vm_pgoff + off`, with `addr`
 * the address the caller passed and `pfn` the entry's own pfn (pmd_pfn()/pud_pfn(): the head pfn of a huge
 * entry). mm/memory.c vm_normal_page_pmd() (baseline), vm_normal_page_pfn() (RFC 10) and __vm_normal_page()
 * (v6.18) compute it so: a caller passing an address inside a huge entry, as folio_walk_start() does,
 * compares the head pfn with the pfn that is linear at that address. kernel-semantics.md §1, §2.2.
 */
function linear(p: Path, level: LeafLevel, vma: Vma, v: number, pfn: number, id: string): boolean {
  const off = v - vma.start;
  const value = pfn === vma.pgoff + off;
  if (!p.detail) return value; // the hot path of fork and zap builds no text
  const inside = level !== 'pte' && v % spanOf(level) !== 0;
  const cond = `${level}_pfn(${level}) == vma->vm_pgoff + off (linear; off = (addr - vm_start) >> PAGE_SHIFT = ${hex(off)})`;
  return p.test(
    inside
      ? `${cond}: addr is not the ${level.toUpperCase()}'s first address, so the head pfn is compared with the pfn linear at addr`
      : cond,
    value,
    id,
  );
}

const spanOf = (level: LeafLevel) =>
  level === 'pte' ? 1 : level === 'pmd' ? HPAGE_PMD_NR : HPAGE_PMD_NR * HPAGE_PMD_NR;

const hasPfnOrMixed = (vma: Vma) => (vma.flags & (VM.PFNMAP | VM.MIXEDMAP)) !== 0;

// ---- baseline, v6.17, RFC 01-09 ----------------------------------------------------------------------

function basePte(ctx: ClassifyCtx, vma: Vma, v: number, e: LeafEntry, p: Path): Classification {
  const { cfg, feat, mem } = ctx;
  const pfn = e.pfn;
  const impl = 'vm_normal_page';
  const site = (w: string) => `mm/memory.c:vm_normal_page:${w}`;
  const out = (branch: string, text: string): Classification => {
    if (feat.noHighestMemmapCheck) p.warn(site('!pfn_valid'), '!pfn_valid(pfn)', !mem.pfnValid(pfn));
    p.warn(site('is_zero_pfn'), 'is_zero_pfn(pfn)', mem.isZeroPfn(pfn));
    return p.done(impl, branch, text, pfn);
  };
  const checkPfn = (badId: string, okId: string, okText: string): Classification => {
    if (!feat.noHighestMemmapCheck && p.test('pfn > highest_memmap_pfn', pfn > mem.highestMemmapPfn, badId)) {
      return p.done(impl, badId, 'pfn beyond the memmap: "Bad page map", NULL', null, true);
    }
    return out(okId, okText);
  };
  if (cfg.pteSpecial) {
    if (!p.test('pte_special(pte)', specialSeen(cfg, 'pte', e))) {
      p.note('B-P1', '!pte_special(pte): check the pfn');
      return checkPfn('B-P6', 'B-P7', 'not special: a normal page');
    }
    const cb = findPageCallback(vma, v);
    if (p.test('vma->vm_ops->find_special_page', cb !== undefined, 'B-P2')) {
      return p.done(
        impl,
        'B-P2',
        'special: the driver callback find_special_page() decides',
        cb?.page ?? null,
      );
    }
    if (p.test('vma->vm_flags & (VM_PFNMAP | VM_MIXEDMAP)', hasPfnOrMixed(vma), 'B-P3')) {
      return p.done(impl, 'B-P3', 'special in a PFNMAP/MIXEDMAP VMA: NULL', null);
    }
    if (p.test('is_zero_pfn(pfn)', mem.isZeroPfn(pfn), 'B-P4'))
      return p.done(impl, 'B-P4', 'the shared zero page: NULL', null);
    p.note('B-P5', 'special, but no reason to be: "Bad page map"');
    return p.done(impl, 'B-P5', 'special entry where none is expected: "Bad page map", NULL', null, true);
  }
  // !CONFIG_ARCH_HAS_PTE_SPECIAL: the VMA's rules decide.
  if (p.test('vma->vm_flags & (VM_PFNMAP | VM_MIXEDMAP)', hasPfnOrMixed(vma))) {
    if (p.test('vma->vm_flags & VM_MIXEDMAP', (vma.flags & VM.MIXEDMAP) !== 0)) {
      if (p.test('!pfn_valid(pfn)', !mem.pfnValid(pfn), 'B-N1a'))
        return p.done(impl, 'B-N1a', 'MIXEDMAP without a struct page: NULL', null);
      if (!feat.noHighestMemmapCheck) {
        if (p.test('is_zero_pfn(pfn)', mem.isZeroPfn(pfn), 'B-N1b'))
          return p.done(impl, 'B-N1b', 'MIXEDMAP zero page: NULL', null);
        return out('B-N1c', 'MIXEDMAP with a struct page: normal (no highest_memmap_pfn check)');
      }
      // RFC 01: a valid MIXEDMAP pfn falls through to the common zero-page check.
    } else {
      if (linear(p, 'pte', vma, v, pfn, 'B-N2a')) {
        return p.done(impl, 'B-N2a', 'PFNMAP, pfn follows the remap_pfn_range() linearity: special', null);
      }
      if (p.test('!is_cow_mapping(vm_flags)', !isCowMapping(vma.flags), 'B-N2b')) {
        return p.done(impl, 'B-N2b', 'PFNMAP that is not a CoW mapping: every entry is special', null);
      }
    }
  }
  if (p.test('is_zero_pfn(pfn)', mem.isZeroPfn(pfn), 'B-N3'))
    return p.done(impl, 'B-N3', 'the shared zero page: NULL', null);
  return checkPfn('B-N4', 'B-N5', 'a normal page');
}

function basePmd(ctx: ClassifyCtx, vma: Vma, v: number, e: LeafEntry, p: Path): Classification {
  const { cfg, feat, mem } = ctx;
  const pfn = e.pfn;
  const impl = 'vm_normal_page_pmd';
  const out = (branch: string, text: string): Classification => {
    if (feat.noHighestMemmapCheck)
      p.warn('mm/memory.c:vm_normal_page_pmd:!pfn_valid', '!pfn_valid(pfn)', !mem.pfnValid(pfn));
    return p.done(impl, branch, text, pfn);
  };
  if (p.test('pmd_special(pmd)', specialSeen(cfg, 'pmd', e), 'B-M1')) {
    return p.done(impl, 'B-M1', 'special PMD ("currently only used for huge pfnmaps"): NULL, silently', null);
  }
  if (p.test('vma->vm_flags & (VM_PFNMAP | VM_MIXEDMAP)', hasPfnOrMixed(vma))) {
    if (p.test('vma->vm_flags & VM_MIXEDMAP', (vma.flags & VM.MIXEDMAP) !== 0)) {
      if (p.test('!pfn_valid(pfn)', !mem.pfnValid(pfn), 'B-M2a'))
        return p.done(impl, 'B-M2a', 'MIXEDMAP without a struct page: NULL', null);
      return out('B-M2b', 'MIXEDMAP with a struct page: normal (no zero/huge zero/highest_memmap_pfn check)');
    }
    if (linear(p, 'pmd', vma, v, pfn, 'B-M3a')) {
      return p.done(impl, 'B-M3a', 'PFNMAP, linear pfn: special', null);
    }
    if (p.test('!is_cow_mapping(vm_flags)', !isCowMapping(vma.flags), 'B-M3b'))
      return p.done(impl, 'B-M3b', 'PFNMAP, not CoW: special', null);
  }
  const hz = feat.hugeZeroAnyPfn
    ? p.test('is_huge_zero_pfn(pfn)', mem.isHugeZeroAny(pfn), 'B-M4')
    : p.test('is_huge_zero_pmd(pmd)', mem.isHugeZeroExact(pfn), 'B-M4');
  if (hz) return p.done(impl, 'B-M4', 'the huge zero folio: NULL', null);
  if (!feat.noHighestMemmapCheck && p.test('pfn > highest_memmap_pfn', pfn > mem.highestMemmapPfn, 'B-M5')) {
    return p.done(impl, 'B-M5', 'pfn beyond the memmap: NULL, silently (no report at PMD level)', null);
  }
  return out('B-M6', 'a normal page');
}

// ---- RFC 10-14: vm_normal_page_pfn() ------------------------------------------------------------------

function rfc(ctx: ClassifyCtx, vma: Vma, v: number, level: LeafLevel, e: LeafEntry, p: Path): Classification {
  const { cfg, feat, mem } = ctx;
  const pfn = e.pfn;
  const fn = FN[level];
  if (level === 'pte') {
    if (p.test('pte_special(pte)', specialSeen(cfg, 'pte', e))) {
      const cbName = feat.findNormalPage ? 'find_normal_page' : 'find_special_page';
      const cb = feat.findNormalPage && !cfg.findNormalPage ? undefined : findPageCallback(vma, v);
      if (
        p.test(
          `${feat.findNormalPage ? 'IS_ENABLED(CONFIG_FIND_NORMAL_PAGE) && ' : ''}vma->vm_ops->${cbName}`,
          cb !== undefined,
          'R-P1a',
        )
      ) {
        return p.done(fn, 'R-P1a', `special: the driver callback ${cbName}() decides`, cb?.page ?? null);
      }
      if (p.test('vma->vm_flags & (VM_PFNMAP | VM_MIXEDMAP)', hasPfnOrMixed(vma), 'R-P1b')) {
        return p.done(fn, 'R-P1b', 'special in a PFNMAP/MIXEDMAP VMA: NULL', null);
      }
      if (p.test('is_zero_pfn(pfn)', mem.isZeroPfn(pfn), 'R-P1c'))
        return p.done(fn, 'R-P1c', 'the shared zero page: NULL', null);
      p.note('R-P1d', 'special, but no reason to be: "Bad page map"');
      return p.done(fn, 'R-P1d', 'special entry where none is expected: "Bad page map", NULL', null, true);
    }
    p.note('R-P2', 'not special: vm_normal_page_pfn()');
  } else if (level === 'pmd') {
    if (p.test('pmd_special(pmd)', specialSeen(cfg, 'pmd', e), 'R-M1')) {
      p.warn(
        'mm/memory.c:vm_normal_page_pmd:unexpected special',
        '!(vm_flags & (VM_PFNMAP|VM_MIXEDMAP)) && !is_huge_zero_pfn(pfn)',
        !hasPfnOrMixed(vma) && !mem.isHugeZeroAny(pfn),
      );
      return p.done(fn, 'R-M1', 'special PMD: NULL', null);
    }
    p.note('R-M2', 'not special: vm_normal_page_pfn()');
  } else {
    if (p.test('pud_special(pud)', specialSeen(cfg, 'pud', e), 'R-U1')) {
      p.warn(
        'mm/memory.c:vm_normal_page_pud:unexpected special',
        '!(vm_flags & (VM_PFNMAP|VM_MIXEDMAP))',
        !hasPfnOrMixed(vma),
      );
      return p.done(fn, 'R-U1', 'special PUD: NULL', null);
    }
    p.note('R-U2', 'not special: vm_normal_page_pfn()');
  }
  // vm_normal_page_pfn()
  const impl = 'vm_normal_page_pfn';
  const normal = (branch: string, text: string): Classification => {
    p.warn('mm/memory.c:vm_normal_page_pfn:!pfn_valid', '!pfn_valid(pfn)', !mem.pfnValid(pfn));
    p.warn(
      'mm/memory.c:vm_normal_page_pfn:zero',
      'is_zero_pfn(pfn) || is_huge_zero_pfn(pfn)',
      mem.isZeroPfn(pfn) || mem.isHugeZeroAny(pfn),
    );
    return p.done(impl, branch, text, pfn);
  };
  if (p.test('IS_ENABLED(CONFIG_ARCH_HAS_PTE_SPECIAL)', cfg.pteSpecial, 'R-C1')) {
    return normal('R-C1', 'pte_special exists and the entry is not special: a normal page');
  }
  if (p.test('vma->vm_flags & (VM_PFNMAP | VM_MIXEDMAP)', hasPfnOrMixed(vma))) {
    if (p.test('vma->vm_flags & VM_MIXEDMAP', (vma.flags & VM.MIXEDMAP) !== 0)) {
      if (p.test('!pfn_valid(pfn)', !mem.pfnValid(pfn), 'R-N1a'))
        return p.done(impl, 'R-N1a', 'MIXEDMAP without a struct page: NULL', null);
      p.note('R-N1b', 'MIXEDMAP with a struct page: on to the zero checks');
    } else if (feat.cowPfnmapAnonRule) {
      p.note('R-N2', 'PFNMAP: vm_pfnmap_normal_page_pfn()');
      return pfnmapNormal(ctx, vma, pfn, p);
    } else {
      if (linear(p, level, vma, v, pfn, 'R-N2a')) {
        return p.done(impl, 'R-N2a', 'PFNMAP, linear pfn: special', null);
      }
      if (p.test('!is_cow_mapping(vm_flags)', !isCowMapping(vma.flags), 'R-N2b'))
        return p.done(impl, 'R-N2b', 'PFNMAP, not CoW: special', null);
    }
  }
  if (
    p.test('is_zero_pfn(pfn) || is_huge_zero_pfn(pfn)', mem.isZeroPfn(pfn) || mem.isHugeZeroAny(pfn), 'R-N3')
  ) {
    return p.done(impl, 'R-N3', 'a shared zero folio: NULL', null);
  }
  return normal('R-NORMAL', 'a normal page');
}

/** RFC 11 vm_pfnmap_normal_page_pfn() (only without pte_special): a CoW PFNMAP page is normal iff anon. */
export function pfnmapNormalPage(ctx: ClassifyCtx, vma: Vma, pfn: Pfn): boolean {
  if (ctx.cfg.pteSpecial) return false;
  if (!isCowMapping(vma.flags)) return false;
  if (!ctx.mem.pfnValid(pfn)) return false;
  const f = ctx.mem.folioAt(pfn);
  return f?.kind === 'anon';
}

function pfnmapNormal(ctx: ClassifyCtx, vma: Vma, pfn: Pfn, p: Path): Classification {
  const impl = 'vm_pfnmap_normal_page_pfn';
  p.warn(
    'mm/memory.c:vm_pfnmap_normal_page_pfn:!VM_PFNMAP',
    '!(vma->vm_flags & VM_PFNMAP)',
    (vma.flags & VM.PFNMAP) === 0,
  );
  if (p.test('!is_cow_mapping(vm_flags)', !isCowMapping(vma.flags), 'R-F1'))
    return p.done(impl, 'R-F1', 'PFNMAP, not CoW: special', null);
  if (p.test('!pfn_valid(pfn)', !ctx.mem.pfnValid(pfn), 'R-F2'))
    return p.done(impl, 'R-F2', 'no struct page: special', null);
  const f = ctx.mem.folioAt(pfn);
  if (p.test('folio_test_slab(folio) || !folio_test_anon(folio)', f?.kind !== 'anon', 'R-F3')) {
    return p.done(impl, 'R-F3', 'not an anon folio: special (only CoW copies are normal)', null);
  }
  return p.done(impl, 'R-F4', 'an anon folio in a CoW PFNMAP: a CoW copy, normal', pfn);
}

// ---- v6.18 and the 2026 fix: __vm_normal_page() -------------------------------------------------------

function merged(
  ctx: ClassifyCtx,
  vma: Vma,
  v: number,
  level: LeafLevel,
  e: LeafEntry,
  p: Path,
): Classification {
  const { cfg, feat, mem } = ctx;
  const pfn = e.pfn;
  const impl = '__vm_normal_page';
  const zero = mem.isZeroPfn(pfn) || mem.isHugeZeroAny(pfn);
  const hasSpecial = feat.perLevelSpecial
    ? p.test(`pgtable_level_has_pxx_special(${level.toUpperCase()})`, levelHasSpecialBit(cfg, level))
    : p.test('IS_ENABLED(CONFIG_ARCH_HAS_PTE_SPECIAL)', cfg.pteSpecial);
  if (hasSpecial) {
    if (p.test(`${level}_special(${level})`, specialSeen(cfg, level, e))) {
      const cb = cfg.findNormalPage ? findPageCallback(vma, v) : undefined;
      if (
        p.test(
          'IS_ENABLED(CONFIG_FIND_NORMAL_PAGE) && vma->vm_ops->find_normal_page',
          cb !== undefined,
          'M-S1a',
        )
      ) {
        return p.done(
          impl,
          'M-S1a',
          'special: the driver callback find_normal_page() decides',
          cb?.page ?? null,
        );
      }
      if (p.test('vma->vm_flags & (VM_PFNMAP | VM_MIXEDMAP)', hasPfnOrMixed(vma), 'M-S1b')) {
        return p.done(impl, 'M-S1b', 'special in a PFNMAP/MIXEDMAP VMA: NULL', null);
      }
      if (p.test('is_zero_pfn(pfn) || is_huge_zero_pfn(pfn)', zero, 'M-S1c'))
        return p.done(impl, 'M-S1c', 'a shared zero folio: NULL', null);
      p.note('M-S1d', 'special, but no reason to be: "Bad page map"');
      return p.done(impl, 'M-S1d', 'special entry where none is expected: "Bad page map", NULL', null, true);
    }
    p.note('M-Y0', 'not special: check the pfn');
  } else {
    if (p.test('vma->vm_flags & (VM_PFNMAP | VM_MIXEDMAP)', hasPfnOrMixed(vma))) {
      if (p.test('vma->vm_flags & VM_MIXEDMAP', (vma.flags & VM.MIXEDMAP) !== 0)) {
        if (p.test('!pfn_valid(pfn)', !mem.pfnValid(pfn), 'M-N1a'))
          return p.done(impl, 'M-N1a', 'MIXEDMAP without a struct page: NULL', null);
        p.note('M-N1b', 'MIXEDMAP with a struct page: on to the zero checks');
      } else {
        if (linear(p, level, vma, v, pfn, 'M-N2a')) {
          return p.done(impl, 'M-N2a', 'PFNMAP, linear pfn: special', null);
        }
        if (p.test('!is_cow_mapping(vm_flags)', !isCowMapping(vma.flags), 'M-N2b'))
          return p.done(impl, 'M-N2b', 'PFNMAP, not CoW: special', null);
      }
    }
    if (p.test('is_zero_pfn(pfn) || is_huge_zero_pfn(pfn)', zero, 'M-N3'))
      return p.done(impl, 'M-N3', 'a shared zero folio: NULL', null);
  }
  if (p.test('pfn > highest_memmap_pfn', pfn > mem.highestMemmapPfn, 'M-H')) {
    return p.done(
      impl,
      'M-H',
      'pfn beyond the memmap ("Corrupted page table entry"): "Bad page map", NULL',
      null,
      true,
    );
  }
  p.warn('mm/memory.c:__vm_normal_page:zero', 'is_zero_pfn(pfn) || is_huge_zero_pfn(pfn)', zero);
  return p.done(impl, 'M-OK', 'a normal page', pfn);
}
