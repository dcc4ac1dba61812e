/** The memory a scenario gets when it does not say: no imports beyond types, so the editor can show it. */
import type { PhysRange } from '../model/physmem';
import { asPfn } from '../model/units';

/** The example world of kernel-semantics.md §5: 2 GiB of RAM, zero page at 0x42, huge zero folio at 0x200. */
export const DEFAULT_RANGES: readonly PhysRange[] = [
  { start: asPfn(0), end: asPfn(0x80000), type: 'ram', name: 'System RAM' },
  { start: asPfn(0xfe000), end: asPfn(0x100000), type: 'device', name: 'MMIO' },
];
export const DEFAULT_ZERO_PFN = asPfn(0x42);
export const DEFAULT_HUGE_ZERO_PFN = asPfn(0x200);
export const DEFAULT_ALLOC_START = asPfn(0x10000);
