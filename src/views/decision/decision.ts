/** How a decision path reads: which check decided, and what the function returned. Pure. */
import type { Classification } from '../../model/vm_normal_page';

const isWarn = (cond: string) => cond.startsWith('VM_WARN_ON_ONCE(');

/**
 * The check that decided: the one tagged with the branch taken; otherwise (the function fell through to
 * its end, e.g. B-P7 or M-OK) the last condition tested, not counting the VM_WARN_ON_ONCE()s on the way out.
 */
export function decidingCheck(c: Pick<Classification, 'checks' | 'branch'>): number {
  const byId = c.checks.findIndex((k) => k.id === c.branch);
  if (byId >= 0) return byId;
  for (let i = c.checks.length - 1; i >= 0; i--) if (!isWarn(c.checks[i]?.cond ?? '')) return i;
  return c.checks.length - 1;
}

/** What the function returned: NULL ("special") or the struct page of a pfn. */
export function returnText(c: Pick<Classification, 'page' | 'missing'>): string {
  if (c.missing) return 'not called: the function does not exist in this variant';
  if (c.page === null) return 'NULL';
  return `pfn_to_page(0x${c.page.toString(16)})`;
}

/** The report function of the variant: print_bad_page_map() from v6.18, print_bad_pte() before. */
export function badPageMapFn(printBadPageMap: boolean): string {
  return printBadPageMap ? 'print_bad_page_map()' : 'print_bad_pte()';
}

const X86_BITS: readonly [bigint, string][] = [
  [0x1n, '_PAGE_PRESENT'],
  [0x2n, '_PAGE_RW'],
  [0x4n, '_PAGE_USER'],
  [0x20n, '_PAGE_ACCESSED'],
  [0x40n, '_PAGE_DIRTY'],
  [0x80n, '_PAGE_PSE'],
  [0x200n, '_PAGE_SPECIAL'],
];

/** The x86 flag names of a raw entry value (the layout entryRawValue() uses). */
export function x86Flags(raw: bigint): string[] {
  return X86_BITS.filter(([bit]) => (raw & bit) !== 0n).map(([, name]) => name);
}

/** "mm/memory.c:vm_normal_page:is_zero_pfn" -> "mm/memory.c vm_normal_page()" */
export function siteText(site: string): string {
  const [file, fn] = site.split(':');
  return fn ? `${file} ${fn}()` : site;
}
