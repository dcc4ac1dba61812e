/**
 * mprotect() (mm/mprotect.c do_mprotect_pkey, mprotect_fixup, change_protection, change_pte_range,
 * can_change_pte_writable; mm/huge_memory.c change_huge_pmd, can_change_pmd_writable, change_huge_pud),
 * folio_walk_start() (mm/pagewalk.c), and the exploration operations: inject a raw entry, query
 * vm_normal_page*() / vm_normal_folio*() directly, advance the clock. semantics.md §3.12, §3.13, S-54, S-63.
 */
import { vmNormalPage } from '../callers';
import {
  type Entry,
  entryView,
  type LeafEntry,
  type LeafLevel,
  leaf,
  type SwapEntry,
  specialSeen,
} from '../entry';
import { entryBase, entrySpan, userVpnLimit } from '../geometry';
import type { Kernel } from '../kernel';
import type { Mm } from '../mm';
import { forEachMapping } from '../pagetable';
import type { Vpn } from '../units';
import { flagNames, VM, type Vma, vmPageProtWrite } from '../vma';
import { A, allocTables, hex, isResult, procOf } from './common';
import { splitHugePmd } from './split';
import type { Op, OpResult, Prot } from './types';

// ---- mprotect -------------------------------------------------------------------------------------------

type MprotectOp = Extract<Op, { op: 'mprotect' }>;

const ACCESS = VM.READ | VM.WRITE | VM.EXEC;

function protText(p: Prot): string {
  const s = [p.read && 'PROT_READ', p.write && 'PROT_WRITE', p.exec && 'PROT_EXEC'].filter(Boolean);
  return s.length ? s.join('|') : 'PROT_NONE';
}

/**
 * do_mprotect_pkey(): walks the VMAs of [start, end) in order; a hole, or a VMA that may not get the new
 * access (VM_MAY* missing), stops the walk with an error, leaving the VMAs before it changed, as the kernel
 * does.
 */
export function mprotectOp(k: Kernel, op: MprotectOp): OpResult {
  const mm = procOf(k, op.proc);
  if (isResult(mm)) return mm;
  if (op.addr.off !== 0) return { result: '-EINVAL', detail: 'start is not page aligned' };
  if (op.bytes === 0) return { result: '0', detail: 'len 0: nothing to do' };
  const start = op.addr.vpn as number;
  const end = start + Math.ceil(op.bytes / 4096);
  if (end > userVpnLimit(k.cfg.pgtableLevels))
    return { result: '-ENOMEM', detail: 'the range ends beyond TASK_SIZE' };
  const access = (op.prot.read ? VM.READ : 0) | (op.prot.write ? VM.WRITE : 0) | (op.prot.exec ? VM.EXEC : 0);
  const fn = 'do_mprotect_pkey';
  return k.call(fn, `${A(start)}, ${hex(op.bytes)}, ${protText(op.prot)}`, () => {
    const vmas = mm.vmas.filter((m) => m.end > start && m.start < end);
    const first = vmas[0];
    if (!first || first.start > start) {
      k.branch(fn, 'mprotect-enomem', `no VMA at ${A(start)}: -ENOMEM`);
      return { result: '-ENOMEM', detail: `${A(start)} is not mapped` };
    }
    let tmp = start;
    let changed = 0;
    for (const vma of vmas) {
      if (vma.start > tmp) {
        k.branch(
          fn,
          'mprotect-enomem',
          `hole at ${A(tmp)}-${A(vma.start)}: -ENOMEM (the VMAs before it stay changed)`,
        );
        return { result: '-ENOMEM', detail: `hole at ${A(tmp)}; ${changed} VMA part(s) changed before it` };
      }
      const newflags = (vma.flags & ~ACCESS) | access;
      // "newflags & ~(newflags >> 4)": VM_READ/WRITE/EXEC each need their VM_MAY* bit.
      if (newflags & ~(newflags >> 4) & ACCESS) {
        k.branch(fn, 'mprotect-eacces', `${vma.name}: the VMA lacks VM_MAY* for the new access: -EACCES`);
        return {
          result: '-EACCES',
          detail: `${vma.name} [${flagNames(vma.flags).join('|')}] may not become ${protText(op.prot)}`,
        };
      }
      const s = Math.max(start, vma.start);
      const e = Math.min(end, vma.end);
      mprotectFixup(k, mm, vma, s, e, newflags);
      changed++;
      tmp = e;
    }
    if (tmp < end) {
      k.branch(fn, 'mprotect-enomem', `${A(tmp)}-${A(end)} is not mapped: -ENOMEM`);
      return {
        result: '-ENOMEM',
        detail: `${A(tmp)}-${A(end)} is not mapped; ${changed} VMA part(s) changed before it`,
      };
    }
    return { result: '0', detail: `${changed} VMA part(s) now ${protText(op.prot)}` };
  });
}

