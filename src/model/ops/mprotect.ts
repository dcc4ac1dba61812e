/**
 * mprotect(): mm/mprotect.c do_mprotect_pkey(), mprotect_fixup(), change_protection(), change_pte_range(),
 * can_change_pte_writable(); mm/huge_memory.c change_huge_pmd(), can_change_pmd_writable(),
 * change_huge_pud(). kernel-semantics.md §3.12, S-54.
 */
import { vmNormalPage } from '../callers';
import type { LeafEntry, LeafLevel, SwapEntry } from '../entry';
import { entrySpan, userVpnLimit } from '../geometry';
import type { Kernel } from '../kernel';
import type { Mm } from '../mm';
import { walkMappingRuns } from '../pagetable';
import { leafAt } from '../slots';
import { classifyRun } from '../uniform';
import type { Pfn, Vpn } from '../units';
import { flagNames, VM, type Vma, vmPageProtWrite } from '../vma';
import { A, hex, isResult, modifyVmaFlags, procOf } from './common';
import { MIN_RUN, workRun } from './runs';
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
    const middle = modifyVmaFlags(k, mm, vma, s, e, newflags, 'vma_modify_flags');
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

/** change_protection() -> change_pud_range / change_pmd_range / change_pte_range over [s, e) of the VMA. */
function changeProtection(k: Kernel, mm: Mm, vma: Vma, s: number, e: number): void {
  k.call('change_protection', `${A(s)}-${A(e)}`, () => {
    const levels = mm.pt.nlevels;
    // Huge leaves the range covers only in part were split when the VMA was split (vma_adjust_trans_huge,
    // __split_huge_pmd / __split_huge_pud) or are split by change_pmd_range() itself.
    const partial: { v: number; level: LeafLevel }[] = [];
    walkMappingRuns(mm.pt.root, levels, s, e, (v, level, m, n) => {
      if (level === 'pte') return n; // a PTE is inside the range or not visited
      const span = entrySpan(level, levels);
      if (m.kind === 'leaf' && (v < s || v + span > e)) partial.push({ v, level: level as LeafLevel });
      return 1;
    });
    for (const m of partial) {
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
    const one = (v: Vpn, level: LeafLevel, m: LeafEntry | SwapEntry) => {
      if (m.kind === 'swap') {
        // change_pte_range()/change_huge_pmd(): "A protection check is difficult so just be safe and disable
        // write" for writable migration entries; other non-present entries are left alone.
        if (m.type === 'migration' && m.write) {
          k.setEntry(
            mm,
            v,
            level,
            { ...m, write: false },
            level === 'pte' ? 'change_pte_range' : `change_huge_${level}`,
          );
        }
        return;
      }
      if (level === 'pte') changePte(k, mm, vma, v, m, protWrite, upgrade);
      else if (level === 'pmd') changeHugePmd(k, mm, vma, v, m, protWrite, upgrade);
      else changeHugePud(k, mm, v, m, protWrite);
    };
    const f = k.trace.loopBegin();
    walkMappingRuns(mm.pt.root, levels, s, e, (v0, level0, m, n) => {
      const level = level0 as LeafLevel;
      // A run of PTEs that all get the same write bit: the new protection's, or, where a private VMA may
      // upgrade, can_change_pte_writable()'s answer when vm_normal_page() finds them all special (uniform.ts).
      if (level === 'pte' && m.kind === 'leaf' && n >= MIN_RUN) {
        const asks = !protWrite && upgrade;
        // Where it asks, can_change_pte_writable() says no (CCW-null) for the entries vm_normal_page()
        // finds special alike; otherwise the new protection decides for all.
        const alike = asks ? classifyRun(k, vma, v0, 'pte', m, n, 1) : n;
        const write = protWrite;
        if (alike >= MIN_RUN) {
          return workRun(
            k,
            f,
            v0,
            alike,
            1,
            (vj, j) => one(vj as Vpn, 'pte', leafAt(m, j, 1)),
            (vj, j, rest) => {
              if (write !== m.write) mm.pt.setRun(vj as Vpn, 'pte', rest, { ...leafAt(m, j, 1), write });
            },
            asks || write !== m.write ? [mm.name] : [],
            'pte',
          );
        }
      }
      k.trace.iterBegin(f);
      one(v0 as Vpn, level, m);
      k.trace.iterEnd(f);
      return 1;
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

function exclusiveAnon(k: Kernel, fn: string, page: Pfn | null): boolean {
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
