import type { Badge } from '../../model/inspect';
import type { KernelSnapshot } from '../../model/kernel';
import type { Classification } from '../../model/vm_normal_page';
import type { KernelSettings } from '../../state/settings';
import type { EntryRef } from '../../state/store';
import { BADGES } from '../badges';
import { settingsText } from '../controls/options';
import { returnText } from './decision';
import { useDecision } from './useDecision';

interface Props {
  state: KernelSnapshot;
  settings: KernelSettings;
  entry: EntryRef;
  a: Classification;
  badgeA: Badge | undefined;
}

/** In compare mode: the same entry in run B, classified under B's settings. */
export function CompareDecision({ state, settings, entry, a, badgeA }: Props) {
  const d = useDecision(state, settings, entry);
  const c = d?.kind === 'entry' ? d.at.classification : undefined;
  const badgeB = d?.kind === 'entry' ? d.badge : undefined;
  // Branch IDs are named per variant family (B-*, R-*, M-*): the result is what must agree.
  const same = c !== undefined && c.page === a.page && c.bad === a.bad && badgeB === badgeA;
  return (
    <div className={`rounded border border-dashed p-2 text-xs ${same ? 'border-line' : 'border-accent'}`}>
      <p className="font-semibold">
        Run B <span className="font-normal text-muted">({settingsText(settings)})</span>
        <span className={`ml-2 rounded px-1 font-normal ${same ? 'text-muted' : 'bg-changed'}`}>
          {same ? 'same result' : 'differs'}
        </span>
      </p>
      {c && d?.kind === 'entry' && d.badge ? (
        <p className="font-mono">
          {c.impl}() <span className="font-semibold">{c.branch}</span>: {returnText(c)}{' '}
          <span className={`rounded border px-1 ${BADGES[d.badge].border}`}>{BADGES[d.badge].label}</span>
        </p>
      ) : (
        <p className="text-muted">Run B has no present leaf entry here.</p>
      )}
    </div>
  );
}
