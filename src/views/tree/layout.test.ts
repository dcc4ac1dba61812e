import { describe, expect, it } from 'vitest';
import { presetConfig } from '../../model/config';
import { leaf } from '../../model/entry';
import type { EntryRun } from '../../model/inspect';
import type { KernelSnapshot } from '../../model/kernel';
import { anonReads, devmemRemap } from '../../scenario/fixtures';
import { runOk } from '../../scenario/lab';
import { EXAMPLE_TEXT } from '../../state/example';
import { type RunsOf, runsReader } from '../../state/read/runs';
import { RUNS_SHOWN } from './drafts';
import {
  ALIKE_SHOWN,
  CHILDREN_SHOWN,
  layoutTree,
  type PlacedNode,
  type TreeInput,
  type TreeLayout,
  tablesKey,
} from './layout';
import type { EntryRow, TableBox } from './rows';

const GiB = 2 ** 30;

const run = (s: object) => runOk({ version: 1, ...s }).steps;

const remap = (bytes: number, extra: unknown[] = []) => run(devmemRemap(bytes, extra));

/** One config object per preset, as the page keeps one per settings (the box memo compares identity). */
const CFG = { 4: presetConfig('x86-64'), 5: presetConfig('x86-64-la57') };

function input(s: KernelSnapshot, procIndex = 0, over: Partial<TreeInput> = {}): TreeInput {
  const cfg = CFG[s.procs[0]?.levels ?? 4];
  const proc = s.procs[procIndex];
  if (!proc) throw new Error('no such process');
  return {
    proc,
    runsOf: runsReader(s, 'v6.18', cfg),
    cfg,
    expanded: new Set(),
    limits: {},
    focus: [],
    ...over,
  };
}

function tbox(n: PlacedNode | undefined): TableBox {
  if (n?.box.kind !== 'table') throw new Error('not a table node');
  return n.box;
}

const tables = (l: TreeLayout) => l.nodes.filter((n) => n.box.kind === 'table');
const groups = (l: TreeLayout) => l.nodes.filter((n) => n.box.kind === 'group');
const rowsOf = (l: TreeLayout, level: string) =>
  tables(l)
    .filter((n) => n.box.level === level)
    .flatMap((n) => (n.box as TableBox).rows);

/** No two nodes overlap: nodes of one column are stacked with gaps, columns do not intersect. */
function expectNoOverlap(l: TreeLayout): void {
  const ns = [...l.nodes].sort((a, b) => a.x - b.x || a.y - b.y);
  for (let i = 0; i < ns.length; i++) {
    for (let j = i + 1; j < ns.length; j++) {
      const a = ns[i];
      const b = ns[j];
      if (!a || !b) continue;
      const apart =
        a.x + a.box.w <= b.x || b.x + b.box.w <= a.x || a.y + a.box.h <= b.y || b.y + b.box.h <= a.y;
      expect(apart, `${a.box.key} and ${b.box.key} overlap`).toBe(true);
    }
  }
  for (const n of l.nodes) {
    expect(n.x).toBeGreaterThanOrEqual(0);
    expect(n.y).toBeGreaterThanOrEqual(0);
    expect(n.x + n.box.w).toBeLessThanOrEqual(l.width + 0.5);
    expect(n.y + n.box.h).toBeLessThanOrEqual(l.height + 0.5);
  }
}

