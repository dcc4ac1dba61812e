/**
 * Which operations are rare (rare.ts says why) and the shape of the table that runs them: apart from
 * rare.ts, which loads rareTable.ts on use, so that the table's module and the loader do not import each
 * other.
 */
import type { Kernel } from '../kernel';
import type { Op, OpResult } from './types';

export const RARE_OPS = ['mremap', 'pin_user_pages', 'unpin_user_pages', 'madvise', 'shrink'] as const;
export type RareOpName = (typeof RARE_OPS)[number];
export type RareOp = Extract<Op, { op: RareOpName }>;

export type RareTable = {
  readonly [K in RareOpName]: (k: Kernel, op: Extract<Op, { op: K }>) => OpResult;
};
