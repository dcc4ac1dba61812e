/**
 * Kernel variants and what each one changes. One row per variant; the model asks these flags, never the
 * variant id, so that "what did patch N change" is the difference of two rows (kernel-semantics.md Appendix A).
 */
export const VARIANT_IDS = [
  'baseline',
  'v6.17',
  'rfc-01',
  'rfc-02',
  'rfc-03',
  'rfc-04',
  'rfc-05',
  'rfc-06',
  'rfc-07',
  'rfc-08',
  'rfc-09',
  'rfc-10',
  'rfc-11',
  'rfc-12',
  'rfc-13',
  'rfc-14',
  'v6.18',
  'mm-2026',
  'fix-2026',
] as const;
export type VariantId = (typeof VARIANT_IDS)[number];

export interface VariantFeatures {
  /** Which body vm_normal_page*() has: the pre-series one, RFC 10's vm_normal_page_pfn(), or v6.18's __vm_normal_page(). */
  classifier: 'base' | 'rfc' | 'merged';
  /** RFC 01: no highest_memmap_pfn check; VM_WARN_ON_ONCE(!pfn_valid) at "out" instead. */
  noHighestMemmapCheck: boolean;
  /** RFC 03: insert_* upgrade write permission only over a present entry. */
  presentChecks: boolean;
  /** RFC 04/05: insert_pmd()/insert_pud() do range check, deposit and locking themselves. */
  insertPmdCommon: boolean;
  /** RFC 06: vmf_insert_folio_pmd() accepts the huge zero folio without refcount/rmap/RSS. */
  folioPmdHugeZero: boolean;
  /** RFC 07: the DAX PMD hole uses vmf_insert_folio_pmd() (occupied PMD -> NOPAGE). */
  daxUsesFolioPmd: boolean;
  /** RFC 08: PMD mappings of the huge zero folio are pmd_mkspecial(). */
  hugeZeroPmdSpecial: boolean;
  /** RFC 09 (v6.17 too): is_huge_zero_pfn() matches any pfn of the huge zero folio. */
  hugeZeroAnyPfn: boolean;
  /** RFC 11: CoW PFNMAP "normal" means "an anon folio", not the vm_pgoff linearity rule. */
  cowPfnmapAnonRule: boolean;
  /** RFC 12: vm_normal_page_pmd()/vm_normal_folio_pmd() lose their addr parameter. */
  pmdNoAddr: boolean;
  /** RFC 13 / v6.18: vm_normal_page_pud() exists and folio_walk_start() uses it. */
  normalPagePud: boolean;
  /** RFC 14 / v6.18: vm_ops->find_normal_page(), compiled only with CONFIG_FIND_NORMAL_PAGE. */
  findNormalPage: boolean;
  /** v6.18: print_bad_page_map() reports at every level, BAD for pfn > highest_memmap_pfn at PMD/PUD. */
  printBadPageMap: boolean;
  /** v6.18 (v3-05 fix-up): copy_huge_pmd()'s special shortcut excludes the huge zero PMD. */
  copyHugePmdExcludesHugeZero: boolean;
  /**
   * d80a9cb1a64a "mm/huge_memory: add and use normal_or_softleaf_folio_pmd()" (2026): zap_huge_pmd()
   * decides through vm_normal_folio_pmd(), which exposed the missing per-level special bit (S13).
   */
  zapHugePmdViaNormalFolio: boolean;
  /** 2026 fix: the "has special bit" switch is per level, not CONFIG_ARCH_HAS_PTE_SPECIAL. */
  perLevelSpecial: boolean;
}

export interface VariantInfo {
  id: VariantId;
  label: string;
  /** The patch's subject (RFC variants) or what the tree is. */
  subject: string;
  /** One paragraph: what this variant changes against the previous one. */
  summary: string;
  features: VariantFeatures;
}

const BASE: VariantFeatures = {
  classifier: 'base',
  noHighestMemmapCheck: false,
  presentChecks: false,
  insertPmdCommon: false,
  folioPmdHugeZero: false,
  daxUsesFolioPmd: false,
  hugeZeroPmdSpecial: false,
  hugeZeroAnyPfn: false,
  cowPfnmapAnonRule: false,
  pmdNoAddr: false,
  normalPagePud: false,
  findNormalPage: false,
  printBadPageMap: false,
  copyHugePmdExcludesHugeZero: false,
  zapHugePmdViaNormalFolio: false,
  perLevelSpecial: false,
};

