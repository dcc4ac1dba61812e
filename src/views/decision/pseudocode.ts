/**
 * Kernel-style excerpts of vm_normal_page*() per variant: a paraphrase of mm/memory.c derived from the RFC
 * patch diffs (lkml "[PATCH RFC 00/14] mm: vm_normal_page*() + CoW PFNMAP improvements", 2025-06-17), the
 * merged v3 series and the 2026 per-level fix, as summarised in kernel-semantics.md §2 and Appendix A. Not kernel
 * source: comments are shortened and unrelated lines left out.
 *
 * Each line may carry the branch IDs (kernel-semantics.md §2) it decides or passes, so the view can highlight the
 * line of the branch the classifier took. `since` names the patch that introduced a line, where it differs
 * from the body the series started from.
 */
import type { LeafLevel } from '../../model/entry';
import { type VariantFeatures, type VariantId, variantInfo } from '../../model/variants';
import { codeLinks, type DecisionFn, type Link } from '../../scenario/narration';

export interface CodeLine {
  readonly text: string;
  /** Branch IDs this line decides (or, for notes such as B-P1 / M-Y0, the line the path passes). */
  readonly ids?: readonly string[];
  /** The patch that introduced this line, when it differs from the pre-series code. */
  readonly since?: string;
}

export type ExcerptBody = 'base-pte' | 'base-pmd' | 'rfc' | 'merged';

export interface Excerpt {
  readonly body: ExcerptBody;
  /** The functions shown, in order (the function called first, then the helpers that decide). */
  readonly functions: readonly string[];
  readonly lines: readonly CodeLine[];
}

type Fn = 'vm_normal_page' | 'vm_normal_page_pmd' | 'vm_normal_page_pud';

const FN: Record<LeafLevel, Fn> = {
  pte: 'vm_normal_page',
  pmd: 'vm_normal_page_pmd',
  pud: 'vm_normal_page_pud',
};

const l = (text: string, ...ids: string[]): CodeLine => (ids.length ? { text, ids } : { text });
const since = (tag: string, line: CodeLine): CodeLine => ({ ...line, since: tag });
const when = (cond: boolean, ...lines: CodeLine[]): CodeLine[] => (cond ? lines : []);

// ---- baseline, v6.17, RFC 01-09: vm_normal_page() -----------------------------------------------------

function basePte(f: VariantFeatures): CodeLine[] {
  const r01 = f.noHighestMemmapCheck;
  return [
    l('struct page *vm_normal_page(struct vm_area_struct *vma,'),
    l('\t\tunsigned long addr, pte_t pte)'),
    l('{'),
    l('\tunsigned long pfn = pte_pfn(pte);'),
    l(''),
    l('\tif (IS_ENABLED(CONFIG_ARCH_HAS_PTE_SPECIAL)) {'),
    l('\t\tif (likely(!pte_special(pte)))'),
    r01 ? since('RFC 01', l('\t\t\tgoto out;', 'B-P1')) : l('\t\t\tgoto check_pfn;', 'B-P1'),
    l('\t\tif (vma->vm_ops && vma->vm_ops->find_special_page)'),
    l('\t\t\treturn vma->vm_ops->find_special_page(vma, addr);', 'B-P2'),
    l('\t\tif (vma->vm_flags & (VM_PFNMAP | VM_MIXEDMAP))'),
    l('\t\t\treturn NULL;', 'B-P3'),
    l('\t\tif (is_zero_pfn(pfn))'),
    l('\t\t\treturn NULL;', 'B-P4'),
    l('\t\tprint_bad_pte(vma, addr, pte, NULL);', 'B-P5'),
    l('\t\treturn NULL;', 'B-P5'),
    l('\t}'),
    l(''),
    l('\t/* !CONFIG_ARCH_HAS_PTE_SPECIAL case follows: */'),
    l('\tif (unlikely(vma->vm_flags & (VM_PFNMAP|VM_MIXEDMAP))) {'),
    l('\t\tif (vma->vm_flags & VM_MIXEDMAP) {'),
    l('\t\t\tif (!pfn_valid(pfn))'),
    l('\t\t\t\treturn NULL;', 'B-N1a'),
    ...when(
      !r01,
      l('\t\t\tif (is_zero_pfn(pfn))'),
      l('\t\t\t\treturn NULL;', 'B-N1b'),
      l('\t\t\tgoto out;', 'B-N1c'),
    ),
    l('\t\t} else {'),
    l('\t\t\tunsigned long off;'),
    l('\t\t\toff = (addr - vma->vm_start) >> PAGE_SHIFT;'),
    l('\t\t\tif (pfn == vma->vm_pgoff + off)'),
    l('\t\t\t\treturn NULL;', 'B-N2a'),
    l('\t\t\tif (!is_cow_mapping(vma->vm_flags))'),
    l('\t\t\t\treturn NULL;', 'B-N2b'),
    l('\t\t}'),
    l('\t}'),
    l(''),
    l('\tif (is_zero_pfn(pfn))'),
    l('\t\treturn NULL;', 'B-N3'),
    ...(r01
      ? []
      : [
          l(''),
          l('check_pfn:'),
          l('\tif (unlikely(pfn > highest_memmap_pfn)) {', 'B-P6', 'B-N4'),
          l('\t\tprint_bad_pte(vma, addr, pte, NULL);', 'B-P6', 'B-N4'),
          l('\t\treturn NULL;'),
          l('\t}'),
        ]),
    l(''),
    l('\t/* NOTE! We still have PageReserved() pages in the page tables. */'),
    l('out:'),
    ...when(r01, since('RFC 01', l('\tVM_WARN_ON_ONCE(!pfn_valid(pfn));'))),
    l('\tVM_WARN_ON_ONCE(is_zero_pfn(pfn));'),
    l('\treturn pfn_to_page(pfn);', 'B-P7', 'B-N5', 'B-N1c'),
    l('}'),
  ];
}

