/**
 * Tests of classify(): one block per branch ID of kernel-semantics.md §2 (B-*, R-*, M-*), the §2.5/§2.6 huge zero
 * PMD on an architecture without PMD_PFNMAP, every row of the §2.7 quick-reference matrix, and the per-patch
 * deltas of Appendix A. Expected values come from kernel-semantics.md and the RFC patch diffs, not from the model.
 *
 * World (kernel-semantics.md §5): zero pfn 0x42, huge zero folio 0x200-0x3ff, highest_memmap_pfn 0x7ffff, RAM
 * 0..0x7ffff, MMIO 0xfe000.. (no memmap), anon 0x1000-0x10ff, anon THP 0x1400-0x15ff, file 0x2000, slab 0x3000,
 * free RAM 0x4000-0x40ff.
 */
import { describe, expect, it } from 'vitest';
import { type MachineConfig, presetConfig } from './config';
import { type LeafEntry, type LeafLevel, leaf, mkspecial } from './entry';
import { type FolioKind, type FolioSpec, type LayoutSpec, memLayout, PhysMem } from './physmem';
import { asPfn, vpn } from './units';
import { VARIANT_IDS, type VariantFeatures, type VariantId, variantInfo } from './variants';
import { type Classification, classify } from './vm_normal_page';
import { type Backing, VM, type Vma } from './vma';

// ---- the example world --------------------------------------------------------------------------------

const Z = asPfn(0x42); // zero_pfn
const H = asPfn(0x200); // huge zero folio head (covers 0x200-0x3ff)
const H1 = asPfn(H + 1); // a subpage of the huge zero folio
const HMID = asPfn(H + 0x100); // another subpage, used where an entry maps a subpage "by PMD"
const HIGH = asPfn(0x7ffff); // highest_memmap_pfn
const ANON = asPfn(0x1001); // an order-0 anon folio
const THP = asPfn(0x1400); // an anon THP (order 9)
const FILE = asPfn(0x2000);
const SLAB = asPfn(0x3000);
const FREE = asPfn(0x4001); // RAM with a memmap but no folio
const MMIO = asPfn(0xfe005); // no memmap
const MMIO2 = asPfn(0xfe010);
const DEV_HUGE = asPfn(0x100000); // MMIO, 1 GiB aligned
const WILD = asPfn(0x123456); // Hugh's corrupted pfn: beyond everything
const WILD_PMD = asPfn(0x123400);
const RAM_PUD = asPfn(0x40000); // RAM, 1 GiB aligned
const ZD = asPfn(0x90000); // WORLD2 only: a memmap (pfn_valid) above highest_memmap_pfn (kernel-semantics.md §7)

const BASE_LAYOUT: LayoutSpec = {
  ranges: [
    { start: 0, end: HIGH + 1, type: 'ram', name: 'System RAM' },
    { start: 0xfe000, end: 0x110000, type: 'device', name: 'MMIO' },
  ],
  zeroPfn: Z,
  hugeZeroPfn: H,
  highestMemmapPfn: HIGH,
  allocStart: 0x8000,
};

function folio(pfn: number, order: number, kind: FolioKind): FolioSpec {
  return {
    pfn,
    order,
    kind,
    refcount: 1,
    mapcount: kind === 'anon' ? 1 : 0,
    anonExclusive: kind === 'anon',
    content: `${kind}@${pfn}`,
  };
}

function world(layout: LayoutSpec): PhysMem {
  const mem = new PhysMem(memLayout(layout));
  mem.put(folio(Z, 0, 'zero'));
  mem.put(folio(H, 9, 'huge_zero'));
  for (let p = 0x1000; p < 0x1100; p++) mem.put(folio(p, 0, 'anon'));
  mem.put(folio(THP, 9, 'anon'));
  mem.put(folio(FILE, 0, 'file'));
  mem.put(folio(SLAB, 0, 'slab'));
  return mem;
}

const WORLD = world(BASE_LAYOUT);
/** As WORLD plus a memmap'ed range above highest_memmap_pfn (e.g. ZONE_DEVICE; kernel-semantics.md §7). */
const WORLD2 = world({
  ...BASE_LAYOUT,
  ranges: [...BASE_LAYOUT.ranges, { start: ZD, end: ZD + 0x200, type: 'ram', name: 'pmem with memmap' }],
});

// ---- VMAs (page indices) ------------------------------------------------------------------------------

let nextId = 1;
function mkVma(
  name: string,
  start: number,
  pages: number,
  pgoff: number,
  flags: number,
  backing: Backing,
): Vma {
  return {
    id: nextId++,
    name,
    start: vpn(start),
    end: vpn(start + pages),
    pgoff,
    flags,
    backing,
    anonVma: false,
  };
}
const PRIVATE_RW = VM.READ | VM.WRITE | VM.MAYREAD | VM.MAYWRITE;
const SHARED_RW = VM.SHARED | VM.MAYSHARE | VM.READ | VM.WRITE | VM.MAYREAD | VM.MAYWRITE;
const REMAP = VM.PFNMAP | VM.IO | VM.DONTEXPAND | VM.DONTDUMP;
/** /dev/mem MAP_PRIVATE (brief): PFNMAP|IO|DONTEXPAND|DONTDUMP|MAYWRITE|READ|MAYREAD: a CoW mapping. */
const DEVMEM_PRIVATE = REMAP | VM.MAYWRITE | VM.READ | VM.MAYREAD;

/** A: private anonymous. */
const A = mkVma('A', 0x10000, 16, 0x10000, PRIVATE_RW, { type: 'anon' });
/** T: private anonymous, THP-eligible, 2 MiB aligned. */
const T = mkVma('T', 0x200, 0x400, 0x200, PRIVATE_RW | VM.HUGEPAGE, { type: 'anon' });
/** P: /dev/mem MAP_PRIVATE of pfn 0x4000, 4 pages. */
const P = mkVma('P', 0x20000, 4, 0x4000, DEVMEM_PRIVATE, { type: 'devmem' });
/** P2: as P at vm_pgoff 0x1000 (pfns that are anon folios: the §4.1 /dev/mem hazard). */
const P2 = mkVma('P2', 0x20100, 4, 0x1000, DEVMEM_PRIVATE, { type: 'devmem' });
/** Sh: /dev/mem MAP_SHARED O_RDWR of 0xfe000: not CoW. */
const Sh = mkVma('Sh', 0x30000, 4, 0xfe000, REMAP | SHARED_RW, { type: 'devmem' });
/** R: /dev/mem MAP_SHARED O_RDONLY (the pfnmap.c fixture): SHARED and MAYWRITE cleared, MAYSHARE kept. */
const R = mkVma('R', 0x30100, 2, 0x5000, REMAP | VM.MAYSHARE | VM.READ | VM.MAYREAD, { type: 'devmem' });
/** M: a shared MIXEDMAP driver VMA. */
const M = mkVma('M', 0x40000, 16, 0, VM.MIXEDMAP | SHARED_RW, { type: 'mixedmap-driver', pfnBase: MMIO2 });
/** PM: both PFNMAP and MIXEDMAP, CoW, vm_pgoff 0x2000 (the MIXEDMAP rows win). */
const PM = mkVma('PM', 0x40100, 4, FILE, VM.PFNMAP | VM.MIXEDMAP | PRIVATE_RW, { type: 'raw' });
/** X: Xen gntdev (MIXEDMAP|DONTEXPAND|DONTDUMP|DONTCOPY) whose callback returns pfns 0x6000.., NULL at idx 2. */
const X = mkVma('X', 0x50000, 4, 0, VM.MIXEDMAP | VM.DONTEXPAND | VM.DONTDUMP | VM.DONTCOPY | SHARED_RW, {
  type: 'gntdev',
  pages: [asPfn(0x6000), asPfn(0x6001), null, asPfn(0x6003)],
});
/** XH: a MIXEDMAP VMA with a find_*_page callback, PMD aligned (MERGED consults the callback at any level). */
const XH = mkVma('XH', 0x50200, 0x200, 0, VM.MIXEDMAP | SHARED_RW, {
  type: 'raw',
  findPage: [asPfn(0x6000)],
});
/** PH: a CoW PFNMAP, PMD aligned, vm_pgoff 0x4000. */
const PH = mkVma('PH', 0x60000, 0x400, 0x4000, DEVMEM_PRIVATE, { type: 'raw' });
/** MH: a shared MIXEDMAP VMA, PMD aligned. */
const MH = mkVma('MH', 0x70000, 0x400, 0, VM.MIXEDMAP | SHARED_RW, {
  type: 'mixedmap-driver',
  pfnBase: DEV_HUGE,
});
/** HP: a shared huge PFNMAP (driver with PMD/PUD faults), 1 GiB aligned, linear from 0x100000. */
const HP = mkVma('HP', 0x100000, 0x80000, DEV_HUGE, REMAP | SHARED_RW, {
  type: 'pfnmap-driver',
  pfnBase: DEV_HUGE,
  fault: 'pud',
});
/** F: a shared fsdax file VMA (no PFNMAP/MIXEDMAP), 1 GiB aligned. */
const F = mkVma('F', 0x140000, 0x40000, 0, SHARED_RW, { type: 'dax', file: 'pmem0' });

// ---- configs and variants -----------------------------------------------------------------------------

const CFG = {
  /** x86-64: pte_special, PMD and PUD special bits. */
  Y: presetConfig('x86-64'),
  /** x86-64 with 5-level paging: same decisions. */
  Y5: presetConfig('x86-64-la57'),
  /** x86-32 with THP: pte_special but no PMD/PUD special bits. */
  Y32: presetConfig('x86-32-thp'),
  /** no CONFIG_ARCH_HAS_PTE_SPECIAL (and so no PMD/PUD bits). */
  N: presetConfig('no-pte-special'),
} as const satisfies Record<string, MachineConfig>;
type CfgName = keyof typeof CFG;
const Y_PTE: CfgName[] = ['Y', 'Y5', 'Y32']; // configs where pte_special exists
const Y_PMD: CfgName[] = ['Y', 'Y5']; // configs where pmd_special/pud_special exist too
const ALL_CFG: CfgName[] = ['Y', 'Y5', 'Y32', 'N'];

const PRE01: VariantId[] = ['baseline', 'v6.17'];
const RFC01_09: VariantId[] = [
  'rfc-01',
  'rfc-02',
  'rfc-03',
  'rfc-04',
  'rfc-05',
  'rfc-06',
  'rfc-07',
  'rfc-08',
  'rfc-09',
];
const BASE_ALL: VariantId[] = [...PRE01, ...RFC01_09];
/** is_huge_zero_pmd() compares the head pfn only (before RFC 09 / v6.17). */
const HZ_EXACT: VariantId[] = [
  'baseline',
  'rfc-01',
  'rfc-02',
  'rfc-03',
  'rfc-04',
  'rfc-05',
  'rfc-06',
  'rfc-07',
  'rfc-08',
];
const HZ_ANY_BASE: VariantId[] = ['v6.17', 'rfc-09'];
const RFC10: VariantId[] = ['rfc-10'];
const RFC11_14: VariantId[] = ['rfc-11', 'rfc-12', 'rfc-13', 'rfc-14'];
const RFC_ALL: VariantId[] = [...RFC10, ...RFC11_14];
const RFC10_13: VariantId[] = ['rfc-10', 'rfc-11', 'rfc-12', 'rfc-13'];
const PUD_RFC: VariantId[] = ['rfc-13', 'rfc-14'];
const MERGED: VariantId[] = ['v6.18', 'mm-2026', 'fix-2026'];

// ---- running a case -----------------------------------------------------------------------------------

const W_ZERO = 'is_zero_pfn(pfn)';
const W_INVALID = '!pfn_valid(pfn)';
const W_ZERO_ANY = 'is_zero_pfn(pfn) || is_huge_zero_pfn(pfn)';
const W_PMD_SPECIAL = '!(vm_flags & (VM_PFNMAP|VM_MIXEDMAP)) && !is_huge_zero_pfn(pfn)';
const W_PUD_SPECIAL = '!(vm_flags & (VM_PFNMAP|VM_MIXEDMAP))';

