import { memo } from 'react';
import { LEVELS_4, LEVELS_5, type Level } from '../../model/entry';
import type { Lens } from '../../state/read/lens';
import { reportedIn, type StepMarks, writtenIn } from '../../state/read/marks';
import type { EntryRef } from '../../state/store';
import { onActivateKey, type TreeActions } from './actions';
import type { GroupBox } from './layout';
import { M } from './metrics';
import { EntryRowView, MoreRowView, NoteRowView } from './RowView';
import type { EntryRow, TableBox } from './rows';
import { vaRangeText } from './text';

const contains = (r: EntryRow, sel: EntryRef) =>
  r.level === sel.level && sel.v >= r.lo && sel.v < r.hi + r.span;

/** The row the selection shows on: its entry if listed, else the run holding it. */
function pressedKey(box: TableBox, proc: string, sel: EntryRef | null): string | null {
  if (!sel || sel.proc !== proc) return null;
  let key: string | null = null;
  for (const r of box.rows) {
    if (r.kind !== 'run' && r.kind !== 'entry') continue;
    if (!contains(r, sel)) continue;
    if (r.kind === 'entry') return r.key;
    key = r.key;
  }
  return key;
}

function parentLevel(level: Level, levels: 4 | 5): Level | null {
  const ls = levels === 5 ? LEVELS_5 : LEVELS_4;
  return ls[ls.indexOf(level) - 1] ?? null;
}

export interface TableNodeProps {
  readonly box: TableBox;
  readonly x: number;
  readonly y: number;
  readonly proc: string;
  readonly levels: 4 | 5;
  readonly selected: EntryRef | null;
  readonly marks: StepMarks;
  /** What a filter or a chosen folio highlights (null: nothing). */
  readonly lens: Lens | null;
  /** In compare mode, the entries that differ between the runs (outlined, nothing dimmed). */
  readonly diff: Lens | null;
  readonly actions: TreeActions;
  /** Outside the drawing window (cull.ts): its frame and its rows' buttons, no text. */
  readonly bare: boolean;
}

/** Whether the lens picks the row; undefined when no lens is on. */
const lensMatch = (lens: Lens | null, proc: string, r: EntryRow): boolean | undefined =>
  lens ? lens.match({ ...r, proc }) : undefined;

/**
 * What the step's marks and the selection change in one table node: which row is pressed, whether the
 * table was installed, and which rows were written or reported. The marks object is new every step, so
 * comparing it by identity would re-render every table of every process on every step.
 */
function markSignature(p: TableNodeProps): string {
  const { box, proc, marks } = p;
  const up = parentLevel(box.level, p.levels);
  let sig = `${pressedKey(box, proc, p.selected)}|${!!up && writtenIn(marks, proc, up, box.base, box.base)}|`;
  for (const r of box.rows) {
    if (r.kind !== 'run' && r.kind !== 'entry') continue;
    sig += writtenIn(marks, proc, r.level, r.lo, r.hi) ? 'w' : '-';
    sig += reportedIn(marks, proc, r.level, r.lo, r.hi) ? 'r' : '-';
    const m = lensMatch(p.lens, proc, r);
    sig += m === undefined ? '.' : m ? 'm' : 'o';
    sig += lensMatch(p.diff, proc, r) ? 'd' : '-';
  }
  return sig;
}

function sameTableNode(a: TableNodeProps, b: TableNodeProps): boolean {
  if (a.box !== b.box || a.x !== b.x || a.y !== b.y || a.proc !== b.proc) return false;
  if (a.levels !== b.levels || a.actions !== b.actions || a.bare !== b.bare) return false;
  if (a.marks === b.marks && a.selected === b.selected && a.lens === b.lens && a.diff === b.diff) return true;
  return markSignature(a) === markSignature(b);
}

/**
 * One page-table page: its title, then its runs of leaf entries. Bare, the same group, name and buttons
 * in the same order, with only the frame drawn.
 */