// ---- baseline, v6.17, RFC 01-09: vm_normal_page_pmd() -------------------------------------------------

function basePmd(f: VariantFeatures): CodeLine[] {
  const r01 = f.noHighestMemmapCheck;
  return [
    l('struct page *vm_normal_page_pmd(struct vm_area_struct *vma,'),
    l('\t\tunsigned long addr, pmd_t pmd)'),
    l('{'),
    l('\tunsigned long pfn = pmd_pfn(pmd);'),
    l(''),
    l("\t/* Currently it's only used for huge pfnmaps */"),
    l('\tif (unlikely(pmd_special(pmd)))'),
    l('\t\treturn NULL;', 'B-M1'),
    l(''),
    l('\tif (unlikely(vma->vm_flags & (VM_PFNMAP|VM_MIXEDMAP))) {'),
    l('\t\tif (vma->vm_flags & VM_MIXEDMAP) {'),
    l('\t\t\tif (!pfn_valid(pfn))'),
    l('\t\t\t\treturn NULL;', 'B-M2a'),
    l('\t\t\tgoto out;', 'B-M2b'),
    l('\t\t} else {'),
    l('\t\t\tunsigned long off;'),
    l('\t\t\toff = (addr - vma->vm_start) >> PAGE_SHIFT;'),
    l('\t\t\tif (pfn == vma->vm_pgoff + off)'),
    l('\t\t\t\treturn NULL;', 'B-M3a'),
    l('\t\t\tif (!is_cow_mapping(vma->vm_flags))'),
    l('\t\t\t\treturn NULL;', 'B-M3b'),
    l('\t\t}'),
    l('\t}'),
    l(''),
    f.hugeZeroAnyPfn
      ? since('RFC 09 (v6.17)', l('\tif (is_huge_zero_pfn(pfn))', 'B-M4'))
      : l('\tif (is_huge_zero_pmd(pmd))', 'B-M4'),
    l('\t\treturn NULL;', 'B-M4'),
    ...when(
      !r01,
      l('\tif (unlikely(pfn > highest_memmap_pfn))', 'B-M5'),
      l('\t\treturn NULL;\t/* silently */', 'B-M5'),
    ),
    l(''),
    l('out:'),
    ...when(r01, since('RFC 01', l('\tVM_WARN_ON_ONCE(!pfn_valid(pfn));'))),
    l('\treturn pfn_to_page(pfn);', 'B-M6', 'B-M2b'),
    l('}'),
  ];
}

// ---- RFC 10-14: the wrappers, vm_normal_page_pfn() and vm_pfnmap_normal_page_pfn() ---------------------

