import type { Kernel } from '../kernel';
import { accessOp, daxPmdLoadHoleOp } from './fault';
import { forkOp } from './fork';
import { insertOp } from './insert';
import { injectOp, queryOp, tickOp } from './lab';
import { mmapOp } from './mmap';
import { mprotectOp } from './mprotect';
import { folioWalkOp } from './pagewalk';
import { applyRareOp } from './rare';
import { remapPfnRangeOp } from './remap';
import type { Op, OpResult } from './types';
import { exitMm, munmap } from './zap';

/** Runs one operation on the kernel. */
export function applyOp(k: Kernel, op: Op): OpResult {
  switch (op.op) {
    case 'mmap':
      return mmapOp(k, op);
    case 'remap_pfn_range':
      return remapPfnRangeOp(k, op.proc, op.addr, op.pfn, op.bytes);
    case 'vmf_insert_pfn':
    case 'vmf_insert_pfn_pmd':
    case 'vmf_insert_pfn_pud':
    case 'vmf_insert_mixed':
    case 'vmf_insert_page_mkwrite':
    case 'vmf_insert_folio_pmd':
      return insertOp(k, op);
    case 'read':
    case 'write':
      return accessOp(k, op);
    case 'fork':
      return forkOp(k, op.proc, op.child);
    case 'munmap':
      return munmap(k, op.proc, op.addr, op.bytes);
    case 'mprotect':
      return mprotectOp(k, op);
    case 'folio_walk_start':
      return folioWalkOp(k, op);
    case 'inject':
      return injectOp(k, op);
    case 'query':
      return queryOp(k, op);
    case 'dax_pmd_load_hole':
      return daxPmdLoadHoleOp(k, op);
    case 'tick':
      return tickOp(k, op.seconds);
    case 'exit':
      return exitMm(k, op.proc);
    // Loaded on first use in the page (rare.ts).
    case 'pin_user_pages':
    case 'unpin_user_pages':
    case 'shrink':
    case 'madvise':
    case 'mremap':
      return applyRareOp(k, op);
  }
}
