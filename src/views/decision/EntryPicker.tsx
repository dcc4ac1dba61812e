import { useId, useMemo } from 'react';
import type { Badge } from '../../model/inspect';
import type { KernelSnapshot } from '../../model/kernel';
import { useLab } from '../../state/hooks';
import type { KernelSettings } from '../../state/settings';
import { type EntryRef, selectSelected } from '../../state/store';
import { BADGES } from '../badges';
import { LABEL, SELECT } from '../controls/styles';

const badgeLabel = (b: Badge) => BADGES[b].label;

import { entryOptions, entryKey as key, optionText, entryVaddr as vaddr } from '../../state/read/entries';

interface Props {
  state: KernelSnapshot;
  settings: KernelSettings;
  onSelect(ref: EntryRef | null): void;
}

/**
 * Picks an entry of the current step by keyboard or mouse (the tree does the same by clicking). Its value
 * is the store's selection as it is now, not as the panel around it follows it (useLabFollowing): a
 * controlled <select> shows the value it is given, so a value a frame behind would put the old choice
 * back for a frame after every pick, and a held arrow key would keep starting from it.
 */
export function EntryPicker({ state, settings, onSelect }: Props) {
  const id = useId();
  const selected = useLab(selectSelected);
  const { options, more } = useMemo(() => entryOptions(state, settings), [state, settings]);
  const current = selected ? key(selected) : '';
  const known = options.some((o) => key(o.ref) === current);
  return (
    <div className="flex min-w-0 items-center gap-2">
      <label htmlFor={id} className={LABEL}>
        Entry
      </label>
      <select
        id={id}
        value={current}
        onChange={(e) => onSelect(options.find((o) => key(o.ref) === e.target.value)?.ref ?? null)}
        className={`${SELECT} min-w-0 flex-1 font-mono text-xs`}
      >
        <option value="">
          {options.length ? 'choose a mapped entry…' : 'no entry is mapped at this step'}
        </option>
        {selected && !known && (
          <option value={current}>
            {selected.proc} {selected.level.toUpperCase()} {vaddr(selected.v)}
          </option>
        )}
        {options.map((o) => (
          <option key={key(o.ref)} value={key(o.ref)}>
            {optionText(o, badgeLabel)}
          </option>
        ))}
        {more && (
          <option value="more" disabled>
            … more entries than listed: the page-table tree reaches every one
          </option>
        )}
      </select>
    </div>
  );
}