function rfcWrapper(f: VariantFeatures, level: LeafLevel): CodeLine[] {
  const args = f.cowPfnmapAnonRule ? '(vma, pfn)' : '(vma, addr, pfn)';
  const tail = (id: string) =>
    f.cowPfnmapAnonRule
      ? since('RFC 11', l(`\treturn vm_normal_page_pfn${args};`, id))
      : l(`\treturn vm_normal_page_pfn${args};`, id);
  if (level === 'pte') {
    return [
      l('struct page *vm_normal_page(struct vm_area_struct *vma,'),
      l('\t\tunsigned long addr, pte_t pte)'),
      l('{'),
      l('\tunsigned long pfn = pte_pfn(pte);'),
      l(''),
      since('RFC 10', l('\tif (unlikely(pte_special(pte))) {')),
      ...(f.findNormalPage
        ? [
            since('RFC 14', l('#ifdef CONFIG_FIND_NORMAL_PAGE')),
            since('RFC 14', l('\t\tif (vma->vm_ops && vma->vm_ops->find_normal_page)')),
            since('RFC 14', l('\t\t\treturn vma->vm_ops->find_normal_page(vma, addr);', 'R-P1a')),
            since('RFC 14', l('#endif')),
          ]
        : [
            l('\t\tif (vma->vm_ops && vma->vm_ops->find_special_page)'),
            l('\t\t\treturn vma->vm_ops->find_special_page(vma, addr);', 'R-P1a'),
          ]),
      l('\t\tif (vma->vm_flags & (VM_PFNMAP | VM_MIXEDMAP))'),
      l('\t\t\treturn NULL;', 'R-P1b'),
      l('\t\tif (is_zero_pfn(pfn))'),
      l('\t\t\treturn NULL;', 'R-P1c'),
      l('\t\tprint_bad_pte(vma, addr, pte, NULL);', 'R-P1d'),
      l('\t\treturn NULL;', 'R-P1d'),
      l('\t}'),
      tail('R-P2'),
      l('}'),
    ];
  }
  if (level === 'pmd') {
    return [
      ...(f.pmdNoAddr
        ? [since('RFC 12', l('struct page *vm_normal_page_pmd(struct vm_area_struct *vma, pmd_t pmd)'))]
        : [
            l('struct page *vm_normal_page_pmd(struct vm_area_struct *vma,'),
            l('\t\tunsigned long addr, pmd_t pmd)'),
          ]),
      l('{'),
      l('\tunsigned long pfn = pmd_pfn(pmd);'),
      l(''),
      l('\tif (unlikely(pmd_special(pmd))) {', 'R-M1'),
      since('RFC 10', l('\t\tVM_WARN_ON_ONCE(!(vma->vm_flags & (VM_PFNMAP | VM_MIXEDMAP)) &&')),
      since('RFC 10', l('\t\t\t\t!is_huge_zero_pfn(pfn));')),
      l('\t\treturn NULL;', 'R-M1'),
      l('\t}'),
      tail('R-M2'),
      l('}'),
    ];
  }
  return [
    since('RFC 13', l('struct page *vm_normal_page_pud(struct vm_area_struct *vma, pud_t pud)')),
    l('{'),
    l('\tunsigned long pfn = pud_pfn(pud);'),
    l(''),
    l('\tif (unlikely(pud_special(pud))) {', 'R-U1'),
    l('\t\tVM_WARN_ON_ONCE(!(vma->vm_flags & (VM_PFNMAP | VM_MIXEDMAP)));'),
    l('\t\treturn NULL;', 'R-U1'),
    l('\t}'),
    tail('R-U2'),
    l('}'),
  ];
}

