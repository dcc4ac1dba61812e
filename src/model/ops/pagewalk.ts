/** folio_walk_start() of mm/pagewalk.c. kernel-semantics.md §3.13, S-63. */

import { vmNormalPage } from '../callers';
import { type LeafLevel, specialSeen } from '../entry';
import { entryBase } from '../geometry';
import type { Kernel } from '../kernel';
import { asPfn, type Pfn } from '../units';
import { A, hex, isResult, procOf } from './common';
import type { Op, OpResult } from './types';

// ---- folio_walk_start -----------------------------------------------------------------------------------

type FolioWalkOp = Extract<Op, { op: 'folio_walk_start' }>;

/**
 * folio_walk_start(vma, addr, flags) (mm/pagewalk.c), kernel-semantics.md §3.13:
 *  PUD: before RFC 13: !pud_present || pud_special -> not found; table -> descend; leaf -> pud_page(), found.
 *       RFC 13 / v6.18: none -> not found; table -> descend; present leaf -> vm_normal_page_pud(); page ->
 *       found, else (NULL or non-present) not found.
 *  PMD: none -> not found; table -> descend; present leaf -> vm_normal_page_pmd(); page -> found; else
 *       FW_ZEROPAGE && is_huge_zero_pmd -> found (fw->page NULL); FW_MIGRATION && migration entry -> found.
 *  PTE: present -> vm_normal_page(); page -> found; else FW_ZEROPAGE && is_zero_pfn -> found;
 *       FW_MIGRATION && migration entry -> found.
 * Result: "found <folio head pfn> (<how>, <level>)" where <how> is the folio kind for a normal page,
 * "zeropage" or "migration" for the flag-enabled paths (fw->page = NULL); or "not found".
 */
export function folioWalkOp(k: Kernel, op: FolioWalkOp): OpResult {
  const mm = procOf(k, op.proc);
  if (isResult(mm)) return mm;
  const v = op.addr.vpn;
  const vma = mm.findVma(v);
  if (!vma)
    return {
      result: 'EFAULT',
      detail: `no VMA at ${A(v)}: folio_walk_start() is called with the VMA covering the address`,
    };
  const flags =
    [op.zeropage && 'FW_ZEROPAGE', op.migration && 'FW_MIGRATION'].filter(Boolean).join(' | ') || '0';
  const fn = 'folio_walk_start';
  return k.call(fn, `vma ${vma.name}, ${A(v)}, ${flags}`, () => {
    const notFound = (id: string, why: string): OpResult => {
      k.branch(fn, id, `${why}: not found`);
      return { result: 'not found', detail: why };
    };
    const found = (
      level: LeafLevel,
      pfn: Pfn,
      how: 'normal' | 'zeropage' | 'migration',
      id: string,
      why: string,
    ): OpResult => {
      k.branch(fn, id, why);
      const f = k.mem.folioOrFree(pfn);
      const head = f?.pfn ?? pfn;
      const kind = how === 'normal' ? (f?.kind ?? 'no struct page') : how;
      const page =
        how === 'normal'
          ? `fw->page = ${hex(pfn + (v - entryBase(v, level, mm.pt.nlevels)))}`
          : 'fw->page = NULL';
      const folio = f
        ? `folio ${hex(head)} order ${f.order} ${f.kind}`
        : `pfn ${hex(pfn)} has no memmap: a bogus struct page`;
      return { result: `found ${hex(head)} (${kind}, ${level})`, detail: `${why}; ${page}; ${folio}` };
    };
    // PUD level
    const pw = mm.pt.walk(v, 'pud');
    if (pw.level !== 'pud' || !pw.entry)
      return notFound('FW-none', `nothing mapped above the PMD level (${pw.level}_none)`);
    const pud = pw.entry;
    if (pud.kind !== 'table') {
      if (!k.feat.normalPagePud) {
        if (pud.kind === 'swap') return notFound('FW-pud-nonpresent', '!pud_present(pud)');
        if (specialSeen(k.cfg, 'pud', pud)) return notFound('FW-pud-special', 'pud_special(pud)');
        return found(
          'pud',
          pud.pfn,
          'normal',
          'FW-pud-page',
          'a PUD leaf: pud_page() (no vm_normal_page_pud() before RFC 13)',
        );
      }
      if (pud.kind === 'swap')
        return notFound('FW-pud-nonpresent', 'a non-present PUD (no FW_MIGRATION support at PUD level)');
      const c = vmNormalPage(k, mm, vma, v, 'pud', pud);
      if (c.page !== null)
        return found('pud', c.page, 'normal', 'FW-pud-normal', 'vm_normal_page_pud() returned a page');
      return notFound('FW-pud-null', 'vm_normal_page_pud() returned NULL');
    }
    // PMD level
    const mw = mm.pt.walk(v, 'pmd');
    if (mw.level !== 'pmd' || !mw.entry) return notFound('FW-pmd-none', 'pmd_none(pmd)');
    const pmd = mw.entry;
    if (pmd.kind === 'leaf') {
      const c = vmNormalPage(k, mm, vma, v, 'pmd', pmd);
      if (c.page !== null)
        return found('pmd', c.page, 'normal', 'FW-pmd-normal', 'vm_normal_page_pmd() returned a page');
      const hz = k.feat.hugeZeroAnyPfn ? k.mem.isHugeZeroAny(pmd.pfn) : k.mem.isHugeZeroExact(pmd.pfn);
      if (op.zeropage && hz)
        return found('pmd', pmd.pfn, 'zeropage', 'FW-pmd-zero', 'FW_ZEROPAGE && is_huge_zero_pmd(pmd)');
      return notFound(
        'FW-pmd-null',
        hz
          ? 'vm_normal_page_pmd() returned NULL for the huge zero PMD, no FW_ZEROPAGE'
          : 'vm_normal_page_pmd() returned NULL',
      );
    }
    if (pmd.kind === 'swap') {
      if (op.migration && pmd.type === 'migration')
        return found(
          'pmd',
          asPfn(pmd.offset), // a migration entry's offset is the pfn being migrated
          'migration',
          'FW-pmd-migration',
          'FW_MIGRATION && is_pmd_migration_entry(pmd)',
        );
      return notFound('FW-pmd-nonpresent', `a non-present PMD (${pmd.type})`);
    }
    // PTE level
    const tw = mm.pt.walk(v, 'pte');
    const pte = tw.level === 'pte' ? tw.entry : undefined;
    if (!pte || pte.kind === 'table') return notFound('FW-pte-none', 'pte_none(pte)');
    if (pte.kind === 'leaf') {
      const c = vmNormalPage(k, mm, vma, v, 'pte', pte);
      if (c.page !== null)
        return found('pte', c.page, 'normal', 'FW-pte-normal', 'vm_normal_page() returned a page');
      if (op.zeropage && k.mem.isZeroPfn(pte.pfn))
        return found('pte', pte.pfn, 'zeropage', 'FW-pte-zero', 'FW_ZEROPAGE && is_zero_pfn(pte_pfn(pte))');
      return notFound('FW-pte-null', 'vm_normal_page() returned NULL');
    }
    if (op.migration && pte.type === 'migration')
      return found(
        'pte',
        asPfn(pte.offset),
        'migration',
        'FW-pte-migration',
        'FW_MIGRATION && is_migration_entry(entry)',
      );
    return notFound('FW-pte-nonpresent', `a non-present PTE (${pte.type})`);
  });
}
