import type { MachineConfig } from './config';
import type { Table } from './pagetable';
import { asPfn, hex, type Pfn } from './units';

/** Page-table levels, top to bottom. With 4-level paging the P4D is folded into the PGD (not a table). */
export type Level = 'pgd' | 'p4d' | 'pud' | 'pmd' | 'pte';
export const LEVELS_5: readonly Level[] = ['pgd', 'p4d', 'pud', 'pmd', 'pte'];
export const LEVELS_4: readonly Level[] = ['pgd', 'pud', 'pmd', 'pte'];
/** Levels that can hold a leaf (a huge or normal mapping). */
export type LeafLevel = 'pud' | 'pmd' | 'pte';
export const isLeafLevel = (l: Level): l is LeafLevel => l === 'pud' || l === 'pmd' || l === 'pte';

/** Pages a single entry of a level maps. */
export const LEVEL_SPAN: Record<Level, number> = {
  pte: 1,
  pmd: 512,
  pud: 512 * 512,
  p4d: 512 * 512 * 512,
  pgd: 512 * 512 * 512, // with 4 levels; 5-level PGD entries span 512x more (see levelShift)
};

/** A present mapping of a pfn (a PTE, or a huge PMD/PUD). */
export interface LeafEntry {
  readonly kind: 'leaf';
  readonly pfn: Pfn;
  readonly write: boolean;
  readonly dirty: boolean;
  readonly young: boolean;
  /**
   * The software special bit as written. Whether an accessor sees it depends on the configuration
   * (pte_special() is constant false without CONFIG_ARCH_HAS_PTE_SPECIAL): see specialSeen().
   */
  readonly special: boolean;
  /** A huge PMD that has a PTE table deposited for a later split (pgtable_trans_huge_deposit). */
  readonly deposit?: boolean;
}

/**
 * A non-present entry: swap, migration or a PTE marker. `offset` is swp_offset() of the entry (for a
 * migration entry, the pfn of the page being migrated); what pte_pfn() reads from it is nonPresentPfn().
 */
export interface SwapEntry {
  readonly kind: 'swap';
  readonly type: 'swap' | 'migration' | 'marker';
  readonly offset: number;
  readonly write: boolean;
}

/**
 * What pte_pfn() (and pmd_pfn(), pud_pfn()) reads from a non-present entry, in the x86-64 layout the model
 * uses: __swp_entry() (arch/x86/include/asm/pgtable_64.h) stores the inverted offset from bit 9
 * (SWP_OFFSET_FIRST_BIT = _PAGE_BIT_PROTNONE + 1), and pte_pfn() un-inverts a non-present value
 * (protnone_mask(), asm/pgtable-invert.h) before taking bits 12-51, so it yields swp_offset >> 3. Another
 * architecture encodes swap entries differently and reads another number.
 */
export function nonPresentPfn(e: SwapEntry): Pfn {
  return asPfn(Math.floor(e.offset / 8) % 2 ** 40);
}

/** A non-leaf entry pointing at the next-level table. */
export interface TableEntry {
  readonly kind: 'table';
  readonly table: Table;
}

export type Entry = LeafEntry | SwapEntry | TableEntry;

export function leaf(pfn: number, bits: Partial<Omit<LeafEntry, 'kind' | 'pfn'>> = {}): LeafEntry {
  return {
    kind: 'leaf',
    pfn: pfn as Pfn,
    write: bits.write ?? false,
    dirty: bits.dirty ?? false,
    young: bits.young ?? false,
    special: bits.special ?? false,
    ...(bits.deposit ? { deposit: true } : {}),
  };
}

/** leaf() without an options object, for loops over many entries. */
export function leafBits(
  pfn: number,
  write: boolean,
  dirty: boolean,
  young: boolean,
  special: boolean,
): LeafEntry {
  return { kind: 'leaf', pfn: pfn as Pfn, write, dirty, young, special };
}

