import { useId, useMemo, useState } from 'react';
import { hex } from '../../model/units';
import type { Step } from '../../state/lab';
import { type Mapping, mappingsOf, totalHolds } from '../../state/read/mappings';
import type { RunsOf } from '../../state/read/runs';
import { BADGES } from '../badges';
import { vaRangeText } from '../tree/text';

const entrySpan = (level: string) => (level === 'pte' ? 1 : level === 'pmd' ? 512 : 512 * 512);

function holdsText(m: Mapping): string {
  const h = m.holds;
  if (!h.refcount && !h.mapcount && !h.rss) return 'holds nothing: vm_normal_page*() returns NULL for it';
  const per = `+${h.refcount} ref, +${h.mapcount} map, RSS +${h.rss} ${h.rssCounter}`;
  return m.count > 1 ? `${per} each` : per;
}

/**
 * The folio view: every entry in every process that maps the chosen pfns, normal or not, with what each
 * holds of the folio, and the folio's own counts beside their sum (the rest is the allocator's, the page
 * cache's, or a pin's).
 */
export function FolioMappings({
  step,
  runsOf,
  first,
  last,
  onClear,
}: {
  step: Step;
  runsOf: RunsOf;
  first: number;
  last: number;
  onClear: () => void;
}) {
  const id = useId();
  const ms = useMemo(() => mappingsOf(step.state, runsOf, first, last), [step, runsOf, first, last]);
  const sum = totalHolds(ms);
  const range = last > first ? `${hex(first)}-${hex(last)}` : hex(first);
  return (
    <section aria-labelledby={id} className="flex flex-col gap-1 rounded border border-cls-warn p-2 text-xs">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 id={id} className="text-sm font-medium">
          Entries that map pfn {range}
        </h3>
        <button
          type="button"
          className="rounded border border-line px-2 py-0.5 hover:bg-hover"
          onClick={onClear}
        >
          Close
        </button>
      </div>
      {ms.length === 0 ? (
        <p className="text-muted">No entry maps it at this step.</p>
      ) : (
        <>
          <ul className="flex flex-col gap-0.5 font-mono">
            {ms.map((m) => (
              <li key={`${m.proc}:${m.level}:${m.v}`}>
                {m.proc} {m.level.toUpperCase()} {vaRangeText(m.v, m.v + m.count * entrySpan(m.level))}
                {m.count > 1 ? ` (${m.count} entries)` : ''} → pfn {hex(m.pfn)}: {BADGES[m.badge].label}
                {m.branch ? ` (${m.branch})` : ''}; <span className="text-muted">{holdsText(m)}</span>
              </li>
            ))}
          </ul>
          <p className="text-muted">
            Together the mappings hold {sum.refcount} reference{sum.refcount === 1 ? '' : 's'} and{' '}
            {sum.mapcount} mapping{sum.mapcount === 1 ? '' : 's'}, and {sum.rss} page
            {sum.rss === 1 ? '' : 's'} of RSS.
          </p>
        </>
      )}
    </section>
  );
}

/** Chooses any pfn for the folio view, folio or not (an MMIO pfn a special entry maps, say). */
export function PfnFinder({ onFind }: { onFind: (pfn: number) => void }) {
  const id = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="flex flex-wrap items-center gap-2 text-xs"
      onSubmit={(e) => {
        e.preventDefault();
        const m = /^\s*(0x[0-9a-f]+|\d+)\s*$/i.exec(text);
        const n = m ? Number(m[1]) : Number.NaN;
        if (!Number.isSafeInteger(n) || n < 0 || n >= 2 ** 40) {
          setError('a pfn: a decimal or 0x-hex number below 2^40');
          return;
        }
        setError(null);
        onFind(n);
      }}
    >
      <label htmlFor={id}>Find a pfn</label>
      <input
        id={id}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder="0x42"
        aria-invalid={error !== null}
        aria-describedby={error ? `${id}-err` : undefined}
        className="w-28 rounded border border-line bg-panel px-1 py-0.5 font-mono"
      />
      <button type="submit" className="rounded border border-line px-2 py-0.5 hover:bg-hover">
        Show what maps it
      </button>
      {error && (
        <span id={`${id}-err`} className="text-cls-bad">
          {error}
        </span>
      )}
    </form>
  );
}
