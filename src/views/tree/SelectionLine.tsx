import type { KernelSnapshot } from '../../model/kernel';
import { hex, type Vpn, vaddrHex } from '../../model/units';
import { findEntry } from '../../state/read/selection';
import type { EntryRef } from '../../state/store';
import { bitsText, LEVEL_NAME } from './text';

/** Which entry is selected and what it holds in this step (it may be gone, or not there yet). */
export function SelectionLine({
  state,
  selected,
  clear,
}: {
  state: KernelSnapshot;
  selected: EntryRef | null;
  clear: () => void;
}) {
  if (!selected) return null;
  const found = findEntry(state, selected);
  const where = `${selected.proc} ${LEVEL_NAME[selected.level]} ${vaddrHex(selected.v as Vpn)}`;
  let what = 'no such entry in this step';
  if (found?.entry.kind === 'leaf') {
    const [a, b] = found.pfns ?? [0, 0];
    what = `pfn ${a === b ? hex(a) : `${hex(a)}-${hex(b)}`} ${bitsText(found.entry)}`;
  } else if (found?.entry.kind === 'swap') {
    what = `${found.entry.type} entry, offset ${hex(found.entry.offset)}`;
  }
  return (
    <p className="flex flex-wrap items-center gap-2 text-sm" data-testid="tree-selection">
      <span className="text-muted">Selected:</span>
      <span className="font-mono">{where}</span>
      <span className="font-mono">→ {what}</span>
      <button
        type="button"
        onClick={clear}
        className="rounded border border-line px-2 py-0.5 text-xs hover:bg-hover focus-visible:outline-2 focus-visible:outline-accent"
      >
        Clear selection
      </button>
    </p>
  );
}
