/**
 * Units of the model. Page-granular numbers keep every address exact in a JS double: a 57-bit virtual
 * address (5-level paging) is 45 bits of virtual page number, well under 2^53.
 */

/** Page frame number. */
export type Pfn = number & { readonly __brand: 'Pfn' };
/** Virtual page number: a user virtual address >> PAGE_SHIFT. */
export type Vpn = number & { readonly __brand: 'Vpn' };

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 4096;
/** Entries per page-table page at every level (4 KiB tables of 8-byte entries). */
export const PTRS_PER_TABLE = 512;
/** HPAGE_PMD_NR with 4 KiB pages and 2 MiB PMDs. */
export const HPAGE_PMD_NR = 512;
/** HPAGE_PUD_NR with 4 KiB pages and 1 GiB PUDs. */
export const HPAGE_PUD_NR = 512 * 512;
export const HPAGE_PMD_ORDER = 9;
export const HPAGE_PUD_ORDER = 18;

/** A number known to be a page frame number: where a pfn comes in (a scenario, an allocator) or is computed. */
export const asPfn = (n: number): Pfn => n as Pfn;
export const vpn = (n: number): Vpn => n as Vpn;

export function hex(n: number | bigint): string {
  return `0x${n.toString(16)}`;
}

/** Virtual address (as a hex string) of a virtual page. */
export function vaddrHex(v: Vpn): string {
  // A page number is a safe integer (below 2^45), so its hex digits and three zeros are the address:
  // the same text as hex(BigInt(v) << 12n), without a BigInt per event (the trace formats thousands).
  return v === 0 ? '0x0' : `0x${v.toString(16)}000`;
}

/** Parses "0x1000", "4096" or a number. Returns undefined when it is not a non-negative integer. */
export function parseNum(x: unknown): bigint | undefined {
  if (typeof x === 'number') return Number.isSafeInteger(x) && x >= 0 ? BigInt(x) : undefined;
  if (typeof x !== 'string') return undefined;
  const s = x.trim().replace(/_/g, '');
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(s)) return undefined;
  return BigInt(s);
}
