/**
 * One table node of the tree as plain data: its title, and one row per run of leaf entries (plus the
 * entries of expanded runs). Built per table and memoized by table identity: a table no step wrote keeps
 * its box, so drawing a step costs what changed.
 */
import { entrySpan } from '../../model/geometry';
import type { Table } from '../../model/pagetable';
import { type Cell, type Draft, drafts, expanderShift, RUN_CAP, runKey, runsKey } from './drafts';
import { M, TEXT_X, textW } from './metrics';
import type { BoxInput, Line, Row, Seg, TableBox } from './rows';

/** Lays out cells in columns aligned across rows: each column as wide as its widest cell. */
function columns(rows: readonly (readonly Cell[])[], x0: number): { lines: Seg[][]; chars: number } {
  const widths: number[] = [];
  for (const r of rows) {
    r.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, c.text.length);
    });
  }
  const lines = rows.map((r) => {
    let at = 0;
    return r.map((c, i) => {
      const s = { x: x0 + textW(at), text: c.text, tone: c.tone };
      at += (widths[i] ?? 0) + M.colSpace;
      return s;
    });
  });
  while (widths.length && !widths[widths.length - 1]) widths.pop();
  const chars = widths.reduce((a, w) => a + w + M.colSpace, 0) - M.colSpace;
  return { lines, chars: Math.max(0, chars) };
}

function place(ds: readonly Draft[], textX: number): { rows: Row[]; chars: number } {
  const pick = (g: Draft['group'], line: number) =>
    ds.filter((d) => d.group === g).map((d) => d.cells[line] as readonly Cell[]);
  const nLines = Math.max(0, ...ds.filter((d) => d.group === 'run').map((d) => d.cells.length));
  // Lines after a run's first are indented by two characters.
  const run = Array.from({ length: nLines }, (_, i) => columns(pick('run', i), textX + textW(i ? 2 : 0)));
  const entry = columns(pick('entry', 0), textX + textW(3));
  const plain = columns(pick('plain', 0), textX);
  const at = { run: 0, entry: 0, plain: 0 };
  const base = M.lineH - 3;
  let y = M.headerH;
  const rows = ds.map((d): Row => {
    let lines: Line[];
    if (d.group === 'run') {
      const i = at.run++;
      lines = run.map((c, j) => ({ y: base + 3 + j * M.lineH, segs: c.lines[i] ?? [] }));
    } else if (d.group === 'entry') {
      lines = [{ y: base + 2, segs: entry.lines[at.entry++] ?? [] }];
    } else {
      lines = [{ y: base + 2, segs: plain.lines[at.plain++] ?? [] }];
    }
    const row = { ...d.row, y, lines } as Row;
    y += d.row.h;
    return row;
  });
  const chars = Math.max(...run.map((c, i) => c.chars + (i ? 2 : 0)), entry.chars + 3, plain.chars);
  return { rows, chars };
}

const memo = new WeakMap<Table, { input: BoxInput; sig: string; box: TableBox }>();

/** What of the input changes the box beyond the table and its runs: expansion, limits and pinned runs. */
function signature(b: BoxInput): string {
  const parts = [
    b.proc,
    b.base,
    b.title,
    b.sub,
    b.compact ? 'c' : '',
    b.expanded(runsKey(b.proc, b.table)) ? 'R' : '',
  ];
  for (const r of b.runs) {
    if (r.count < 2) continue;
    const k = runKey(b.proc, b.table, r.firstIndex);
    if (b.expanded(k)) parts.push(`${r.firstIndex}:${b.limit(k)}`);
  }
  if (b.runs.length > RUN_CAP) parts.push(`f${b.focus.join(',')}`);
  return parts.join('|');
}

export function tableBox(b: BoxInput): TableBox {
  const sig = signature(b);
  const m = memo.get(b.table);
  if (m && m.sig === sig && m.input.runs === b.runs && m.input.cfg === b.cfg) return m.box;
  const textX = TEXT_X - expanderShift(b);
  const { rows, chars } = place(drafts(b), textX);
  const headerChars = Math.max(b.title.length, b.sub.length);
  const w = Math.max(M.padX * 2 + textW(headerChars), textX + textW(chars) + M.padX);
  const h = M.headerH + rows.reduce((a, r) => a + r.h, 0) + (rows.length ? 4 : 0);
  const span = entrySpan(b.table.level, b.levels);
  const box: TableBox = {
    kind: 'table',
    key: `${b.proc}:${b.table.id}`,
    table: b.table,
    level: b.table.level,
    base: b.base,
    end: b.base + 512 * span,
    title: b.title,
    sub: b.sub,
    rows,
    w,
    h,
  };
  memo.set(b.table, { input: b, sig, box });
  return box;
}
