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
import { familyOf, makeFamily, member } from '../model/family';
import type { Table } from '../model/pagetable';
import { entriesShape } from '../model/shape';
import { type SlotRun, Slots, slotStride } from '../model/slots';
import type { Pfn } from '../model/units';
import type { RunOutcome, RunResult } from '../scenario/run';
import type { PackedRun, PackedStep, PackedTables, Reply, WireReply, WireRunOutcome } from './protocol';

const SLOTS = 512; // PTRS_PER_TABLE
/**
 * Numbers per table in `meta`: id, level, gen, used, first run; for a table that heads a run of alike
 * tables (family.ts), the id and page strides between its members (else 0, 0); for a later member of such
 * a run, the table number of its head and its index in the run (else -1, 0). A member's runs are not
 * packed: the page makes it from its head, as the worker did, so one member is one object on both sides.
 */
const META = 9;
const LEVELS: readonly Level[] = ['pgd', 'p4d', 'pud', 'pmd', 'pte'];
const SWAP_TYPES: readonly SwapEntry['type'][] = ['swap', 'migration', 'marker'];

/** Run kinds: 1 a table entry (the value is the child's table number); 2 a leaf; 3.. swap types. */
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
      // A PTE table points at no table: reading its slots would make an entry object per PTE. A later
      // member of a run of alike tables is made on the page from its run's first, tables under it too.
      if (t.level === 'pte' || memberOf(t)) continue;
      // A run of table entries is packed as its first table (the rest are made from it, family.ts); a
      // first that is itself a later member of its run brings the run's head along.
      for (const r of t.entries.runs()) {
        const e = r.e;
        if (e.kind !== 'table' || seen.has(e.table)) continue;
        seen.add(e.table);
        stack.push(e.table);
        const head = memberOf(e.table)?.fam.head;
        if (head && !seen.has(head)) {
          seen.add(head);
          stack.push(head);
        }
      }
    }
  }
  return order;
}

/** The run of alike tables a table is a later member of (index 1 on), if any. */
function memberOf(t: Table) {
  const m = familyOf(t);
  return m && m.index > 0 ? m : undefined;
}

/** The bits of a leaf or swap entry (see `bits`). */
function bitsOf(e: LeafEntry | SwapEntry): number {
  if (e.kind === 'swap') return e.write ? WRITE : 0;
  return (
    (e.write ? WRITE : 0) |
    (e.dirty ? DIRTY : 0) |
    (e.young ? YOUNG : 0) |
    (e.special ? SPECIAL : 0) |
    (e.deposit ? DEPOSIT : 0)
  );
}