/** Whether the level has a real special bit on this machine (include/linux/mm.h fall-backs). */
export function levelHasSpecialBit(cfg: MachineConfig, level: Level): boolean {
  if (level === 'pte') return cfg.pteSpecial;
  if (level === 'pmd') return cfg.pmdPfnmap;
  if (level === 'pud') return cfg.pudPfnmap;
  return false;
}

/** pte_special()/pmd_special()/pud_special() as the kernel reads it. */
export function specialSeen(cfg: MachineConfig, level: Level, e: LeafEntry): boolean {
  return e.special && levelHasSpecialBit(cfg, level);
}

/** pte_mkspecial()/pmd_mkspecial()/pud_mkspecial(): a no-op where the level has no bit. */
export function mkspecial(cfg: MachineConfig, level: Level, e: LeafEntry): LeafEntry {
  return levelHasSpecialBit(cfg, level) ? { ...e, special: true } : e;
}

/** A JSON-friendly view of an entry, used by the trace. */
export type EntryView =
  | {
      kind: 'leaf';
      pfn: string;
      write: boolean;
      dirty: boolean;
      young: boolean;
      special: boolean;
      deposit?: boolean;
    }
  | { kind: 'swap'; type: SwapEntry['type']; offset: string; write: boolean }
  | { kind: 'table'; table: number };

export function entryView(e: Entry | undefined): EntryView | null {
  if (!e) return null;
  if (e.kind === 'table') return { kind: 'table', table: e.table.id };
  if (e.kind === 'swap') return { kind: 'swap', type: e.type, offset: hex(e.offset), write: e.write };
  const v: EntryView = {
    kind: 'leaf',
    pfn: hex(e.pfn),
    write: e.write,
    dirty: e.dirty,
    young: e.young,
    special: e.special,
  };
  if (e.deposit) v.deposit = true;
  return v;
}

/**
 * The raw value the kernel would print for an entry, x86-64 layout: pfn << 12 with _PAGE_PRESENT (bit 0),
 * _PAGE_RW (1), _PAGE_USER (2), _PAGE_ACCESSED (5), _PAGE_DIRTY (6), _PAGE_PSE (7, huge leaves),
 * _PAGE_SPECIAL (9). Used only for report text ("pte:...").
 */
export function entryRawValue(e: Entry | undefined, level: Level): bigint {
  if (!e) return 0n;
  if (e.kind === 'table') return (BigInt(e.table.id) << 12n) | 0x67n;
  if (e.kind === 'swap') {
    // x86-64 __swp_entry(): the inverted offset from bit 9, the type in bits 59-63, bit 0 (present) clear.
    // The type field is left 0 (swap file 0): migration and marker types are numbered after MAX_SWAPFILES,
    // which Kconfig decides, and the model does not number them. An insert_pfn() "upgrade" sets _PAGE_RW.
    const offsetBits = ((~BigInt(e.offset) << 14n) & ((1n << 64n) - 1n)) >> 5n;
    return e.write ? offsetBits | 0x2n : offsetBits;
  }
  let v = (BigInt(e.pfn) << 12n) | 0x5n;
  if (e.write) v |= 0x2n;
  if (e.young) v |= 0x20n;
  if (e.dirty) v |= 0x40n;
  if (level !== 'pte') v |= 0x80n;
  if (e.special) v |= 0x200n;
  return v;
}

export function rawHex(v: bigint): string {
  return v.toString(16).padStart(16, '0');
}

/** The leaf `k` slots after `e` in a run with `stride` pages per slot. */
export function leafAt(e: LeafEntry, k: number, stride: number): LeafEntry {
  if (k === 0) return e;
  const pfn = (e.pfn + k * stride) as LeafEntry['pfn'];
  // Literals, not a spread: the same object shape as leaf()/leafBits() make.
  return e.deposit
    ? {
        kind: 'leaf',
        pfn,
        write: e.write,
        dirty: e.dirty,
        young: e.young,
        special: e.special,
        deposit: true,
      }
    : { kind: 'leaf', pfn, write: e.write, dirty: e.dirty, young: e.young, special: e.special };
}
