import { useId } from 'react';
import { onActivateKey, type TreeActions } from './actions';
import { Glyph, ReportFlag } from './Glyph';
import { setHoveredPfns } from './hover';
import { M } from './metrics';
import type { EntryRow, Line, MoreRow, NoteRow, Seg } from './rows';

const TONE: Record<Seg['tone'], string> = {
  fg: 'fill-fg',
  muted: 'fill-muted',
  strong: 'fill-fg font-semibold',
};

/**
 * A row's text lines, `top` being the row's y in its table. Rows are drawn at their place, not under a
 * transform: each SVG transform is a node of the browser's paint property tree, and one per row made
 * every step's paint and layerization measurably slower (layerization 1.3 -> 0.8 ms a step in traces
 * of the 200-step scenario). `tinted`: on a selected or changed background, where muted text would
 * lack contrast.
 */
function Lines({
  lines,
  top,
  tinted,
  faint,
}: {
  lines: readonly Line[];
  top: number;
  tinted?: boolean;
  /** Outside a filter's highlight: every word in the muted colour. */
  faint?: boolean;
}) {
  return lines.map((ln) => (
    <text key={ln.y} y={top + ln.y} fontSize={M.font} className="font-mono">
      {ln.segs.map((s) =>
        s.text ? (
          <tspan
            key={s.x}
            x={s.x}
            className={faint ? TONE.muted : tinted && s.tone === 'muted' ? TONE.fg : TONE[s.tone]}
          >
            {/* The space keeps words apart in the DOM text (accessible names, copy and paste). */}
            {`${s.text} `}
          </tspan>
        ) : null,
      )}
    </text>
  ));
}

export interface EntryRowProps {
  readonly row: EntryRow;
  readonly proc: string;
  readonly w: number;
  readonly pressed: boolean;
  readonly written: boolean;
  readonly reported: boolean;
  /** Whether a filter or a chosen folio picks this row; undefined when none is on. */
  readonly matched?: boolean | undefined;
  /** In compare mode: the entry differs in the other run. */
  readonly differs?: boolean;
  readonly actions: TreeActions;
  /** Position of the node, to pan a focused row into view. */
  readonly nx: number;
  readonly ny: number;
  /** Outside the drawing window (cull.ts): the button and its name, nothing drawn but its outline. */
  readonly bare?: boolean;
}

/**
 * A run or an entry: a button that selects it; runs of several entries also get a ▸ to list them. Bare,
 * it keeps the same buttons in the same order (Tab reaches it and focusing it pans it into view, where it
 * is drawn in full) and the same accessible names.
 */
export function EntryRowView(p: EntryRowProps) {
  const { row, proc, w, pressed, written, reported, matched, actions, nx, ny, bare } = p;
  const select = () => actions.select({ proc, level: row.level, v: row.lo });
  const flags = `${written ? '; written in this step' : ''}${reported ? '; a report points here' : ''}${matched ? '; highlighted' : ''}${p.differs ? '; differs in the other run' : ''}`;
  // Drawn, a row's name is its visible words (WCAG 2.5.3, label in name) and the rest is its description;
  // bare (not drawn), the same words are its label.
  const descId = useId();
  const fill = pressed
    ? 'fill-selected'
    : written
      ? 'fill-changed'
      : 'fill-transparent group-hover:fill-hover';
  const x0 = row.kind === 'run' ? 2 : row.glyphX - 9;
  const glyphY = row.y + (row.lines[0]?.y ?? 12) - 4;
  return (
    <g data-match={matched === undefined ? undefined : String(matched)}>
      {/* biome-ignore lint/a11y/useSemanticElements: SVG has no <button>; role and keys make this one */}
      <g
        role="button"
        tabIndex={0}
        aria-pressed={pressed}
        aria-label={bare ? `${row.spoken}${flags}` : undefined}
        aria-describedby={bare ? undefined : descId}
        data-row={row.kind}
        className="group cursor-pointer outline-none"
        onClick={select}
        onKeyDown={onActivateKey(select)}
        onMouseEnter={() => setHoveredPfns(row.pfns)}
        onMouseLeave={() => setHoveredPfns(null)}
        onFocus={() => {
          setHoveredPfns(row.pfns);
          actions.reveal(nx, ny + row.y, w, row.h);
        }}
        onBlur={() => setHoveredPfns(null)}
      >
        {bare ? (
          <FocusRing x0={x0} y={row.y} w={w} h={row.h} />
        ) : (
          <EntryDrawing {...p} x0={x0} fill={fill} glyphY={glyphY} />
        )}
      </g>
      {!bare && <desc id={descId}>{`${row.detail}${flags}`}</desc>}
      {row.expandKey && <Expander row={row} toggle={actions.toggle} y={glyphY} />}
      {reported && !bare && <ReportFlag x={-8} y={glyphY} />}
    </g>
  );
}

