import { useEffect, useRef } from 'react';
import type { VariantId } from '../../model/variants';
import type { Classification } from '../../model/vm_normal_page';
import { FOCUS } from '../controls/styles';
import { keepScrollKeys } from '../ScrollRegion';
import { type Excerpt, type LineState, lineStates, sinceTagOf } from './pseudocode';

const STATE_CLASS: Record<Exclude<LineState, undefined>, string> = {
  decided: 'bg-selected font-semibold',
  taken: '',
  'not-taken': 'text-muted',
};
const STATE_MARK: Record<Exclude<LineState, undefined>, string> = {
  decided: '▶',
  taken: '✓',
  'not-taken': '✗',
};
const STATE_SR: Record<Exclude<LineState, undefined>, string> = {
  decided: 'decided here: ',
  taken: 'passed: ',
  'not-taken': 'condition false: ',
};

interface Props {
  excerpt: Excerpt;
  c: Classification;
  variant: VariantId;
}

/** The excerpt of the variant's implementation, with the line that decided highlighted. */
export function Pseudocode({ excerpt, c, variant }: Props) {
  const states = lineStates(excerpt, c);
  const tested = new Set(c.checks.flatMap((k) => (k.id ? [k.id] : [])));
  const idOf = (ids: readonly string[] = []) =>
    ids.find((id) => id === c.branch) ?? ids.find((id) => tested.has(id)) ?? '';
  const own = sinceTagOf(variant);
  const box = useRef<HTMLElement>(null);
  const first = states.indexOf('decided');
  // Brings the deciding line into view inside the box (never scrolling the page itself).
  // biome-ignore lint/correctness/useExhaustiveDependencies: again whenever another excerpt is shown
  useEffect(() => {
    const el = box.current;
    const line = first >= 0 ? (el?.querySelectorAll('li')[first] as HTMLElement | undefined) : undefined;
    if (!el || !line) return;
    const top = line.offsetTop; // the box is positioned: offsets are relative to it
    if (top < el.scrollTop || top + line.offsetHeight > el.scrollTop + el.clientHeight)
      el.scrollTop = Math.max(0, top - el.clientHeight / 3);
  }, [first, excerpt]);
  return (
    <figure className="min-w-0">
      <figcaption className="mb-1 flex flex-wrap items-baseline justify-between gap-x-2 text-xs text-muted">
        <span>
          <span className="font-mono text-fg">{excerpt.functions.map((f) => `${f}()`).join(' → ')}</span>
        </span>
        <span className="rounded border border-line px-1 italic">paraphrase, not kernel source</span>
      </figcaption>
      <section
        ref={box}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
        tabIndex={0}
        onKeyDown={keepScrollKeys}
        aria-label={`Pseudo-code of ${excerpt.functions[0]}()`}
        className={`relative max-h-[28rem] overflow-auto rounded border border-line bg-page py-1 font-mono text-[11px] leading-[1.1rem] ${FOCUS}`}
      >
        <ol className="min-w-max">
          {excerpt.lines.map((line, i) => {
            const st = states[i];
            const mine = own !== undefined && line.since === own;
            return (
              <li
                // biome-ignore lint/suspicious/noArrayIndexKey: the lines of an excerpt are fixed
                key={i}
                data-state={st}
                className={`flex whitespace-pre ${st ? STATE_CLASS[st] : ''}`}
              >
                <span
                  className={`w-1 shrink-0 ${line.since ? (mine ? 'bg-accent' : 'bg-line') : ''}`}
                  title={line.since ? `since ${line.since}` : undefined}
                />
                <span aria-hidden="true" className="w-4 shrink-0 text-center">
                  {st ? STATE_MARK[st] : ''}
                </span>
                <span
                  className={`w-11 shrink-0 pr-1.5 text-right text-[10px] ${st === 'decided' ? '' : 'text-muted'}`}
                >
                  {st ? idOf(line.ids) : ''}
                </span>
                <code className="pr-3" style={{ tabSize: 3 }}>
                  {st && <span className="sr-only">{STATE_SR[st]}</span>}
                  {line.since && <span className="sr-only">(since {line.since}) </span>}
                  {line.text || ' '}
                </code>
              </li>
            );
          })}
        </ol>
      </section>
      <p className="mt-1 text-[11px] text-muted">
        ▶ decided · ✓ passed · ✗ tested false ·{' '}
        <span className="inline-block h-2 w-1 bg-accent align-middle" /> line added by this patch ·{' '}
        <span className="inline-block h-2 w-1 bg-line align-middle" /> added earlier in the series
      </p>
    </figure>
  );
}
