/**
 * ptlab's own operations, which no syscall performs: inject a raw entry ("what if the page table said
 * ..."), query vm_normal_page*() / vm_normal_folio*() directly, and advance the clock (for the rate limit
 * of "Bad page map" reports).
 */
import { vmNormalPage } from '../callers';
import { type Entry, entryView, type LeafEntry, type LeafLevel, leaf, type SwapEntry } from '../entry';
import { entryBase } from '../geometry';
import type { Kernel } from '../kernel';
import { pgtablesCounted } from '../mm';
import type { Vpn } from '../units';
import { A, allocTables, hex, isResult, procOf } from './common';
import type { Op, OpResult } from './types';

// ---- inject ---------------------------------------------------------------------------------------------

type InjectOp = Extract<Op, { op: 'inject' }>;

/**
 * Writes a raw entry ("what if the page table said ..."): no refcount, mapcount or RSS changes. The special
 * bit is stored as given; whether an accessor sees it is decided when it is read (specialSeen()).
 */
export function injectOp(k: Kernel, op: InjectOp): OpResult {
  const mm = procOf(k, op.proc);
  if (isResult(mm)) return mm;
  const level = op.level;
  const v = entryBase(op.addr.vpn, level, mm.pt.nlevels) as Vpn;
  const spec = op.entry;
  const fn = 'inject';
  return k.call(fn, `${level} ${A(v)}`, () => {
    const w = mm.pt.walk(v, level);
    if (w.level !== level && w.entry) {
      // A leaf or non-present entry above the requested level blocks the way.
      return {
        result: '-EEXIST',
        detail: `a ${w.level} ${w.entry.kind === 'leaf' ? 'leaf' : 'non-present entry'} maps ${A(v)}: inject "none" at the ${w.level} level first`,
      };
    }
    const old = w.level === level ? w.entry : undefined;
    if (old && old.kind === 'table') {
      // A table where the entry goes: free it (and everything under it). Its mappings are dropped without
      // any accounting, as the poke is raw.
      const n = mm.pt.freeTableAt(v, level, pgtablesCounted);
      k.emit({
        t: 'entry',
        proc: mm.name,
        level,
        vaddr: A(v),
        before: entryView(old),
        after: null,
        fn,
        depth: k.trace.depth,
      });
      k.counter(mm, 'pgtables', -n, fn);
    }
    if (spec.type === 'none') {
      if (old && old.kind !== 'table') k.setEntry(mm, v, level, undefined, fn);
      return { result: '0', detail: old ? `${level} ${A(v)} cleared` : `${level} ${A(v)} was already none` };
    }
    if (w.level !== level && !allocTables(k, mm, v, level, `${level}_alloc`)) {
      return { result: '-EEXIST', detail: `cannot reach the ${level} level at ${A(v)}` };
    }
    const e: LeafEntry | SwapEntry =
      spec.type === 'leaf'
        ? leaf(spec.pfn, { special: spec.special, write: spec.write, dirty: spec.dirty, young: spec.young })
        : { kind: 'swap', type: spec.type, offset: spec.offset, write: spec.write };
    k.setEntry(mm, v, level, e, fn);
    const what =
      e.kind === 'leaf'
        ? `pfn ${hex(e.pfn)}${e.special ? ' special' : ''}${e.write ? ' write' : ''}${e.dirty ? ' dirty' : ''}${e.young ? ' young' : ''}`
        : `${e.type} entry offset ${hex(e.offset)}${e.write ? ' (writable)' : ''}`;
    const vma = mm.findVma(v);
    return { result: '0', detail: `${level} ${A(v)} := ${what}${vma ? '' : ' (no VMA covers it)'}` };
  });
}

// ---- query ----------------------------------------------------------------------------------------------

type QueryOp = Extract<Op, { op: 'query' }>;

const QUERY_LEVEL: Record<QueryOp['fn'], LeafLevel> = {
  vm_normal_page: 'pte',
  vm_normal_folio: 'pte',
  vm_normal_page_pmd: 'pmd',
  vm_normal_folio_pmd: 'pmd',
  vm_normal_page_pud: 'pud',
};

/** Calls vm_normal_page*() / vm_normal_folio*() on the entry mapping the address (there is no vm_normal_folio_pud()). */
export function queryOp(k: Kernel, op: QueryOp): OpResult {
  const mm = procOf(k, op.proc);
  if (isResult(mm)) return mm;
  const v = op.addr.vpn;
  const vma = mm.findVma(v);
  if (!vma)
    return { result: 'EFAULT', detail: `no VMA at ${A(v)}: the functions take the VMA mapping the address` };
  const level = QUERY_LEVEL[op.fn];
  if (level === 'pud' && !k.feat.normalPagePud) {
    k.branch(op.fn, 'n/a', 'vm_normal_page_pud() does not exist before RFC 13 / v6.18');
    return {
      result: 'ENOSYS',
      detail: 'vm_normal_page_pud() does not exist in this variant (added by RFC 13 / v6.18)',
    };
  }
  const w = mm.pt.walk(v, level);
  const e = w.level === level ? w.entry : undefined;
  if (e?.kind !== 'leaf') {
    return { result: `no ${level} leaf at ${A(v)}`, detail: whatIsThere(w.level, w.entry, level) };
  }
  const run = () => vmNormalPage(k, mm, vma, v, level, e);
  const isFolio = op.fn === 'vm_normal_folio' || op.fn === 'vm_normal_folio_pmd';
  const c = isFolio ? k.call(op.fn, `vma, ${A(v)}`, run) : run();
  const detail = `${c.branch}: ${c.text}`;
  if (c.page === null) return { result: 'NULL', detail };
  if (!isFolio) return { result: `page ${hex(c.page)}`, detail };
  const f = k.mem.folioOrFree(c.page);
  return {
    result: `folio ${hex(f?.pfn ?? c.page)}`,
    detail: f ? detail : `${detail} (pfn has no memmap: page_folio() of a bogus page)`,
  };
}

function whatIsThere(at: string, e: Entry | undefined, level: LeafLevel): string {
  if (at !== level) {
    if (!e) return at === 'pgd' ? 'no page tables there' : `the ${at} entry above is none`;
    return `a ${at} ${e.kind === 'leaf' ? 'leaf' : `${e.kind} entry`} maps it`;
  }
  if (!e) return `the ${level} entry is none`;
  if (e.kind === 'table') return `the ${level} entry points to a table`;
  if (e.kind === 'swap') return `the ${level} entry is a ${e.type} entry (not present)`;
  return `a ${level} leaf`;
}

// ---- tick -----------------------------------------------------------------------------------------------

/** Advances the clock (the "Bad page map" rate limit window is 60 s). */
export function tickOp(k: Kernel, seconds: number): OpResult {
  k.clock += seconds;
  return { result: `t=${k.clock}s` };
}
