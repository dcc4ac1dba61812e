import { memo } from 'react';
import type { LeafLevel } from '../../model/entry';
import { hex } from '../../model/units';
import { variantInfo } from '../../model/variants';
import { useLab } from '../../state/hooks';
import type { KernelSettings } from '../../state/settings';
import {
  type EntryRef,
  type LabState,
  type Step,
  selectCompare,
  selectCompareStep,
  selectCurrentStep,
  selectSelected,
  selectSettings,
} from '../../state/store';
import { isRfc, patchSubject, settingsText } from '../controls/options';
import { useLabFollowing } from '../useLabFollowing';
import { CompareDecision } from './CompareDecision';
import { DecisionDetail } from './DecisionDetail';
import { EntryFacts } from './EntryFacts';
import { EntryPicker } from './EntryPicker';
import { Pseudocode } from './Pseudocode';
import { excerptFor, upstreamLink } from './pseudocode';
import { useDecision } from './useDecision';

const selectSelectEntry = (s: LabState) => s.selectEntry;
const selectCompareOn = (s: LabState) => s.compare !== null && s.compareStatus === 'done';

/** How vm_normal_page*() decides for the selected entry, under the current settings. */
export function DecisionPath() {
  // Rendered once the frame with the trees is painted (see useLabFollowing): classifying the entries its
  // picker lists is not on the way to the drawn tree. Every value the decision reads follows together,
  // so the step, the settings and the compare run it shows are always of one moment.
  const step = useLabFollowing(selectCurrentStep);
  const selected = useLabFollowing(selectSelected);
  const settings = useLabFollowing(selectSettings);
  const compare = useLabFollowing(selectCompare);
  const compareOn = useLabFollowing(selectCompareOn);
  const compareStep = useLabFollowing(selectCompareStep);
  return (
    <DecisionPathView
      step={step}
      selected={selected}
      settings={settings}
      compare={compare}
      compareOn={compareOn}
      compareStep={compareStep}
    />
  );
}

interface ViewProps {
  step: Step | undefined;
  selected: EntryRef | null;
  settings: KernelSettings;
  compare: KernelSettings | null;
  compareOn: boolean;
  compareStep: Step | undefined;
}