/** The outline a focused row shows (its only drawing when bare). */
function FocusRing({ x0, y, w, h }: { x0: number; y: number; w: number; h: number }) {
  return (
    <rect
      x={x0 - 1}
      y={y}
      width={w - x0}
      height={h}
      rx={4}
      className="fill-none stroke-transparent group-focus-visible:stroke-accent"
      strokeWidth={2}
    />
  );
}

/** A row's background, marks, badge and text. */
function EntryDrawing(p: EntryRowProps & { x0: number; fill: string; glyphY: number }) {
  const { row, w, pressed, written, x0, fill, glyphY } = p;
  return (
    <>
      <rect x={x0} y={row.y + 1} width={w - x0 - 2} height={row.h - 2} rx={3} className={fill} />
      {pressed && (
        <rect
          x={x0}
          y={row.y + 1}
          width={w - x0 - 2}
          height={row.h - 2}
          rx={3}
          className="fill-none stroke-accent"
          strokeWidth={1.5}
        />
      )}
      {written && (
        <rect x={x0 + 1} y={row.y + 3} width={3} height={row.h - 6} rx={1} className="fill-accent" />
      )}
      {p.differs && (
        <rect
          x={x0 - 2}
          y={row.y - 1}
          width={w - x0 + 2}
          height={row.h + 2}
          rx={4}
          className="fill-none stroke-cls-bad"
          strokeWidth={2}
          data-differs="true"
        />
      )}
      {p.matched && (
        <rect
          x={x0 - 1}
          y={row.y}
          width={w - x0}
          height={row.h}
          rx={4}
          className="fill-none stroke-cls-warn"
          strokeWidth={2}
          strokeDasharray="4 2"
        />
      )}
      <FocusRing x0={x0} y={row.y} w={w} h={row.h} />
      <g opacity={p.matched === false ? 0.4 : undefined}>
        <Glyph badge={row.badge} x={row.glyphX} y={glyphY} size={row.kind === 'run' ? 10 : 8} />
      </g>
      <Lines lines={row.lines} top={row.y} tinted={pressed || written} faint={p.matched === false} />
    </>
  );
}

function Expander({ row, toggle, y }: { row: EntryRow; toggle: (k: string) => void; y: number }) {
  const key = row.expandKey as string;
  const act = () => toggle(key);
  const what = row.name;
  const cx = M.padX + 4;
  return (
    // biome-ignore lint/a11y/useSemanticElements: SVG has no <button>; role and keys make this one
    <g
      role="button"
      tabIndex={0}
      aria-expanded={row.expanded}
      aria-label={`${row.expanded ? 'Hide' : 'List'} the entries of ${what}`}
      className="group cursor-pointer outline-none"
      onClick={act}
      onKeyDown={onActivateKey(act)}
    >
      <title>{`${row.expanded ? 'Hide' : 'List'} the entries`}</title>
      <rect
        x={cx - 6}
        y={y - 7}
        width={12}
        height={14}
        rx={2}
        className="fill-transparent group-hover:fill-hover stroke-transparent group-focus-visible:stroke-accent"
        strokeWidth={1.5}
      />
      <path
        d={
          row.expanded
            ? `M${cx - 4},${y - 2}L${cx + 4},${y - 2}L${cx},${y + 3}Z`
            : `M${cx - 2},${y - 4}L${cx + 3},${y}L${cx - 2},${y + 4}Z`
        }
        className="fill-muted"
      />
    </g>
  );
}

/** "show more entries" / "show all runs": a button (bare: without its text, see EntryRowView). */
export function MoreRowView(p: {
  row: MoreRow;
  w: number;
  actions: TreeActions;
  nx: number;
  ny: number;
  bare?: boolean;
}) {
  const { row, w, actions } = p;
  const act = () => (row.action === 'entries' ? actions.more(row.toggleKey) : actions.toggle(row.toggleKey));
  return (
    <g>
      {/* biome-ignore lint/a11y/useSemanticElements: SVG has no <button>; role and keys make this one */}
      <g
        role="button"
        tabIndex={0}
        aria-label={row.spoken}
        className="group cursor-pointer outline-none"
        onClick={act}
        onKeyDown={onActivateKey(act)}
        onFocus={() => actions.reveal(p.nx, p.ny + row.y, w, row.h)}
      >
        <rect
          x={2}
          y={row.y + 1}
          width={w - 4}
          height={row.h - 2}
          rx={3}
          className="fill-transparent group-hover:fill-hover stroke-transparent group-focus-visible:stroke-accent"
          strokeWidth={2}
        />
        {!p.bare && <Lines lines={row.lines} top={row.y} />}
      </g>
    </g>
  );
}

export function NoteRowView({ row }: { row: NoteRow }) {
  return (
    <g>
      <Lines lines={row.lines} top={row.y} />
    </g>
  );
}
