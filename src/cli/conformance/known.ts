import type { Check } from '../../scenario/conformance/compare';

/**
 * Differences between the model and a real kernel that are understood: each names the kernel function or
 * commit that makes the real kernel differ, or what the model leaves out on purpose. The conformance check
 * fails on any difference not matched here (and docs/conformance.md lists every match with its reason).
 */
export interface KnownDifference {
  /** The kernel it holds for ("7.2", "6.12"); absent: both. */
  readonly kernel?: string;
  /** Scenario ids it holds for; absent: every scenario. */
  readonly scenarios?: readonly string[];
  /** Matched against a check's `what` ("A/0x10000000/excl", "A/rssAnon", "result", "reports"). */
  readonly what: RegExp;
  /** Matched against "model -> real" of the check, where given. */
  readonly values?: RegExp;
  readonly why: string;
}

export const KNOWN: readonly KnownDifference[] = [
  {
    kernel: '6.12',
    scenarios: ['thp-huge-zero', 'S-50', 'S-51', 'C-06-thp-huge-zero-write', 'C-12-fork-huge-zero'],
    what: /./,
    why:
      '6.12 has no do_huge_zero_wp_pmd(). A write fault on a huge zero PMD in 6.12 always splits it: ' +
      'do_huge_pmd_wp_page() goes straight to __split_huge_pmd() and the PTE fault gives only the written page ' +
      'memory (RSS +1, 511 zero-page PTEs). Dev Jain\'s "mm: Allocate THP on hugezeropage wp-fault" added ' +
      'do_huge_zero_wp_pmd() after 6.12, which allocates a THP first (RSS +512); every ptlab variant has it ' +
      "(kernel-semantics.md §3.8), and 7.2 agrees with the model. Settles §7's open question for 6.12: not there.",
  },
  {
    kernel: '6.12',
    scenarios: ['C-23-exit-rss'],
    what: /./,
    why:
      '6.12 fails fork() of a CoW PFNMAP whose first page was CoW-replaced. In 6.12, copy_page_range() calls ' +
      'track_pfn_copy() for a VM_PAT VMA, and get_pat_info() (arch/x86/mm/pat/memtype.c) reads the pfn and cache ' +
      'mode from the PTE at vm_start; with an anon CoW copy there, "we\'re out of luck for now and have to fail ' +
      'fork()" (its comment). dup_mm() turns the dup_mmap() error into NULL and copy_mm() into -ENOMEM, ' +
      "which fork() returns; the steps after it run without the child (A's pages stay exclusive). " +
      "David Hildenbrand's pfnmap tracking rewrite (v6.16, removing VM_PAT and track_pfn_copy()) made fork() " +
      "keep the remap's reservation by reference instead; 7.2 forks, as the model does (copy_page_range() never " +
      'fails there). C-16 and S-57 CoW idx 1, not idx 0, and fork on both kernels.',
  },
];

/** The known difference that explains a check of scenario `id` on `kernel`, if any. */
export function explain(kernel: string, id: string, c: Check): KnownDifference | undefined {
  return KNOWN.find(
    (k) =>
      (!k.kernel || k.kernel === kernel) &&
      (!k.scenarios || k.scenarios.includes(id)) &&
      k.what.test(c.what) &&
      (!k.values || k.values.test(`${c.model} -> ${c.real}`)),
  );
}