interface Case {
  name: string;
  vma: Vma;
  /** Page index of the entry's start in the VMA. */
  idx?: number;
  level?: LeafLevel;
  pfn: number;
  /** The special bit as written in the entry (pte_special() etc. ignore it where the level has no bit). */
  special?: boolean;
  mem?: PhysMem;
  cfg?: Partial<MachineConfig>;
  // expected
  branch: string;
  page: number | null;
  warns?: string[];
  bad?: boolean;
  /** Pass-through branch IDs that must appear as true checks on the path. */
  via?: string[];
  /** Branch IDs whose checks must not be evaluated on the path. */
  notVia?: string[];
}

interface Row extends Case {
  variant: VariantId;
  cfgName: CfgName;
  title: string;
}

function rows(variants: readonly VariantId[], cfgs: readonly CfgName[], cases: readonly Case[]): Row[] {
  const out: Row[] = [];
  for (const variant of variants)
    for (const cfgName of cfgs)
      for (const c of cases) out.push({ ...c, variant, cfgName, title: `${variant} [${cfgName}] ${c.name}` });
  return out;
}

function ctxOf(variant: VariantId, cfg: MachineConfig, mem: PhysMem = WORLD) {
  return { cfg, feat: variantInfo(variant).features, mem };
}

function run(
  variant: VariantId,
  cfgName: CfgName,
  c: Omit<Case, 'branch' | 'page' | 'name'>,
): Classification {
  const cfg = { ...CFG[cfgName], ...c.cfg };
  const level = c.level ?? 'pte';
  const e = leaf(c.pfn, { special: c.special ?? false });
  return classify(ctxOf(variant, cfg, c.mem), c.vma, c.vma.start + (c.idx ?? 0), level, e);
}

function outcome(r: Classification) {
  return {
    branch: r.branch,
    page: r.page,
    warns: r.warns.map((w) => w.cond),
    bad: r.bad,
    missing: r.missing !== undefined,
  };
}

/** Branches taken when no listed condition matched ("otherwise" rows of §2). */
const OTHERWISE = new Set(['B-P7', 'B-N1c', 'B-N5', 'B-M2b', 'B-M6', 'R-NORMAL', 'R-F4', 'M-OK']);

function check(row: Row): void {
  const r = run(row.variant, row.cfgName, row);
  expect(outcome(r)).toEqual({
    branch: row.branch,
    page: row.page,
    warns: row.warns ?? [],
    bad: row.bad ?? false,
    missing: false,
  });
  expect(r.fn).toBe(
    { pte: 'vm_normal_page', pmd: 'vm_normal_page_pmd', pud: 'vm_normal_page_pud' }[row.level ?? 'pte'],
  );
  // The decisive check is recorded as true, except for the "otherwise" rows, which have no condition.
  if (!OTHERWISE.has(row.branch)) expect(r.checks.some((k) => k.id === row.branch && k.value)).toBe(true);
  for (const id of row.via ?? [])
    expect(r.checks, `via ${id}`).toContainEqual(expect.objectContaining({ id, value: true }));
  for (const id of row.notVia ?? []) expect(r.checks.some((k) => k.id === id)).toBe(false);
}

/** it.each over a cross product, asserting branch, page, warns and bad of every case. */
function cases(variants: readonly VariantId[], cfgs: readonly CfgName[], cs: readonly Case[]): void {
  it.each(rows(variants, cfgs, cs))('$title', check);
}

// ---- sanity of the world ------------------------------------------------------------------------------

describe('the §5 example world', () => {
  it('has the §5 memmap, zero folios and folio kinds', () => {
    expect([
      WORLD.pfnValid(asPfn(0)),
      WORLD.pfnValid(asPfn(HIGH)),
      WORLD.pfnValid(asPfn(HIGH + 1)),
      WORLD.pfnValid(asPfn(MMIO)),
    ]).toEqual([true, true, false, false]);
    expect(WORLD.rangeOf(asPfn(MMIO))?.type).toBe('device');
    expect([
      WORLD.isZeroPfn(asPfn(Z)),
      WORLD.isHugeZeroExact(asPfn(H)),
      WORLD.isHugeZeroExact(asPfn(H1)),
      WORLD.isHugeZeroAny(asPfn(0x3ff)),
      WORLD.isHugeZeroAny(asPfn(0x400)),
    ]).toEqual([true, true, false, true, false]);
    expect([ANON, THP + 5, FILE, SLAB].map((p) => WORLD.folioAt(asPfn(p))?.kind)).toEqual([
      'anon',
      'anon',
      'file',
      'slab',
    ]);
    expect(WORLD.folioAt(asPfn(FREE))).toBeUndefined();
    expect([WORLD2.pfnValid(asPfn(ZD)), ZD > WORLD2.highestMemmapPfn]).toEqual([true, true]);
  });
  it('groups cover every variant id exactly once', () => {
    expect([...BASE_ALL, ...RFC_ALL, ...MERGED].sort()).toEqual([...VARIANT_IDS].sort());
  });
});

// ---- §2.2 BASE: vm_normal_page(), config Y ------------------------------------------------------------

describe('§2.2 vm_normal_page() with CONFIG_ARCH_HAS_PTE_SPECIAL (B-P*)', () => {
  describe('B-P1: not special -> CHECK_PFN', () => {
    cases(BASE_ALL, Y_PTE, [
      { name: 'anon page in A', vma: A, idx: 1, pfn: ANON, branch: 'B-P7', page: ANON, via: ['B-P1'] },
      {
        name: 'CoW copy in P',
        vma: P,
        idx: 1,
        pfn: ANON,
        branch: 'B-P7',
        page: ANON,
        via: ['B-P1'],
        notVia: ['B-P3'],
      },
    ]);
  });
  describe('B-P2: special and find_special_page() exists (no Kconfig gate before RFC 14)', () => {
    const cs: Case[] = [
      {
        name: 'gntdev idx 0: the callback page',
        vma: X,
        idx: 0,
        pfn: 0x7000,
        special: true,
        branch: 'B-P2',
        page: 0x6000,
      },
      {
        name: 'gntdev idx 2: the callback returns NULL',
        vma: X,
        idx: 2,
        pfn: 0x7002,
        special: true,
        branch: 'B-P2',
        page: null,
      },
      {
        name: 'callback wins over MIXEDMAP and ZERO',
        vma: X,
        idx: 1,
        pfn: Z,
        special: true,
        branch: 'B-P2',
        page: 0x6001,
      },
    ];
    cases(BASE_ALL, Y_PTE, cs);
    cases(
      BASE_ALL,
      ['Y'],
      cs.map((c) => ({ ...c, name: `${c.name} (CONFIG_FIND_NORMAL_PAGE=y)`, cfg: { findNormalPage: true } })),
    );
  });
  describe('B-P3: special in PFNMAP/MIXEDMAP', () => {
    cases(BASE_ALL, Y_PTE, [
      {
        name: 'linear remap_pfn_range PTE in P',
        vma: P,
        idx: 1,
        pfn: 0x4001,
        special: true,
        branch: 'B-P3',
        page: null,
      },
      { name: 'MMIO in Sh', vma: Sh, idx: 0, pfn: 0xfe000, special: true, branch: 'B-P3', page: null },
      {
        name: 'MIXEDMAP pfn without memmap',
        vma: M,
        idx: 0,
        pfn: MMIO2,
        special: true,
        branch: 'B-P3',
        page: null,
      },
      {
        name: 'zero page in M: the flags are tested before ZERO',
        vma: M,
        idx: 3,
        pfn: Z,
        special: true,
        branch: 'B-P3',
        page: null,
      },
    ]);
  });
  describe('B-P4: special shared zero page', () => {
    cases(BASE_ALL, Y_PTE, [
      { name: 'zero PTE in A', vma: A, idx: 5, pfn: Z, special: true, branch: 'B-P4', page: null },
    ]);
  });
  describe('B-P5: special otherwise -> Bad page map', () => {
    cases(BASE_ALL, Y_PTE, [
      {
        name: 'special anon pfn in A',
        vma: A,
        idx: 1,
        pfn: ANON,
        special: true,
        branch: 'B-P5',
        page: null,
        bad: true,
      },
      {
        name: 'special huge zero subpage in A (no HZ test at PTE)',
        vma: A,
        idx: 1,
        pfn: H1,
        special: true,
        branch: 'B-P5',
        page: null,
        bad: true,
      },
      {
        name: 'special pfn > HIGH in A',
        vma: A,
        idx: 1,
        pfn: WILD,
        special: true,
        branch: 'B-P5',
        page: null,
        bad: true,
      },
    ]);
  });
  describe('B-P6: pfn > highest_memmap_pfn -> Bad page map (baseline, v6.17)', () => {
    cases(PRE01, Y_PTE, [
      {
        name: "Hugh's corrupted PTE in A (S-61)",
        vma: A,
        idx: 1,
        pfn: WILD,
        branch: 'B-P6',
        page: null,
        bad: true,
        via: ['B-P1'],
      },
      { name: 'HIGH + 1', vma: A, idx: 1, pfn: HIGH + 1, branch: 'B-P6', page: null, bad: true },
      { name: 'non-special MMIO pfn in P', vma: P, idx: 1, pfn: MMIO, branch: 'B-P6', page: null, bad: true },
    ]);
  });
  describe('B-P7: a normal page', () => {
    cases(BASE_ALL, Y_PTE, [
      { name: 'anon page in A', vma: A, idx: 1, pfn: ANON, branch: 'B-P7', page: ANON },
      { name: 'pfn == HIGH', vma: A, idx: 1, pfn: HIGH, branch: 'B-P7', page: HIGH },
      {
        name: 'non-special zero pfn: PAGE + W',
        vma: A,
        idx: 1,
        pfn: Z,
        branch: 'B-P7',
        page: Z,
        warns: [W_ZERO],
      },
      {
        name: 'non-special huge zero subpage: PAGE, no W',
        vma: A,
        idx: 1,
        pfn: H1,
        branch: 'B-P7',
        page: H1,
      },
      {
        name: 'non-special linear pfn in P (Y trusts the bit)',
        vma: P,
        idx: 1,
        pfn: 0x4001,
        branch: 'B-P7',
        page: 0x4001,
      },
      { name: 'non-special RAM pfn in Sh', vma: Sh, idx: 1, pfn: FILE, branch: 'B-P7', page: FILE },
      { name: 'valid pfn in M', vma: M, idx: 1, pfn: FILE, branch: 'B-P7', page: FILE },
    ]);
    // RFC 01: no highest_memmap_pfn check; VM_WARN_ON_ONCE(!pfn_valid(pfn)) and pfn_to_page() anyway.
    cases(RFC01_09, Y_PTE, [
      {
        name: "Hugh's corrupted PTE (S-61): PAGE + W",
        vma: A,
        idx: 1,
        pfn: WILD,
        branch: 'B-P7',
        page: WILD,
        warns: [W_INVALID],
      },
      {
        name: 'non-special MMIO pfn in P: PAGE + W',
        vma: P,
        idx: 1,
        pfn: MMIO,
        branch: 'B-P7',
        page: MMIO,
        warns: [W_INVALID],
      },
    ]);
  });
});

// ---- §2.2 BASE: vm_normal_page(), config N ------------------------------------------------------------

