import type { Badge } from '../../model/inspect';
import type { KernelSnapshot } from '../../model/kernel';
import type { Classification } from '../../model/vm_normal_page';
import type { KernelSettings } from '../../state/settings';
import type { EntryRef } from '../../state/store';
import { settingsText } from '../controls/options';
import { DecisionDetail } from './DecisionDetail';
import { useDecision } from './useDecision';

interface Props {
  /** Run A: its classification of the entry, and its settings. */
  a: Classification;
  badgeA: Badge;
  settingsA: KernelSettings;
  warnedA: readonly string[];
  /** Run B's step and settings: the same entry is classified there. */
  state: KernelSnapshot;
  settings: KernelSettings;
  entry: EntryRef;
}

/** The first check that is not the same test with the same answer in both runs; undefined when none. */
export function firstDifference(a: Classification, b: Classification): number | undefined {
  const n = Math.max(a.checks.length, b.checks.length);
  for (let i = 0; i < n; i++) {
    const x = a.checks[i];
    const y = b.checks[i];
    if (!x || !y || x.cond !== y.cond || x.value !== y.value) return i;
  }
  return undefined;
}

/** In compare mode: the decision paths of runs A and B side by side, the first check that differs marked. */
export function CompareDecision({ a, badgeA, settingsA, warnedA, state, settings, entry }: Props) {
  const d = useDecision(state, settings, entry);
  const b = d?.kind === 'entry' ? d.at.classification : undefined;
  const badgeB = d?.kind === 'entry' ? d.badge : undefined;
  const first = b ? firstDifference(a, b) : undefined;
  // Branch IDs are named per variant family (B-*, R-*, M-*): the result is what must agree.
  const same = b !== undefined && b.page === a.page && b.bad === a.bad && badgeB === badgeA;
  return (
    <div className="flex flex-col gap-2">
      <p className="text-xs">
        <span className={`rounded px-1 ${same ? 'text-muted' : 'bg-changed font-semibold'}`}>
          {same ? 'same result in both runs' : 'the runs differ'}
        </span>
        {first !== undefined && b && (
          <span className="ml-2 text-muted">first different check: number {first + 1}</span>
        )}
      </p>
      <div className="grid gap-3 @3xl:grid-cols-2">
        <section aria-label="Decision in run A" className="flex min-w-0 flex-col gap-1">
          <h3 className="text-xs font-semibold">
            Run A <span className="font-normal text-muted">({settingsText(settingsA)})</span>
          </h3>
          <DecisionDetail c={a} badge={badgeA} settings={settingsA} warned={warnedA} differsAt={first} />
        </section>
        <section aria-label="Decision in run B" className="flex min-w-0 flex-col gap-1">
          <h3 className="text-xs font-semibold">
            Run B <span className="font-normal text-muted">({settingsText(settings)})</span>
          </h3>
          {b && d?.kind === 'entry' && badgeB ? (
            <DecisionDetail c={b} badge={badgeB} settings={settings} warned={d.warned} differsAt={first} />
          ) : (
            <p className="text-xs text-muted">Run B has no present leaf entry here.</p>
          )}
        </section>
      </div>
    </div>
  );
}
