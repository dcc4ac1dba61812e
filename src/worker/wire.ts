/**
 * How a run's page tables cross from the worker to the page. Structured clone copies a 1 GiB mapping's
 * 262,144 PTE objects one by one (about 0.3 s to serialize in the worker and as long again to deserialize
 * on the page), so the tables of every step are packed instead into a few typed arrays that are
 * transferred, not copied; on the page a table's entry objects are made when something first reads them.
 *
 * Each table object is packed once, however many step snapshots share it (pagetable.ts keeps a table
 * unchanged by a step as the same object in every later snapshot), and unpacked into one object again:
 * the page's caches key on table identity (views/tree/runs.ts).
 *
 * Everything else in the outcome (VMAs, folios, events) still goes by structured clone, which keeps the
 * objects shared between steps shared.
 */
import type { Entry, LeafEntry, Level, SwapEntry } from '../model/entry';
import type { Table } from '../model/pagetable';
import { entriesShape } from '../model/shape';
import type { Pfn } from '../model/units';
import type { RunOutcome, RunResult } from '../scenario/run';
import type { PackedRun, PackedStep, PackedTables, Reply, WireReply, WireRunOutcome } from './protocol';

const SLOTS = 512; // PTRS_PER_TABLE
const LEVELS: readonly Level[] = ['pgd', 'p4d', 'pud', 'pmd', 'pte'];
const SWAP_TYPES: readonly SwapEntry['type'][] = ['swap', 'migration', 'marker'];

/** Slot kinds: 0 none; 1 a table entry (the value is the child's table number); 2 a leaf; 3.. swap types. */
const NONE = 0;
const TABLE = 1;
const LEAF = 2;
const SWAP = 3;

/** Leaf and swap bits in `bits`. */
const WRITE = 1;
const DIRTY = 2;
const YOUNG = 4;
const SPECIAL = 8;
const DEPOSIT = 16;

/** Numbers every table reachable from the roots, parents before children. */
function numberTables(roots: Iterable<Table>): Table[] {
  const seen = new Set<Table>();
  const order: Table[] = [];
  const stack: Table[] = [];
  for (const r of roots) {
    if (seen.has(r)) continue;
    seen.add(r);
    stack.push(r);
    while (stack.length) {
      const t = stack.pop() as Table;
      order.push(t);
      for (const e of t.entries) {
        if (e?.kind === 'table' && !seen.has(e.table)) {
          seen.add(e.table);
          stack.push(e.table);
        }
      }
    }
  }
  return order;
}

function packTables(order: readonly Table[], number: Map<Table, number>): PackedTables {
  const n = order.length;
  const meta = new Float64Array(n * 4);
  const kind = new Uint8Array(n * SLOTS);
  const bits = new Uint8Array(n * SLOTS);
  const value = new Float64Array(n * SLOTS);
  const shapes = order.map((t) => entriesShape(t.entries));
  order.forEach((t, ti) => {
    meta[ti * 4] = t.id;
    meta[ti * 4 + 1] = LEVELS.indexOf(t.level);
    meta[ti * 4 + 2] = t.gen;
    meta[ti * 4 + 3] = t.used;
    const base = ti * SLOTS;
    const ents = t.entries;
    for (let i = 0; i < SLOTS; i++) {
      const e = ents[i];
      if (!e) continue;
      const s = base + i;
      if (e.kind === 'table') {
        kind[s] = TABLE;
        value[s] = number.get(e.table) as number;
      } else if (e.kind === 'leaf') {
        kind[s] = LEAF;
        value[s] = e.pfn;
        bits[s] =
          (e.write ? WRITE : 0) |
          (e.dirty ? DIRTY : 0) |
          (e.young ? YOUNG : 0) |
          (e.special ? SPECIAL : 0) |
          (e.deposit ? DEPOSIT : 0);
      } else {
        kind[s] = SWAP + SWAP_TYPES.indexOf(e.type);
        value[s] = e.offset;
        bits[s] = e.write ? WRITE : 0;
      }
    }
  });
  return { meta, kind, bits, value, shapes };
}

/** Packs a successful run; the typed arrays' buffers are listed for transfer. */
export function packRun(run: RunResult): { run: PackedRun; transfer: ArrayBuffer[] } {
  const roots = run.steps.flatMap((s) => s.state.procs.map((p) => p.root));
  const order = numberTables(roots);
  const number = new Map(order.map((t, i) => [t, i]));
  const tables = packTables(order, number);
  const steps = run.steps.map(
    (s): PackedStep => ({
      ...s,
      state: { ...s.state, procs: s.state.procs.map((p) => ({ ...p, root: number.get(p.root) as number })) },
    }),
  );
  const transfer = [tables.meta, tables.kind, tables.bits, tables.value].map((a) => a.buffer as ArrayBuffer);
  return { run: { packed: 'tables-v1', scenario: run.scenario, steps, tables }, transfer };
}

function unpackEntry(k: number, b: number, v: number, tables: readonly Table[]): Entry {
  if (k === TABLE) {
    const table = tables[v];
    if (!table) throw new Error(`packed run: a table entry points at table ${v}, which is not in the run`);
    return { kind: 'table', table };
  }
  if (k === LEAF) {
    // Two literals rather than a spread: a spread makes a slower object shape, and this runs per entry.
    const write = (b & WRITE) !== 0;
    const dirty = (b & DIRTY) !== 0;
    const young = (b & YOUNG) !== 0;
    const special = (b & SPECIAL) !== 0;
    const leaf: LeafEntry =
      b & DEPOSIT
        ? { kind: 'leaf', pfn: v as Pfn, write, dirty, young, special, deposit: true }
        : { kind: 'leaf', pfn: v as Pfn, write, dirty, young, special };
    return leaf;
  }
  const type = SWAP_TYPES[k - SWAP];
  if (!type) throw new Error(`packed run: unknown entry kind ${k}`);
  return { kind: 'swap', type, offset: v, write: (b & WRITE) !== 0 };
}

