import {
  entryRawValue,
  type LeafEntry,
  type Level,
  levelHasSpecialBit,
  nonPresentPfn,
  rawHex,
  type SwapEntry,
} from '../../model/entry';
import { hex } from '../../model/units';
import type { Vma } from '../../model/vma';
import { vmaFacts } from '../../state/read/vmas';
import { effectiveConfig, type KernelSettings } from '../../state/settings';
import { labStore } from '../../state/store';
import { x86Flags } from './decision';

interface Props {
  level: Level;
  entry: LeafEntry | SwapEntry | undefined;
  vma: Vma | undefined;
  settings: KernelSettings;
}

/** The entry's raw value and bits, and the VMA it falls in. */
export function EntryFacts({ level, entry, vma, settings }: Props) {
  const raw = entryRawValue(entry, level);
  const cfg = effectiveConfig(settings);
  const facts = vma && vmaFacts(vma);
  const s = facts?.summary;
  const rows: [string, React.ReactNode][] = [];
  if (!entry) rows.push([`${level}_val`, 'none (no leaf entry at this level)']);
  else {
    rows.push([`${level}_val`, `0x${rawHex(raw)}`]);
    if (entry.kind === 'leaf') {
      const hidden = entry.special && !levelHasSpecialBit(cfg, level);
      rows.push(['bits', `${x86Flags(raw).join(' | ')}${entry.deposit ? ' (PTE table deposited)' : ''}`]);
      rows.push([
        `${level}_pfn`,
        <>
          {hex(entry.pfn)}{' '}
          <button
            type="button"
            className="ml-1 rounded border border-line px-1 font-sans text-xs hover:bg-hover"
            title="List every entry in every process that maps this pfn, in physical memory, and highlight them in the trees"
            onClick={() => {
              const span = level === 'pte' ? 1 : level === 'pmd' ? 512 : 512 * 512;
              labStore.getState().setFolioFocus({ first: entry.pfn, last: entry.pfn + span - 1 });
              document.getElementById('mem-heading')?.scrollIntoView({ block: 'start' });
            }}
          >
            what maps it
          </button>
        </>,
      ]);
      if (hidden)
        rows.push([
          'special',
          `written, but ${level}_special() cannot see it: this configuration has no ${level.toUpperCase()} special bit`,
        ]);
    } else {
      rows.push(['present', `no: ${entry.type} entry, offset ${hex(entry.offset)}`]);
      rows.push([
        `${level}_pfn`,
        `${hex(nonPresentPfn(entry))}: what ${level}_pfn() reads from it (swp_offset >> 3 in the x86-64 layout)`,
      ]);
    }
  }
  if (s) {
    rows.push(['VMA', `${s.range}${s.name ? ` ${s.name}` : ''}`]);
    rows.push(['backing', s.backing]);
    rows.push(['vm_pgoff', s.pgoff]);
    rows.push(['vm_flags', s.flags.map((f) => `VM_${f}`).join(' | ') || '0']);
    rows.push(['is_cow_mapping()', facts?.cow ? 'true (VM_MAYWRITE without VM_SHARED)' : 'false']);
  } else rows.push(['VMA', 'none covers this address']);
  return (
    <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-3 gap-y-0.5 text-xs">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="font-mono text-muted">{k}</dt>
          <dd className="break-words font-mono">{v}</dd>
        </div>
      ))}
    </dl>
  );
}