type Delta = Partial<VariantFeatures>;
const RFC: { n: number; subject: string; summary: string; delta: Delta }[] = [
  {
    n: 1,
    subject: 'mm/memory: drop highest_memmap_pfn sanity check in vm_normal_page()',
    summary:
      'The pfn > highest_memmap_pfn check ("Bad page map") becomes VM_WARN_ON_ONCE(!pfn_valid(pfn)) and pfn_to_page() is returned anyway; vm_normal_page_pmd() loses its silent check too. Hugh Dickins objected; v1 kept the report instead.',
    delta: { noHighestMemmapCheck: true },
  },
  {
    n: 2,
    subject: 'mm: drop highest_memmap_pfn',
    summary: 'Deletes the now unused highest_memmap_pfn variable. No behaviour change in the model.',
    delta: {},
  },
  {
    n: 3,
    subject: 'mm: compare pfns only if the entry is present when inserting pfns/pages',
    summary:
      'insert_pfn(), insert_page_into_pte_locked(), insert_pmd() and insert_pud() only upgrade write permission over a present entry; a non-present one gives -EBUSY / NOPAGE instead of a pfn comparison and WARN. Dropped in v1.',
    delta: { presentChecks: true },
  },
  {
    n: 4,
    subject: 'mm/huge_memory: move more common code into insert_pmd()',
    summary: 'insert_pmd() takes over the range check, page-table deposit and locking. No visible change.',
    delta: { insertPmdCommon: true },
  },
  {
    n: 5,
    subject: 'mm/huge_memory: move more common code into insert_pud()',
    summary: 'The same for insert_pud(). No visible change.',
    delta: {},
  },
  {
    n: 6,
    subject: 'mm/huge_memory: support huge zero folio in vmf_insert_folio_pmd()',
    summary:
      'vmf_insert_folio_pmd() maps the huge zero folio without a refcount, rmap or RSS (it used to treat it as any folio).',
    delta: { folioPmdHugeZero: true },
  },
  {
    n: 7,
    subject: 'fs/dax: use vmf_insert_folio_pmd() to insert the huge zero folio',
    summary:
      'The DAX PMD hole maps the huge zero folio through vmf_insert_folio_pmd(); an already populated PMD now returns VM_FAULT_NOPAGE instead of VM_FAULT_FALLBACK.',
    delta: { daxUsesFolioPmd: true },
  },
  {
    n: 8,
    subject: 'mm/huge_memory: mark PMD mappings of the huge zero folio special',
    summary:
      'set_huge_zero_folio() and insert_pmd() apply pmd_mkspecial() to huge zero PMDs (a no-op without ARCH_SUPPORTS_PMD_PFNMAP). copy_huge_pmd() then copies them through its special shortcut (fixed in v3).',
    delta: { hugeZeroPmdSpecial: true },
  },
  {
    n: 9,
    subject: 'mm/memory: introduce is_huge_zero_pfn() and use it in vm_normal_page_pmd()',
    summary:
      'The huge zero test in vm_normal_page_pmd() matches any pfn inside the huge zero folio (merged early, in v6.17).',
    delta: { hugeZeroAnyPfn: true },
  },
  {
    n: 10,
    subject: 'mm/memory: factor out common code from vm_normal_page_*()',
    summary:
      'vm_normal_page() and vm_normal_page_pmd() share vm_normal_page_pfn(); with pte_special a non-special entry is normal at once; zero and huge zero pfns are checked together; a special PMD outside PFNMAP/MIXEDMAP that is not huge zero gets a VM_WARN_ON_ONCE.',
    delta: { classifier: 'rfc' },
  },
  {
    n: 11,
    subject: 'mm: remove "horrible special case to handle copy-on-write behaviour"',
    summary:
      'Without pte_special, a CoW PFNMAP page is normal iff it is an anon folio (no linearity rule); remap_pfn_range() no longer requires the whole VMA or rewrites vm_pgoff but refuses anon pfns; vmf_insert_pfn*() no longer BUG on CoW PFNMAPs but SIGBUS on anon pfns. Dropped in v1 because of /dev/mem.',
    delta: { cowPfnmapAnonRule: true },
  },
  {
    n: 12,
    subject: 'mm: drop addr parameter from vm_normal_*_pmd()',
    summary: 'vm_normal_page_pmd() and vm_normal_folio_pmd() lose the unused addr. No behaviour change.',
    delta: { pmdNoAddr: true },
  },
  {
    n: 13,
    subject: 'mm: introduce and use vm_normal_page_pud()',
    summary: 'vm_normal_page_pud() classifies PUD leaves; folio_walk_start() uses it at PUD level.',
    delta: { normalPagePud: true },
  },
  {
    n: 14,
    subject: 'mm: rename vm_ops->find_special_page() to vm_ops->find_normal_page()',
    summary:
      'The Xen gntdev callback is renamed and only compiled with CONFIG_FIND_NORMAL_PAGE (selected by XEN_GNTDEV).',
    delta: { findNormalPage: true },
  },
];

