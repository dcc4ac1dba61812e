import { memo } from 'react';
import { useLab } from '../../state/hooks';
import type { FilterTerm } from '../../state/store';
import {
  type LabState,
  selectFilter,
  selectFolioFocus,
  selectSetFilter,
  selectSetFolioFocus,
} from '../../state/store';

const TERMS: readonly { term: FilterTerm; label: string; title: string }[] = [
  { term: 'normal', label: 'normal', title: 'vm_normal_page*() returns the page (refcounted)' },
  {
    term: 'special',
    label: 'special',
    title: 'vm_normal_page*() returns NULL: special, PFNMAP or no struct page',
  },
  { term: 'zero', label: 'zero page', title: 'NULL: the shared zero page' },
  { term: 'huge-zero', label: 'huge zero', title: 'NULL: the huge zero folio' },
  { term: 'bad', label: 'Bad page map', title: 'NULL after a "Bad page map" report' },
  { term: 'writable', label: 'writable', title: 'the entry has its write bit' },
  { term: 'dirty', label: 'dirty', title: 'the entry has its dirty bit' },
  { term: 'written', label: 'written in this step', title: 'this step wrote the entry' },
  {
    term: 'differs',
    label: 'differs from B',
    title: 'the entry differs in the compared run B (compare mode)',
  },
];

const selectCompareOn = (s: LabState) => s.compare !== null && s.compareStatus === 'done';
const BTN =
  'rounded border px-1.5 py-0.5 text-xs hover:bg-hover focus-visible:outline-2 focus-visible:outline-accent';

/**
 * Highlights the entries of a class or a state in every tree, and says how many match (`count`, counted
 * by the tree; null when nothing is highlighted). The terms travel in the link (`filter=`). A folio
 * chosen in physical memory narrows the highlight to the entries that map it. Memoized on the count: a
 * step that leaves it alone does not re-render the bar.
 */
export const FilterBar = memo(function FilterBar({ count }: { count: number | null }) {
  const filter = useLab(selectFilter);
  const setFilter = useLab(selectSetFilter);
  const focus = useLab(selectFolioFocus);
  const setFocus = useLab(selectSetFolioFocus);
  const compareOn = useLab(selectCompareOn);
  const toggle = (t: FilterTerm) =>
    setFilter(filter.includes(t) ? filter.filter((x) => x !== t) : [...filter, t]);
  return (
    // biome-ignore lint/a11y/useSemanticElements: a toolbar of toggles, not a form
    <div role="group" aria-label="Highlight entries" className="flex flex-wrap items-center gap-1 text-xs">
      <span className="mr-1 text-muted">Highlight:</span>
      {TERMS.map(({ term, label, title }) => {
        const on = filter.includes(term);
        const off = term === 'differs' && !compareOn;
        return (
          <button
            key={term}
            type="button"
            aria-pressed={on}
            disabled={off && !on}
            title={off ? `${title}; turn on compare first` : title}
            onClick={() => toggle(term)}
            className={`${BTN} ${on ? 'border-cls-warn bg-hover font-semibold' : 'border-line'} disabled:opacity-50`}
          >
            {label}
          </button>
        );
      })}
      {focus && (
        <button
          type="button"
          className={`${BTN} border-cls-warn`}
          onClick={() => setFocus(null)}
          title="Stop highlighting the folio's mappings"
        >
          folio {focus.first.toString(16)}
          {focus.last > focus.first ? `-${focus.last.toString(16)}` : ''} ✕
        </button>
      )}
      {(filter.length > 0 || focus) && (
        <>
          <output className="ml-1 font-semibold" aria-live="polite">
            {count === 1 ? '1 entry matches' : `${(count ?? 0).toLocaleString('en')} entries match`}
          </output>
          <button
            type="button"
            className={`${BTN} border-line`}
            onClick={() => {
              setFilter([]);
              setFocus(null);
            }}
          >
            Clear
          </button>
        </>
      )}
    </div>
  );
});
