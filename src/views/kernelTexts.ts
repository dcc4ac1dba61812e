/**
 * The explanatory texts whose truth depends on the kernel variant: badge descriptions, the
 * CONFIG_ARCH_HAS_PTE_SPECIAL hint, the CoW column's title, the CONFIG_FIND_NORMAL_PAGE hint. Each is built
 * from the variant's row of model/variants.ts (the flags the model itself asks), never written once for all,
 * so a text cannot say what the variant shown does not do. Pure; kernelTexts.test.ts renders every text under
 * every variant and checks it against what the model does.
 */
import type { Badge } from '../model/inspect';
import { VARIANTS, type VariantFeatures, type VariantId, variantInfo } from '../model/variants';
import { badPageMapFn } from './decision/decision';

/** The variants whose features satisfy `pred`, in VARIANTS order. */
export function variantsWhere(pred: (f: VariantFeatures) => boolean): VariantId[] {
  return VARIANTS.filter((v) => pred(v.features)).map((v) => v.id);
}

const rfcNumber = (id: VariantId): number | undefined =>
  id.startsWith('rfc-') ? Number(id.slice(4)) : undefined;
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Variants named the way the stories name them: "the baseline", "v6.17", runs of RFC patches as "RFC 13-14",
 * "v6.18", and mm-2026 with fix-2026 as "the 2026 trees"; joined as "A, B and C".
 */
export function variantSetText(ids: readonly VariantId[]): string {
  const set = new Set(ids);
  const parts: string[] = [];
  let run: number[] = [];
  const flush = () => {
    if (run.length === 0) return;
    const a = run[0] as number;
    const b = run[run.length - 1] as number;
    parts.push(a === b ? `RFC ${pad(a)}` : `RFC ${pad(a)}-${pad(b)}`);
    run = [];
  };
  for (const v of VARIANTS) {
    if (!set.has(v.id)) {
      flush();
      continue;
    }
    const n = rfcNumber(v.id);
    if (n !== undefined) {
      run.push(n);
      continue;
    }
    flush();
    if (v.id === 'baseline') parts.push('the baseline');
    else if (v.id === 'mm-2026' && set.has('fix-2026')) parts.push('the 2026 trees');
    else if (v.id === 'fix-2026' && set.has('mm-2026')) continue;
    else parts.push(v.id);
  }
  flush();
  if (parts.length <= 1) return parts[0] ?? 'no variant';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** The vm_ops callback vm_normal_page() asks for a special PTE: renamed by RFC 14. */
export const findPageCallbackName = (f: VariantFeatures): string =>
  f.findNormalPage ? 'find_normal_page()' : 'find_special_page()';

/** The huge zero test of vm_normal_page_pmd(): is_huge_zero_pfn() since RFC 09 (and v6.17). */
export const hugeZeroTestName = (f: VariantFeatures): string =>
  f.hugeZeroAnyPfn ? 'is_huge_zero_pfn()' : 'is_huge_zero_pmd()';

/**
 * Whether CONFIG_ARCH_HAS_PTE_SPECIAL also decides how vm_normal_page_pmd() (and _pud()) read a non-special
 * entry: RFC 10's vm_normal_page_pfn() and v6.18's __vm_normal_page() use it for every level; the 2026 fix
 * asks each level's own special bit, and the pre-series vm_normal_page_pmd() never asked.
 */
export const pteSpecialRulesPmd = (f: VariantFeatures): boolean =>
  f.classifier !== 'base' && !f.perLevelSpecial;

/** What vm_normal_page() does for a CoW VM_PFNMAP page without pte_special, in words. */
function cowPfnmapRule(f: VariantFeatures): string {
  return f.cowPfnmapAnonRule
    ? 'asks whether the page is an anon folio (vm_pfnmap_normal_page_pfn(): only a CoW copy is normal)'
    : 'applies the linearity rule: pfn == vm_pgoff + index means a page remap_pfn_range() mapped (special), any other pfn a CoW copy (normal)';
}

/** The one-line description of a badge under a variant. */
export function badgeDescription(badge: Badge, variant: VariantId): string {
  const f = variantInfo(variant).features;
  switch (badge) {
    case 'normal': {
      const cb = `vma->vm_ops->${findPageCallbackName(f)}`;
      const gate = f.findNormalPage ? '; the callback exists only with CONFIG_FIND_NORMAL_PAGE' : '';
      const bogus = f.noHighestMemmapCheck
        ? ' This variant also returns pfn_to_page() of a pfn beyond the memmap, which has no struct page at all (only VM_WARN_ON_ONCE(!pfn_valid(pfn)) with CONFIG_DEBUG_VM).'
        : '';
      return `vm_normal_page*() returns the struct page: its callers treat the mapping as a normal page (references, rmap, RSS). Not every such page is mapcounted: the page ${cb} supplies for a special PTE (Xen gntdev${gate}) never is.${bogus}`;
    }
    case 'normal-warn':
      return 'returns the page, but a VM_WARN_ON_ONCE() fires on the way (with CONFIG_DEBUG_VM)';
    case 'special':
      return 'NULL: a special mapping (pte_special, PFNMAP/MIXEDMAP rules, or no struct page)';
    case 'zero':
      return 'NULL: the shared zero page (is_zero_pfn())';
    case 'huge-zero':
      return `NULL: the huge zero folio (${hugeZeroTestName(f)})`;
    case 'bad':
      return f.printBadPageMap
        ? `NULL after ${badPageMapFn(true)}: the kernel reports "BUG: Bad page map", at any level`
        : `NULL after ${badPageMapFn(false)}: the kernel reports "BUG: Bad page map" for a PTE (vm_normal_page_pmd() never prints it)`;
    case 'no-vma':
      return 'no VMA covers the address (only possible by injecting an entry)';
    case 'n/a': {
      const have = variantSetText(variantsWhere((x) => x.normalPagePud));
      return f.normalPagePud
        ? `no vm_normal_page*() for the level: not shown in this variant, which has vm_normal_page_pud() (${have} have it)`
        : `this variant has no vm_normal_page_pud(): RFC 13 adds it, so only ${have} classify PUD leaves`;
    }
    case 'swap':
      return 'not present: a swap, migration or marker entry (never passed to vm_normal_page)';
  }
}

/** The hint of the CONFIG_ARCH_HAS_PTE_SPECIAL switch under a variant. */
export function pteSpecialHint(variant: VariantId): string {
  const f = variantInfo(variant).features;
  const pmd = pteSpecialRulesPmd(f)
    ? ' In this variant the option also decides the rules for PMDs and PUDs, whatever their own special bits.'
    : '';
  return `pte_special()/pte_mkspecial() are real; without it vm_normal_page() relies on the VMA rules: for a CoW VM_PFNMAP it ${cowPfnmapRule(f)}; for VM_MIXEDMAP it asks pfn_valid().${pmd}`;
}

/** The title of the VMA table's CoW column under a variant. */
export function cowTitle(variant: VariantId): string {
  const f = variantInfo(variant).features;
  return `is_cow_mapping(vm_flags): VM_MAYWRITE set and VM_SHARED clear. A write fault gives the process a private (anon) copy. In a VM_PFNMAP, vm_normal_page() tells such copies from the remapped pages by pte_special(); without it, it ${cowPfnmapRule(f)}.`;
}

/** The hint of CONFIG_FIND_NORMAL_PAGE: the variants that read it. */
export function findNormalPageHint(): string {
  return `selected by XEN_GNTDEV; vm_ops->find_normal_page() exists (read by ${variantSetText(variantsWhere((f) => f.findNormalPage))})`;
}