describe('§2.2 vm_normal_page() without pte_special (B-N*)', () => {
  describe('B-N1a: MIXEDMAP without a memmap', () => {
    cases(
      BASE_ALL,
      ['N'],
      [
        { name: 'MMIO in M', vma: M, idx: 0, pfn: MMIO2, branch: 'B-N1a', page: null },
        {
          name: 'PFNMAP|MIXEDMAP: the MIXEDMAP rows apply',
          vma: PM,
          idx: 0,
          pfn: MMIO,
          branch: 'B-N1a',
          page: null,
        },
        {
          name: 'the special bit is ignored (gntdev, no callback consulted)',
          vma: X,
          idx: 0,
          pfn: MMIO,
          special: true,
          branch: 'B-N1a',
          page: null,
        },
      ],
    );
  });
  describe('B-N1b: MIXEDMAP zero page', () => {
    cases(PRE01, ['N'], [{ name: 'zero pfn in M', vma: M, idx: 1, pfn: Z, branch: 'B-N1b', page: null }]);
    // RFC 01: the MIXEDMAP-valid path falls into the common zero check (same result).
    cases(RFC01_09, ['N'], [{ name: 'zero pfn in M', vma: M, idx: 1, pfn: Z, branch: 'B-N3', page: null }]);
  });
  describe('B-N1c: MIXEDMAP with a memmap: normal, no HIGH check', () => {
    cases(
      PRE01,
      ['N'],
      [
        { name: 'file page in M', vma: M, idx: 1, pfn: FILE, branch: 'B-N1c', page: FILE },
        {
          name: 'memmap above HIGH: skips the HIGH check',
          vma: M,
          idx: 1,
          pfn: ZD,
          mem: WORLD2,
          branch: 'B-N1c',
          page: ZD,
        },
        {
          name: 'huge zero subpage (no HZ check at PTE)',
          vma: M,
          idx: 1,
          pfn: H1,
          branch: 'B-N1c',
          page: H1,
        },
        {
          name: 'PFNMAP|MIXEDMAP linear valid pfn: MIXEDMAP wins',
          vma: PM,
          idx: 0,
          pfn: FILE,
          branch: 'B-N1c',
          page: FILE,
        },
      ],
    );
    cases(
      RFC01_09,
      ['N'],
      [
        { name: 'file page in M', vma: M, idx: 1, pfn: FILE, branch: 'B-N5', page: FILE },
        { name: 'memmap above HIGH', vma: M, idx: 1, pfn: ZD, mem: WORLD2, branch: 'B-N5', page: ZD },
        { name: 'huge zero subpage', vma: M, idx: 1, pfn: H1, branch: 'B-N5', page: H1 },
      ],
    );
  });
  describe('B-N2a: PFNMAP, LINEAR(pfn, addr)', () => {
    cases(
      BASE_ALL,
      ['N'],
      [
        { name: 'P idx 0', vma: P, idx: 0, pfn: 0x4000, branch: 'B-N2a', page: null },
        { name: 'P idx 1', vma: P, idx: 1, pfn: 0x4001, branch: 'B-N2a', page: null },
        {
          name: 'P2: a linear pfn that is an anon folio is still special',
          vma: P2,
          idx: 1,
          pfn: ANON,
          branch: 'B-N2a',
          page: null,
        },
        { name: 'Sh linear MMIO', vma: Sh, idx: 2, pfn: 0xfe002, branch: 'B-N2a', page: null },
      ],
    );
  });
  describe('B-N2b: PFNMAP, not CoW', () => {
    cases(
      BASE_ALL,
      ['N'],
      [
        {
          name: 'Sh (MAP_SHARED O_RDWR), non-linear RAM',
          vma: Sh,
          idx: 1,
          pfn: FILE,
          branch: 'B-N2b',
          page: null,
        },
        { name: 'Sh, non-linear MMIO', vma: Sh, idx: 1, pfn: MMIO, branch: 'B-N2b', page: null },
        {
          name: 'R (MAP_SHARED O_RDONLY: no MAYWRITE)',
          vma: R,
          idx: 0,
          pfn: FILE,
          branch: 'B-N2b',
          page: null,
        },
      ],
    );
  });
  describe('B-N3: zero pfn', () => {
    cases(
      BASE_ALL,
      ['N'],
      [
        { name: 'zero PTE in A (S-47)', vma: A, idx: 5, pfn: Z, branch: 'B-N3', page: null },
        { name: 'non-linear zero pfn in CoW PFNMAP P', vma: P, idx: 2, pfn: Z, branch: 'B-N3', page: null },
      ],
    );
  });
  describe('B-N4: pfn > highest_memmap_pfn -> Bad page map', () => {
    cases(
      PRE01,
      ['N'],
      [
        { name: "Hugh's corrupted PTE", vma: A, idx: 1, pfn: WILD, branch: 'B-N4', page: null, bad: true },
        { name: 'HIGH + 1', vma: A, idx: 1, pfn: HIGH + 1, branch: 'B-N4', page: null, bad: true },
        {
          name: 'non-linear MMIO in CoW P',
          vma: P,
          idx: 1,
          pfn: MMIO,
          branch: 'B-N4',
          page: null,
          bad: true,
        },
      ],
    );
  });
  describe('B-N5: a normal page', () => {
    cases(
      BASE_ALL,
      ['N'],
      [
        { name: 'anon page in A', vma: A, idx: 1, pfn: ANON, branch: 'B-N5', page: ANON },
        { name: 'CoW copy in P (not LINEAR, CoW)', vma: P, idx: 1, pfn: ANON, branch: 'B-N5', page: ANON },
        { name: 'non-linear file page in P', vma: P, idx: 1, pfn: FILE, branch: 'B-N5', page: FILE },
        {
          name: 'huge zero subpage in A (no HZ test at PTE in BASE)',
          vma: A,
          idx: 1,
          pfn: H1,
          branch: 'B-N5',
          page: H1,
        },
        {
          name: 'a raw special bit is ignored',
          vma: A,
          idx: 1,
          pfn: ANON,
          special: true,
          branch: 'B-N5',
          page: ANON,
        },
      ],
    );
    cases(
      RFC01_09,
      ['N'],
      [
        {
          name: "Hugh's corrupted PTE: PAGE + W",
          vma: A,
          idx: 1,
          pfn: WILD,
          branch: 'B-N5',
          page: WILD,
          warns: [W_INVALID],
        },
        {
          name: 'non-linear MMIO in P: PAGE + W',
          vma: P,
          idx: 1,
          pfn: MMIO,
          branch: 'B-N5',
          page: MMIO,
          warns: [W_INVALID],
        },
      ],
    );
  });
});

// ---- §2.2 BASE: vm_normal_page_pmd() -----------------------------------------------------------------

describe('§2.2 vm_normal_page_pmd() (B-M*)', () => {
  const pmd = (c: Omit<Case, 'level'>): Case => ({ ...c, level: 'pmd' });
  describe('B-M1: special -> NULL, silently', () => {
    cases(BASE_ALL, Y_PMD, [
      pmd({ name: 'huge pfnmap', vma: HP, pfn: DEV_HUGE, special: true, branch: 'B-M1', page: null }),
      pmd({
        name: 'stray special anon THP PMD: no W, no report',
        vma: T,
        pfn: THP,
        special: true,
        branch: 'B-M1',
        page: null,
      }),
      pmd({
        name: 'special huge zero PMD (RFC 08+)',
        vma: T,
        pfn: H,
        special: true,
        branch: 'B-M1',
        page: null,
      }),
    ]);
    // Without ARCH_SUPPORTS_PMD_PFNMAP pmd_special() is constant false.
    cases(
      BASE_ALL,
      ['Y32', 'N'],
      [
        pmd({
          name: 'a raw special bit is ignored',
          vma: T,
          pfn: THP,
          special: true,
          branch: 'B-M6',
          page: THP,
        }),
      ],
    );
  });
  describe('B-M2a: MIXEDMAP without a memmap', () => {
    cases(BASE_ALL, ALL_CFG, [
      pmd({ name: 'MMIO in MH', vma: MH, pfn: DEV_HUGE, branch: 'B-M2a', page: null }),
    ]);
  });
  describe('B-M2b: MIXEDMAP with a memmap: PAGE, no zero/HZ/HIGH check', () => {
    cases(BASE_ALL, ALL_CFG, [
      pmd({ name: 'THP in MH', vma: MH, pfn: THP, branch: 'B-M2b', page: THP }),
      pmd({ name: 'huge zero folio in MH', vma: MH, pfn: H, branch: 'B-M2b', page: H }),
      pmd({ name: 'memmap above HIGH', vma: MH, pfn: ZD, mem: WORLD2, branch: 'B-M2b', page: ZD }),
    ]);
  });
  describe('B-M3a: PFNMAP, LINEAR', () => {
    cases(BASE_ALL, ALL_CFG, [
      pmd({ name: 'PH first PMD', vma: PH, pfn: 0x4000, branch: 'B-M3a', page: null }),
      pmd({ name: 'PH second PMD', vma: PH, idx: 0x200, pfn: 0x4200, branch: 'B-M3a', page: null }),
    ]);
  });
  describe('B-M3b: PFNMAP, not CoW', () => {
    cases(BASE_ALL, ALL_CFG, [
      pmd({ name: 'HP non-linear', vma: HP, pfn: THP, branch: 'B-M3b', page: null }),
    ]);
  });
  describe('B-M4: huge zero', () => {
    cases(BASE_ALL, ALL_CFG, [
      pmd({ name: 'huge zero PMD in T (S-49, BASE)', vma: T, pfn: H, branch: 'B-M4', page: null }),
    ]);
    cases(HZ_ANY_BASE, ALL_CFG, [
      pmd({ name: 'huge zero subpage: HZ_ANY', vma: T, pfn: HMID, branch: 'B-M4', page: null }),
    ]);
    cases(HZ_EXACT, ALL_CFG, [
      pmd({ name: 'huge zero subpage: HZ_EXACT misses it', vma: T, pfn: HMID, branch: 'B-M6', page: HMID }),
    ]);
  });
  describe('B-M5: pfn > highest_memmap_pfn -> NULL, silently (baseline, v6.17)', () => {
    cases(PRE01, ALL_CFG, [
      pmd({ name: 'MMIO in T', vma: T, pfn: DEV_HUGE, branch: 'B-M5', page: null }),
      pmd({ name: 'corrupted pfn in T', vma: T, pfn: WILD_PMD, branch: 'B-M5', page: null }),
      pmd({ name: 'memmap above HIGH in T', vma: T, pfn: ZD, mem: WORLD2, branch: 'B-M5', page: null }),
    ]);
  });
  describe('B-M6: a normal page', () => {
    cases(BASE_ALL, ALL_CFG, [
      pmd({ name: 'anon THP in T', vma: T, pfn: THP, branch: 'B-M6', page: THP }),
      pmd({ name: 'CoW THP in PH (not LINEAR, CoW)', vma: PH, pfn: THP, branch: 'B-M6', page: THP }),
    ]);
    cases(RFC01_09, ALL_CFG, [
      pmd({
        name: 'MMIO in T: PAGE + W(!pfn_valid)',
        vma: T,
        pfn: DEV_HUGE,
        branch: 'B-M6',
        page: DEV_HUGE,
        warns: [W_INVALID],
      }),
      pmd({ name: 'memmap above HIGH: PAGE, no W', vma: T, pfn: ZD, mem: WORLD2, branch: 'B-M6', page: ZD }),
    ]);
  });
});

// ---- §2.3 RFC14 (and RFC 10-13) -----------------------------------------------------------------------