/** mprotect_fixup(): split the VMA at the range boundaries (vma_modify_flags), set the flags, change the entries. */
function mprotectFixup(k: Kernel, mm: Mm, vma: Vma, s: number, e: number, newflags: number): void {
  const fn = 'mprotect_fixup';
  k.call(fn, `${vma.name} ${A(s)}-${A(e)}`, () => {
    if (newflags === vma.flags) {
      k.branch(fn, 'mprotect-same', 'newflags == oldflags: nothing to do');
      return;
    }
    // Pieces: the first keeps the VMA's id (as __split_vma keeps the original vm_area_struct for one side).
    const pieces: Vma[] = [];
    const piece = (a: number, b: number, flags: number): Vma => ({
      ...vma,
      id: pieces.length === 0 ? vma.id : k.newVmaId(),
      start: a as Vpn,
      end: b as Vpn,
      pgoff: vma.pgoff + (a - vma.start),
      flags,
    });
    if (vma.start < s) pieces.push(piece(vma.start, s, vma.flags));
    const middle = piece(s, e, newflags);
    pieces.push(middle);
    if (e < vma.end) pieces.push(piece(e, vma.end, vma.flags));
    mm.setVmas([...mm.vmas.filter((m) => m !== vma), ...pieces]);
    const split = pieces.length > 1 ? ` (split into ${pieces.length})` : '';
    k.emit({
      t: 'vma',
      proc: mm.name,
      action: 'change',
      range: `${A(s)}-${A(e)}`,
      text: `${vma.name}: [${flagNames(vma.flags).join('|')}] -> [${flagNames(newflags).join('|')}]${split}`,
      fn: 'vma_modify_flags',
      depth: k.trace.depth,
    });
    changeProtection(k, mm, middle, s, e);
  });
}

/**
 * vma_wants_manual_pte_write_upgrade(): private VMAs with VM_WRITE (MM_CP_TRY_CHANGE_WRITABLE). Shared
 * writable VMAs get the write bit from vm_page_prot directly in the model (no write-notify / dirty
 * tracking is modelled, so can_change_pte_writable()'s shared branch "writable if dirty" is not needed).
 */
function tryChangeWritable(vma: Vma): boolean {
  return !(vma.flags & VM.SHARED) && (vma.flags & VM.WRITE) !== 0;
}

type MItem = { v: number; level: LeafLevel; e: LeafEntry | SwapEntry };

function mappingsIn(mm: Mm, start: number, end: number): MItem[] {
  const out: MItem[] = [];
  const levels = mm.pt.nlevels;
  forEachMapping(mm.pt.root, levels, (v, level, e) => {
    const span = entrySpan(level, levels);
    if (v + span <= start || v >= end) return;
    out.push({ v, level: level as LeafLevel, e });
  });
  return out;
}

/** change_protection() -> change_pud_range / change_pmd_range / change_pte_range over [s, e) of the VMA. */
function changeProtection(k: Kernel, mm: Mm, vma: Vma, s: number, e: number): void {
  k.call('change_protection', `${A(s)}-${A(e)}`, () => {
    // Huge leaves the range covers only in part were split when the VMA was split (vma_adjust_trans_huge,
    // __split_huge_pmd / __split_huge_pud) or are split by change_pmd_range() itself.
    for (const m of mappingsIn(mm, s, e)) {
      if (m.e.kind !== 'leaf') continue;
      const span = entrySpan(m.level, mm.pt.nlevels);
      if (m.v >= s && m.v + span <= e) continue;
      if (m.level === 'pmd') splitHugePmd(k, mm, vma, m.v as Vpn, 'change_pmd_range');
      else if (m.level === 'pud') {
        // __split_huge_pud(): PUD leaves are only in special-huge VMAs (PFNMAP/DAX): the PUD is cleared and refaults.
        k.branch(
          '__split_huge_pud',
          'mprotect-split-pud',
          'a PUD leaf partly in the range: cleared, it refaults',
        );
        k.setEntry(mm, m.v as Vpn, 'pud', undefined, '__split_huge_pud');
      }
    }
    const protWrite = vmPageProtWrite(vma);
    const upgrade = tryChangeWritable(vma);
    k.trace.loop(mappingsIn(mm, s, e), (m) => {
      const v = m.v as Vpn;
      if (m.e.kind === 'swap') {
        // change_pte_range()/change_huge_pmd(): "A protection check is difficult so just be safe and disable
        // write" for writable migration entries; other non-present entries are left alone.
        if (m.e.type === 'migration' && m.e.write) {
          k.setEntry(
            mm,
            v,
            m.level,
            { ...m.e, write: false },
            m.level === 'pte' ? 'change_pte_range' : `change_huge_${m.level}`,
          );
        }
        return;
      }
      if (m.level === 'pte') changePte(k, mm, vma, v, m.e, protWrite, upgrade);
      else if (m.level === 'pmd') changeHugePmd(k, mm, vma, v, m.e, protWrite, upgrade);
      else changeHugePud(k, mm, v, m.e, protWrite);
    });
  });
}