function rfcPfn(f: VariantFeatures): CodeLine[] {
  const r11 = f.cowPfnmapAnonRule;
  return [
    l('/* Called only if the page table entry is not marked special. */'),
    l('static inline struct page *vm_normal_page_pfn(struct vm_area_struct *vma,'),
    r11 ? since('RFC 11', l('\t\tunsigned long pfn)')) : l('\t\tunsigned long addr, unsigned long pfn)'),
    l('{'),
    l('\t/* With pte_special(), special mappings (incl. zero folios) are marked. */'),
    l('\tif (IS_ENABLED(CONFIG_ARCH_HAS_PTE_SPECIAL))'),
    l('\t\tgoto normal_page;', 'R-C1'),
    l(''),
    l('\tif (unlikely(vma->vm_flags & (VM_PFNMAP | VM_MIXEDMAP))) {'),
    l('\t\tif (vma->vm_flags & VM_MIXEDMAP) {', 'R-N1b'),
    l('\t\t\t/* If it has a "struct page", it\'s "normal". */'),
    l('\t\t\tif (!pfn_valid(pfn))'),
    l('\t\t\t\treturn NULL;', 'R-N1a'),
    l('\t\t} else {'),
    ...(r11
      ? [
          l('\t\t\t/* Only CoW\'ed anon folios are "normal". */'),
          since('RFC 11', l('\t\t\treturn vm_pfnmap_normal_page_pfn(vma, pfn);', 'R-N2')),
        ]
      : [
          l('\t\t\tunsigned long off = (addr - vma->vm_start) >> PAGE_SHIFT;'),
          l(''),
          l('\t\t\t/* Only CoW\'ed anon folios are "normal". */'),
          l('\t\t\tif (pfn == vma->vm_pgoff + off)'),
          l('\t\t\t\treturn NULL;', 'R-N2a'),
          l('\t\t\tif (!is_cow_mapping(vma->vm_flags))'),
          l('\t\t\t\treturn NULL;', 'R-N2b'),
        ]),
    l('\t\t}'),
    l('\t}'),
    l(''),
    l('\tif (is_zero_pfn(pfn) || is_huge_zero_pfn(pfn))'),
    l('\t\treturn NULL;', 'R-N3'),
    l(''),
    l('normal_page:'),
    l('\tVM_WARN_ON_ONCE(!pfn_valid(pfn));'),
    l('\tVM_WARN_ON_ONCE(is_zero_pfn(pfn) || is_huge_zero_pfn(pfn));'),
    l('\treturn pfn_to_page(pfn);', 'R-NORMAL', 'R-C1'),
    l('}'),
  ];
}

function rfcPfnmap(): CodeLine[] {
  const s = (line: CodeLine) => since('RFC 11', line);
  return [
    s(l('#ifndef CONFIG_ARCH_HAS_PTE_SPECIAL')),
    s(l('struct page *vm_pfnmap_normal_page_pfn(struct vm_area_struct *vma,')),
    s(l('\t\tunsigned long pfn)')),
    s(l('{')),
    s(l('\tVM_WARN_ON_ONCE(!(vma->vm_flags & VM_PFNMAP));')),
    s(l('\t/* A CoW mapping with an anon folio: only due to CoW, "normal". */')),
    s(l('\tif (likely(!is_cow_mapping(vma->vm_flags)))')),
    s(l('\t\treturn NULL;', 'R-F1')),
    s(l('\tif (likely(!pfn_valid(pfn)))')),
    s(l('\t\treturn NULL;', 'R-F2')),
    s(l('\tpage = pfn_to_page(pfn);')),
    s(l('\tfolio = page_folio(page);')),
    s(l('\tif (folio_test_slab(folio) || !folio_test_anon(folio))')),
    s(l('\t\treturn NULL;', 'R-F3')),
    s(l('\treturn page;', 'R-F4')),
    s(l('}')),
    s(l('#endif')),
  ];
}

// ---- v6.18, mm-2026, fix-2026: __vm_normal_page() -----------------------------------------------------

const LEVEL_ENUM: Record<LeafLevel, string> = {
  pte: 'PGTABLE_LEVEL_PTE',
  pmd: 'PGTABLE_LEVEL_PMD',
  pud: 'PGTABLE_LEVEL_PUD',
};

function mergedWrapper(level: LeafLevel): CodeLine[] {
  const x = level;
  return [
    l(`struct page *${FN[level]}(struct vm_area_struct *vma,`),
    l(`\t\tunsigned long addr, ${x}_t ${x})`),
    l('{'),
    l(`\treturn __vm_normal_page(vma, addr, ${x}_pfn(${x}), ${x}_special(${x}),`),
    l(`\t\t\t${x}_val(${x}), ${LEVEL_ENUM[level]});`),
    l('}'),
  ];
}