describe('§2.3 RFC 10-14: vm_normal_page() (R-P*)', () => {
  describe('R-P1a: special and the callback', () => {
    const cs: Case[] = [
      { name: 'gntdev idx 0', vma: X, idx: 0, pfn: 0x7000, special: true, branch: 'R-P1a', page: 0x6000 },
      {
        name: 'gntdev idx 2: callback NULL',
        vma: X,
        idx: 2,
        pfn: 0x7002,
        special: true,
        branch: 'R-P1a',
        page: null,
      },
    ];
    // Before RFC 14 find_special_page() is not behind a Kconfig option.
    cases(RFC10_13, Y_PTE, cs);
    cases(
      ['rfc-14'],
      Y_PTE,
      cs.map((c) => ({ ...c, cfg: { findNormalPage: true } })),
    );
    cases(['rfc-14'], Y_PTE, [
      {
        name: 'gntdev without CONFIG_FIND_NORMAL_PAGE: MIXEDMAP -> NULL',
        vma: X,
        idx: 0,
        pfn: 0x7000,
        special: true,
        branch: 'R-P1b',
        page: null,
      },
    ]);
  });
  describe('R-P1b: special in PFNMAP/MIXEDMAP', () => {
    cases(RFC_ALL, Y_PTE, [
      { name: 'linear PTE in P', vma: P, idx: 1, pfn: 0x4001, special: true, branch: 'R-P1b', page: null },
      { name: 'MMIO in Sh', vma: Sh, idx: 0, pfn: 0xfe000, special: true, branch: 'R-P1b', page: null },
      { name: 'zero page in M', vma: M, idx: 0, pfn: Z, special: true, branch: 'R-P1b', page: null },
    ]);
  });
  describe('R-P1c: special zero page (not HZ)', () => {
    cases(RFC_ALL, Y_PTE, [
      { name: 'zero PTE in A', vma: A, idx: 5, pfn: Z, special: true, branch: 'R-P1c', page: null },
    ]);
  });
  describe('R-P1d: special otherwise -> Bad page map', () => {
    cases(RFC_ALL, Y_PTE, [
      {
        name: 'special anon pfn in A',
        vma: A,
        idx: 1,
        pfn: ANON,
        special: true,
        branch: 'R-P1d',
        page: null,
        bad: true,
      },
      {
        name: 'special huge zero subpage in A',
        vma: A,
        idx: 1,
        pfn: H1,
        special: true,
        branch: 'R-P1d',
        page: null,
        bad: true,
      },
      {
        name: 'special pfn > HIGH',
        vma: A,
        idx: 1,
        pfn: WILD,
        special: true,
        branch: 'R-P1d',
        page: null,
        bad: true,
      },
    ]);
  });
  describe('R-P2: not special -> vm_normal_page_pfn()', () => {
    cases(RFC_ALL, Y_PTE, [
      { name: 'anon in A', vma: A, idx: 1, pfn: ANON, branch: 'R-C1', page: ANON, via: ['R-P2'] },
    ]);
    cases(
      RFC_ALL,
      ['N'],
      [
        { name: 'anon in A', vma: A, idx: 1, pfn: ANON, branch: 'R-NORMAL', page: ANON, via: ['R-P2'] },
        {
          name: 'a raw special bit is ignored',
          vma: A,
          idx: 1,
          pfn: ANON,
          special: true,
          branch: 'R-NORMAL',
          page: ANON,
          via: ['R-P2'],
        },
      ],
    );
  });
});

describe('§2.3 RFC 10-14: vm_normal_page_pmd() and vm_normal_page_pud() (R-M*, R-U*)', () => {
  const pmd = (c: Omit<Case, 'level'>): Case => ({ ...c, level: 'pmd' });
  const pud = (c: Omit<Case, 'level'>): Case => ({ ...c, level: 'pud' });
  describe('R-M1: special -> NULL, W if neither PFNMAP/MIXEDMAP nor huge zero', () => {
    cases(RFC_ALL, Y_PMD, [
      pmd({ name: 'huge pfnmap', vma: HP, pfn: DEV_HUGE, special: true, branch: 'R-M1', page: null }),
      pmd({ name: 'huge zero PMD', vma: T, pfn: H, special: true, branch: 'R-M1', page: null }),
      pmd({
        name: 'huge zero subpage (HZ_ANY)',
        vma: T,
        pfn: HMID,
        special: true,
        branch: 'R-M1',
        page: null,
      }),
      pmd({ name: 'MIXEDMAP THP', vma: MH, pfn: THP, special: true, branch: 'R-M1', page: null }),
      pmd({
        name: 'stray special anon THP: W',
        vma: T,
        pfn: THP,
        special: true,
        branch: 'R-M1',
        page: null,
        warns: [W_PMD_SPECIAL],
      }),
    ]);
    it('the W is reported at vm_normal_page_pmd', () => {
      const r = run('rfc-14', 'Y', { vma: T, level: 'pmd', pfn: THP, special: true });
      expect(r.warns.map((w) => w.site)).toEqual(['mm/memory.c:vm_normal_page_pmd:unexpected special']);
    });
  });
  describe('R-M2: not special -> vm_normal_page_pfn()', () => {
    cases(RFC_ALL, Y_PTE, [
      pmd({ name: 'anon THP', vma: T, pfn: THP, branch: 'R-C1', page: THP, via: ['R-M2'] }),
    ]);
    cases(
      RFC_ALL,
      ['Y32'],
      [
        pmd({
          name: 'no pmd_special: a raw bit is ignored',
          vma: T,
          pfn: THP,
          special: true,
          branch: 'R-C1',
          page: THP,
          via: ['R-M2'],
        }),
      ],
    );
    cases(
      RFC_ALL,
      ['N'],
      [pmd({ name: 'anon THP', vma: T, pfn: THP, branch: 'R-NORMAL', page: THP, via: ['R-M2'] })],
    );
  });
  describe('R-U1: special PUD -> NULL, W outside PFNMAP/MIXEDMAP', () => {
    cases(PUD_RFC, Y_PMD, [
      pud({ name: 'huge pfnmap PUD', vma: HP, pfn: DEV_HUGE, special: true, branch: 'R-U1', page: null }),
      pud({
        name: 'special PUD in a fsdax VMA: W',
        vma: F,
        pfn: RAM_PUD,
        special: true,
        branch: 'R-U1',
        page: null,
        warns: [W_PUD_SPECIAL],
      }),
    ]);
  });
  describe('R-U2: not special -> vm_normal_page_pfn()', () => {
    cases(PUD_RFC, Y_PTE, [
      pud({ name: 'RAM PUD in F', vma: F, pfn: RAM_PUD, branch: 'R-C1', page: RAM_PUD, via: ['R-U2'] }),
    ]);
    cases(
      PUD_RFC,
      ['N'],
      [pud({ name: 'RAM PUD in F', vma: F, pfn: RAM_PUD, branch: 'R-NORMAL', page: RAM_PUD, via: ['R-U2'] })],
    );
    // The vm_normal_page_pfn() switch is CONFIG_ARCH_HAS_PTE_SPECIAL, so without a PUD bit RFC14 trusts it.
    cases(
      PUD_RFC,
      ['Y32'],
      [
        pud({
          name: 'no pud_special: huge pfnmap MMIO is PAGE + W',
          vma: HP,
          pfn: DEV_HUGE,
          special: true,
          branch: 'R-C1',
          page: DEV_HUGE,
          warns: [W_INVALID],
          via: ['R-U2'],
        }),
      ],
    );
  });
});

describe('§2.3 RFC 10-14: vm_normal_page_pfn() (R-C1, R-N*, R-NORMAL)', () => {
  describe('R-C1: with pte_special a non-special entry is normal (W on invalid / zero)', () => {
    cases(RFC_ALL, Y_PTE, [
      { name: 'anon in A', vma: A, idx: 1, pfn: ANON, branch: 'R-C1', page: ANON },
      { name: 'zero pfn', vma: A, idx: 1, pfn: Z, branch: 'R-C1', page: Z, warns: [W_ZERO_ANY] },
      { name: 'huge zero subpage', vma: A, idx: 1, pfn: H1, branch: 'R-C1', page: H1, warns: [W_ZERO_ANY] },
      {
        name: "Hugh's corrupted PTE (S-61): no report",
        vma: A,
        idx: 1,
        pfn: WILD,
        branch: 'R-C1',
        page: WILD,
        warns: [W_INVALID],
      },
      {
        name: 'non-special MMIO in P',
        vma: P,
        idx: 1,
        pfn: MMIO,
        branch: 'R-C1',
        page: MMIO,
        warns: [W_INVALID],
      },
      { name: 'non-special linear pfn in P', vma: P, idx: 1, pfn: 0x4001, branch: 'R-C1', page: 0x4001 },
    ]);
    cases(RFC_ALL, Y_PMD, [
      {
        name: 'PMD huge zero without the special bit',
        vma: T,
        level: 'pmd',
        pfn: H,
        branch: 'R-C1',
        page: H,
        warns: [W_ZERO_ANY],
      },
    ]);
  });
  describe('R-N1a: MIXEDMAP without a memmap', () => {
    cases(
      RFC_ALL,
      ['N'],
      [
        { name: 'MMIO in M', vma: M, idx: 0, pfn: MMIO2, branch: 'R-N1a', page: null },
        { name: 'MMIO PMD in MH', vma: MH, level: 'pmd', pfn: DEV_HUGE, branch: 'R-N1a', page: null },
      ],
    );
  });
  describe('R-N1b: MIXEDMAP with a memmap -> the zero checks', () => {
    cases(
      RFC_ALL,
      ['N'],
      [
        { name: 'file page in M', vma: M, idx: 1, pfn: FILE, branch: 'R-NORMAL', page: FILE, via: ['R-N1b'] },
        { name: 'zero pfn in M', vma: M, idx: 1, pfn: Z, branch: 'R-N3', page: null, via: ['R-N1b'] },
        {
          name: 'huge zero subpage in M',
          vma: M,
          idx: 1,
          pfn: H1,
          branch: 'R-N3',
          page: null,
          via: ['R-N1b'],
        },
        {
          name: 'huge zero PMD in MH',
          vma: MH,
          level: 'pmd',
          pfn: H,
          branch: 'R-N3',
          page: null,
          via: ['R-N1b'],
        },
        {
          name: 'memmap above HIGH: no HIGH check',
          vma: M,
          idx: 1,
          pfn: ZD,
          mem: WORLD2,
          branch: 'R-NORMAL',
          page: ZD,
          via: ['R-N1b'],
        },
      ],
    );
  });
  describe('R-N2 (RFC 11-14): PFNMAP -> vm_pfnmap_normal_page_pfn(), no zero/HZ checks, no normal-page W', () => {
    cases(
      RFC11_14,
      ['N'],
      [
        {
          name: 'linear free RAM pfn in P',
          vma: P,
          idx: 1,
          pfn: 0x4001,
          branch: 'R-F3',
          page: null,
          via: ['R-N2'],
        },
        {
          name: 'zero pfn in P: decided by KIND, not R-N3',
          vma: P,
          idx: 2,
          pfn: Z,
          branch: 'R-F3',
          page: null,
          via: ['R-N2'],
          notVia: ['R-N3'],
        },
        {
          name: 'huge zero subpage in P',
          vma: P,
          idx: 2,
          pfn: H1,
          branch: 'R-F3',
          page: null,
          via: ['R-N2'],
          notVia: ['R-N3'],
        },
        { name: 'MMIO in P: no W', vma: P, idx: 1, pfn: MMIO, branch: 'R-F2', page: null, via: ['R-N2'] },
      ],
    );
  });
  describe('R-N2a/R-N2b (RFC 10): the old linearity rule inside vm_normal_page_pfn()', () => {
    cases(
      RFC10,
      ['N'],
      [
        { name: 'R-N2a: linear pfn in P', vma: P, idx: 1, pfn: 0x4001, branch: 'R-N2a', page: null },
        { name: 'R-N2a: linear anon pfn in P2', vma: P2, idx: 1, pfn: ANON, branch: 'R-N2a', page: null },
        { name: 'R-N2a: linear PMD in PH', vma: PH, level: 'pmd', pfn: 0x4000, branch: 'R-N2a', page: null },
        { name: 'R-N2b: Sh non-linear', vma: Sh, idx: 1, pfn: FILE, branch: 'R-N2b', page: null },
        { name: 'R-N2b: R non-linear', vma: R, idx: 0, pfn: FILE, branch: 'R-N2b', page: null },
        {
          name: 'non-linear CoW file page -> R-NORMAL',
          vma: P,
          idx: 1,
          pfn: FILE,
          branch: 'R-NORMAL',
          page: FILE,
        },
        {
          name: 'non-linear CoW MMIO -> PAGE + W (no HIGH check)',
          vma: P,
          idx: 1,
          pfn: MMIO,
          branch: 'R-NORMAL',
          page: MMIO,
          warns: [W_INVALID],
        },
        { name: 'non-linear CoW zero pfn -> R-N3', vma: P, idx: 2, pfn: Z, branch: 'R-N3', page: null },
      ],
    );
  });
  describe('R-N3: zero or huge zero', () => {
    cases(
      RFC_ALL,
      ['N'],
      [
        { name: 'zero PTE in A', vma: A, idx: 5, pfn: Z, branch: 'R-N3', page: null },
        { name: 'huge zero subpage PTE in A', vma: A, idx: 1, pfn: H1, branch: 'R-N3', page: null },
        { name: 'huge zero PMD in T', vma: T, level: 'pmd', pfn: H, branch: 'R-N3', page: null },
        { name: 'huge zero subpage PMD in T', vma: T, level: 'pmd', pfn: HMID, branch: 'R-N3', page: null },
      ],
    );
  });
  describe('R-NORMAL: W if invalid, PAGE', () => {
    cases(
      RFC_ALL,
      ['N'],
      [
        { name: 'anon in A', vma: A, idx: 1, pfn: ANON, branch: 'R-NORMAL', page: ANON },
        {
          name: "Hugh's corrupted PTE: PAGE + W",
          vma: A,
          idx: 1,
          pfn: WILD,
          branch: 'R-NORMAL',
          page: WILD,
          warns: [W_INVALID],
        },
        {
          name: 'MMIO PMD in T: PAGE + W',
          vma: T,
          level: 'pmd',
          pfn: DEV_HUGE,
          branch: 'R-NORMAL',
          page: DEV_HUGE,
          warns: [W_INVALID],
        },
      ],
    );
  });
});

