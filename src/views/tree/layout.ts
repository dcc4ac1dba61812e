/**
 * The page-table tree of one process as plain data: d3.hierarchy holds the table nodes, place() puts them
 * in columns (PGD on the left, PTE tables on the right), React draws them. Only populated tables appear.
 * Long lists of sibling tables (the 512 PTE tables of a 1 GiB remap) show the first few and one node
 * standing for the rest, so the drawing grows with the number of runs, not of entries.
 */
import { type HierarchyNode, hierarchy } from 'd3';
import type { MachineConfig } from '../../model/config';
import { LEVELS_4, LEVELS_5, type Level } from '../../model/entry';
import { entrySpan } from '../../model/geometry';
import type { ProcSnapshot } from '../../model/mm';
import type { Table } from '../../model/pagetable';
import { type StepMarks, writtenBelow } from '../../state/read/marks';
import type { RunsOf } from '../../state/read/runs';
import { tableOfRun, tableShape } from '../../state/read/runs';
import { tableBox } from './box';
import { M, textW } from './metrics';
import type { TableBox } from './rows';
import { LEVEL_NAME, vaRangeText } from './text';

/** Sibling tables hidden behind one node: `count` tables of `level` from page lo to hi (exclusive). */
export interface GroupBox {
  readonly kind: 'group';
  readonly key: string;
  readonly toggleKey: string;
  readonly expanded: boolean;
  readonly level: Level;
  readonly count: number;
  readonly lo: number;
  readonly hi: number;
  readonly lines: readonly string[];
  /** Some entry in the hidden tables (or the entries pointing at them) was written in this step. */
  readonly written: boolean;
  readonly spoken: string;
  readonly w: number;
  readonly h: number;
}

export type NodeBox = TableBox | GroupBox;

export interface PlacedNode {
  readonly box: NodeBox;
  readonly x: number;
  readonly y: number;
  readonly depth: number;
}

export interface TreeLink {
  readonly key: string;
  readonly d: string;
  /** Its ends (layout coordinates): the curve stays within the rectangle they span. */
  readonly from: readonly [number, number];
  readonly to: readonly [number, number];
}

export interface TreeLayout {
  readonly nodes: readonly PlacedNode[];
  readonly links: readonly TreeLink[];
  readonly width: number;
  readonly height: number;
}

export interface TreeInput {
  readonly proc: ProcSnapshot;
  readonly runsOf: RunsOf;
  readonly cfg: MachineConfig;
  readonly expanded: ReadonlySet<string>;
  /** Entries shown of an expanded run, by run key (default ENTRY_STEP). */
  readonly limits: Readonly<Record<string, number>>;
  /** Entries that must stay visible: the selection and report targets, first pages. */
  readonly focus: readonly number[];
  readonly marks?: StepMarks;
  /** Runs in three short lines (narrow viewports). */
  readonly compact?: boolean;
}

/**
 * More sibling tables than this are collapsed to the first CHILDREN_SHOWN (ALIKE_SHOWN when those are all
 * alike) and a group node.
 */
export const CHILD_CAP = 12;
export const CHILDREN_SHOWN = 8;
/**
 * When those first CHILDREN_SHOWN are all alike (one shape: a big remap's PTE tables), only this many are
 * drawn: two show the pattern (the pfns going on from one table to the next), more copies add nothing, and
 * the group node says the rest are alike. A 1 GiB remap then draws as much as a 4 MiB one.
 */
export const ALIKE_SHOWN = 2;
export const ENTRY_LIMIT = 64;

export const tablesKey = (proc: string, t: Table): string => `${proc}:${t.id}:tables`;

interface Datum {
  readonly box: NodeBox;
  readonly children: Datum[];
}

interface Child {
  /** Made when first read: a later member of a run of alike tables (model/family.ts) is made on demand. */
  readonly table: Table;
  readonly index: number;
  readonly base: number;
  readonly level: Table['level'];
  /** The table's shape and entry count: a run's first's, which every table of the run shares. */
  readonly shape: string;
  readonly used: number;
}

/** The children of table `t` (from `base`): one per slot holding a table, a run of tables read from its first. */
function childrenOf(t: Table, base: number, levels: 4 | 5): Child[] {
  const kids: Child[] = [];
  const span = entrySpan(t.level, levels);
  for (const r of t.entries.runs()) {
    if (r.e.kind !== 'table') continue;
    const first = r.e.table;
    let shape: string | undefined;
    for (let j = 0; j < r.len; j++) {
      let made: Table | undefined;
      kids.push({
        get table(): Table {
          if (!made) made = tableOfRun(first, j);
          return made;
        },
        index: r.start + j,
        base: base + (r.start + j) * span,
        level: first.level,
        get shape(): string {
          if (shape === undefined) shape = tableShape(first);
          return shape;
        },
        used: first.used,
      });
    }
  }
  return kids;
}

