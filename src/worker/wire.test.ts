import { describe, expect, it } from 'vitest';
import { forEachTable, type Table } from '../model/pagetable';
import { devmemRemap } from '../scenario/fixtures';
import { runOk } from '../scenario/lab';
import { LIBRARY } from '../scenario/library';
import type { RunOutcome, RunResult } from '../scenario/run';
import type { PackedRun, Reply, WireReply } from './protocol';
import { fromWire, packRun, toWire, unpackRun } from './wire';

const run = (input: unknown): RunResult => runOk(input);

/** What postMessage does to a packed run: a structured clone that moves the listed buffers. */
function post(r: RunResult): RunResult {
  const { run: packed, transfer } = packRun(r);
  return unpackRun(structuredClone(packed, { transfer }));
}

/**
 * A run with its tables written out once each, in visiting order, and the slots as `null` when empty: the
 * model clears an entry by writing undefined, the unpacked table leaves the slot empty, and the two read the
 * same (`entries[i]` is undefined either way).
 */
function canonical(r: RunResult) {
  const number = new Map<Table, number>();
  const tables: unknown[] = [];
  const visit = (t: Table): number => {
    const known = number.get(t);
    if (known !== undefined) return known;
    const n = tables.length;
    number.set(t, n);
    tables.push(null);
    const entries = Array.from(t.entries, (e) =>
      e === undefined ? null : e.kind === 'table' ? { kind: 'table', table: visit(e.table) } : e,
    );
    tables[n] = { id: t.id, level: t.level, gen: t.gen, used: t.used, entries };
    return n;
  };
  const steps = r.steps.map((s) => ({
    ...s,
    state: { ...s.state, procs: s.state.procs.map((p) => ({ ...p, root: visit(p.root) })) },
  }));
  return { scenario: r.scenario, steps, tables };
}

/**
 * structuredClone of a run, what postMessage does to everything but the tables, with the tables kept as
 * they are: their slots are class instances (model/slots.ts) that a structured clone would make plain.
 */
function cloneAroundTables(r: RunResult): RunResult {
  const bare = {
    ...r,
    steps: r.steps.map((s) => ({
      ...s,
      state: { ...s.state, procs: s.state.procs.map((p) => ({ ...p, root: null })) },
    })),
  };
  const c = structuredClone(bare);
  return {
    ...c,
    steps: c.steps.map((s, i) => ({
      ...s,
      state: {
        ...s.state,
        procs: s.state.procs.map((p, j) => ({ ...p, root: r.steps[i]?.state.procs[j]?.root as Table })),
      },
    })),
  };
}

/** The text around the first character where a and b differ, or '' when they are equal. */
function firstDifference(a: string, b: string): string {
  if (a === b) return '';
  let i = 0;
  while (a[i] === b[i]) i++;
  return `at ${i}: …${a.slice(i - 60, i + 60)}… vs …${b.slice(i - 60, i + 60)}…`;
}

/** Every distinct table object reachable from the steps' roots. */
function tablesOf(r: RunResult): Set<Table> {
  const out = new Set<Table>();
  const visit = (t: Table) => {
    if (out.has(t)) return;
    out.add(t);
    for (const e of t.entries) if (e?.kind === 'table') visit(e.table);
  };
  for (const s of r.steps) for (const p of s.state.procs) visit(p.root);
  return out;
}