describe('§2.3 RFC 11-14: vm_pfnmap_normal_page_pfn() (R-F*)', () => {
  describe('R-F0: W if the VMA is not PFNMAP (never true when reached from vm_normal_page_pfn())', () => {
    it.each(rows(RFC11_14, ['N'], [{ name: 'P', vma: P, idx: 1, pfn: FILE, branch: 'R-F3', page: null }]))(
      '$title',
      (row) => {
        check(row);
        const r = run(row.variant, row.cfgName, row);
        expect(r.impl).toBe('vm_pfnmap_normal_page_pfn');
        expect(r.checks).toContainEqual({
          cond: 'VM_WARN_ON_ONCE(!(vma->vm_flags & VM_PFNMAP))',
          value: false,
        });
      },
    );
  });
  describe('R-F1: not CoW', () => {
    cases(
      RFC11_14,
      ['N'],
      [
        { name: 'Sh', vma: Sh, idx: 1, pfn: FILE, branch: 'R-F1', page: null },
        { name: 'Sh with an anon pfn', vma: Sh, idx: 1, pfn: ANON, branch: 'R-F1', page: null },
        { name: 'R', vma: R, idx: 0, pfn: FILE, branch: 'R-F1', page: null },
        { name: 'HP PMD', vma: HP, level: 'pmd', pfn: THP, branch: 'R-F1', page: null },
      ],
    );
  });
  describe('R-F2: no memmap', () => {
    cases(
      RFC11_14,
      ['N'],
      [
        { name: 'MMIO in P', vma: P, idx: 1, pfn: MMIO, branch: 'R-F2', page: null },
        { name: 'corrupted pfn in P', vma: P, idx: 1, pfn: WILD, branch: 'R-F2', page: null },
      ],
    );
  });
  describe('R-F3: slab or not anon', () => {
    cases(
      RFC11_14,
      ['N'],
      [
        { name: 'file page', vma: P, idx: 1, pfn: FILE, branch: 'R-F3', page: null },
        { name: 'slab page', vma: P, idx: 1, pfn: SLAB, branch: 'R-F3', page: null },
        { name: 'free RAM (linear)', vma: P, idx: 1, pfn: FREE, branch: 'R-F3', page: null },
        { name: 'zero page', vma: P, idx: 1, pfn: Z, branch: 'R-F3', page: null },
      ],
    );
  });
  describe('R-F4: an anon folio in a CoW PFNMAP is normal', () => {
    cases(
      RFC11_14,
      ['N'],
      [
        { name: 'CoW copy in P (S-52)', vma: P, idx: 1, pfn: ANON, branch: 'R-F4', page: ANON },
        { name: 'tail page of an anon THP', vma: P, idx: 1, pfn: THP + 1, branch: 'R-F4', page: THP + 1 },
        {
          name: '§4.1 hazard: the linear /dev/mem pfn of P2 is an anon folio',
          vma: P2,
          idx: 1,
          pfn: ANON,
          branch: 'R-F4',
          page: ANON,
        },
        { name: 'anon THP PMD in PH', vma: PH, level: 'pmd', pfn: THP, branch: 'R-F4', page: THP },
      ],
    );
  });
});

// ---- §2.4 MERGED (v6.18) and FIX26 --------------------------------------------------------------------

describe('§2.4 v6.18 __vm_normal_page() (M-*)', () => {
  describe('M-S1a: special, CONFIG_FIND_NORMAL_PAGE and the callback (any level)', () => {
    cases(MERGED, Y_PTE, [
      {
        name: 'gntdev idx 0',
        vma: X,
        idx: 0,
        pfn: 0x7000,
        special: true,
        cfg: { findNormalPage: true },
        branch: 'M-S1a',
        page: 0x6000,
      },
      {
        name: 'gntdev idx 2: NULL',
        vma: X,
        idx: 2,
        pfn: 0x7002,
        special: true,
        cfg: { findNormalPage: true },
        branch: 'M-S1a',
        page: null,
      },
      {
        name: 'without CONFIG_FIND_NORMAL_PAGE: M-S1b',
        vma: X,
        idx: 0,
        pfn: 0x7000,
        special: true,
        branch: 'M-S1b',
        page: null,
      },
    ]);
    cases(MERGED, Y_PMD, [
      {
        name: 'PMD with a callback',
        vma: XH,
        level: 'pmd',
        pfn: DEV_HUGE,
        special: true,
        cfg: { findNormalPage: true },
        branch: 'M-S1a',
        page: 0x6000,
      },
    ]);
  });
  describe('M-S1b: special in PFNMAP/MIXEDMAP', () => {
    cases(MERGED, Y_PTE, [
      { name: 'linear PTE in P', vma: P, idx: 1, pfn: 0x4001, special: true, branch: 'M-S1b', page: null },
      { name: 'Sh', vma: Sh, idx: 0, pfn: 0xfe000, special: true, branch: 'M-S1b', page: null },
      { name: 'zero page in M', vma: M, idx: 0, pfn: Z, special: true, branch: 'M-S1b', page: null },
    ]);
    cases(MERGED, Y_PMD, [
      {
        name: 'huge pfnmap PMD',
        vma: HP,
        level: 'pmd',
        pfn: DEV_HUGE,
        special: true,
        branch: 'M-S1b',
        page: null,
      },
      {
        name: 'huge pfnmap PUD',
        vma: HP,
        level: 'pud',
        pfn: DEV_HUGE,
        special: true,
        branch: 'M-S1b',
        page: null,
      },
    ]);
  });
  describe('M-S1c: special zero or huge zero', () => {
    cases(MERGED, Y_PTE, [
      { name: 'zero PTE', vma: A, idx: 5, pfn: Z, special: true, branch: 'M-S1c', page: null },
      {
        name: 'huge zero subpage PTE (S-51 split)',
        vma: A,
        idx: 1,
        pfn: H1,
        special: true,
        branch: 'M-S1c',
        page: null,
      },
    ]);
    cases(MERGED, Y_PMD, [
      {
        name: 'huge zero PMD (S-49)',
        vma: T,
        level: 'pmd',
        pfn: H,
        special: true,
        branch: 'M-S1c',
        page: null,
      },
    ]);
  });
  describe('M-S1d: special otherwise -> Bad page map at every level', () => {
    cases(MERGED, Y_PTE, [
      {
        name: 'special anon pfn',
        vma: A,
        idx: 1,
        pfn: ANON,
        special: true,
        branch: 'M-S1d',
        page: null,
        bad: true,
      },
      {
        name: 'special pfn > HIGH (decided before HIGH)',
        vma: A,
        idx: 1,
        pfn: WILD,
        special: true,
        branch: 'M-S1d',
        page: null,
        bad: true,
      },
    ]);
    cases(MERGED, Y_PMD, [
      {
        name: 'stray special anon THP PMD',
        vma: T,
        level: 'pmd',
        pfn: THP,
        special: true,
        branch: 'M-S1d',
        page: null,
        bad: true,
      },
      {
        name: 'special PUD in fsdax VMA',
        vma: F,
        level: 'pud',
        pfn: RAM_PUD,
        special: true,
        branch: 'M-S1d',
        page: null,
        bad: true,
      },
    ]);
  });
  describe('M-Y0: not special -> HIGH', () => {
    cases(MERGED, Y_PTE, [
      { name: 'anon page', vma: A, idx: 1, pfn: ANON, branch: 'M-OK', page: ANON, via: ['M-Y0'] },
      {
        name: 'corrupted pfn',
        vma: A,
        idx: 1,
        pfn: WILD,
        branch: 'M-H',
        page: null,
        bad: true,
        via: ['M-Y0'],
      },
    ]);
  });
  describe('M-N1a: MIXEDMAP without a memmap', () => {
    cases(
      MERGED,
      ['N'],
      [
        { name: 'MMIO in M', vma: M, idx: 0, pfn: MMIO2, branch: 'M-N1a', page: null },
        { name: 'MMIO PMD in MH', vma: MH, level: 'pmd', pfn: DEV_HUGE, branch: 'M-N1a', page: null },
      ],
    );
  });
  describe('M-N1b: MIXEDMAP with a memmap -> zero and HIGH checks', () => {
    cases(
      MERGED,
      ['N'],
      [
        { name: 'file page', vma: M, idx: 1, pfn: FILE, branch: 'M-OK', page: FILE, via: ['M-N1b'] },
        { name: 'zero pfn', vma: M, idx: 1, pfn: Z, branch: 'M-N3', page: null, via: ['M-N1b'] },
        { name: 'huge zero subpage', vma: M, idx: 1, pfn: H1, branch: 'M-N3', page: null, via: ['M-N1b'] },
        { name: 'huge zero PMD', vma: MH, level: 'pmd', pfn: H, branch: 'M-N3', page: null, via: ['M-N1b'] },
        {
          name: 'memmap above HIGH: now Bad page map',
          vma: M,
          idx: 1,
          pfn: ZD,
          mem: WORLD2,
          branch: 'M-H',
          page: null,
          bad: true,
          via: ['M-N1b'],
        },
      ],
    );
  });
  describe('M-N2a: PFNMAP, LINEAR', () => {
    cases(
      MERGED,
      ['N'],
      [
        { name: 'P idx 1', vma: P, idx: 1, pfn: 0x4001, branch: 'M-N2a', page: null },
        { name: 'P2 linear anon pfn', vma: P2, idx: 1, pfn: ANON, branch: 'M-N2a', page: null },
        {
          name: 'PH linear PMD',
          vma: PH,
          level: 'pmd',
          idx: 0x200,
          pfn: 0x4200,
          branch: 'M-N2a',
          page: null,
        },
        { name: 'HP linear PUD', vma: HP, level: 'pud', pfn: DEV_HUGE, branch: 'M-N2a', page: null },
      ],
    );
  });
  describe('M-N2b: PFNMAP, not CoW', () => {
    cases(
      MERGED,
      ['N'],
      [
        { name: 'Sh', vma: Sh, idx: 1, pfn: FILE, branch: 'M-N2b', page: null },
        { name: 'R', vma: R, idx: 0, pfn: FILE, branch: 'M-N2b', page: null },
        { name: 'HP non-linear PMD', vma: HP, level: 'pmd', pfn: THP, branch: 'M-N2b', page: null },
      ],
    );
  });
  describe('M-N3: zero or huge zero', () => {
    cases(
      MERGED,
      ['N'],
      [
        { name: 'zero PTE in A', vma: A, idx: 5, pfn: Z, branch: 'M-N3', page: null },
        { name: 'huge zero subpage PTE', vma: A, idx: 1, pfn: H1, branch: 'M-N3', page: null },
        { name: 'huge zero PMD', vma: T, level: 'pmd', pfn: H, branch: 'M-N3', page: null },
        { name: 'non-linear zero pfn in CoW P', vma: P, idx: 2, pfn: Z, branch: 'M-N3', page: null },
      ],
    );
  });
  describe('M-H: pfn > HIGH -> Bad page map at every level', () => {
    cases(MERGED, ALL_CFG, [
      {
        name: "Hugh's corrupted PTE (S-61)",
        vma: A,
        idx: 1,
        pfn: WILD,
        branch: 'M-H',
        page: null,
        bad: true,
      },
      { name: 'HIGH + 1', vma: A, idx: 1, pfn: HIGH + 1, branch: 'M-H', page: null, bad: true },
      { name: 'non-special MMIO in P', vma: P, idx: 1, pfn: MMIO, branch: 'M-H', page: null, bad: true },
      {
        name: 'MMIO PMD in T (silent in BASE)',
        vma: T,
        level: 'pmd',
        pfn: DEV_HUGE,
        branch: 'M-H',
        page: null,
        bad: true,
      },
      { name: 'MMIO PUD in F', vma: F, level: 'pud', pfn: DEV_HUGE, branch: 'M-H', page: null, bad: true },
    ]);
  });
  describe('M-OK: PAGE, W if zero or huge zero', () => {
    cases(MERGED, ALL_CFG, [
      { name: 'anon page', vma: A, idx: 1, pfn: ANON, branch: 'M-OK', page: ANON },
      { name: 'pfn == HIGH', vma: A, idx: 1, pfn: HIGH, branch: 'M-OK', page: HIGH },
      { name: 'CoW copy in P (S-52)', vma: P, idx: 1, pfn: ANON, branch: 'M-OK', page: ANON },
      { name: 'anon THP PMD', vma: T, level: 'pmd', pfn: THP, branch: 'M-OK', page: THP },
      { name: 'RAM PUD in F', vma: F, level: 'pud', pfn: RAM_PUD, branch: 'M-OK', page: RAM_PUD },
    ]);
    cases(MERGED, Y_PTE, [
      {
        name: 'non-special zero pfn: W',
        vma: A,
        idx: 1,
        pfn: Z,
        branch: 'M-OK',
        page: Z,
        warns: [W_ZERO_ANY],
      },
      {
        name: 'non-special huge zero subpage: W',
        vma: A,
        idx: 1,
        pfn: H1,
        branch: 'M-OK',
        page: H1,
        warns: [W_ZERO_ANY],
      },
      {
        name: 'non-special RAM pfn in Sh (Y trusts the bit)',
        vma: Sh,
        idx: 1,
        pfn: FILE,
        branch: 'M-OK',
        page: FILE,
      },
    ]);
    cases(MERGED, Y_PMD, [
      {
        name: 'S-54: huge zero PMD that lost its special bit (powerpc mprotect): W',
        vma: T,
        level: 'pmd',
        pfn: H,
        branch: 'M-OK',
        page: H,
        warns: [W_ZERO_ANY],
      },
    ]);
    it('the W is reported at __vm_normal_page', () => {
      const r = run('v6.18', 'Y', { vma: T, level: 'pmd', pfn: H });
      expect(r.impl).toBe('__vm_normal_page');
      expect(r.warns.map((w) => w.site)).toEqual(['mm/memory.c:__vm_normal_page:zero']);
    });
  });
});

