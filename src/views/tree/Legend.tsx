import { memo } from 'react';
import type { VariantId } from '../../model/variants';
import { specHref } from '../../spec/anchor';
import { BADGE_ORDER, BADGES } from '../badges';
import { badgeDescription } from '../kernelTexts';
import { GlyphIcon } from './Glyph';

/**
 * What the marks of the tree mean: badges (shape and colour), the step's changes, selection, reports. The
 * badges are described as the variant shown classifies. Memoized: it depends on the variant alone, and
 * re-rendered with the tree on every step it was about a hundred elements of React work for nothing.
 */
export const Legend = memo(function Legend({ variant }: { variant: VariantId }) {
  return (
    <div className="@container flex flex-col gap-1 text-xs">
      <ul aria-label="Badges" className="flex flex-wrap gap-x-3 gap-y-1">
        {BADGE_ORDER.map((b) => (
          <li key={b} className="flex items-center gap-1" title={badgeDescription(b, variant)}>
            <GlyphIcon badge={b} />
            <span>{BADGES[b].label}</span>
          </li>
        ))}
      </ul>
      <ul aria-label="Marks" className="flex flex-wrap gap-x-3 gap-y-1">
        <li className="flex items-center gap-1">
          <span
            aria-hidden="true"
            className="inline-block h-3 w-5 rounded-sm border-l-4 border-accent bg-changed"
          />
          written in this step
        </li>
        <li className="flex items-center gap-1">
          <span
            aria-hidden="true"
            className="inline-block h-3 w-5 rounded-sm border border-accent bg-selected"
          />
          selected
        </li>
        <li className="flex items-center gap-1">
          <svg width="12" height="16" viewBox="-2 -8 12 16" aria-hidden="true" className="text-cls-bad">
            <path d="M0,-7V7M0,-7L9,-3.5L0,0Z" fill="currentColor" stroke="currentColor" strokeWidth={1.6} />
          </svg>
          a report (Bad page map, WARN, BUG) points at it
        </li>
        <li className="flex items-center gap-1">
          <span
            aria-hidden="true"
            className="inline-block h-3 w-5 rounded-sm border border-dashed border-line bg-page"
          />
          folded sibling tables
        </li>
      </ul>
      <details>
        <summary className="cursor-pointer text-muted">What the badges and bits mean</summary>
        {/* In a narrow panel each explanation goes under its term; beside it, minmax(0, 1fr) and
            wrap-anywhere let a long identifier wrap instead of spilling out of the panel. */}
        <dl className="mt-1 grid grid-cols-1 gap-x-3 gap-y-0.5 @md:grid-cols-[max-content_minmax(0,1fr)] [&_dd]:wrap-anywhere">
          {BADGE_ORDER.map((b) => (
            <div key={b} className="contents">
              <dt className="flex items-center gap-1 font-medium">
                <GlyphIcon badge={b} /> {BADGES[b].label}
              </dt>
              <dd>{badgeDescription(b, variant)}</dd>
            </div>
          ))}
          <dt className="font-mono font-medium">PWDAS</dt>
          <dd>
            present, writable, dirty, young (accessed), special; "-" where clear. "S ignored": the special bit
            is set but this configuration has no special bit at that level (pte_special() &amp; co. read
            false). "+deposit": a page table is deposited under the huge PMD.
          </dd>
          <dt className="font-mono font-medium">M-S1b …</dt>
          <dd>
            the branch of vm_normal_page*() that decided, as{' '}
            <a className="underline" href={specHref('2')} target="_blank" rel="noopener">
              kernel-semantics §2
            </a>{' '}
            defines it
          </dd>
        </dl>
      </details>
    </div>
  );
});