function packTables(order: readonly Table[], number: Map<Table, number>): PackedTables {
  const n = order.length;
  const runsOf = order.map((t) => (memberOf(t) ? [] : t.entries.runs()));
  const total = runsOf.reduce((sum, r) => sum + r.length, 0);
  const meta = new Float64Array(n * META);
  const span = new Uint32Array(total);
  const kind = new Uint8Array(total);
  const bits = new Uint8Array(total);
  const value = new Float64Array(total);
  const shapes = order.map((t) => entriesShape(t.entries));
  let r = 0;
  order.forEach((t, ti) => {
    meta[ti * META] = t.id;
    meta[ti * META + 1] = LEVELS.indexOf(t.level);
    meta[ti * META + 2] = t.gen;
    meta[ti * META + 3] = t.used;
    meta[ti * META + 4] = r;
    const m = familyOf(t);
    const heads = m?.index === 0;
    meta[ti * META + 5] = heads ? m.fam.idStride : 0;
    meta[ti * META + 6] = heads ? m.fam.pageStride : 0;
    meta[ti * META + 7] = m && !heads ? (number.get(m.fam.head) as number) : -1;
    meta[ti * META + 8] = m && !heads ? m.index : 0;
    for (const run of runsOf[ti] as readonly SlotRun[]) {
      const e = run.e;
      span[r] = run.start * SLOTS + (run.len - 1);
      if (e.kind === 'table') {
        kind[r] = TABLE;
        value[r] = number.get(e.table) as number;
      } else if (e.kind === 'leaf') {
        kind[r] = LEAF;
        value[r] = e.pfn;
        bits[r] = bitsOf(e);
      } else {
        kind[r] = SWAP + SWAP_TYPES.indexOf(e.type);
        value[r] = e.offset;
        bits[r] = bitsOf(e);
      }
      r++;
    }
  });
  return { meta, span, kind, bits, value, shapes };
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
  const transfer = [tables.meta, tables.span, tables.kind, tables.bits, tables.value].map(
    (a) => a.buffer as ArrayBuffer,
  );
  return { run: { packed: 'tables-v3', scenario: run.scenario, steps, tables }, transfer };
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
 * A table as the page receives it: its slots are made from the packed runs when something first reads
 * them, one entry object per run (slots.ts). Drawing a 1 GiB mapping reads a handful of its 512 PTE tables
 * (the rest are folded by the shape the worker packed with each), so most are never made.
 */
class PackedTable implements Table {
  private made: Slots | undefined;
  constructor(
    readonly id: number,
    readonly level: Level,
    public gen: number,
    public used: number,
    /** The table's number in `from`. */
    readonly slot: number,
    private readonly from: Unpacker,
  ) {}

  get entries(): Slots {
    this.made ??= this.from.slots(this.slot, this.level);
    return this.made;
  }

  /** Serializes as the plain table it stands for (its reference to the arrays would be circular). */
  toJSON(): Omit<Table, 'entries'> & { entries: Slots } {
    return { id: this.id, level: this.level, gen: this.gen, entries: this.entries, used: this.used };
  }

  /** The shape the worker computed when it packed this table. */
  get shape(): string {
    return this.from.packed.shapes[this.slot] as string;
  }
}

class Unpacker {
  readonly tables: Table[] = [];
  constructor(readonly packed: PackedTables) {
    const m = packed.meta;
    const n = m.length / META;
    for (let ti = 0; ti < n; ti++) {
      const level = LEVELS[m[ti * META + 1] as number];
      if (!level) throw new Error(`packed run: table ${ti} has no valid level`);
      this.tables.push(
        new PackedTable(
          m[ti * META] as number,
          level,
          m[ti * META + 2] as number,
          m[ti * META + 3] as number,
          ti,
          this,
        ),
      );
    }
    // The heads of runs of alike tables head them again here, and their later members are made from
    // them, as in the worker.
    this.tables.forEach((t, ti) => {
      const idStride = m[ti * META + 5] as number;
      const pageStride = m[ti * META + 6] as number;
      if (idStride === 0 && pageStride === 0) return;
      // Strides that are not whole positive numbers would make members with ids and pfns no table has.
      if (
        !(
          Number.isSafeInteger(idStride) &&
          idStride > 0 &&
          Number.isSafeInteger(pageStride) &&
          pageStride > 0
        )
      )
        throw new Error(
          `packed run: table ${ti} heads a run of alike tables with strides ${idStride} and ${pageStride}, not whole positive numbers`,
        );
      makeFamily(t, idStride, pageStride);
    });
    for (let ti = 0; ti < n; ti++) {
      const h = m[ti * META + 7] as number;
      if (h === -1) continue;
      const fam = this.tables[h] ? familyOf(this.tables[h])?.fam : undefined;
      const j = m[ti * META + 8] as number;
      if (!fam || !(Number.isInteger(j) && j > 0))
        throw new Error(
          `packed run: table ${ti} is member ${j} of table ${h}, which heads no run of alike tables`,
        );
      const t = member(fam, j);
      if (t.id !== m[ti * META] || t.level !== this.tables[ti]?.level)
        throw new Error(`packed run: table ${ti} is not member ${j} of the run table ${h} heads`);
      this.tables[ti] = t;
    }
  }

  /** Table ti's runs: [first, end) in the run arrays. */
  runRange(ti: number): [number, number] {
    const m = this.packed.meta;
    const first = m[ti * META + 4] as number;
    const end = ti + 1 < this.tables.length ? (m[(ti + 1) * META + 4] as number) : this.packed.kind.length;
    return [first, end];
  }

  slots(ti: number, level: Level): Slots {
    const p = this.packed;
    const [first, end] = this.runRange(ti);
    const starts: number[] = [];
    const lens: number[] = [];
    const firsts: Entry[] = [];
    for (let r = first; r < end; r++) {
      const sp = p.span[r] as number;
      starts.push(Math.floor(sp / SLOTS));
      lens.push((sp % SLOTS) + 1);
      firsts.push(unpackEntry(p.kind[r] as number, p.bits[r] as number, p.value[r] as number, this.tables));
    }
    return new Slots(slotStride(level), starts, lens, firsts);
  }
}

/**
 * The tables of a packed run, every one of them made (so that a bad kind, table number or run shows here,
 * where the reply arrives, rather than later in a view), but their slots made only when read.
 */
export function unpackTables(p: PackedTables): Table[] {
  const u = new Unpacker(p);
  const n = u.tables.length;
  if (!Array.isArray(p.shapes) || p.shapes.length !== n || !p.shapes.every((x) => typeof x === 'string')) {
    throw new Error(`packed run: the table shapes are missing or not ${n} strings`);
  }
  const runs = p.kind.length;
  if (p.span.length !== runs || p.bits.length !== runs || p.value.length !== runs)
    throw new Error(`packed run: the run arrays are not all ${runs} long`);
  for (let ti = 0; ti < n; ti++) {
    const [first, end] = u.runRange(ti);
    if (!(first >= 0 && first <= end && end <= runs))
      throw new Error(`packed run: table ${ti}'s runs [${first}, ${end}) are out of order or out of range`);
    let next = 0;
    for (let r = first; r < end; r++) {
      const sp = p.span[r] as number;
      const start = Math.floor(sp / SLOTS);
      if (start < next || start + (sp % SLOTS) + 1 > SLOTS)
        throw new Error(`packed run: table ${ti} has a run out of order or past slot ${SLOTS - 1}`);
      next = start + (sp % SLOTS) + 1;
    }
  }
  for (let r = 0; r < runs; r++) {
    const k = p.kind[r] as number;
    if (k < TABLE || k > SWAP + SWAP_TYPES.length - 1) throw new Error(`packed run: unknown entry kind ${k}`);
    if (k === TABLE && !((p.value[r] as number) < n)) {
      throw new Error(`packed run: a table entry points at table ${p.value[r]}, which is not in the run`);
    }
    const len = ((p.span[r] as number) % SLOTS) + 1;
    const at = (p.value[r] as number) * META;
    if (k === TABLE && len > 1 && !((p.meta[at + 5] as number) > 0 || (p.meta[at + 7] as number) >= 0)) {
      throw new Error(
        `packed run: ${len} table entries in a row point at table ${p.value[r]}, which is in no run of alike tables`,
      );
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
