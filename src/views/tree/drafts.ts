/**
 * The rows of a table node before placement: for each run (and each listed entry of an expanded run) its
 * cells of text, line by line, and what a screen reader says for it.
 */

import { entrySpan } from '../../model/geometry';
import type { EntryRun } from '../../model/inspect';
import type { Table } from '../../model/pagetable';
import { GLYPH_X, M, TEXT_X, textW } from './metrics';
import type { BoxInput, EntryRow, MoreRow, NoteRow, Seg } from './rows';
import {
  badgeText,
  bitsSpoken,
  bitsText,
  indexText,
  LEVEL_NAME,
  notesText,
  runPfns,
  targetText,
  vaRangeText,
} from './text';

/** Runs shown before "show all runs". */
export const RUN_CAP = 24;
export const RUNS_SHOWN = 20;
export const ENTRY_STEP = 64;

export const runKey = (proc: string, t: Table, firstIndex: number): string => `${proc}:${t.id}:${firstIndex}`;
export const runsKey = (proc: string, t: Table): string => `${proc}:${t.id}:runs`;

export interface Cell {
  readonly text: string;
  readonly tone: Seg['tone'];
}

/** The visible words of a row, in reading order: an accessible name must contain them (WCAG 2.5.3). */
const visible = (cells: readonly (readonly Cell[])[]): string =>
  cells
    .flat()
    .map((c) => c.text)
    .filter(Boolean)
    .join(' ');

export interface Draft {
  readonly row: Omit<EntryRow, 'lines' | 'y'> | Omit<MoreRow, 'lines' | 'y'> | Omit<NoteRow, 'lines' | 'y'>;
  readonly cells: readonly (readonly Cell[])[];
  readonly group: 'run' | 'entry' | 'plain';
}

function runDraft(b: BoxInput, run: EntryRun, span: number, shift: number): Draft {
  const key = runKey(b.proc, b.table, run.firstIndex);
  const end = run.v + run.count * span;
  const where = `${LEVEL_NAME[run.level]} ${indexText(run.firstIndex, run.lastIndex)}`;
  const target = targetText(run, span);
  const bits = bitsText(run.entry);
  const badge = badgeText(run.badge, run.branch);
  const notes = notesText(b.cfg, run.level, run.entry);
  const count = run.count > 1 ? `${run.count} entries: ` : '';
  // Wide: where and addresses, then what it maps. Compact (narrow viewports): three shorter lines.
  const cells: Cell[][] = b.compact
    ? [
        [
          { text: where, tone: 'strong' },
          { text: badge, tone: 'fg' },
          { text: notes, tone: 'muted' },
        ],
        [{ text: vaRangeText(run.v, end), tone: 'fg' }],
        [
          { text: target, tone: 'fg' },
          { text: bits, tone: 'strong' },
        ],
      ]
    : [
        [
          { text: where, tone: 'strong' },
          { text: vaRangeText(run.v, end), tone: 'fg' },
        ],
        [
          { text: target, tone: 'fg' },
          { text: bits, tone: 'strong' },
          { text: badge, tone: 'fg' },
          { text: notes, tone: 'muted' },
        ],
      ];
  return {
    row: {
      kind: 'run',
      key,
      h: (b.compact ? 3 : 2) * M.lineH + 6,
      level: run.level,
      lo: run.v,
      hi: run.v + (run.count - 1) * span,
      span,
      badge: run.badge,
      pfns: runPfns(run, span),
      write: run.entry.write,
      dirty: run.entry.kind === 'leaf' && run.entry.dirty,
      expandKey: run.count > 1 ? key : null,
      expanded: run.count > 1 && b.expanded(key),
      glyphX: GLYPH_X - shift,
      spoken: `${visible(cells)}; ${count}${bitsSpoken(b.cfg, run.level, run.entry)}`,
      detail: `${count}${bitsSpoken(b.cfg, run.level, run.entry)}`,
      name: where,
    },
    cells,
    group: 'run',
  };
}