function groupBox(
  inp: TreeInput,
  parent: Table,
  hidden: readonly Child[],
  expanded: boolean,
  shown: number,
): GroupBox {
  const first = hidden[0] as Child;
  const last = hidden[hidden.length - 1] as Child;
  const level = first.level;
  const levels = inp.proc.levels;
  const lo = first.base;
  const hi = last.base + 512 * entrySpan(level, levels);
  const name = `${LEVEL_NAME[level]} table${hidden.length > 1 ? 's' : ''}`;
  const shapes = new Set(hidden.map((c) => c.shape));
  const used = new Set(hidden.map((c) => c.used));
  const alike =
    shapes.size === 1 ? `all alike: ${[...used][0]} entries each` : `${shapes.size} different shapes`;
  const all = levels === 5 ? LEVELS_5 : LEVELS_4;
  const below = all.slice(all.indexOf(parent.level));
  const written = !!inp.marks && writtenBelow(inp.marks, inp.proc.name, below, lo, hi - 1);
  const lines = expanded
    ? [`▴ fold ${hidden.length} ${name}`, `back to the first ${shown}`]
    : [`… ${hidden.length} more ${name}`, vaRangeText(lo, hi), alike, '▸ show them'];
  const w = M.padX * 2 + textW(Math.max(...lines.map((l) => l.length)));
  return {
    kind: 'group',
    key: `${inp.proc.name}:${parent.id}:group:${first.index}`,
    toggleKey: tablesKey(inp.proc.name, parent),
    expanded,
    level,
    count: hidden.length,
    lo,
    hi,
    lines,
    written,
    // The visible lines first (an accessible name must contain them), then what they only show by style.
    spoken: `${lines.join(' ')}${written ? ' (written in this step)' : ''}`,
    w,
    h: 10 + lines.length * M.lineH,
  };
}

function build(inp: TreeInput, t: Table, base: number, title: string, at: string): Datum {
  const name = inp.proc.name;
  const kids = t.level === 'pte' ? [] : childrenOf(t, base, inp.proc.levels);
  // How many tables hang below, where there is more than one (a chain needs no count).
  const below = kids.length > 1 ? `${kids.length} ${LEVEL_NAME[(kids[0] as Child).level]} tables` : '';
  const box = tableBox({
    proc: name,
    levels: inp.proc.levels,
    table: t,
    base,
    title,
    sub: [at, below].filter(Boolean).join(' · '),
    runs: inp.runsOf(inp.proc, t, base),
    cfg: inp.cfg,
    expanded: (k) => inp.expanded.has(k),
    limit: (k) => inp.limits[k] ?? ENTRY_LIMIT,
    focus: inp.focus,
    compact: !!inp.compact,
  });
  if (kids.length === 0) return { box, children: [] };
  // Only PTE tables name their range in the header: their runs do not show the table's extent.
  const sub_ = (c: Child) => {
    const at = `${LEVEL_NAME[t.level]}[${c.index}]`;
    if (c.level !== 'pte') return at;
    return `${at} ${vaRangeText(c.base, c.base + 512 * entrySpan(c.level, inp.proc.levels))}`;
  };
  const datum = (c: Child) =>
    build(inp, c.table, c.base, `${LEVEL_NAME[c.level]} table #${c.table.id}`, sub_(c));
  if (kids.length <= CHILD_CAP) return { box, children: kids.map(datum) };

  const first = (kids[0] as Child).shape;
  const shown = kids.slice(0, CHILDREN_SHOWN).every((c) => c.shape === first) ? ALIKE_SHOWN : CHILDREN_SHOWN;
  const expanded = inp.expanded.has(tablesKey(name, t));
  if (expanded) {
    const rest = kids.slice(shown);
    return {
      box,
      children: [...kids.map(datum), { box: groupBox(inp, t, rest, true, shown), children: [] }],
    };
  }
  const childSpan = (c: Child) => 512 * entrySpan(c.level, inp.proc.levels);
  const pinned = (c: Child) => inp.focus.some((v) => v >= c.base && v < c.base + childSpan(c));
  const children: Datum[] = [];
  let hidden: Child[] = [];
  const flush = () => {
    if (hidden.length) children.push({ box: groupBox(inp, t, hidden, false, shown), children: [] });
    hidden = [];
  };
  kids.forEach((c, i) => {
    if (i < shown || pinned(c)) {
      flush();
      children.push(datum(c));
    } else {
      hidden.push(c);
    }
  });
  flush();
  return { box, children };
}