function perLevelSwitch(): CodeLine[] {
  const s = (line: CodeLine) => since('2026 fix', line);
  return [
    s(l('static inline bool pgtable_level_has_pxx_special(enum pgtable_level level)')),
    s(l('{')),
    s(l('\tswitch (level) {')),
    s(l('\tcase PGTABLE_LEVEL_PTE:')),
    s(l('\t\treturn IS_ENABLED(CONFIG_ARCH_HAS_PTE_SPECIAL);')),
    s(l('\tcase PGTABLE_LEVEL_PMD:')),
    s(l('\t\treturn IS_ENABLED(CONFIG_ARCH_SUPPORTS_PMD_PFNMAP);')),
    s(l('\tcase PGTABLE_LEVEL_PUD:')),
    s(l('\t\treturn IS_ENABLED(CONFIG_ARCH_SUPPORTS_PUD_PFNMAP);')),
    s(l('\tdefault:')),
    s(l('\t\treturn false;')),
    s(l('\t}')),
    s(l('}')),
  ];
}

function mergedBody(f: VariantFeatures): CodeLine[] {
  return [
    l('static inline struct page *__vm_normal_page(struct vm_area_struct *vma,'),
    l('\t\tunsigned long addr, unsigned long pfn, bool special,'),
    l('\t\tunsigned long long entry, enum pgtable_level level)'),
    l('{'),
    f.perLevelSpecial
      ? since('2026 fix', l('\tif (pgtable_level_has_pxx_special(level)) {'))
      : l('\tif (IS_ENABLED(CONFIG_ARCH_HAS_PTE_SPECIAL)) {'),
    l('\t\tif (unlikely(special)) {'),
    l('#ifdef CONFIG_FIND_NORMAL_PAGE'),
    l('\t\t\tif (vma->vm_ops && vma->vm_ops->find_normal_page)'),
    l('\t\t\t\treturn vma->vm_ops->find_normal_page(vma, addr);', 'M-S1a'),
    l('#endif'),
    l('\t\t\tif (vma->vm_flags & (VM_PFNMAP | VM_MIXEDMAP))'),
    l('\t\t\t\treturn NULL;', 'M-S1b'),
    l('\t\t\tif (is_zero_pfn(pfn) || is_huge_zero_pfn(pfn))'),
    l('\t\t\t\treturn NULL;', 'M-S1c'),
    l('\t\t\tprint_bad_page_map(vma, addr, entry, NULL, level);', 'M-S1d'),
    l('\t\t\treturn NULL;', 'M-S1d'),
    l('\t\t}'),
    l('\t\t/* Special mappings (incl. shared zero folios) are marked. */', 'M-Y0'),
    l('\t} else {'),
    l('\t\tif (unlikely(vma->vm_flags & (VM_PFNMAP | VM_MIXEDMAP))) {'),
    l('\t\t\tif (vma->vm_flags & VM_MIXEDMAP) {', 'M-N1b'),
    l('\t\t\t\t/* If it has a "struct page", it\'s "normal". */'),
    l('\t\t\t\tif (!pfn_valid(pfn))'),
    l('\t\t\t\t\treturn NULL;', 'M-N1a'),
    l('\t\t\t} else {'),
    l('\t\t\t\tunsigned long off = (addr - vma->vm_start) >> PAGE_SHIFT;'),
    l(''),
    l('\t\t\t\t/* Only CoW\'ed anon folios are "normal". */'),
    l('\t\t\t\tif (pfn == vma->vm_pgoff + off)'),
    l('\t\t\t\t\treturn NULL;', 'M-N2a'),
    l('\t\t\t\tif (!is_cow_mapping(vma->vm_flags))'),
    l('\t\t\t\t\treturn NULL;', 'M-N2b'),
    l('\t\t\t}'),
    l('\t\t}'),
    l(''),
    l('\t\tif (is_zero_pfn(pfn) || is_huge_zero_pfn(pfn))'),
    l('\t\t\treturn NULL;', 'M-N3'),
    l('\t}'),
    l(''),
    l('\tif (unlikely(pfn > highest_memmap_pfn)) {', 'M-H'),
    l('\t\t/* Corrupted page table entry. */'),
    l('\t\tprint_bad_page_map(vma, addr, entry, NULL, level);', 'M-H'),
    l('\t\treturn NULL;'),
    l('\t}'),
    l('\t/* NOTE! We still have PageReserved() pages in the page tables. */'),
    l('\tVM_WARN_ON_ONCE(is_zero_pfn(pfn) || is_huge_zero_pfn(pfn));'),
    l('\treturn pfn_to_page(pfn);', 'M-OK'),
    l('}'),
  ];
}