describe('layoutTree()', () => {
  const example = run(JSON.parse(EXAMPLE_TEXT));

  it('draws PGD → PUD → PMD → PTE for the example, one column per level', () => {
    const s = example[3]?.state as KernelSnapshot;
    const l = layoutTree(input(s));
    expect(tables(l).map((n) => [n.box.level, n.depth])).toEqual([
      ['pgd', 0],
      ['pud', 1],
      ['pmd', 2],
      ['pte', 3],
    ]);
    expect(l.links).toHaveLength(3);
    const root = l.nodes[0]?.box as TableBox;
    expect(root.title).toMatch(/^PGD #\d+$/);
    expect(root.sub).toBe('P4D folded');
    expect(tbox(l.nodes[3]).sub).toBe('PMD[128] 0x10000000-0x101fffff');
    const [row] = rowsOf(l, 'pte') as EntryRow[];
    expect(row).toMatchObject({ kind: 'run', badge: 'normal', lo: 0x10001, hi: 0x10001, expandKey: null });
    expect(row?.lines.map((ln) => ln.segs.map((s) => s.text).filter(Boolean))).toEqual([
      ['PTE 1', '0x10001000-0x10001fff'],
      ['pfn 0x10000', 'PWDA-', 'normal M-OK'],
    ]);
    expectNoOverlap(l);
  });

  it('after the read, the PTE maps the zero page: special bit shown, "zero page" badge', () => {
    const s = example[2]?.state as KernelSnapshot;
    const [row] = rowsOf(layoutTree(input(s)), 'pte') as EntryRow[];
    expect(row?.badge).toBe('zero');
    expect(row?.lines[1]?.segs.map((x) => x.text)).toEqual(['pfn 0x42', 'P---S', 'zero page M-S1c', '']);
  });

  it('compact: three shorter lines per run, a narrower tree', () => {
    const s = example[3]?.state as KernelSnapshot;
    const wide = layoutTree(input(s));
    const narrow = layoutTree(input(s, 0, { compact: true }));
    const [row] = rowsOf(narrow, 'pte') as EntryRow[];
    expect(row?.lines.map((ln) => ln.segs.map((x) => x.text).filter(Boolean))).toEqual([
      ['PTE 1', 'normal M-OK'],
      ['0x10001000-0x10001fff'],
      ['pfn 0x10000', 'PWDA-'],
    ]);
    expect(narrow.width).toBeLessThan(wide.width);
    expectNoOverlap(narrow);
  });

  it('marks a special bit the configuration does not have as ignored', () => {
    const s = example[2]?.state as KernelSnapshot;
    const cfg = presetConfig('no-pte-special');
    const l = layoutTree(input(s, 0, { cfg, runsOf: runsReader(s, 'v6.18', cfg) }));
    const [row] = rowsOf(l, 'pte') as EntryRow[];
    expect(row?.lines[1]?.segs.at(-1)?.text).toBe('S ignored');
    expect(row?.spoken).toContain('special bit set but ignored');
  });

  it('shows both trees after fork, each with its own tables', () => {
    const steps = run({
      kernel: { variant: 'v6.18' },
      processes: [{ name: 'A' }],
      steps: [
        {
          op: 'mmap',
          proc: 'A',
          addr: '0x10000000',
          length: '0x10000',
          prot: ['read', 'write'],
          backing: { type: 'anon' },
        },
        { op: 'write', proc: 'A', addr: '0x10000000', value: 'p' },
        { op: 'read', proc: 'A', addr: '0x10005000' },
        { op: 'fork', proc: 'A', child: 'B' },
      ],
    });
    const s = steps[4]?.state as KernelSnapshot;
    expect(s.procs.map((p) => p.name)).toEqual(['A', 'B']);
    const [a, b] = [layoutTree(input(s, 0)), layoutTree(input(s, 1))];
    for (const [l, bits] of [
      [a, 'P-DA-'],
      [b, 'P-D--'],
    ] as const) {
      expect(tables(l).map((n) => n.box.level)).toEqual(['pgd', 'pud', 'pmd', 'pte']);
      const runs = rowsOf(l, 'pte') as EntryRow[];
      expect(runs.map((r) => [r.lo - 0x10000, r.badge])).toEqual([
        [0, 'normal'],
        [5, 'zero'],
      ]);
      // fork write-protected the anon page in both; the child's copy is old (pte_mkold).
      expect(runs[0]?.lines[1]?.segs[1]?.text).toBe(bits);
    }
    const ids = (l: TreeLayout) => new Set(tables(l).map((n) => (n.box as TableBox).table.id));
    expect([...ids(a)].filter((id) => ids(b).has(id))).toEqual([]);
  });

  it("puts the example's chain PGD → PUD → PMD → PTE along one line at the top", () => {
    const l = layoutTree(input(example[3]?.state as KernelSnapshot));
    expect(tables(l).map((n) => n.y)).toEqual([0, 0, 0, 0]);
    const xs = tables(l).map((n) => n.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
  });

  it('puts each parent level with its first child, a second PMD table beside its own PTE tables', () => {
    // 8 MiB across the 1 GiB line: two PMD tables under one PUD, two PTE tables under each.
    const steps = run(anonReads(0x800000, [0, 0x200000, 0x400000, 0x600000], 0x3fc00000));
    const l = layoutTree(input(steps[5]?.state as KernelSnapshot));
    expectNoOverlap(l);
    const pmds = tables(l).filter((n) => n.box.level === 'pmd');
    expect(pmds).toHaveLength(2);
    expect(tables(l).filter((n) => n.box.level === 'pte')).toHaveLength(4);
    // Each table is level with the first table below it (the one its first table entry points at).
    const byKey = new Map(l.nodes.map((n) => [n.box.key, n]));
    const firstChild = new Map<string, PlacedNode>();
    for (const k of l.links.map((x) => x.key)) {
      const [from, to] = k.split('>') as [string, string];
      if (!firstChild.has(from)) firstChild.set(from, byKey.get(to) as PlacedNode);
    }
    for (const n of tables(l)) {
      const c = firstChild.get(n.box.key);
      if (c) expect(n.y, n.box.key).toBe(c.y);
    }
    expect((pmds[1] as PlacedNode).y).toBeGreaterThan((pmds[0] as PlacedNode).y);
  });

  it('a row added to the last PTE table moves no other node (parents are not centred on children)', () => {
    // Reads 260 KiB apart: about eight per 2 MiB PTE table, so the tree grows to several PTE tables.
    const offsets = Array.from({ length: 30 }, (_, i) => i * 0x41000);
    const steps = run(anonReads(64 * 2 ** 20, offsets));
    const at = (i: number) => layoutTree(input(steps[i]?.state as KernelSnapshot));
    const [before, after] = [at(29), at(30)];
    expectNoOverlap(after);
    const where = (l: TreeLayout) => new Map(l.nodes.map((n) => [n.box.key, [n.x, n.y, n.box.h]]));
    const [b, a] = [where(before), where(after)];
    const last = tables(after).at(-1) as PlacedNode;
    expect(last.box.level).toBe('pte');
    expect(tables(after).length).toBeGreaterThan(5);
    for (const [key, pos] of b) {
      if (key === last.box.key) {
        // The table the read wrote into: same place, one row taller.
        expect(a.get(key)?.slice(0, 2)).toEqual(pos.slice(0, 2));
        expect(a.get(key)?.[2]).toBeGreaterThan(pos[2] as number);
      } else expect(a.get(key), key).toEqual(pos);
    }
  });

  it('a 1 GiB remap: 512 alike PTE tables, 2 drawn and one node for the other 510', () => {
    const s = remap(GiB)[1]?.state as KernelSnapshot;
    const l = layoutTree(input(s));
    expect(tables(l).filter((n) => n.box.level === 'pte')).toHaveLength(ALIKE_SHOWN);
    expect(l.nodes.length).toBe(3 + ALIKE_SHOWN + 1);
    expect(tbox(tables(l).find((n) => n.box.level === 'pmd')).sub).toBe('PUD[1] · 512 PTE tables');
    const [g] = groups(l);
    expect(g?.box).toMatchObject({ kind: 'group', count: 510, level: 'pte', expanded: false });
    expect(g?.box.kind === 'group' && g.box.lines).toEqual([
      '… 510 more PTE tables',
      '0x40400000-0x7fffffff',
      'all alike: 512 entries each',
      '▸ show them',
    ]);
    const rows = rowsOf(l, 'pte') as EntryRow[];
    expect(rows).toHaveLength(ALIKE_SHOWN);
    expect(rows[0]?.lines.flatMap((x) => x.segs.map((s) => s.text))).toEqual([
      'PTE 0-511',
      '0x40000000-0x401fffff',
      'pfn 0x100-0x2ff',
      'PW--S',
      'special M-S1b',
      '',
    ]);
    expectNoOverlap(l);
    // Layout again (the next render): the table boxes come from the memo, the same objects.
    const again = layoutTree(input(s));
    expect(tables(again)).toHaveLength(tables(l).length);
    tables(again).forEach((n, i) => {
      expect(n.box).toBe(tables(l)[i]?.box);
    });
  });

  it('sibling tables of different shapes: the first 8 drawn, the rest behind one node', () => {
    // 16 PTE tables under one PMD table, each with one page read at a different index: 16 shapes.
    const steps = run(
      anonReads(
        0x2000000,
        Array.from({ length: 16 }, (_, k) => k * 0x200000 + k * 0x1000),
      ),
    );
    const l = layoutTree(input(steps.at(-1)?.state as KernelSnapshot));
    expect(tables(l).filter((n) => n.box.level === 'pte')).toHaveLength(CHILDREN_SHOWN);
    const [g] = groups(l);
    expect(g?.box).toMatchObject({ kind: 'group', count: 8, level: 'pte' });
    expect(g?.box.kind === 'group' && g.box.lines[2]).toBe('8 different shapes');
    expectNoOverlap(l);
  });

  it('the first 8 sibling tables alike, later ones not: 2 drawn, the group says how many shapes', () => {
    // 32 MiB remapped: 16 alike PTE tables; then the 12th table's first page made read-only.
    const steps = remap(32 * 2 ** 20, [
      { op: 'mprotect', proc: 'A', addr: '0x41600000', length: '0x1000', prot: ['read'] },
    ]);
    const l = layoutTree(input(steps.at(-1)?.state as KernelSnapshot));
    expect(tables(l).filter((n) => n.box.level === 'pte')).toHaveLength(ALIKE_SHOWN);
    const [g] = groups(l);
    expect(g?.box).toMatchObject({ kind: 'group', count: 14, level: 'pte' });
    expect(g?.box.kind === 'group' && g.box.lines[2]).toBe('2 different shapes');
    expectNoOverlap(l);
  });

  it('expanding the group draws all 512 tables and a node to fold them', () => {
    const s = remap(GiB)[1]?.state as KernelSnapshot;
    const pmd = tables(layoutTree(input(s))).find((n) => n.box.level === 'pmd')?.box as TableBox;
    const l = layoutTree(input(s, 0, { expanded: new Set([tablesKey('A', pmd.table)]) }));
    expect(tables(l).filter((n) => n.box.level === 'pte')).toHaveLength(512);
    expect(groups(l).map((g) => g.box.kind === 'group' && g.box.expanded)).toEqual([true]);
    const fold = groups(l)[0]?.box;
    expect(fold?.kind === 'group' && fold.lines).toEqual(['▴ fold 510 PTE tables', 'back to the first 2']);
    expect(l.height).toBeGreaterThan(512 * 70);
  });

  it('keeps the table of a focused entry (selection, report) visible inside a folded group', () => {
    const s = remap(GiB)[1]?.state as KernelSnapshot;
    const v = 0x40000 + 300 * 512 + 7;
    const l = layoutTree(input(s, 0, { focus: [v] }));
    const ptes = tables(l).filter((n) => n.box.level === 'pte');
    expect(ptes).toHaveLength(ALIKE_SHOWN + 1);
    expect(tbox(ptes.at(-1)).base).toBe(0x40000 + 300 * 512);
    expect(groups(l).map((g) => g.box.kind === 'group' && g.box.count)).toEqual([298, 211]);
    expectNoOverlap(l);
  });

  it('an expanded run lists its entries, 64 at a time', () => {
    const s = remap(4 * 2 ** 20)[1]?.state as KernelSnapshot;
    const first = layoutTree(input(s));
    const run = rowsOf(first, 'pte')[0] as EntryRow;
    expect(run.expandKey).toMatch(/^A:\d+:0$/);
    const key = run.expandKey as string;
    const l = layoutTree(input(s, 0, { expanded: new Set([key]) }));
    const rows = rowsOf(l, 'pte');
    expect(rows.filter((r) => r.kind === 'entry')).toHaveLength(64);
    const more = rows.find((r) => r.kind === 'more');
    expect(more).toMatchObject({ action: 'entries', toggleKey: key });
    expect(more?.lines[0]?.segs[0]?.text).toBe('… 448 more entries: show 64 more');
    const entry = rows[1] as EntryRow;
    expect(entry).toMatchObject({ kind: 'entry', lo: 0x40000, hi: 0x40000, pfns: [0x100, 0x100] });
    const all = layoutTree(input(s, 0, { expanded: new Set([key]), limits: { [key]: 512 } }));
    expect(rowsOf(all, 'pte').filter((r) => r.kind === 'entry')).toHaveLength(512);
    expectNoOverlap(all);
  });

  it('a table of many runs shows 20 and a row for the rest; a focused run stays', () => {
    const s = example[3]?.state as KernelSnapshot;
    const real = input(s).runsOf;
    const many: EntryRun[] = Array.from({ length: 40 }, (_, i) => ({
      level: 'pte',
      firstIndex: 2 * i,
      lastIndex: 2 * i,
      v: 0x10000 + 2 * i,
      count: 1,
      entry: leaf(0x20000 + i, { write: i % 2 === 1 }),
      pfnStep: 1,
      badge: 'normal',
    }));
    const runsOf: RunsOf = (p, t, base) => (t.level === 'pte' ? many : real(p, t, base));
    const pte = (l: TreeLayout) => rowsOf(l, 'pte');
    const folded = pte(layoutTree(input(s, 0, { runsOf })));
    expect(folded.filter((r) => r.kind === 'run')).toHaveLength(RUNS_SHOWN);
    expect(folded.at(-1)).toMatchObject({ kind: 'more', action: 'runs' });
    expect(folded.at(-1)?.lines[0]?.segs[0]?.text).toBe('… 20 more runs: show all');
    const pinned = pte(layoutTree(input(s, 0, { runsOf, focus: [0x10000 + 70] })));
    expect(
      pinned
        .filter((r) => r.kind === 'run')
        .map((r) => (r as EntryRow).lo)
        .at(-1),
    ).toBe(0x10000 + 70);
    const key = (folded.at(-1) as { toggleKey: string }).toggleKey;
    const all = pte(layoutTree(input(s, 0, { runsOf, expanded: new Set([key]) })));
    expect(all.filter((r) => r.kind === 'run')).toHaveLength(40);
  });

  it('with 5-level paging draws the P4D level', () => {
    const steps = run({
      kernel: { variant: 'v6.18', preset: 'x86-64-la57' },
      processes: [{ name: 'A' }],
      steps: [
        {
          op: 'mmap',
          proc: 'A',
          addr: '0x10000000',
          length: '0x1000',
          prot: ['read'],
          backing: { type: 'anon' },
        },
        { op: 'read', proc: 'A', addr: '0x10000000' },
      ],
    });
    const l = layoutTree(input(steps[2]?.state as KernelSnapshot));
    expect(tables(l).map((n) => n.box.level)).toEqual(['pgd', 'p4d', 'pud', 'pmd', 'pte']);
    expect(tbox(l.nodes[0]).sub).toContain('5-level');
  });
});

describe('runsReader()', () => {
  it('reuses the runs of a table no step wrote', () => {
    const steps = remap(4 * 2 ** 20, [
      {
        op: 'mmap',
        proc: 'A',
        addr: '0x10000000',
        length: '0x1000',
        prot: ['read'],
        backing: { type: 'anon' },
      },
    ]);
    const a = steps[1]?.state as KernelSnapshot;
    const b = steps[2]?.state as KernelSnapshot;
    const cfg = presetConfig('x86-64');
    const tableOf = (s: KernelSnapshot) => {
      const l = layoutTree(input(s));
      return tbox(tables(l).find((n) => n.box.level === 'pte')).table;
    };
    const ta = tableOf(a);
    expect(tableOf(b)).toBe(ta);
    const pa = a.procs[0];
    const pb = b.procs[0];
    if (!pa || !pb) throw new Error('no process');
    const ra = runsReader(a, 'v6.18', cfg)(pa, ta, 0x40000);
    // The mmap changed the VMA list: the runs are classified again, come out the same, and keep their
    // identity (so the table's box is reused).
    const rb = runsReader(b, 'v6.18', cfg)(pb, ta, 0x40000);
    expect(rb).toBe(ra);
    const boxOf = (s: KernelSnapshot) => tables(layoutTree(input(s))).find((n) => n.box.level === 'pte')?.box;
    expect(boxOf(b)).toBe(boxOf(a));
    expect(runsReader(b, 'v6.18', cfg)(pb, ta, 0x40000)).toBe(rb);
    // Other settings classify again.
    const other = presetConfig('no-pte-special');
    expect(runsReader(b, 'v6.18', other)(pb, ta, 0x40000)[0]?.branch).not.toBe(rb[0]?.branch);
  });
});