describe('§2.5 / §2.6 the huge zero PMD on an arch without PMD_PFNMAP (x86-32 with THP)', () => {
  /** The THP read fault's PMD: pmd_mkspecial() from RFC 08 on, a no-op without ARCH_SUPPORTS_PMD_PFNMAP. */
  const hugeZeroPmd = (variant: VariantId, cfg: MachineConfig): LeafEntry => {
    const e = leaf(H);
    return variantInfo(variant).features.hugeZeroPmdSpecial ? mkspecial(cfg, 'pmd', e) : e;
  };
  const x32 = CFG.Y32;

  it('pmd_mkspecial() is a no-op there', () => {
    expect(hugeZeroPmd('v6.18', x32).special).toBe(false);
    expect(hugeZeroPmd('v6.18', CFG.Y).special).toBe(true);
  });
  it('v6.18: M-Y0 -> M-OK, returns the huge zero page and warns (§2.5)', () => {
    const r = classify(ctxOf('v6.18', x32), T, T.start, 'pmd', hugeZeroPmd('v6.18', x32));
    expect(outcome(r)).toEqual({ branch: 'M-OK', page: H, warns: [W_ZERO_ANY], bad: false, missing: false });
    expect(r.checks).toContainEqual({ cond: 'IS_ENABLED(CONFIG_ARCH_HAS_PTE_SPECIAL)', value: true });
    expect(r.checks).toContainEqual(expect.objectContaining({ id: 'M-Y0', value: true }));
  });
  it('fix-2026: pgtable_level_has_pxx_special(PMD) is false -> M-N3, NULL, no W (§2.6)', () => {
    const r = classify(ctxOf('fix-2026', x32), T, T.start, 'pmd', hugeZeroPmd('fix-2026', x32));
    expect(outcome(r)).toEqual({ branch: 'M-N3', page: null, warns: [], bad: false, missing: false });
    expect(r.checks).toContainEqual({ cond: 'pgtable_level_has_pxx_special(PMD)', value: false });
  });
  it('fix-2026 on x86-64: the PMD level has the bit -> M-S1c', () => {
    const r = classify(ctxOf('fix-2026', CFG.Y), T, T.start, 'pmd', hugeZeroPmd('fix-2026', CFG.Y));
    expect(outcome(r)).toMatchObject({ branch: 'M-S1c', page: null, warns: [] });
    expect(r.checks).toContainEqual({ cond: 'pgtable_level_has_pxx_special(PMD)', value: true });
  });
  it.each<[VariantId, string, number | null, string[]]>([
    ['baseline', 'B-M4', null, []],
    ['v6.17', 'B-M4', null, []],
    ['rfc-08', 'B-M4', null, []],
    ['rfc-09', 'B-M4', null, []],
    // vm_normal_page_pfn() also switches on CONFIG_ARCH_HAS_PTE_SPECIAL (RFC 10 diff): the same bug.
    ['rfc-10', 'R-C1', H, [W_ZERO_ANY]],
    ['rfc-14', 'R-C1', H, [W_ZERO_ANY]],
  ])('%s on x86-32: %s', (variant, branch, page, warns) => {
    const r = classify(ctxOf(variant, x32), T, T.start, 'pmd', hugeZeroPmd(variant, x32));
    expect(outcome(r)).toEqual({ branch, page, warns, bad: false, missing: false });
  });
  describe('fix-2026 per-level switch: PTE keeps the Y rows, PMD/PUD take the N rows on x86-32', () => {
    cases(
      ['fix-2026'],
      ['Y32'],
      [
        {
          name: 'special zero PTE -> M-S1c',
          vma: A,
          idx: 5,
          pfn: Z,
          special: true,
          branch: 'M-S1c',
          page: null,
        },
        {
          name: 'special anon PTE -> M-S1d',
          vma: A,
          idx: 1,
          pfn: ANON,
          special: true,
          branch: 'M-S1d',
          page: null,
          bad: true,
        },
        {
          name: 'anon THP PMD via the N rows',
          vma: T,
          level: 'pmd',
          pfn: THP,
          branch: 'M-OK',
          page: THP,
          notVia: ['M-Y0'],
        },
        {
          name: 'MIXEDMAP MMIO PMD -> M-N1a',
          vma: MH,
          level: 'pmd',
          pfn: DEV_HUGE,
          special: true,
          branch: 'M-N1a',
          page: null,
        },
        {
          name: 'linear huge pfnmap PUD -> M-N2a',
          vma: HP,
          level: 'pud',
          pfn: DEV_HUGE,
          special: true,
          branch: 'M-N2a',
          page: null,
        },
      ],
    );
    cases(
      ['v6.18'],
      ['Y32'],
      [
        {
          name: 'anon THP PMD via M-Y0',
          vma: T,
          level: 'pmd',
          pfn: THP,
          branch: 'M-OK',
          page: THP,
          via: ['M-Y0'],
        },
        {
          name: 'MIXEDMAP MMIO PMD -> M-H',
          vma: MH,
          level: 'pmd',
          pfn: DEV_HUGE,
          special: true,
          branch: 'M-H',
          page: null,
          bad: true,
          via: ['M-Y0'],
        },
        {
          name: 'linear huge pfnmap PUD -> M-H',
          vma: HP,
          level: 'pud',
          pfn: DEV_HUGE,
          special: true,
          branch: 'M-H',
          page: null,
          bad: true,
          via: ['M-Y0'],
        },
      ],
    );
  });
});

// ---- §2.7 quick reference matrix ----------------------------------------------------------------------

type Cell =
  | '-'
  | 'n/a'
  | readonly [result: 'N' | 'P' | 'B' | 'P+W' | 'N+W', branch: string, ...warns: string[]];
type Col = 'BASE Y' | 'BASE N' | 'RFC14 Y' | 'RFC14 N' | 'MERGED Y' | 'MERGED N';
interface MatrixRow {
  entry: string;
  vma: Vma;
  idx: number;
  level: LeafLevel;
  pfn: number;
  /** How the entry was created: pxx_mkspecial(), plain, or as the THP read fault does (special from RFC 08). */
  mk: 'special' | 'plain' | 'thp-zero';
  cells: Record<Col, Cell>;
}
const COLS: Record<Col, { variants: VariantId[]; cfg: CfgName }> = {
  'BASE Y': { variants: PRE01, cfg: 'Y' },
  'BASE N': { variants: PRE01, cfg: 'N' },
  'RFC14 Y': { variants: ['rfc-14'], cfg: 'Y' },
  'RFC14 N': { variants: ['rfc-14'], cfg: 'N' },
  'MERGED Y': { variants: MERGED, cfg: 'Y' },
  'MERGED N': { variants: MERGED, cfg: 'N' },
};
const cells = (...c: Cell[]): Record<Col, Cell> => ({
  'BASE Y': c[0],
  'BASE N': c[1],
  'RFC14 Y': c[2],
  'RFC14 N': c[3],
  'MERGED Y': c[4],
  'MERGED N': c[5],
});