/** Memoized: the render that commits a step (the values above still old) stops here. */
const DecisionPathView = memo(function DecisionPathView({
  step,
  selected,
  settings,
  compare,
  compareOn,
  compareStep,
}: ViewProps) {
  const selectEntry = useLab(selectSelectEntry);
  // Nothing pinned: the decision path follows the step's subject (the entry it is about).
  const subject = step?.subjects[0];
  const ref = selected ?? subject ?? null;
  const following = selected === null && subject !== undefined;
  const d = useDecision(step?.state, settings, ref);
  if (!step) return null;
  const others = following ? step.subjects.slice(1) : [];
  const variant = variantInfo(settings.variant);
  const links = upstreamLink(settings.variant, d?.kind === 'entry' ? d.at.classification?.fn : undefined);
  const c = d?.kind === 'entry' ? d.at.classification : undefined;
  const excerpt =
    c && !c.missing
      ? excerptFor(
          settings.variant,
          c.fn === 'vm_normal_page' ? 'pte' : c.fn === 'vm_normal_page_pmd' ? 'pmd' : 'pud',
        )
      : null;
  return (
    <section
      aria-labelledby="decision-title"
      className="@container rounded border border-line bg-panel p-3 contain-content"
    >
      <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
        <h2 className="font-semibold">
          <span id="decision-title">Decision path</span>
          {ref && <span className="ml-2 font-mono text-sm font-normal text-muted">{refText(ref)}</span>}
        </h2>
        {following && (
          <span data-testid="decision-mode" className="rounded bg-hover px-1.5 text-xs text-muted">
            following step {step.index}
          </span>
        )}
        {selected && (
          <>
            <span data-testid="decision-mode" className="rounded bg-hover px-1.5 text-xs text-muted">
              pinned
            </span>
            <button
              type="button"
              className="rounded border border-line px-2 py-0.5 text-xs hover:bg-hover"
              onClick={() => selectEntry(null)}
              title="Unpin the entry (Esc): the decision path shows each step's own entry again"
            >
              Follow the step
            </button>
          </>
        )}
      </div>
      {following && subject?.asked !== undefined && (
        <p data-testid="decision-asked" className="mt-1 text-xs text-muted">
          Asked at <span className="font-mono">{hex(BigInt(subject.asked) << 12n)}</span>, inside the entry:
          the decision is taken there, as the step's lookup took it (a huge entry's linear test reads that
          address), and can differ from the tree's, which classifies the entry at its first address.
        </p>
      )}
      {others.length > 0 && (
        <p className="mt-1 text-xs text-muted">
          This step also touched{' '}
          {others.map((o, i) => (
            <span key={refText(o)}>
              {i > 0 && ', '}
              <button
                type="button"
                className="font-mono underline decoration-dotted hover:text-fg"
                onClick={() => selectEntry(o)}
                title="Pin this entry"
              >
                {refText(o)}
              </button>
            </span>
          ))}
          {step.subjectsMore && ' and more'}.
        </p>
      )}
      <p className="mb-2 text-xs text-muted" data-testid="code-links">
        Under {settingsText(settings)}. Code:{' '}
        {links.map((l, i) => (
          <span key={l.href}>
            {i > 0 && ' · '}
            <a
              className="text-accent underline"
              href={l.href}
              title={l.title}
              target="_blank"
              rel="noreferrer"
            >
              {l.text}
            </a>
          </span>
        ))}
        {isRfc(settings.variant) && <> (the RFC was never merged: its code is in the patch mail)</>}
      </p>
      {isRfc(settings.variant) && (
        <p className="mb-2 font-mono text-xs" title={variant.summary}>
          {patchSubject(settings.variant)}
        </p>
      )}
      <EntryPicker state={step.state} settings={settings} onSelect={selectEntry} />
      {!ref && (
        <p className="mt-2 text-sm text-muted">
          This step touched no page-table entry. Select one in the page-table tree (or pick one above) to see
          how vm_normal_page*() classifies it.
        </p>
      )}
      {d?.kind === 'no-proc' && (
        <p className="mt-2 text-sm text-muted">There is no process "{d.ref.proc}" at this step.</p>
      )}
      {d?.kind === 'entry' && (
        <div className="mt-2 grid gap-3 @3xl:grid-cols-[minmax(0,1fr)_minmax(0,1.2fr)]">
          <div className="flex min-w-0 flex-col gap-3">
            <EntryFacts level={d.ref.level} entry={d.at.entry} vma={d.at.vma} settings={settings} />
            {c && d.badge && compare && compareOn && compareStep ? null : c && d.badge ? (
              <DecisionDetail c={c} badge={d.badge} settings={settings} warned={d.warned} />
            ) : (
              <p className="text-sm text-muted">
                {notClassified(d.at.entry?.kind, d.ref.level, d.at.vma !== undefined)}
              </p>
            )}
          </div>
          {c && excerpt && <Pseudocode excerpt={excerpt} c={c} variant={settings.variant} />}
        </div>
      )}
      {d?.kind === 'entry' && c && d.badge && compare && compareOn && compareStep && (
        <div className="mt-3">
          <CompareDecision
            a={c}
            badgeA={d.badge}
            settingsA={settings}
            warnedA={d.warned}
            state={compareStep.state}
            settings={compare}
            entry={d.ref}
          />
        </div>
      )}
    </section>
  );
});

function notClassified(kind: 'leaf' | 'swap' | undefined, level: string, hasVma: boolean): string {
  if (kind === 'swap')
    return 'Not present (swap, migration or marker entry): vm_normal_page*() is never called for it.';
  if (kind === 'leaf' && !hasVma)
    return 'No VMA covers this address: no caller would reach vm_normal_page*() for it.';
  if (!['pte', 'pmd', 'pud'].includes(level as LeafLevel))
    return `A ${level.toUpperCase()} entry is never a leaf here: vm_normal_page*() classifies PTE, PMD and PUD leaves.`;
  return 'No present leaf entry at this level (none, or a pointer to a lower table): nothing to classify.';
}

const refText = (r: EntryRef) => `${r.proc} ${r.level.toUpperCase()} ${hex(BigInt(r.v) << 12n)}`;
