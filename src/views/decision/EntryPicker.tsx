import { useId, useMemo } from 'react';
import type { LeafLevel } from '../../model/entry';
import type { KernelSnapshot } from '../../model/kernel';
import { forEachTable } from '../../model/pagetable';
import { hex } from '../../model/units';
import { effectiveConfig, type KernelSettings } from '../../state/settings';
import type { EntryRef } from '../../state/store';
import { BADGES } from '../badges';
import { LABEL, SELECT } from '../controls/styles';
import { runsReader } from '../tree/runs';

/** Options listed; the tree reaches every entry, the picker only the first runs (it costs a table walk). */
const MAX = 64;
const key = (r: EntryRef) => `${r.proc}:${r.level}:${r.v}`;
const vaddr = (v: number) => hex(BigInt(v) << 12n);

interface Option {
  readonly ref: EntryRef;
  readonly text: string;
}

/** The present leaf and swap entries of a step, coalesced into runs as ptdump does. */
function entryOptions(state: KernelSnapshot, settings: KernelSettings): { options: Option[]; more: boolean } {
  // The tree's cache of classified runs: unchanged tables are not classified again on every step.
  const runsOf = runsReader(state, settings.variant, effectiveConfig(settings));
  const out: Option[] = [];
  let more = false;
  for (const proc of state.procs) {
    forEachTable(proc.root, proc.levels, (t, base) => {
      if (t.level === 'pgd' || t.level === 'p4d') return;
      if (out.length >= MAX) {
        if (t.level === 'pte' && t.used > 0) more = true;
        return;
      }
      for (const r of runsOf(proc, t, base)) {
        if (out.length >= MAX) {
          more = true;
          return;
        }
        const level = r.level as LeafLevel;
        const what = r.entry.kind === 'leaf' ? `pfn ${hex(r.entry.pfn)}` : r.entry.type;
        const n = r.count > 1 ? ` ×${r.count}` : '';
        out.push({
          ref: { proc: proc.name, level, v: r.v },
          text: `${proc.name} ${level.toUpperCase()} ${vaddr(r.v)}${n}: ${what}, ${BADGES[r.badge].label}`,
        });
      }
    });
  }
  return { options: out, more };
}

interface Props {
  state: KernelSnapshot;
  settings: KernelSettings;
  selected: EntryRef | null;
  onSelect(ref: EntryRef | null): void;
}

/** Picks an entry of the current step by keyboard or mouse (the tree does the same by clicking). */
export function EntryPicker({ state, settings, selected, onSelect }: Props) {
  const id = useId();
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
            {o.text}
          </option>
        ))}
        {more && (
          <option value="more" disabled>
            … the first {MAX} runs only: the page-table tree reaches every entry
          </option>
        )}
      </select>
    </div>
  );
}
