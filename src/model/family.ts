/**
 * Runs of alike page tables. A 256 GiB remap_pfn_range() at PTE level fills 131,072 PTE tables that differ
 * only by where they point: table j+1 is table j with every pfn advanced by the 512 pages one PMD slot
 * spans. Such consecutive tables are kept as one run in their parent's slots (slots.ts): the first table
 * (the head) is stored, and member j is made from it when something reads it, with the id the kernel's
 * allocation order gave it (head id + j × idStride) and the head's contents shifted by j × pageStride pages.
 *
 * A member is made once per run and kept (identity is stable across step snapshots, which share tables),
 * and no table in a run is ever written in place: PageTables clones the one being written, which splits
 * the run around it, or rewrites the whole run through its head where the write is the same, shifted, for
 * every member (pagetable.ts writeIn()). So a run stands exactly for the tables a per-entry model would
 * hold, and the per-entry reference (slots.reference.ts) never makes runs.
 */
import { type Entry, leafAt } from './entry';
import type { Table } from './pagetable';
import type { SlotRun } from './slots';

export interface Family {
  readonly head: Table;
  /** Ids from one member to the next: 1 for tables allocated one after the other. */
  readonly idStride: number;
  /** Pages from one member to the next: the span of one slot of the parent; leaf pfns advance by it. */
  readonly pageStride: number;
  readonly made: Map<number, Table>;
}

/** The run a table belongs to and its index in it. A side table, so tables stay plain (JSON, clone). */
const membership = new WeakMap<Table, { fam: Family; index: number }>();

export function familyOf(t: Table): { fam: Family; index: number } | undefined {
  return membership.get(t);
}

/** Tables under a table of a run (its members are made from them): never written in place either. */
const under = new WeakSet<Table>();

/**
 * Whether the table is in a run of alike tables or under one, and so must never be written in place:
 * the run's later members are made from it.
 */
export function frozen(t: Table): boolean {
  return membership.has(t) || under.has(t);
}

/** Marks every table under `t` (below its own level) as never to be written in place. */
function freezeUnder(t: Table): void {
  if (t.level === 'pte') return;
  for (const r of t.entries.runs()) {
    if (r.e.kind !== 'table' || under.has(r.e.table)) continue;
    under.add(r.e.table);
    freezeUnder(r.e.table);
  }
}

/**
 * Makes `head` the first of a run of alike tables. Neither it nor any table under it may be written
 * afterwards (PageTables clones instead): they are what the later members are made from.
 */
export function makeFamily(head: Table, idStride: number, pageStride: number): Family {
  const fam: Family = { head, idStride, pageStride, made: new Map() };
  membership.set(head, { fam, index: 0 });
  freezeUnder(head);
  return fam;
}

/**
 * The table the slot after `t` would hold if it were `t` again, one slot on: its leaves `pageStride` pages
 * on and every table id `idStride` on (tables under it included). Where the kernel would fill the next
 * slots as it filled `t`, this is the first of a run of them (remap_pfn_range() over many PMD tables).
 */
export function nextAlike(t: Table, idStride: number, pageStride: number): Table {
  return shifted(t, pageStride, idStride);
}

/** Member `j` of a run: made from the head on first read, then kept. */
export function member(fam: Family, j: number): Table {
  if (j === 0) return fam.head;
  let t = fam.made.get(j);
  if (!t) {
    t = shifted(fam.head, j * fam.pageStride, j * fam.idStride);
    membership.set(t, { fam, index: j });
    fam.made.set(j, t);
  }
  return t;
}

/** Whether table `b` is the table `k` slots after `a` in the same run. */
export function follows(a: Table, k: number, b: Table): boolean {
  const ma = membership.get(a);
  if (!ma) return false;
  const mb = membership.get(b);
  return mb !== undefined && mb.fam === ma.fam && mb.index === ma.index + k;
}

/**
 * A copy of `t` with every leaf's pfn `dp` pages on and every table id `did` on, tables under it included
 * (each run of tables under it becomes a run of the shifted copies). Only leaves and tables are shifted:
 * runs of tables are made by operations that write leaves (remap, fork's copy), never swap entries.
 */
function shifted(t: Table, dp: number, did: number): Table {
  const out: Table = {
    id: t.id + did,
    level: t.level,
    gen: t.gen,
    entries: t.entries.mapRuns((r) => shiftEntry(r.e, dp, did, r)),
    used: t.used,
  };
  under.add(out);
  return out;
}

function shiftEntry(e: Entry, dp: number, did: number, r: SlotRun): Entry {
  if (e.kind === 'leaf') return leafAt(e, dp, 1);
  if (e.kind === 'swap') throw new Error('a run of alike page tables holds a swap entry');
  const child = shifted(e.table, dp, did);
  const m = membership.get(e.table);
  if (r.len > 1 && m) makeFamily(child, m.fam.idStride, m.fam.pageStride);
  return { kind: 'table', table: child };
}
