/**
 * The shape of a page table: its runs of alike raw slots (first index, length, slot code, pfn stride), with
 * pfns and addresses left out. The 512 PTE tables a 1 GiB remap_pfn_range() fills all have one shape, so
 * the tree can fold them into one node that says so ("all alike"); tables a workload filled differently
 * do not. Nothing here is kernel behaviour: it is how ptlab tells tables apart for drawing, computed where
 * a table is packed (worker/wire.ts) or, for tables made on the page, from its entry objects.
 */
import type { Entry } from './entry';
import type { SlotsLike } from './slots';
import { PTRS_PER_TABLE } from './units';

/** One table's slots as numbers. */
export interface TableSlots {
  /** 0 none, 1 table, 2 + 2·swap type + write for a swap entry, 16 + leaf bits for a leaf. */
  readonly codes: Uint8Array;
  /** pfn of a leaf, offset of a swap entry; 0 for none and for a table entry. */
  readonly pfns: Float64Array;
}

/** The slot code of an entry (see TableSlots). */
export function slotCode(e: Entry | undefined): number {
  if (!e) return 0;
  if (e.kind === 'table') return 1;
  if (e.kind === 'swap')
    return 2 + (e.type === 'swap' ? 0 : e.type === 'migration' ? 2 : 4) + (e.write ? 1 : 0);
  return 16 + +e.write + 2 * +e.dirty + 4 * +e.young + 8 * +e.special + 16 * +!!e.deposit;
}

/**
 * The shape of a table given as its slots: shapeOf() over them, a stored run at a time. Past a run's
 * third slot, every slot of it continues the shape run the third is in (same code, the same pfn step
 * again), so the rest of a long run costs nothing: a 1 GiB remap's PTE table is read as one run.
 */
export function entriesShape(ents: SlotsLike): string {
  const parts: string[] = [];
  let start = -1;
  let sig = 0;
  let step = 0;
  let prevPfn = 0;
  let next = 0; // the slot after the last one fed
  const close = (end: number) => {
    if (start >= 0) parts.push(`${start}+${end - start}:${sig}:${step}`);
    start = -1;
  };
  const feed = (i: number, s: number, pfn: number) => {
    if (start >= 0 && s === sig && (i - start === 1 || pfn - prevPfn === step)) {
      if (i - start === 1) step = pfn - prevPfn;
    } else {
      close(i);
      start = i;
      sig = s;
      step = 0;
    }
    prevPfn = pfn;
  };
  for (const r of ents.runs()) {
    // A none slot between runs ends the shape run, as shapeOf() does.
    if (r.start !== next) close(next);
    const s = slotCode(r.e);
    const pfn0 = r.e.kind === 'table' ? 0 : r.e.kind === 'swap' ? r.e.offset : r.e.pfn;
    const d = r.e.kind === 'leaf' ? ents.stride : 0;
    const fed = Math.min(r.len, 3);
    for (let j = 0; j < fed; j++) feed(r.start + j, s, pfn0 + j * d);
    if (r.len > fed) prevPfn = pfn0 + (r.len - 1) * d;
    next = r.start + r.len;
  }
  close(next);
  return parts.join(' ');
}

/** Runs of alike slots (index, length, code, pfn stride) of one table, as text: the definition entriesShape() follows. */
export function shapeOf({ codes, pfns }: TableSlots): string {
  const parts: string[] = [];
  let start = -1;
  let sig = 0;
  let step = 0;
  let prevPfn = 0;
  for (let i = 0; i < PTRS_PER_TABLE; i++) {
    const s = codes[i] as number;
    if (s === 0) {
      if (start >= 0) parts.push(`${start}+${i - start}:${sig}:${step}`);
      start = -1;
      continue;
    }
    const pfn = pfns[i] as number;
    if (start >= 0 && s === sig && (i - start === 1 || pfn - prevPfn === step)) {
      if (i - start === 1) step = pfn - prevPfn;
    } else {
      if (start >= 0) parts.push(`${start}+${i - start}:${sig}:${step}`);
      start = i;
      sig = s;
      step = 0;
    }
    prevPfn = pfn;
  }
  if (start >= 0) parts.push(`${start}+${PTRS_PER_TABLE - start}:${sig}:${step}`);
  return parts.join(' ');
}