const MATRIX: MatrixRow[] = [
  {
    entry: 'PTE special zero pfn in A',
    ...{ vma: A, idx: 5, level: 'pte', pfn: Z, mk: 'special' },
    cells: cells(['N', 'B-P4'], '-', ['N', 'R-P1c'], '-', ['N', 'M-S1c'], '-'),
  },
  {
    entry: 'PTE zero pfn (non-special) in A',
    ...{ vma: A, idx: 5, level: 'pte', pfn: Z, mk: 'plain' },
    cells: cells(
      ['P+W', 'B-P7', W_ZERO],
      ['N', 'B-N3'],
      ['P+W', 'R-C1', W_ZERO_ANY],
      ['N', 'R-N3'],
      ['P+W', 'M-OK', W_ZERO_ANY],
      ['N', 'M-N3'],
    ),
  },
  {
    entry: 'PTE special huge-zero subpage in A',
    ...{ vma: A, idx: 1, level: 'pte', pfn: H1, mk: 'special' },
    cells: cells(['B', 'B-P5'], '-', ['B', 'R-P1d'], '-', ['N', 'M-S1c'], '-'),
  },
  {
    entry: 'PTE huge-zero subpage, non-special, in A',
    ...{ vma: A, idx: 1, level: 'pte', pfn: H1, mk: 'plain' },
    cells: cells(
      ['P', 'B-P7'],
      ['P', 'B-N5'],
      ['P+W', 'R-C1', W_ZERO_ANY],
      ['N', 'R-N3'],
      ['P+W', 'M-OK', W_ZERO_ANY],
      ['N', 'M-N3'],
    ),
  },
  {
    entry: 'PTE special random pfn in A',
    ...{ vma: A, idx: 1, level: 'pte', pfn: 0x5123, mk: 'special' },
    cells: cells(['B', 'B-P5'], '-', ['B', 'R-P1d'], '-', ['B', 'M-S1d'], '-'),
  },
  {
    entry: 'PTE non-special pfn > HIGH in A',
    ...{ vma: A, idx: 1, level: 'pte', pfn: WILD, mk: 'plain' },
    cells: cells(
      ['B', 'B-P6'],
      ['B', 'B-N4'],
      ['P+W', 'R-C1', W_INVALID],
      ['P+W', 'R-NORMAL', W_INVALID],
      ['B', 'M-H'],
      ['B', 'M-H'],
    ),
  },
  {
    entry: 'PTE in P, linear pfn (not anon)',
    ...{ vma: P, idx: 1, level: 'pte', pfn: 0x4001, mk: 'special' },
    cells: cells(
      ['N', 'B-P3'],
      ['N', 'B-N2a'],
      ['N', 'R-P1b'],
      ['N', 'R-F3'],
      ['N', 'M-S1b'],
      ['N', 'M-N2a'],
    ),
  },
  {
    entry: 'PTE in P2, linear pfn that is anon ("N unless anon -> P")',
    ...{ vma: P2, idx: 1, level: 'pte', pfn: ANON, mk: 'special' },
    cells: cells(
      ['N', 'B-P3'],
      ['N', 'B-N2a'],
      ['N', 'R-P1b'],
      ['P', 'R-F4'],
      ['N', 'M-S1b'],
      ['N', 'M-N2a'],
    ),
  },
  {
    entry: "PTE in P, CoW'ed anon pfn",
    ...{ vma: P, idx: 1, level: 'pte', pfn: ANON, mk: 'plain' },
    cells: cells(['P', 'B-P7'], ['P', 'B-N5'], ['P', 'R-C1'], ['P', 'R-F4'], ['P', 'M-OK'], ['P', 'M-OK']),
  },
  {
    entry: 'PTE in P, non-linear file pfn',
    ...{ vma: P, idx: 1, level: 'pte', pfn: FILE, mk: 'plain' },
    cells: cells(['P', 'B-P7'], ['P', 'B-N5'], ['P', 'R-C1'], ['N', 'R-F3'], ['P', 'M-OK'], ['P', 'M-OK']),
  },
  {
    entry: 'PTE in P, non-linear slab pfn',
    ...{ vma: P, idx: 1, level: 'pte', pfn: SLAB, mk: 'plain' },
    cells: cells(['P', 'B-P7'], ['P', 'B-N5'], ['P', 'R-C1'], ['N', 'R-F3'], ['P', 'M-OK'], ['P', 'M-OK']),
  },
  {
    entry: 'PTE in Sh, non-special, non-linear RAM pfn <= HIGH',
    ...{ vma: Sh, idx: 1, level: 'pte', pfn: FILE, mk: 'plain' },
    cells: cells(['P', 'B-P7'], ['N', 'B-N2b'], ['P', 'R-C1'], ['N', 'R-F1'], ['P', 'M-OK'], ['N', 'M-N2b']),
  },
  {
    entry: 'PTE in M, valid pfn',
    ...{ vma: M, idx: 1, level: 'pte', pfn: FILE, mk: 'plain' },
    cells: cells(
      ['P', 'B-P7'],
      ['P', 'B-N1c'],
      ['P', 'R-C1'],
      ['P', 'R-NORMAL'],
      ['P', 'M-OK'],
      ['P', 'M-OK'],
    ),
  },
  {
    entry: 'PTE in M, huge-zero subpage',
    ...{ vma: M, idx: 1, level: 'pte', pfn: H1, mk: 'plain' },
    cells: cells(
      ['P', 'B-P7'],
      ['P', 'B-N1c'],
      ['P+W', 'R-C1', W_ZERO_ANY],
      ['N', 'R-N3'],
      ['P+W', 'M-OK', W_ZERO_ANY],
      ['N', 'M-N3'],
    ),
  },
  {
    entry: 'PMD huge zero as created by THP read fault',
    ...{ vma: T, idx: 0, level: 'pmd', pfn: H, mk: 'thp-zero' },
    cells: cells(['N', 'B-M4'], ['N', 'B-M4'], ['N', 'R-M1'], ['N', 'R-N3'], ['N', 'M-S1c'], ['N', 'M-N3']),
  },
  {
    entry: 'PMD huge zero with special bit missing',
    ...{ vma: T, idx: 0, level: 'pmd', pfn: H, mk: 'plain' },
    cells: cells(
      ['N', 'B-M4'],
      ['N', 'B-M4'],
      ['P+W', 'R-C1', W_ZERO_ANY],
      ['N', 'R-N3'],
      ['P+W', 'M-OK', W_ZERO_ANY],
      ['N', 'M-N3'],
    ),
  },
  {
    entry: 'PMD special, non-PFNMAP VMA, random pfn',
    ...{ vma: T, idx: 0, level: 'pmd', pfn: THP, mk: 'special' },
    cells: cells(['N', 'B-M1'], '-', ['N+W', 'R-M1', W_PMD_SPECIAL], '-', ['B', 'M-S1d'], '-'),
  },
  {
    entry: 'PMD non-special pfn > HIGH',
    ...{ vma: T, idx: 0, level: 'pmd', pfn: WILD_PMD, mk: 'plain' },
    cells: cells(
      ['N', 'B-M5'],
      ['N', 'B-M5'],
      ['P+W', 'R-C1', W_INVALID],
      ['P+W', 'R-NORMAL', W_INVALID],
      ['B', 'M-H'],
      ['B', 'M-H'],
    ),
  },
  {
    entry: 'PUD special in PFNMAP',
    ...{ vma: HP, idx: 0, level: 'pud', pfn: DEV_HUGE, mk: 'special' },
    cells: cells('n/a', 'n/a', ['N', 'R-U1'], '-', ['N', 'M-S1b'], '-'),
  },
  {
    entry: 'PUD special outside PFNMAP/MIXEDMAP',
    ...{ vma: F, idx: 0, level: 'pud', pfn: RAM_PUD, mk: 'special' },
    cells: cells('n/a', 'n/a', ['N+W', 'R-U1', W_PUD_SPECIAL], '-', ['B', 'M-S1d'], '-'),
  },
];

function makeEntry(row: MatrixRow, feat: VariantFeatures, cfg: MachineConfig): LeafEntry {
  const e = leaf(row.pfn);
  if (row.mk === 'special' || (row.mk === 'thp-zero' && feat.hugeZeroPmdSpecial))
    return mkspecial(cfg, row.level, e);
  return e;
}

describe('§2.7 quick reference matrix', () => {
  const mrows = MATRIX.flatMap((row) =>
    (Object.keys(COLS) as Col[]).flatMap((col) =>
      row.cells[col] === '-'
        ? []
        : COLS[col].variants.map((variant) => ({
            row,
            col,
            variant,
            cell: row.cells[col],
            title: `${row.entry} | ${col} (${variant})`,
          })),
    ),
  );
  it('encodes all 18 rows of the matrix (P linear and file/slab rows split) in all 6 columns', () => {
    expect(MATRIX).toHaveLength(20);
    expect(mrows.length).toBeGreaterThan(MATRIX.length * 6);
  });
  it.each(mrows)('$title', ({ row, col, variant, cell }) => {
    const cfg = CFG[COLS[col].cfg];
    const feat = variantInfo(variant).features;
    const r = classify(
      { cfg, feat, mem: WORLD },
      row.vma,
      row.vma.start + row.idx,
      row.level,
      makeEntry(row, feat, cfg),
    );
    if (cell === 'n/a') {
      expect(r.missing).toBeDefined();
      expect([r.fn, r.page, r.bad, r.warns]).toEqual(['vm_normal_page_pud', null, false, []]);
      return;
    }
    if (cell === '-') throw new Error('unreachable');
    const [res, branch, ...warns] = cell;
    expect(outcome(r)).toEqual({
      branch,
      page: res.startsWith('P') ? row.pfn : null,
      warns: res.endsWith('+W') ? warns : [],
      bad: res === 'B',
      missing: false,
    });
  });
  it('the W cells have a warning condition, the others none', () => {
    for (const row of MATRIX)
      for (const c of Object.values(row.cells))
        if (typeof c !== 'string')
          expect(c.length > 2, `${row.entry} ${c.join(' ')}`).toBe(c[0].endsWith('+W'));
  });
});

// ---- Appendix A: per-patch deltas ---------------------------------------------------------------------

/** Every combination of VMA, level, pfn and special bit: the sweep used to compare adjacent variants. */
const SWEEP_VMAS = [A, T, P, P2, Sh, R, M, PM, X, XH, PH, MH, HP, F];
const SWEEP_PFNS = [
  Z,
  H,
  H1,
  HMID,
  ANON,
  THP,
  THP + 1,
  FILE,
  SLAB,
  FREE,
  HIGH,
  HIGH + 1,
  MMIO,
  DEV_HUGE,
  WILD,
  ZD,
  RAM_PUD,
  0x4000,
];
const SWEEP_CFGS: { name: string; cfg: MachineConfig }[] = [
  { name: 'Y', cfg: CFG.Y },
  { name: 'Y32', cfg: CFG.Y32 },
  { name: 'N', cfg: CFG.N },
  { name: 'Y+FIND_NORMAL_PAGE', cfg: { ...CFG.Y, findNormalPage: true } },
];
interface SweepInput {
  vma: Vma;
  idx: number;
  level: LeafLevel;
  pfn: number;
  special: boolean;
  cfgName: string;
  cfg: MachineConfig;
}
const SWEEP: SweepInput[] = [];
for (const vma of SWEEP_VMAS)
  for (const level of ['pte', 'pmd', 'pud'] as const)
    for (const pfn of SWEEP_PFNS)
      for (const special of [false, true])
        for (const idx of [0, 1])
          for (const { name, cfg } of SWEEP_CFGS)
            SWEEP.push({ vma, idx, level, pfn, special, cfgName: name, cfg });

function sweepOutcome(variant: VariantId, s: SweepInput) {
  const r = classify(
    ctxOf(variant, s.cfg, WORLD2),
    s.vma,
    s.vma.start + s.idx,
    s.level,
    leaf(s.pfn, { special: s.special }),
  );
  return outcome(r);
}
/** The sweep inputs on which two variants classify differently. */
function diffs(a: VariantId, b: VariantId): SweepInput[] {
  return SWEEP.filter((s) => JSON.stringify(sweepOutcome(a, s)) !== JSON.stringify(sweepOutcome(b, s)));
}
const desc = (s: SweepInput) =>
  `${s.vma.name} ${s.level} pfn 0x${s.pfn.toString(16)} special=${s.special} idx=${s.idx} ${s.cfgName}`;