function rootTitles(p: ProcSnapshot): [string, string] {
  return [`PGD #${p.root.id}`, p.levels === 5 ? '5-level (LA57)' : 'P4D folded'];
}

/**
 * The path d3's linkHorizontal() draws (a cubic Bézier with its control points halfway across, curveBumpX):
 * written out, because d3-shape and d3-path are some 14 kB of script that the page would load to open for
 * this one curve.
 */
function link({ source, target }: { source: [number, number]; target: [number, number] }): string {
  const [x0, y0] = source;
  const [x1, y1] = target;
  const mx = (x0 + x1) / 2;
  return `M${x0},${y0}C${mx},${y0},${mx},${y1},${x1},${y1}`;
}

/**
 * Places the nodes: one column per depth, each node level with the top of its first child (and that
 * child's first child, and so on), each below the node above it in its column: a sibling `siblingGap`
 * apart, a cousin twice that. A second PMD table thus sits level with its first PTE table, below the
 * first PMD table's PTE tables, rather than up beside the first PMD with a long link down.
 *
 * Not d3.tree(), which centres each parent on its children: there a row added to the last PTE table moved
 * the PMD, PUD and PGD tables and their links on every step, which made the browser lay out and repaint the
 * whole drawing although nothing in view had changed. Here a node moves only when something above it in
 * its own column, or in the column of one of its first descendants, grows; and the chain PGD → … → first
 * PTE table reads along one line at the top, where the view opens.
 */
function place(root: HierarchyNode<Datum>, colX: readonly number[]): Map<Datum, PlacedNode> {
  const nextFree: number[] = [];
  const lastParent: (HierarchyNode<Datum> | null)[] = [];
  const placed = new Map<Datum, PlacedNode>();
  /** The highest y at which `n` fits in its column. */
  const fits = (n: HierarchyNode<Datum>) => {
    const free = nextFree[n.depth];
    if (free === undefined) return 0;
    return free + (lastParent[n.depth] === n.parent ? M.siblingGap : M.siblingGap * 2);
  };
  const visit = (n: HierarchyNode<Datum>, minY: number) => {
    // Low enough for n and for each first descendant in their columns: the chain then shares one y.
    let y = minY;
    for (let c: HierarchyNode<Datum> | undefined = n; c; c = c.children?.[0]) y = Math.max(y, fits(c));
    placed.set(n.data, { box: n.data.box, x: colX[n.depth] ?? 0, y, depth: n.depth });
    nextFree[n.depth] = y + n.data.box.h;
    lastParent[n.depth] = n.parent;
    for (const c of n.children ?? []) visit(c, y);
  };
  visit(root, 0);
  return placed;
}

export function layoutTree(inp: TreeInput): TreeLayout {
  const [title, sub] = rootTitles(inp.proc);
  const root = hierarchy(build(inp, inp.proc.root, 0, title, sub), (d) => d.children);
  const colW: number[] = [];
  root.each((n) => {
    colW[n.depth] = Math.max(colW[n.depth] ?? 0, n.data.box.w);
  });
  const colX: number[] = [];
  colW.reduce((x, w, i) => {
    colX[i] = x;
    return x + w + M.colGap;
  }, 0);
  const placed = place(root, colX);
  const nodes: PlacedNode[] = [];
  let height = 0;
  // Breadth-first (d3's each()): column by column, the order they are drawn and tabbed through.
  root.each((n) => {
    const p = placed.get(n.data) as PlacedNode;
    nodes.push(p);
    height = Math.max(height, p.y + p.box.h);
  });
  const links: TreeLink[] = [];
  for (const n of root.descendants()) {
    if (!n.parent) continue;
    const s = placed.get(n.parent.data) as PlacedNode;
    const t = placed.get(n.data) as PlacedNode;
    const from: [number, number] = [s.x + s.box.w, s.y + M.headerH / 2];
    const to: [number, number] = [t.x, t.y + Math.min(M.headerH, t.box.h) / 2];
    const d = link({ source: from, target: to });
    if (d) links.push({ key: `${s.box.key}>${t.box.key}`, d, from, to });
  }
  const width = colW.reduce((a, w) => a + w, 0) + M.colGap * Math.max(0, colW.length - 1);
  return { nodes, links, width, height };
}
