import { memo, useId } from 'react';
import { hex } from '../../model/units';
import { changed, type FolioField, type FolioRow, overlaps } from '../../state/read/folios';
import { ScrollRegion } from '../ScrollRegion';

const TH = 'px-1.5 py-1 text-left font-medium';
const COLUMNS = [
  'pfn',
  'order',
  'kind',
  'refcount',
  'mapcount',
  'anon-exclusive',
  'content',
  'owner',
  'notes',
];
const TD = 'px-1.5 py-0.5 font-mono whitespace-nowrap';
/** A page's content is the scenario's own words, of any length: it wraps rather than widen the table. */
const TD_WRAP = 'px-1.5 py-0.5 font-mono';

function Cell({
  row,
  field,
  show,
  wrap = false,
}: {
  row: FolioRow;
  field: FolioField;
  show: (v: unknown) => string;
  wrap?: boolean;
}) {
  const now = row[field];
  const td = wrap ? TD_WRAP : TD;
  if (row.freed) return <td className={td}>{field === 'kind' ? show(now) : '—'}</td>;
  if (!(field in row.before)) return <td className={td}>{show(now)}</td>;
  return (
    <td className={`${td} font-semibold`}>
      <span className="sr-only">changed from </span>
      {show(row.before[field])} → {show(now)}
    </td>
  );
}

const num = (v: unknown) => (v === null || v === undefined ? '—' : String(v));
const yes = (v: unknown) => (v === null || v === undefined ? '—' : v ? 'yes' : 'no');
const text = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));

function pfnText(r: FolioRow): string {
  return r.last === r.pfn ? hex(r.pfn) : `${hex(r.pfn)}-${hex(r.last)}`;
}

function notes(r: FolioRow, selected: boolean, hovered: boolean): string[] {
  const n: string[] = [];
  if (r.special === 'zero') n.push('the zero page');
  if (r.special === 'huge-zero') n.push('the huge zero folio');
  if (r.pins?.pincount !== undefined)
    n.push(
      `_pincount ${r.pins.before !== undefined ? `${r.pins.before} → ` : ''}${r.pins.pincount}${r.pins.maybePinned ? ' (maybe DMA-pinned)' : ''}`,
    );
  else if (r.pins?.maybePinned) n.push('refcount ≥ 1024: maybe DMA-pinned');
  if (r.allocated) n.push('allocated in this step');
  if (r.freed)
    n.push(`freed in this step (${r.freed.what}${r.freed.count > 1 ? `, ×${r.freed.count}` : ''})`);
  else if (changed(r) && !r.allocated) n.push('changed in this step');
  if (selected) n.push('mapped by the selected entry');
  if (hovered) n.push('mapped by the run under the pointer');
  return n;
}

/** What a row shows, as one string: rows are rebuilt every step, mostly with the same contents. */
const signatures = new WeakMap<FolioRow, string>();
function signature(r: FolioRow): string {
  let sig = signatures.get(r);
  if (sig === undefined) {
    sig = JSON.stringify([
      r.key,
      r.pfn,
      r.last,
      r.order,
      r.kind,
      r.refcount,
      r.mapcount,
      r.anonExclusive,
      r.content,
      r.owner,
      r.before,
      r.allocated,
      r.freed,
      r.special,
      r.pins,
    ]);
    signatures.set(r, sig);
  }
  return sig;
}

interface RowProps {
  row: FolioRow;
  selected: boolean;
  hovered: boolean;
  /** Shows every entry that maps this folio (the folio view). */
  onFocus: (first: number, last: number) => void;
}

function FolioRowLine({ row: r, selected: sel, hovered: hov, onFocus }: RowProps) {
  const bg = sel ? 'bg-selected' : changed(r) ? 'bg-changed' : hov ? 'bg-hover' : '';
  const edge = hov ? 'outline-2 -outline-offset-2 outline-accent' : '';
  return (
    <tr
      className={`border-b border-line last:border-b-0 ${bg} ${edge} ${r.freed ? 'line-through decoration-1' : ''}`}
      data-pfn={hex(r.pfn)}
      data-selected={sel || undefined}
      data-hovered={hov || undefined}
      data-changed={changed(r) || undefined}
    >
      <th scope="row" className={`${TD} text-left font-normal`}>
        {r.freed ? (
          pfnText(r)
        ) : (
          <button
            type="button"
            className="underline decoration-dotted hover:text-accent focus-visible:outline-2 focus-visible:outline-accent"
            title="List every entry that maps this folio, and highlight them in the trees"
            onClick={() => onFocus(r.pfn, r.last)}
          >
            {pfnText(r)}
          </button>
        )}
      </th>
      <td className={TD}>{r.order}</td>
      <Cell row={r} field="kind" show={text} />
      <Cell row={r} field="refcount" show={num} />
      <Cell row={r} field="mapcount" show={num} />
      <Cell row={r} field="anonExclusive" show={yes} />
      <Cell row={r} field="content" show={text} wrap />
      <td className={TD}>{text(r.owner)}</td>
      {/* Notes wrap, as contents do: the table is then as narrow as its numbers let it be, and fits its
          panel from 1024 px up instead of scrolling sideways. */}
      <td className="px-1.5 py-0.5">{notes(r, sel, hov).join('; ')}</td>
    </tr>
  );
}

/** A step change re-renders only the rows whose contents, selection or hover changed. */
const FolioRowView = memo(
  FolioRowLine,
  (a, b) =>
    a.selected === b.selected &&
    a.hovered === b.hovered &&
    a.onFocus === b.onFocus &&
    (a.row === b.row || signature(a.row) === signature(b.row)),
);

export function FolioTable({
  rows,
  hidden,
  step,
  selected,
  hovered,
  onShowAll,
  onFocus,
}: {
  rows: readonly FolioRow[];
  hidden: number;
  step: number;
  selected: readonly [number, number] | null;
  hovered: readonly [number, number] | null;
  onShowAll: () => void;
  onFocus: (first: number, last: number) => void;
}) {
  const about = useId();
  return (
    <>
      {/* Outside the scroller, so that it wraps to the panel's width rather than the table's. */}
      <p id={about} className="text-xs text-muted">
        The zero page and the huge zero folio are always listed; folios this step changed are highlighted,
        with before → after.
      </p>
      <ScrollRegion label="Folio table" className="max-h-96 rounded border border-line">
        <table aria-describedby={about} className="w-full border-collapse text-xs">
          <caption className="bg-panel px-2 py-1 text-left text-muted">
            Folios after step {step}: {rows.length} listed{hidden ? `, ${hidden} more` : ''}.
          </caption>
          <thead className="sticky top-0 bg-panel">
            <tr className="border-b border-line">
              {COLUMNS.map((c) => (
                <th key={c} scope="col" className={TH}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <FolioRowView
                key={r.key}
                row={r}
                selected={overlaps(r, selected)}
                hovered={overlaps(r, hovered)}
                onFocus={onFocus}
              />
            ))}
          </tbody>
        </table>
        {hidden > 0 && (
          <button
            type="button"
            onClick={onShowAll}
            className="m-2 rounded border border-line px-2 py-0.5 text-xs hover:bg-hover focus-visible:outline-2 focus-visible:outline-accent"
          >
            Show all {rows.length + hidden} folios
          </button>
        )}
      </ScrollRegion>
    </>
  );
}
