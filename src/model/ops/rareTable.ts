/** The rare operations themselves (rare.ts says which and why): this module is their chunk in the page. */
import { madviseOp } from './madvise';
import { mremapOp } from './mremap';
import { pinUserPagesOp, unpinUserPagesOp } from './pin';
import type { RareTable } from './rareNames';
import { shrinkOp } from './shrink';

export const RARE_TABLE: RareTable = {
  mremap: mremapOp,
  pin_user_pages: pinUserPagesOp,
  unpin_user_pages: unpinUserPagesOp,
  madvise: (k, op) => madviseOp(k, op.proc, op.addr, op.bytes, op.advice),
  shrink: (k) => shrinkOp(k),
};