describe('Appendix A: per-patch deltas', () => {
  describe('RFC 01: no highest_memmap_pfn check; W(!pfn_valid) at "out"', () => {
    it.each<[string, CfgName, Omit<Case, 'branch' | 'page' | 'name'>, object, object]>([
      [
        'PTE, Y, corrupted pfn',
        'Y',
        { vma: A, idx: 1, pfn: WILD },
        { branch: 'B-P6', page: null, bad: true, warns: [] },
        { branch: 'B-P7', page: WILD, bad: false, warns: [W_INVALID] },
      ],
      [
        'PTE, N, corrupted pfn',
        'N',
        { vma: A, idx: 1, pfn: WILD },
        { branch: 'B-N4', page: null, bad: true, warns: [] },
        { branch: 'B-N5', page: WILD, bad: false, warns: [W_INVALID] },
      ],
      [
        'PMD, MMIO pfn: silent NULL becomes PAGE + W',
        'Y',
        { vma: T, level: 'pmd', pfn: DEV_HUGE },
        { branch: 'B-M5', page: null, bad: false, warns: [] },
        { branch: 'B-M6', page: DEV_HUGE, bad: false, warns: [W_INVALID] },
      ],
      [
        'PTE, N, MIXEDMAP valid pfn: falls into the common zero check, same page',
        'N',
        { vma: M, idx: 1, pfn: FILE },
        { branch: 'B-N1c', page: FILE, bad: false, warns: [] },
        { branch: 'B-N5', page: FILE, bad: false, warns: [] },
      ],
      [
        'PMD, MIXEDMAP valid pfn: still returns early',
        'N',
        { vma: MH, level: 'pmd', pfn: THP },
        { branch: 'B-M2b', page: THP, bad: false, warns: [] },
        { branch: 'B-M2b', page: THP, bad: false, warns: [] },
      ],
    ])('%s', (_name, cfg, input, before, after) => {
      expect(outcome(run('baseline', cfg, input))).toMatchObject(before);
      expect(outcome(run('rfc-01', cfg, input))).toMatchObject(after);
    });
    it('the W(!pfn_valid) check runs only from RFC 01 on', () => {
      const has = (v: VariantId) =>
        run(v, 'Y', { vma: A, idx: 1, pfn: ANON }).checks.some(
          (c) => c.cond === `VM_WARN_ON_ONCE(${W_INVALID})`,
        );
      expect([has('baseline'), has('v6.17'), has('rfc-01'), has('rfc-09')]).toEqual([
        false,
        false,
        true,
        true,
      ]);
    });
  });

  describe('RFC 02-08: no change to vm_normal_page*()', () => {
    it.each<VariantId>(['rfc-02', 'rfc-03', 'rfc-04', 'rfc-05', 'rfc-06', 'rfc-07', 'rfc-08'])(
      '%s classifies as rfc-01',
      (v) => {
        expect(diffs('rfc-01', v).map(desc)).toEqual([]);
      },
    );
  });

  describe('RFC 09 (and v6.17): is_huge_zero_pfn() at PMD level', () => {
    it.each<[VariantId, VariantId]>([
      ['rfc-08', 'rfc-09'],
      ['baseline', 'v6.17'],
    ])('%s -> %s: only PMDs of a huge zero subpage change, from PAGE to NULL', (a, b) => {
      const d = diffs(a, b);
      expect(d.length).toBeGreaterThan(0);
      for (const s of d) {
        expect(s.level, desc(s)).toBe('pmd');
        expect(WORLD.isHugeZeroAny(asPfn(s.pfn)) && s.pfn !== H, desc(s)).toBe(true);
        expect(sweepOutcome(a, s).page, desc(s)).toBe(s.pfn);
        expect(sweepOutcome(b, s), desc(s)).toMatchObject({ branch: 'B-M4', page: null });
      }
    });
    it('the checked condition is is_huge_zero_pmd() before and is_huge_zero_pfn() after', () => {
      const conds = (v: VariantId) =>
        run(v, 'N', { vma: T, level: 'pmd', pfn: THP }).checks.map((c) => c.cond);
      expect(conds('rfc-08')).toContain('is_huge_zero_pmd(pmd)');
      expect(conds('rfc-09')).toContain('is_huge_zero_pfn(pfn)');
    });
  });

  describe('RFC 10: vm_normal_page_pfn()', () => {
    it.each<[string, CfgName, Omit<Case, 'branch' | 'page' | 'name'>, object, object]>([
      [
        'N: huge zero subpage PTE now NULL (zero and huge zero checked together)',
        'N',
        { vma: A, idx: 1, pfn: H1 },
        { branch: 'B-N5', page: H1 },
        { branch: 'R-N3', page: null },
      ],
      [
        'Y: non-special huge zero subpage PTE now warns',
        'Y',
        { vma: A, idx: 1, pfn: H1 },
        { branch: 'B-P7', page: H1, warns: [] },
        { branch: 'R-C1', page: H1, warns: [W_ZERO_ANY] },
      ],
      [
        'Y: a stray special PMD now warns',
        'Y',
        { vma: T, level: 'pmd', pfn: THP, special: true },
        { branch: 'B-M1', page: null, warns: [] },
        { branch: 'R-M1', page: null, warns: [W_PMD_SPECIAL] },
      ],
      [
        'Y: a special huge zero PMD stays silent',
        'Y',
        { vma: T, level: 'pmd', pfn: H, special: true },
        { branch: 'B-M1', page: null, warns: [] },
        { branch: 'R-M1', page: null, warns: [] },
      ],
      [
        'Y: a huge zero PMD without its special bit becomes PAGE + W',
        'Y',
        { vma: T, level: 'pmd', pfn: H },
        { branch: 'B-M4', page: null, warns: [] },
        { branch: 'R-C1', page: H, warns: [W_ZERO_ANY] },
      ],
      [
        'N: MIXEDMAP huge zero PMD no longer returns early',
        'N',
        { vma: MH, level: 'pmd', pfn: H },
        { branch: 'B-M2b', page: H },
        { branch: 'R-N3', page: null },
      ],
      [
        'N: the linearity rule is kept',
        'N',
        { vma: P, idx: 1, pfn: 0x4001 },
        { branch: 'B-N2a', page: null },
        { branch: 'R-N2a', page: null },
      ],
      [
        'N: not CoW is kept',
        'N',
        { vma: Sh, idx: 1, pfn: FILE },
        { branch: 'B-N2b', page: null },
        { branch: 'R-N2b', page: null },
      ],
    ])('%s', (_name, cfg, input, before, after) => {
      expect(outcome(run('rfc-09', cfg, input))).toMatchObject(before);
      expect(outcome(run('rfc-10', cfg, input))).toMatchObject(after);
    });
  });

  describe('RFC 11: CoW PFNMAP "normal" iff anon folio (config N only)', () => {
    it.each<[string, Omit<Case, 'branch' | 'page' | 'name'>, object, object]>([
      [
        'P2 linear anon pfn',
        { vma: P2, idx: 1, pfn: ANON },
        { branch: 'R-N2a', page: null },
        { branch: 'R-F4', page: ANON },
      ],
      [
        'P non-linear file pfn',
        { vma: P, idx: 1, pfn: FILE },
        { branch: 'R-NORMAL', page: FILE },
        { branch: 'R-F3', page: null },
      ],
      [
        'P non-linear slab pfn',
        { vma: P, idx: 1, pfn: SLAB },
        { branch: 'R-NORMAL', page: SLAB },
        { branch: 'R-F3', page: null },
      ],
      [
        'P non-linear MMIO pfn',
        { vma: P, idx: 1, pfn: MMIO },
        { branch: 'R-NORMAL', page: MMIO, warns: [W_INVALID] },
        { branch: 'R-F2', page: null, warns: [] },
      ],
      [
        'P linear free RAM',
        { vma: P, idx: 1, pfn: 0x4001 },
        { branch: 'R-N2a', page: null },
        { branch: 'R-F3', page: null },
      ],
      ['Sh', { vma: Sh, idx: 1, pfn: FILE }, { branch: 'R-N2b', page: null }, { branch: 'R-F1', page: null }],
      [
        'PH anon THP PMD',
        { vma: PH, level: 'pmd', pfn: THP },
        { branch: 'R-NORMAL', page: THP },
        { branch: 'R-F4', page: THP },
      ],
    ])('%s', (_name, input, before, after) => {
      expect(outcome(run('rfc-10', 'N', input))).toMatchObject(before);
      expect(outcome(run('rfc-11', 'N', input))).toMatchObject(after);
    });
    it('config Y is unchanged by RFC 11', () => {
      const d = diffs('rfc-10', 'rfc-11').filter((s) => s.cfg.pteSpecial);
      expect(d.map(desc)).toEqual([]);
    });
  });

  describe('RFC 12: no change to the classification', () => {
    it('rfc-12 classifies as rfc-11', () => expect(diffs('rfc-11', 'rfc-12').map(desc)).toEqual([]));
  });

  describe('RFC 13: vm_normal_page_pud() appears', () => {
    it.each<VariantId>(['baseline', 'v6.17', 'rfc-01', 'rfc-09', 'rfc-10', 'rfc-12'])('%s: missing', (v) => {
      const r = run(v, 'Y', { vma: HP, level: 'pud', pfn: DEV_HUGE, special: true });
      expect(r.missing).toBeDefined();
      expect([r.fn, r.branch, r.page, r.bad, r.warns]).toEqual([
        'vm_normal_page_pud',
        'n/a',
        null,
        false,
        [],
      ]);
    });
    it.each<VariantId>(['rfc-13', 'rfc-14', 'v6.18', 'fix-2026'])('%s: exists', (v) => {
      const r = run(v, 'Y', { vma: HP, level: 'pud', pfn: DEV_HUGE, special: true });
      expect(r.missing).toBeUndefined();
      expect(r.page).toBeNull();
      expect(r.branch).toBe(v.startsWith('rfc') ? 'R-U1' : 'M-S1b');
    });
    it('rfc-12 -> rfc-13 changes only PUD entries', () => {
      const d = diffs('rfc-12', 'rfc-13');
      expect(d.length).toBeGreaterThan(0);
      expect(d.filter((s) => s.level !== 'pud').map(desc)).toEqual([]);
    });
  });

  describe('RFC 14: find_normal_page() only with CONFIG_FIND_NORMAL_PAGE', () => {
    const input = { vma: X, idx: 0, pfn: 0x7000, special: true };
    it('rfc-13: the callback is consulted whatever the config', () => {
      expect(outcome(run('rfc-13', 'Y', input))).toMatchObject({ branch: 'R-P1a', page: 0x6000 });
      expect(outcome(run('rfc-13', 'Y', { ...input, cfg: { findNormalPage: true } }))).toMatchObject({
        branch: 'R-P1a',
        page: 0x6000,
      });
      expect(run('rfc-13', 'Y', input).checks.map((c) => c.cond)).toContain('vma->vm_ops->find_special_page');
    });
    it('rfc-14: only with cfg.findNormalPage', () => {
      expect(outcome(run('rfc-14', 'Y', input))).toMatchObject({ branch: 'R-P1b', page: null });
      const r = run('rfc-14', 'Y', { ...input, cfg: { findNormalPage: true } });
      expect(outcome(r)).toMatchObject({ branch: 'R-P1a', page: 0x6000 });
      expect(r.checks.map((c) => c.cond)).toContain(
        'IS_ENABLED(CONFIG_FIND_NORMAL_PAGE) && vma->vm_ops->find_normal_page',
      );
    });
    it('rfc-13 -> rfc-14 changes only special PTEs of callback VMAs without CONFIG_FIND_NORMAL_PAGE', () => {
      const d = diffs('rfc-13', 'rfc-14');
      expect(d.length).toBeGreaterThan(0);
      for (const s of d) {
        expect([s.level, s.special, s.cfg.pteSpecial, s.cfg.findNormalPage], desc(s)).toEqual([
          'pte',
          true,
          true,
          false,
        ]);
        expect(['gntdev', 'raw'], desc(s)).toContain(s.vma.backing.type);
      }
    });
    it('RFC 10-14 never consult the callback at PMD level; v6.18 does', () => {
      const pmdInput = {
        vma: XH,
        level: 'pmd' as const,
        pfn: DEV_HUGE,
        special: true,
        cfg: { findNormalPage: true },
      };
      expect(outcome(run('rfc-14', 'Y', pmdInput))).toMatchObject({ branch: 'R-M1', page: null });
      expect(outcome(run('v6.18', 'Y', pmdInput))).toMatchObject({ branch: 'M-S1a', page: 0x6000 });
    });
  });

  describe('FIX26 changes only PMD/PUD entries on an arch without PMD/PUD special bits', () => {
    it('v6.18 -> fix-2026', () => {
      const d = diffs('v6.18', 'fix-2026');
      expect(d.length).toBeGreaterThan(0);
      for (const s of d) expect([s.cfgName, s.level === 'pte'], desc(s)).toEqual(['Y32', false]);
    });
  });
});

describe('pfn_valid() warnings: RFC 01-14 warn on a memmap hole below HIGH, v6.18 has no VALID warning', () => {
  const HOLE = 0x65000;
  const holey = world({
    ...BASE_LAYOUT,
    ranges: [
      { start: 0, end: 0x60000, type: 'ram', name: 'System RAM' },
      { start: 0x70000, end: HIGH + 1, type: 'ram', name: 'System RAM' },
    ],
  });
  it.each<[VariantId, CfgName, string, string[]]>([
    ['baseline', 'Y', 'B-P7', []],
    ['baseline', 'N', 'B-N5', []],
    ['rfc-01', 'Y', 'B-P7', [W_INVALID]],
    ['rfc-01', 'N', 'B-N5', [W_INVALID]],
    ['rfc-14', 'Y', 'R-C1', [W_INVALID]],
    ['rfc-14', 'N', 'R-NORMAL', [W_INVALID]],
    ['v6.18', 'Y', 'M-OK', []],
    ['v6.18', 'N', 'M-OK', []],
  ])('%s [%s]: %s', (variant, cfgName, branch, warns) => {
    expect(outcome(run(variant, cfgName, { vma: A, idx: 1, pfn: HOLE, mem: holey }))).toEqual({
      branch,
      page: HOLE,
      warns,
      bad: false,
      missing: false,
    });
  });
});

describe('classify() reports W conditions independently of CONFIG_DEBUG_VM (callers gate the print)', () => {
  it.each<VariantId>(['rfc-14', 'v6.18'])('%s', (v) => {
    const input = { vma: A, idx: 1, pfn: Z };
    const on = run(v, 'Y', input);
    const off = run(v, 'Y', { ...input, cfg: { debugVm: false } });
    expect(outcome(off)).toEqual(outcome(on));
    expect(on.warns.length).toBe(1);
  });
});
