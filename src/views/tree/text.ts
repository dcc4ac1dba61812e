/**
 * The words of the tree: how a run of entries or a single entry reads, ptdump style
 * ("PTE 0-511  0x40000000-0x401fffff  pfn 0x100-0x2ff  PW--S  special").
 */
import type { MachineConfig } from '../../model/config';
import { type LeafEntry, type Level, levelHasSpecialBit, type SwapEntry } from '../../model/entry';
import type { Badge, EntryRun } from '../../model/inspect';
import { hex, type Vpn, vaddrHex } from '../../model/units';
import { BADGES } from '../badges';

export const LEVEL_NAME: Record<Level, string> = {
  pgd: 'PGD',
  p4d: 'P4D',
  pud: 'PUD',
  pmd: 'PMD',
  pte: 'PTE',
};

/** "0x10000000-0x10003fff": the bytes of pages [v, end). */
export function vaRangeText(v: number, end: number): string {
  return `${vaddrHex(v as Vpn)}-${hex((BigInt(end) << 12n) - 1n)}`;
}

/** Indices "0-511" or "5". */
export function indexText(first: number, last: number): string {
  return first === last ? String(first) : `${first}-${last}`;
}

/** The pfns a run maps: [first, last], each entry mapping `span` pages. Null for non-present entries. */
export function runPfns(run: EntryRun, span: number): readonly [number, number] | null {
  if (run.entry.kind !== 'leaf') return null;
  const first = run.entry.pfn;
  const lastHead = first + (run.count - 1) * run.pfnStep;
  return [Math.min(first, lastHead), Math.max(first, lastHead) + span - 1];
}

function pfnRangeText(first: number, last: number): string {
  return first === last ? hex(first) : `${hex(first)}-${hex(last)}`;
}

/** "pfn 0x100-0x2ff", "pfn 0x42 (each)" (one page mapped again and again), or the swap entry. */
export function targetText(run: EntryRun, span: number): string {
  const e = run.entry;
  if (e.kind === 'swap') {
    const what = e.type === 'swap' ? 'swap offset' : e.type;
    const last = e.offset + (run.count - 1) * run.pfnStep;
    return `${what} ${pfnRangeText(e.offset, last)}`;
  }
  if (run.count > 1 && run.pfnStep === 0) return `pfn ${pfnRangeText(e.pfn, e.pfn + span - 1)} (each)`;
  const r = runPfns(run, span) as readonly [number, number];
  return `pfn ${pfnRangeText(r[0], r[1])}`;
}

/** Present, write, dirty, young (accessed), special: "PWDAS" with "-" where clear. */
export function bitsText(e: LeafEntry | SwapEntry): string {
  if (e.kind === 'swap') return `-${e.write ? 'W' : '-'}---`;
  return `P${e.write ? 'W' : '-'}${e.dirty ? 'D' : '-'}${e.young ? 'A' : '-'}${e.special ? 'S' : '-'}`;
}

/** The special bit is set but this machine has none at this level: pte_special() & co. read false. */
export function specialIgnored(cfg: MachineConfig, level: Level, e: LeafEntry | SwapEntry): boolean {
  return e.kind === 'leaf' && e.special && !levelHasSpecialBit(cfg, level);
}

/** Extra notes after the badge: the deposit of a huge PMD and an ignored special bit. */
export function notesText(cfg: MachineConfig, level: Level, e: LeafEntry | SwapEntry): string {
  const notes: string[] = [];
  if (e.kind === 'leaf' && e.deposit) notes.push('+deposit');
  if (specialIgnored(cfg, level, e)) notes.push('S ignored');
  return notes.join(' ');
}

export function badgeText(badge: Badge, branch?: string): string {
  return branch ? `${BADGES[badge].label} ${branch}` : BADGES[badge].label;
}

/** The bits spelled out, for screen readers and tooltips. */
export function bitsSpoken(cfg: MachineConfig, level: Level, e: LeafEntry | SwapEntry): string {
  if (e.kind === 'swap') return `not present, ${e.type}${e.write ? ', writable' : ''}`;
  const b = ['present'];
  if (e.write) b.push('writable');
  if (e.dirty) b.push('dirty');
  if (e.young) b.push('young');
  if (e.special)
    b.push(specialIgnored(cfg, level, e) ? 'special bit set but ignored (no special bit here)' : 'special');
  if (e.deposit) b.push('page table deposited');
  return b.join(', ');
}