function entryDrafts(b: BoxInput, run: EntryRun, span: number, key: string): Draft[] {
  const out: Draft[] = [];
  const shown = Math.min(run.count, b.limit(key));
  for (let k = 0; k < shown; k++) {
    const i = run.firstIndex + k;
    const e = b.table.entries.get(i);
    if (!e || e.kind === 'table') continue;
    const v = run.v + k * span;
    const one: EntryRun = { ...run, firstIndex: i, lastIndex: i, v, count: 1, entry: e };
    const va = span === 1 ? (vaRangeText(v, v + 1).split('-')[0] ?? '') : vaRangeText(v, v + span);
    const target = targetText(one, span);
    const cells: Cell[][] = [
      [
        { text: `${LEVEL_NAME[run.level]} ${i}`, tone: 'strong' },
        { text: va, tone: 'fg' },
        { text: target, tone: 'fg' },
        { text: bitsText(e), tone: 'strong' },
      ],
    ];
    out.push({
      row: {
        kind: 'entry',
        key: `${key}:${i}`,
        h: M.entryH,
        level: run.level,
        lo: v,
        hi: v,
        span,
        badge: run.badge,
        pfns: runPfns(one, span),
        write: e.write,
        dirty: e.kind === 'leaf' && e.dirty,
        expandKey: null,
        expanded: false,
        glyphX: TEXT_X + textW(1),
        spoken: `${visible(cells)}; ${bitsSpoken(b.cfg, run.level, e)}, ${badgeText(run.badge)}`,
        detail: `${bitsSpoken(b.cfg, run.level, e)}, ${badgeText(run.badge)}`,
        name: `${LEVEL_NAME[run.level]} ${i}`,
      },
      cells,
      group: 'entry',
    });
  }
  if (shown < run.count) {
    const rest = run.count - shown;
    const next = Math.min(rest, ENTRY_STEP);
    out.push({
      row: {
        kind: 'more',
        key: `${key}:more`,
        h: M.entryH,
        action: 'entries',
        toggleKey: key,
        spoken: `${rest} more entries: show ${next} more (of ${LEVEL_NAME[run.level]} ${indexText(run.firstIndex, run.lastIndex)})`,
      },
      cells: [[{ text: `… ${rest} more entries: show ${next} more`, tone: 'muted' }]],
      group: 'plain',
    });
  }
  return out;
}

export const expanderShift = (b: BoxInput): number => (b.runs.some((r) => r.count > 1) ? 0 : M.expanderW);

export function drafts(b: BoxInput): Draft[] {
  const span = entrySpan(b.table.level, b.levels);
  const out: Draft[] = [];
  const capped = b.runs.length > RUN_CAP;
  const allRuns = capped && b.expanded(runsKey(b.proc, b.table));
  // Without a run to expand, the ▸ column is left out.
  const shift = expanderShift(b);
  const hits = (r: EntryRun) => b.focus.some((v) => v >= r.v && v < r.v + r.count * span);
  let hidden = 0;
  b.runs.forEach((run, i) => {
    if (capped && !allRuns && i >= RUNS_SHOWN && !hits(run)) {
      hidden++;
      return;
    }
    const d = runDraft(b, run, span, shift);
    out.push(d);
    if (d.row.kind === 'run' && d.row.expanded) out.push(...entryDrafts(b, run, span, d.row.key));
  });
  if (capped) {
    const text = allRuns ? `show the first ${RUNS_SHOWN} runs only` : `… ${hidden} more runs: show all`;
    out.push({
      row: {
        kind: 'more',
        key: `${runsKey(b.proc, b.table)}`,
        h: M.entryH,
        action: 'runs',
        toggleKey: runsKey(b.proc, b.table),
        spoken: text,
      },
      cells: [[{ text, tone: 'muted' }]],
      group: 'plain',
    });
  }
  if (b.runs.length === 0 && b.table.level === 'pte') {
    out.push({
      row: { kind: 'note', key: `${b.proc}:${b.table.id}:empty`, h: M.entryH, spoken: 'no entries' },
      cells: [[{ text: 'no entries (all none)', tone: 'muted' }]],
      group: 'plain',
    });
  }
  return out;
}