export const TableNodeView = memo(function TableNodeView(p: TableNodeProps) {
  const { box, proc, marks, bare } = p;
  const pressed = pressedKey(box, proc, p.selected);
  const up = parentLevel(box.level, p.levels);
  const installed = !!up && writtenIn(marks, proc, up, box.base, box.base);
  const range = `covers ${vaRangeText(box.base, box.end)}`;
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG <g> named for screen readers; SVG has no <fieldset>
    // biome-ignore lint/a11y/noInteractiveElementToNoninteractiveRole: <g> is not interactive here
    <g
      role="group"
      aria-label={`${box.title}, ${box.sub}, ${range}${installed ? ', installed in this step' : ''}`}
      transform={`translate(${p.x},${p.y})`}
      data-level={box.level}
      data-bare={bare || undefined}
    >
      <rect width={box.w} height={box.h} rx={6} className="fill-panel stroke-line" strokeWidth={1} />
      {!bare && <TableHeader box={box} installed={installed} range={range} />}
      {box.rows.map((r) => {
        if (r.kind === 'more')
          return (
            <MoreRowView key={r.key} row={r} w={box.w} actions={p.actions} nx={p.x} ny={p.y} bare={bare} />
          );
        // Bare too: a note's text is its only content for a screen reader (see cull.ts).
        if (r.kind === 'note') return <NoteRowView key={r.key} row={r} />;
        return (
          <EntryRowView
            key={r.key}
            row={r}
            proc={proc}
            w={box.w}
            pressed={pressed === r.key}
            written={writtenIn(marks, proc, r.level, r.lo, r.hi)}
            reported={reportedIn(marks, proc, r.level, r.lo, r.hi)}
            matched={lensMatch(p.lens, proc, r)}
            differs={lensMatch(p.diff, proc, r) === true}
            actions={p.actions}
            nx={p.x}
            ny={p.y}
            bare={bare}
          />
        );
      })}
    </g>
  );
}, sameTableNode);

/** A table's title, where it hangs and the line under them. */
function TableHeader({ box, installed, range }: { box: TableBox; installed: boolean; range: string }) {
  return (
    <>
      {installed && (
        <rect x={1} y={1} width={box.w - 2} height={M.headerH - 4} rx={5} className="fill-changed" />
      )}
      <text x={M.padX} y={16} fontSize={M.font} className="fill-fg font-mono font-semibold">
        <title>{`${box.title}: ${range}`}</title>
        {box.title}
      </text>
      <text
        x={M.padX}
        y={31}
        fontSize={M.font}
        className={`font-mono ${installed ? 'fill-fg' : 'fill-muted'}`}
      >
        {box.sub}
      </text>
      {box.rows.length > 0 && (
        <line x1={0} x2={box.w} y1={M.headerH - 2} y2={M.headerH - 2} className="stroke-line" />
      )}
    </>
  );
}

/** Sibling tables folded into one node; activating it shows (or folds) them. */
export const GroupNodeView = memo(function GroupNodeView(p: {
  box: GroupBox;
  x: number;
  y: number;
  actions: TreeActions;
}) {
  const { box } = p;
  const act = () => p.actions.toggle(box.toggleKey);
  return (
    // biome-ignore lint/a11y/useSemanticElements: SVG has no <button>; role and keys make this one
    <g
      role="button"
      tabIndex={0}
      aria-expanded={box.expanded}
      aria-label={box.spoken}
      transform={`translate(${p.x},${p.y})`}
      className="group cursor-pointer outline-none"
      onClick={act}
      onKeyDown={onActivateKey(act)}
      onFocus={() => p.actions.reveal(p.x, p.y, box.w, box.h)}
      data-group={box.expanded ? 'expanded' : 'folded'}
    >
      <rect
        width={box.w}
        height={box.h}
        rx={6}
        className={`${box.written ? 'fill-changed' : 'fill-page group-hover:fill-hover'} stroke-line group-focus-visible:stroke-accent`}
        strokeWidth={1.5}
        strokeDasharray="5 3"
      />
      {box.written && <rect x={3} y={4} width={3} height={box.h - 8} rx={1} className="fill-accent" />}
      {box.lines.map((l, i) => (
        <text
          key={l}
          x={M.padX}
          y={17 + i * M.lineH}
          fontSize={M.font}
          className={`font-mono ${i === 0 ? 'fill-fg font-semibold' : 'fill-fg'}`}
        >
          {`${l} `}
        </text>
      ))}
    </g>
  );
});