/** change_pte_range() for one present PTE: ptent = pte_modify(oldpte, newprot), then maybe pte_mkwrite(). */
function changePte(
  k: Kernel,
  mm: Mm,
  vma: Vma,
  v: Vpn,
  e: LeafEntry,
  protWrite: boolean,
  upgrade: boolean,
): void {
  let write = protWrite;
  if (!write && upgrade) write = canChangePteWritable(k, mm, vma, v, e);
  if (write !== e.write) k.setEntry(mm, v, 'pte', { ...e, write }, 'change_pte_range');
}

/**
 * can_change_pte_writable() (mm/mprotect.c), private-VMA branch: "We can only special-case on exclusive
 * anonymous pages": page = vm_normal_page(); writable iff page && PageAnon && PageAnonExclusive.
 */
function canChangePteWritable(k: Kernel, mm: Mm, vma: Vma, v: Vpn, e: LeafEntry): boolean {
  const fn = 'can_change_pte_writable';
  return k.call(fn, A(v), () => exclusiveAnon(k, fn, vmNormalPage(k, mm, vma, v, 'pte', e).page));
}

function exclusiveAnon(k: Kernel, fn: string, page: number | null): boolean {
  if (page === null) {
    k.branch(fn, 'CCW-null', 'no "normal" page: stays read-only (a later write fault decides)');
    return false;
  }
  const f = k.mem.folioAt(page);
  if (f?.kind === 'anon' && f.anonExclusive) {
    k.branch(fn, 'CCW-exclusive', 'an exclusive anon page: writable at once');
    return true;
  }
  k.branch(
    fn,
    'CCW-not-exclusive',
    f?.kind === 'anon'
      ? 'a shared anon page (e.g. after fork): stays read-only'
      : `a ${f?.kind ?? 'memmap-less'} page: stays read-only`,
  );
  return false;
}

/**
 * change_huge_pmd() (mm/huge_memory.c): entry = pmd_modify(oldpmd, newprot); if MM_CP_TRY_CHANGE_WRITABLE and
 * !pmd_write(entry) and can_change_pmd_writable() -> pmd_mkwrite(). pmd_modify() keeps the special bit here
 * (x86 _HPAGE_CHG_MASK has _PAGE_SPECIAL). powerpc book3s64 dropped it before upstream 68b1fa0ed5c8 (S-54):
 * with v6.18 a huge zero PMD then looked non-special to vm_normal_page_pmd() (M-OK + VM_WARN); that arch
 * bug is not modelled, but a machine without ARCH_SUPPORTS_PMD_PFNMAP (x86-32 THP) shows the same warning
 * on v6.18 because its huge zero PMD never was special (§2.5).
 */
function changeHugePmd(
  k: Kernel,
  mm: Mm,
  vma: Vma,
  v: Vpn,
  e: LeafEntry,
  protWrite: boolean,
  upgrade: boolean,
): void {
  const fn = 'change_huge_pmd';
  k.call(fn, A(v), () => {
    let write = protWrite;
    if (!write && upgrade) write = canChangePmdWritable(k, mm, vma, v, e);
    if (write !== e.write) k.setEntry(mm, v, 'pmd', { ...e, write }, fn);
  });
}

/** can_change_pmd_writable(), private branch: vm_normal_page_pmd() must give an exclusive anon page. */
function canChangePmdWritable(k: Kernel, mm: Mm, vma: Vma, v: Vpn, e: LeafEntry): boolean {
  const fn = 'can_change_pmd_writable';
  return k.call(fn, A(v), () => exclusiveAnon(k, fn, vmNormalPage(k, mm, vma, v, 'pmd', e).page));
}

/** change_huge_pud(): pud_modify() only, no write upgrade. */
function changeHugePud(k: Kernel, mm: Mm, v: Vpn, e: LeafEntry, protWrite: boolean): void {
  if (protWrite !== e.write) k.setEntry(mm, v, 'pud', { ...e, write: protWrite }, 'change_huge_pud');
}

// ---- folio_walk_start -----------------------------------------------------------------------------------

type FolioWalkOp = Extract<Op, { op: 'folio_walk_start' }>;

/**
 * folio_walk_start(vma, addr, flags) (mm/pagewalk.c), semantics.md §3.13:
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
      pfn: number,
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
          pmd.offset,
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
        pte.offset,
        'migration',
        'FW-pte-migration',
        'FW_MIGRATION && is_migration_entry(entry)',
      );
    return notFound('FW-pte-nonpresent', `a non-present PTE (${pte.type})`);
  });
}

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
      const n = mm.pt.freeTableAt(v, level);
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