describe('packed page tables (worker → page)', () => {
  // Every story but the 1 GiB one, whose run and clones alone take seconds under test; the 64 MiB case
  // below goes through the same packing of PTE tables.
  const stories = LIBRARY.filter((s) => s.id !== 'scale-1gib-remap').map((s) => [s.id, s.scenario] as const);
  const remap64 = devmemRemap('0x4000000', [
    { op: 'fork', proc: 'A', child: 'B' },
    { op: 'read', proc: 'B', addr: '0x40001000' },
    { op: 'munmap', proc: 'A', addr: '0x40000000', length: '0x2000000' },
  ]);
  it.each([...stories, ['64 MiB /dev/mem remap, fork, munmap of half', remap64] as const])(
    'run %s arrives equal to the run, entry for entry',
    (_id, scenario) => {
      const r = run(scenario);
      // As JSON text: toStrictEqual takes over 5 s on the 1 GiB story's 262,144 PTEs. The model never
      // writes a key holding undefined, which is the one thing the text would not tell apart.
      const got = JSON.stringify(canonical(post(r)));
      const want = JSON.stringify(canonical(cloneAroundTables(r)));
      expect(firstDifference(got, want)).toBe('');
    },
  );

  it('keeps one object per table however many steps share it', () => {
    const r = run(devmemRemap('0x400000', [{ op: 'fork', proc: 'A', child: 'B' }]));
    const got = post(r);
    expect(tablesOf(got).size).toBe(tablesOf(r).size);
    // The remap's tables are unchanged by the fork step in process A: the same object in both snapshots.
    const before = r.steps[1]?.state.procs[0]?.root;
    const after = r.steps[2]?.state.procs[0]?.root;
    expect(after === before).toBe(true);
    expect(got.steps[2]?.state.procs[0]?.root).toBe(got.steps[1]?.state.procs[0]?.root);
  });

  it('serializes a received table as JSON like the table it was packed from', () => {
    const r = run(devmemRemap('0x200000'));
    const got = post(r);
    const root = (x: RunResult) => x.steps[1]?.state.procs[0]?.root;
    expect(JSON.stringify(root(got))).toBe(JSON.stringify(root(r)));
  });

  it('transfers the buffers instead of copying them', () => {
    const { run: packed, transfer } = packRun(run(devmemRemap('0x400000')));
    expect(transfer.length).toBe(5);
    structuredClone(packed, { transfer });
    expect(packed.tables.kind.byteLength).toBe(0); // detached: moved, not copied
  });

  it('packs only successful run results; other replies pass through unchanged', () => {
    const invalid: Reply = { type: 'result', id: 1, task: 'run', outcome: { ok: false, problems: [] } };
    const error: Reply = { type: 'error', id: 2, error: { name: 'Error', message: 'x' } };
    const stepper: Reply = { type: 'result', id: 3, task: 'stepper', outcome: { ok: true, steps: [] } };
    for (const r of [invalid, error, stepper]) {
      expect(toWire(r)).toEqual({ reply: r, transfer: [] });
      expect(fromWire(r as WireReply)).toEqual(r);
    }
  });

  it('round-trips a run and a comparison through toWire and fromWire', () => {
    const r = run(devmemRemap('0x200000'));
    for (const task of ['run', 'compare'] as const) {
      const w = toWire({ type: 'result', id: 7, task, outcome: { ok: true, run: r } });
      expect((w.reply as { outcome: { run: PackedRun } }).outcome.run.packed).toBe('tables-v3');
      const back = fromWire(structuredClone(w.reply, { transfer: w.transfer }));
      const outcome = back.type === 'result' ? (back.outcome as RunOutcome) : undefined;
      if (!outcome?.ok) throw new Error('no run came back');
      expect(canonical(outcome.run)).toStrictEqual(canonical(cloneAroundTables(r)));
    }
  });

  it('refuses a packed run whose table numbers do not add up, naming what is wrong', () => {
    const { run: packed } = packRun(run(devmemRemap('0x200000')));
    const first = packed.steps[1];
    if (!first) throw new Error('no step 1');
    const broken: PackedRun = {
      ...packed,
      steps: [
        { ...first, state: { ...first.state, procs: [{ ...first.state.procs[0], root: 999 } as never] } },
      ],
    };
    expect(() => unpackRun(broken)).toThrow(/process root is table 999/);
    const shapeless: PackedRun = {
      ...packed,
      tables: { ...packed.tables, shapes: packed.tables.shapes.slice(1) },
    };
    expect(() => unpackRun(shapeless)).toThrow(/table shapes are missing or not \d+ strings/);
    packed.tables.kind[0] = 200;
    expect(() => unpackRun(packed)).toThrow(/unknown entry kind 200/);
  });

  it('a run of alike PMD tables whose first is a later member arrives table for table, with nothing under it packed', () => {
    // 6 GiB: the last three PMD tables one run (model/family.ts); a munmap of the fifth GiB leaves the
    // sixth a run of its own whose first is member 2, with its PTE tables made from that member.
    const G = 2 ** 30;
    const hex = (n: number) => `0x${n.toString(16)}`;
    const r = run(
      devmemRemap(hex(6 * G), [{ op: 'munmap', proc: 'A', addr: hex(G + 4 * G), length: hex(G) }]),
    );
    const { run: packed } = packRun(r);
    const got = unpackRun(structuredClone(packed));
    const view = (x: RunResult) =>
      x.steps.map((st) =>
        st.state.procs.map((p) => {
          const out: string[] = [];
          forEachTable(p.root, p.levels, (t, base) => {
            const runs = t.entries
              .runs()
              .map((q) => [q.start, q.len, q.e.kind === 'table' ? q.e.table.id : q.e]);
            out.push(JSON.stringify([t.id, t.level, t.gen, t.used, base, runs]));
          });
          return out;
        }),
      );
    expect(view(got)).toEqual(view(r));
    // Packed: 26 tables, not the 30 it was when the member's own four PTE tables (three lone ones and the
    // first of a run) went along, though the page makes them from the member's first.
    expect(packed.tables.meta.length / 9).toBe(26);
  });

  it('packs a run of alike tables as its head and refuses one whose head or member does not add up', () => {
    // 16 MiB: eight PTE tables, the last five one run of alike tables (model/family.ts).
    const r = run(
      devmemRemap('0x1000000', [{ op: 'munmap', proc: 'A', addr: '0x40800000', length: '0x200000' }]),
    );
    const fresh = () => packRun(r).run;
    const META = 9;
    const packed = fresh();
    const n = packed.tables.meta.length / META;
    const heads = Array.from({ length: n }, (_, ti) => ti).filter(
      (ti) => (packed.tables.meta[ti * META + 5] ?? 0) > 0,
    );
    const members = Array.from({ length: n }, (_, ti) => ti).filter(
      (ti) => (packed.tables.meta[ti * META + 7] ?? -1) >= 0,
    );
    // The remap's run of five, and after the munmap, the last three of them: from member 2 of that run.
    expect(heads).toHaveLength(1);
    expect(members).toHaveLength(1);
    const got = unpackRun(packed);
    const pmd = (x: RunResult, step: number) => {
      let t = x.steps[step]?.state.procs[0]?.root as Table;
      while (t.level !== 'pmd') {
        const e = t.entries.runs()[0]?.e;
        if (e?.kind !== 'table') throw new Error(`no table under ${t.level} table ${t.id}`);
        t = e.table;
      }
      return t;
    };
    // One object per member on both sides: the munmap step's run starts at the remap's member 2.
    const runsOf = (t: Table) => t.entries.runs().map((x) => (x.e as { table: Table }).table.id);
    expect(runsOf(pmd(got, 2))).toEqual(runsOf(pmd(r, 2)));
    expect((pmd(got, 2).entries.get(6) as { table: Table }).table).toBe(
      (pmd(got, 1).entries.get(6) as { table: Table }).table,
    );
    const member = members[0] as number;
    const notMember = fresh();
    notMember.tables.meta[member * META + 7] = 0; // the root heads no run
    expect(() => unpackRun(notMember)).toThrow(/is member 2 of table 0, which heads no run of alike tables/);
    const wrongIndex = fresh();
    wrongIndex.tables.meta[member * META + 8] = 3;
    expect(() => unpackRun(wrongIndex)).toThrow(/is not member 3 of the run table \d+ heads/);
    const badStride = fresh();
    badStride.tables.meta[(heads[0] as number) * META + 6] = -512;
    expect(() => unpackRun(badStride)).toThrow(/strides 1 and -512, not whole positive numbers/);
    const headless = fresh();
    headless.tables.meta[(heads[0] as number) * META + 5] = 0;
    headless.tables.meta[(heads[0] as number) * META + 6] = 0;
    expect(() => unpackRun(headless)).toThrow(/is member 2 of table \d+, which heads no run of alike tables/);
    const loose = fresh();
    loose.tables.meta[member * META + 7] = -1; // three table entries in a row, and no run behind them
    expect(() => unpackRun(loose)).toThrow(/3 table entries in a row point at table \d+, which is in no run/);
  });
});