/**
 * A table as the page receives it: its entry objects are made from the packed arrays when something first
 * reads them. Drawing a 1 GiB mapping reads a handful of its 512 PTE tables (the rest are folded by the
 * shape the worker packed with each), so most entry objects are never made.
 */
class PackedTable implements Table {
  private made: (Entry | undefined)[] | undefined;
  constructor(
    readonly id: number,
    readonly level: Level,
    public gen: number,
    public used: number,
    /** The table's number in `from`. */
    readonly slot: number,
    private readonly from: Unpacker,
  ) {}

  get entries(): (Entry | undefined)[] {
    this.made ??= this.from.entries(this.slot);
    return this.made;
  }

  /** Serializes as the plain table it stands for (its reference to the arrays would be circular). */
  toJSON(): Omit<Table, 'entries'> & { entries: (Entry | undefined)[] } {
    return { id: this.id, level: this.level, gen: this.gen, entries: this.entries, used: this.used };
  }

  /** The shape the worker computed when it packed this table. */
  get shape(): string {
    return this.from.packed.shapes[this.slot] as string;
  }
}

class Unpacker {
  readonly tables: PackedTable[] = [];
  constructor(readonly packed: PackedTables) {
    const n = packed.meta.length / 4;
    for (let ti = 0; ti < n; ti++) {
      const level = LEVELS[packed.meta[ti * 4 + 1] as number];
      if (!level) throw new Error(`packed run: table ${ti} has no valid level`);
      const m = packed.meta;
      this.tables.push(
        new PackedTable(
          m[ti * 4] as number,
          level,
          m[ti * 4 + 2] as number,
          m[ti * 4 + 3] as number,
          ti,
          this,
        ),
      );
    }
  }

  entries(ti: number): (Entry | undefined)[] {
    const p = this.packed;
    const ents: (Entry | undefined)[] = new Array(SLOTS);
    const base = ti * SLOTS;
    for (let i = 0; i < SLOTS; i++) {
      const k = p.kind[base + i] as number;
      if (k === NONE) continue;
      ents[i] = unpackEntry(k, p.bits[base + i] as number, p.value[base + i] as number, this.tables);
    }
    return ents;
  }
}

/**
 * The tables of a packed run, every one of them made (so that a bad kind or table number shows here, where
 * the reply arrives, rather than later in a view), but their entries made only when read.
 */
export function unpackTables(p: PackedTables): Table[] {
  const u = new Unpacker(p);
  const n = u.tables.length;
  if (!Array.isArray(p.shapes) || p.shapes.length !== n || !p.shapes.every((x) => typeof x === 'string')) {
    throw new Error(`packed run: the table shapes are missing or not ${n} strings`);
  }
  for (let s = 0; s < n * SLOTS; s++) {
    const k = p.kind[s] as number;
    if (k > SWAP + SWAP_TYPES.length - 1) throw new Error(`packed run: unknown entry kind ${k}`);
    if (k === TABLE && !((p.value[s] as number) < n)) {
      throw new Error(`packed run: a table entry points at table ${p.value[s]}, which is not in the run`);
    }
  }
  return u.tables;
}

/** For a table that arrived packed: its shape, as the worker computed it. Undefined for any other table. */
export function packedShape(t: Table): string | undefined {
  return t instanceof PackedTable ? t.shape : undefined;
}

export function unpackRun(p: PackedRun): RunResult {
  const tables = unpackTables(p.tables);
  const root = (i: number): Table => {
    const t = tables[i];
    if (!t) throw new Error(`packed run: a process root is table ${i}, which is not in the run`);
    return t;
  };
  const steps = p.steps.map((s) => ({
    ...s,
    state: { ...s.state, procs: s.state.procs.map((q) => ({ ...q, root: root(q.root) })) },
  }));
  return { scenario: p.scenario, steps };
}

/** A run outcome as posted: a successful run's tables packed, with the buffers to transfer. */
export function packOutcome(o: RunOutcome): { outcome: WireRunOutcome; transfer: ArrayBuffer[] } {
  if (!o.ok) return { outcome: o, transfer: [] };
  const { run, transfer } = packRun(o.run);
  return { outcome: { ok: true, run }, transfer };
}

/** The reply as the worker posts it: a run's tables packed, with the buffers to transfer. */
export function toWire(reply: Reply): { reply: WireReply; transfer: ArrayBuffer[] } {
  if (reply.type !== 'result') return { reply, transfer: [] };
  if (reply.task === 'run' || reply.task === 'compare') {
    const { outcome, transfer } = packOutcome(reply.outcome);
    return { reply: { ...reply, task: reply.task, outcome }, transfer };
  }
  return { reply, transfer: [] };
}

/** The reply as the page uses it: a packed run unpacked into table objects again. */
export function fromWire(reply: WireReply): Reply {
  if (reply.type !== 'result') return reply;
  if (reply.task === 'run' || reply.task === 'compare') {
    const o = reply.outcome;
    return { ...reply, task: reply.task, outcome: o.ok ? { ok: true, run: unpackRun(o.run) } : o };
  }
  return reply;
}
