import { useEffect, useRef } from 'react';
import { useEditor } from './context';
import { asArray, getIn, setIn } from './doc';
import { selectGoal, useDrawer } from './drawer';
import { FieldRow } from './FieldRow';
import { ListField } from './ListField';
import { DEFAULT_RANGE_ITEMS, defaultLayoutText, LAYOUT_DEFAULTS, nextFolio, nextRange } from './memory';
import { FOLIO_FIELDS, MEMORY_FIELDS, RANGE_FIELDS } from './schemaFields';
import { BUTTON, NOTE, SUMMARY } from './styles';

/** The physical layout: ranges (pfns, end exclusive), the zero pages, folios set up before the run. */
export function MemorySection() {
  const { doc, update } = useEditor();
  const details = useRef<HTMLDetailsElement>(null);
  const goal = useDrawer(selectGoal);
  // A click on a problem in memory unfolds the section (FormEditor then focuses the field).
  useEffect(() => {
    if (goal?.tab === 'form' && goal.path.startsWith('$.memory') && details.current)
      details.current.open = true;
  }, [goal]);
  const ranges = getIn(doc, ['memory', 'ranges']);
  const folios = asArray(getIn(doc, ['memory', 'folios'])).length;
  const summary = [
    Array.isArray(ranges) ? `${ranges.length} ranges` : 'default ranges',
    `${folios} ${folios === 1 ? 'folio' : 'folios'}`,
  ].join(', ');
  return (
    <details ref={details} className="rounded border border-line bg-panel p-2">
      <summary className={SUMMARY}>
        Memory <span className="font-normal text-muted">({summary})</span>
      </summary>
      <div className="mt-1.5 flex flex-col gap-2">
        <section aria-label="Physical ranges" className="flex flex-col gap-1">
          <h3 className="text-xs font-medium">Ranges (pfns, end exclusive)</h3>
          {Array.isArray(ranges) ? (
            <ListField
              path={['memory', 'ranges']}
              fields={RANGE_FIELDS}
              noun="range"
              newItem={nextRange}
              dropWhenEmpty
            />
          ) : (
            <>
              <p className={NOTE}>Default: {defaultLayoutText}.</p>
              <button
                type="button"
                data-path="$.memory.ranges"
                className={`${BUTTON} self-start`}
                onClick={() => update((d) => setIn(d, ['memory', 'ranges'], DEFAULT_RANGE_ITEMS))}
              >
                Edit the ranges
              </button>
            </>
          )}
        </section>
        <section aria-label="Zero pages" className="flex flex-col gap-1">
          {MEMORY_FIELDS.map((f) => (
            <FieldRow
              key={f.key}
              field={f}
              path={['memory', f.key]}
              value={getIn(doc, ['memory', f.key])}
              onChange={(v) => update((d) => setIn(d, ['memory', f.key], v))}
              placeholder={`${LAYOUT_DEFAULTS[f.key] ?? ''} (default)`}
            />
          ))}
        </section>
        <section aria-label="Folios" className="flex flex-col gap-1">
          <h3 className="text-xs font-medium">Folios</h3>
          <ListField path={['memory', 'folios']} fields={FOLIO_FIELDS} noun="folio" newItem={nextFolio} />
        </section>
      </div>
    </details>
  );
}
