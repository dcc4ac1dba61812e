/** New memory items: the default layout to start from, and the next range or folio after the last one. */
import { DEFAULT_HUGE_ZERO_PFN, DEFAULT_RANGES, DEFAULT_ZERO_PFN } from '../../scenario/defaults';
import { numValue } from './check';
import { getIn } from './doc';

const hex = (n: bigint) => `0x${n.toString(16)}`;

/** The layout a scenario without `memory.ranges` gets, as JSON the form can edit. */
export const DEFAULT_RANGE_ITEMS = DEFAULT_RANGES.map((r) => ({
  start: hex(BigInt(r.start)),
  end: hex(BigInt(r.end)),
  type: r.type,
  ...(r.name && { name: r.name }),
}));

export const defaultLayoutText = DEFAULT_RANGES.map(
  (r) => `${r.name ?? r.type} ${hex(BigInt(r.start))}–${hex(BigInt(r.end))}`,
).join(', ');

/** A range of 0x1000 pfns (16 MiB) of RAM right after the last range. */
export function nextRange(items: readonly unknown[]): unknown {
  const end = numValue(getIn(items.at(-1), ['end'])) ?? 0n;
  return { start: hex(end), end: hex(end + 0x1000n), type: 'ram' };
}

/** An order-0 anon folio right after the last folio (or at 0x1000). */
export function nextFolio(items: readonly unknown[]): unknown {
  const last = items.at(-1);
  const pfn = numValue(getIn(last, ['pfn']));
  const order = getIn(last, ['order']);
  const next = pfn === undefined ? 0x1000n : pfn + (1n << BigInt(typeof order === 'number' ? order : 0));
  return { pfn: hex(next), order: 0, kind: 'anon' };
}

/** What an absent memory field means (the schema leaves them optional; compile.ts fills them in). */
export const LAYOUT_DEFAULTS: Readonly<Record<string, string>> = {
  zeroPfn: hex(BigInt(DEFAULT_ZERO_PFN)),
  zeroPages: '1',
  hugeZeroPfn: hex(BigInt(DEFAULT_HUGE_ZERO_PFN)),
};
