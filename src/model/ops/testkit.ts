/** Shared set-up for the operation tests: the example world of semantics.md §5 and op shorthands. */
import { type ArchPresetId, presetConfig } from '../config';
import { Kernel } from '../kernel';
import type { MemLayout } from '../physmem';
import type { Vpn } from '../units';
import type { VariantId } from '../variants';
import { applyOp } from './index';
import type { Addr, MmapBacking, Op, OpResult, Prot } from './types';

/** The world of semantics.md §5. */
export const LAYOUT: MemLayout = {
  ranges: [
    { start: 0, end: 0x80000, type: 'ram', name: 'System RAM' },
    { start: 0xfe000, end: 0x100000, type: 'device', name: 'MMIO' },
  ],
  zeroPfn: 0x42,
  hugeZeroPfn: 0x200,
  highestMemmapPfn: 0x7ffff,
  allocStart: 0x10000,
};

export const RW: Prot = { read: true, write: true, exec: false };
export const RO: Prot = { read: true, write: false, exec: false };
export const at = (vpn: number, off = 0): Addr => ({ vpn: vpn as Vpn, off });

/** A kernel with one process "A". */
export function newKernel(variant: VariantId, preset: ArchPresetId = 'x86-64'): Kernel {
  const k = new Kernel(variant, presetConfig(preset), LAYOUT);
  k.newProcess('A');
  return k;
}

/** Runs an op as the step runner does (with `current` set to the op's process). */
export function run(k: Kernel, op: Op): OpResult {
  k.current = 'proc' in op ? k.procs.get(op.proc) : undefined;
  return applyOp(k, op);
}

/** mmap into process A (or `extra.proc`). */
export function mmap(
  k: Kernel,
  vpn: number,
  pages: number,
  prot: Prot,
  backing: MmapBacking,
  extra: Partial<Extract<Op, { op: 'mmap' }>> = {},
): OpResult {
  return run(k, {
    op: 'mmap',
    proc: 'A',
    addr: at(vpn),
    bytes: pages * 4096,
    prot,
    shared: false,
    backing,
    offsetBytes: 0,
    hugepage: false,
    ...extra,
  });
}