const BLANK = l('');

/**
 * The excerpt for the function a `level` entry is classified by in `variant`, or null where the function
 * does not exist (vm_normal_page_pud() before RFC 13 / v6.18).
 */
export function excerptFor(variant: VariantId, level: LeafLevel): Excerpt | null {
  const f = variantInfo(variant).features;
  if (level === 'pud' && !f.normalPagePud) return null;
  const fn = FN[level];
  if (f.classifier === 'base') {
    return level === 'pte'
      ? { body: 'base-pte', functions: [fn], lines: basePte(f) }
      : { body: 'base-pmd', functions: [fn], lines: basePmd(f) };
  }
  if (f.classifier === 'rfc') {
    const helpers = f.cowPfnmapAnonRule
      ? ['vm_normal_page_pfn', 'vm_pfnmap_normal_page_pfn']
      : ['vm_normal_page_pfn'];
    return {
      body: 'rfc',
      functions: [fn, ...helpers],
      lines: [
        ...rfcWrapper(f, level),
        BLANK,
        ...rfcPfn(f),
        ...(f.cowPfnmapAnonRule ? [BLANK, ...rfcPfnmap()] : []),
      ],
    };
  }
  return {
    body: 'merged',
    functions: f.perLevelSpecial
      ? [fn, 'pgtable_level_has_pxx_special', '__vm_normal_page']
      : [fn, '__vm_normal_page'],
    lines: [
      ...mergedWrapper(level),
      BLANK,
      ...(f.perLevelSpecial ? [...perLevelSwitch(), BLANK] : []),
      ...mergedBody(f),
    ],
  };
}

/** Indices of the lines tagged with `id`. */
export function linesOf(ex: Excerpt, id: string): number[] {
  const out: number[] = [];
  ex.lines.forEach((line, i) => {
    if (line.ids?.includes(id)) out.push(i);
  });
  return out;
}

export type LineState = 'decided' | 'taken' | 'not-taken' | undefined;

/**
 * How each line of an excerpt reads for one decision: the line(s) of the branch taken, lines whose
 * condition was tested true on the way (or that the path passed), and lines whose condition was false.
 */
export function lineStates(
  ex: Excerpt,
  c: { readonly branch: string; readonly checks: readonly { id?: string; value: boolean }[] },
): LineState[] {
  const taken = new Set<string>();
  const notTaken = new Set<string>();
  for (const k of c.checks) if (k.id) (k.value ? taken : notTaken).add(k.id);
  return ex.lines.map((line) => {
    const ids = line.ids ?? [];
    if (ids.includes(c.branch)) return 'decided';
    if (ids.some((id) => taken.has(id))) return 'taken';
    if (ids.some((id) => notTaken.has(id))) return 'not-taken';
    return undefined;
  });
}

/** Every branch ID an excerpt names. */
export function excerptIds(ex: Excerpt): Set<string> {
  const s = new Set<string>();
  for (const line of ex.lines) for (const id of line.ids ?? []) s.add(id);
  return s;
}

/** The `since` tag of the lines the variant's own patch introduced (undefined for releases). */
export function sinceTagOf(variant: VariantId): string | undefined {
  if (variant === 'v6.17' || variant === 'rfc-09') return 'RFC 09 (v6.17)';
  if (variant === 'fix-2026') return '2026 fix';
  const m = /^rfc-(\d\d)$/.exec(variant);
  return m ? `RFC ${m[1]}` : undefined;
}

/**
 * Where to read the code that decides, pinned to the variant's own code (scenario/narration/links.ts): the
 * function at the v6.17 or v6.18 tag, the variant's own patch mail for the RFC (never merged, so in no tree),
 * RFC 01's mail for the untagged baseline, the commits a 2026 tree adds. `fn` is the deciding function
 * (vm_normal_page, vm_normal_page_pmd or _pud; a folio wrapper counts as its page function).
 */
export function upstreamLink(variant: VariantId, fn?: string): readonly Link[] {
  const level: DecisionFn = fn?.includes('pud')
    ? 'vm_normal_page_pud'
    : fn?.includes('pmd')
      ? 'vm_normal_page_pmd'
      : 'vm_normal_page';
  return codeLinks(variant, level);
}