function build(): VariantInfo[] {
  const out: VariantInfo[] = [
    {
      id: 'baseline',
      label: 'baseline (mm-new, June 2025)',
      subject: 'the RFC series base, mm-new 2025-06-17 (base-commit 2f24ee10fe6d)',
      summary:
        'Before the series: vm_normal_page() with pte_special and the highest_memmap_pfn check, the linearity rule for CoW PFNMAPs without pte_special, unmarked huge zero PMDs.',
      features: BASE,
    },
    {
      id: 'v6.17',
      label: 'v6.17',
      subject: 'v6.17: the baseline plus RFC 09 (is_huge_zero_pfn), merged early',
      summary: 'As the baseline, but vm_normal_page_pmd() matches any pfn of the huge zero folio.',
      features: { ...BASE, hugeZeroAnyPfn: true },
    },
  ];
  let f = BASE;
  for (const p of RFC) {
    f = { ...f, ...p.delta };
    const id = `rfc-${String(p.n).padStart(2, '0')}` as VariantId;
    out.push({
      id,
      label: `RFC ${String(p.n).padStart(2, '0')}/14`,
      subject: p.subject,
      summary: p.summary,
      features: f,
    });
  }
  const merged: VariantFeatures = {
    ...BASE,
    classifier: 'merged',
    insertPmdCommon: true,
    folioPmdHugeZero: true,
    daxUsesFolioPmd: true,
    hugeZeroPmdSpecial: true,
    hugeZeroAnyPfn: true,
    normalPagePud: true,
    findNormalPage: true,
    printBadPageMap: true,
    copyHugePmdExcludesHugeZero: true,
  };
  out.push({
    id: 'v6.18',
    label: 'v6.18',
    subject: 'v6.18-rc1: "mm: vm_normal_page*() improvements" v3 (11 patches) as merged',
    summary:
      '__vm_normal_page() serves all levels with CONFIG_ARCH_HAS_PTE_SPECIAL as the switch; print_bad_page_map() reports at every level; the highest_memmap_pfn check kept; RFC 01-03, 11 and 12 dropped.',
    features: merged,
  });
  out.push({
    id: 'mm-2026',
    label: 'v6.18 + zap via vm_normal_folio_pmd() (2026)',
    subject: 'mm/huge_memory: add and use normal_or_softleaf_folio_pmd() (d80a9cb1a64a)',
    summary:
      'zap_huge_pmd() asks vm_normal_folio_pmd() instead of testing for the huge zero PMD itself. Where pmd_special() does not exist (32-bit), v6.18 calls the huge zero folio normal, so a zap warns, puts a folio it never held and leaves "Bad rss-counter state": the bug the 2026 fix repairs.',
    features: { ...merged, zapHugePmdViaNormalFolio: true },
  });
  out.push({
    id: 'fix-2026',
    label: 'v6.18 + 2026 fix',
    subject: 'mm: fix __vm_normal_page() to handle missing support for pmd_special()/pud_special()',
    summary:
      'Whether a level has a special bit is decided per level (PTE: ARCH_HAS_PTE_SPECIAL, PMD: ARCH_SUPPORTS_PMD_PFNMAP, PUD: ARCH_SUPPORTS_PUD_PFNMAP), so a huge zero PMD on 32-bit is recognised again.',
    features: { ...merged, zapHugePmdViaNormalFolio: true, perLevelSpecial: true },
  });
  return out;
}

export const VARIANTS: readonly VariantInfo[] = build();
const BY_ID = new Map(VARIANTS.map((v) => [v.id, v]));

export function variantInfo(id: VariantId): VariantInfo {
  const v = BY_ID.get(id);
  if (!v) throw new Error(`unknown kernel variant ${id}`);
  return v;
}

export function isVariantId(x: string): x is VariantId {
  return BY_ID.has(x as VariantId);
}
