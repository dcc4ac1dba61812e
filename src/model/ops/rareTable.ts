/** The rare operations themselves (rare.ts says which and why): this module is their chunk in the page. */
import type { Kernel } from '../kernel';
import { madviseOp } from './madvise';
import { mremapOp } from './mremap';
import { pinUserPagesOp, unpinUserPagesOp } from './pin';
import type { RareOpName } from './rare';
import { shrinkOp } from './shrink';
import type { Op, OpResult } from './types';

export type RareTable = {
  readonly [K in RareOpName]: (k: Kernel, op: Extract<Op, { op: K }>) => OpResult;
};

export const RARE_TABLE: RareTable = {
  mremap: mremapOp,
  pin_user_pages: pinUserPagesOp,
  unpin_user_pages: unpinUserPagesOp,
  madvise: (k, op) => madviseOp(k, op.proc, op.addr, op.bytes, op.advice),
  shrink: (k) => shrinkOp(k),
};
