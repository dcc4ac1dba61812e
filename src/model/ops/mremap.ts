/**
 * mremap(): mm/mremap.c as the 2025 trees have it (do_mremap(), check_mremap_params(), mremap_to(),
 * mremap_at(), expand_vma(), remap_is_valid(), move_vma(), copy_vma_and_data()), with the same rules as
 * v6.12's SYSCALL_DEFINE5(mremap)/vma_to_resize(); mm/vma.c copy_vma(); the page-table move of
 * move_page_tables(), move_normal_pud(), move_normal_pmd(), move_ptes() and mm/huge_memory.c
 * move_huge_pmd(), read in v6.12. kernel-semantics.md §3.21.
 */
import type { Entry } from '../entry';
import { userVpnLimit } from '../geometry';
import type { Kernel } from '../kernel';
import type { Mm } from '../mm';
import { walkMappingRuns, walkMappings } from '../pagetable';
import type { Vpn } from '../units';
import { flagNames, VM, type Vma, vmaIsAnonymous } from '../vma';
import { A, allocTables, hex, isResult, procOf } from './common';
import { splitHugePmd } from './split';
import type { Op, OpResult } from './types';
import { unmapRegion } from './zap';

type MremapOp = Extract<Op, { op: 'mremap' }>;

const PMD = 512;
const PUD = 512 * 512;

function flagsText(op: MremapOp): string {
  const f = [op.maymove && 'MREMAP_MAYMOVE', op.fixed && 'MREMAP_FIXED', op.dontunmap && 'MREMAP_DONTUNMAP'];
  return f.filter(Boolean).join('|') || '0';
}

/** The request with lengths in pages (PAGE_ALIGN()ed), as do_mremap() threads it in vma_remap_struct. */
interface Vrm {
  readonly mm: Mm;
  readonly addr: number;
  oldPages: number;
  readonly newPages: number;
  readonly op: MremapOp;
  /** Whether newAddr was read (a move, or MREMAP_FIXED/MREMAP_DONTUNMAP): otherwise the result says so. */
  newAddrUsed: boolean;
}

export function mremapOp(k: Kernel, op: MremapOp): OpResult {
  const mm = procOf(k, op.proc);
  if (isResult(mm)) return mm;
  const fn = 'do_mremap';
  const args = `${A(op.addr.vpn)}, ${hex(op.oldBytes)}, ${hex(op.newBytes)}, ${flagsText(op)}${op.newAddr ? `, ${A(op.newAddr.vpn)}` : ''}`;
  const vrm: Vrm = {
    mm,
    addr: op.addr.vpn,
    oldPages: Math.ceil(op.oldBytes / 4096),
    newPages: Math.ceil(op.newBytes / 4096),
    op,
    newAddrUsed: op.fixed || op.dontunmap,
  };
  const r = k.call(fn, args, () => {
    const bad = checkParams(k, op);
    if (bad) return bad;
    if (!mm.findVma(vrm.addr)) {
      k.branch(fn, 'MREMAP-E3', `vma_lookup(${A(vrm.addr)}) finds no VMA: -EFAULT`);
      return { result: '-EFAULT', detail: `no VMA at ${A(vrm.addr)}` };
    }
    // can_modify_vma() (mseal) and hugetlb alignment: ptlab has neither sealed nor hugetlb VMAs.
    return op.fixed || op.dontunmap ? mremapTo(k, vrm) : mremapAt(k, vrm);
  });
  if (!op.newAddr || vrm.newAddrUsed) return r;
  // Without MREMAP_FIXED or MREMAP_DONTUNMAP the kernel ignores new_addr; ptlab reads it only to place a move.
  const note = 'newAddr not used: no move, and without MREMAP_FIXED or MREMAP_DONTUNMAP new_addr is ignored';
  return { ...r, detail: r.detail ? `${r.detail}; ${note}` : note };
}

/** check_mremap_params(): the checks that need no VMA. */
function checkParams(k: Kernel, op: MremapOp): OpResult | undefined {
  const fn = 'check_mremap_params';
  const no = (id: string, why: string): OpResult => {
    k.branch(fn, id, `${why}: -EINVAL`);
    return { result: '-EINVAL', detail: why };
  };
  if (op.addr.off !== 0) return no('MREMAP-E1', 'addr is not page aligned');
  if (op.newBytes === 0) return no('MREMAP-E1', 'new_len is 0');
  if (!(op.fixed || op.dontunmap)) return undefined;
  if (op.newAddr && op.newAddr.off !== 0) return no('MREMAP-E1', 'new_addr is not page aligned');
  if (!op.maymove) return no('MREMAP-E2', 'MREMAP_FIXED or MREMAP_DONTUNMAP without MREMAP_MAYMOVE');
  if (op.dontunmap && Math.ceil(op.oldBytes / 4096) !== Math.ceil(op.newBytes / 4096))
    return no('MREMAP-E2', 'MREMAP_DONTUNMAP with old_len != new_len');
  return undefined;
}

/** mremap_at(): no new address asked for: same size, shrink in place, or expand_vma(). */
function mremapAt(k: Kernel, vrm: Vrm): OpResult {
  const fn = 'mremap_at';
  if (vrm.newPages === vrm.oldPages) {
    k.branch(fn, 'MREMAP-S1', 'MREMAP_NO_RESIZE: nothing to do');
    return { result: A(vrm.addr), detail: 'same size: nothing done' };
  }
  if (vrm.newPages < vrm.oldPages) {
    k.branch(fn, 'MREMAP-S2', 'MREMAP_SHRINK: the tail is unmapped in place');
    shrinkVma(k, vrm);
    return { result: A(vrm.addr), detail: `shrunk to ${hex(vrm.newPages * 4096)}` };
  }
  return expandVma(k, vrm);
}

/** shrink_vma(): do_vmi_munmap() of [addr + new_len, addr + old_len); old_len becomes new_len. */
function shrinkVma(k: Kernel, vrm: Vrm): void {
  const s = vrm.addr + vrm.newPages;
  const e = vrm.addr + vrm.oldPages;
  k.call('shrink_vma', `${A(s)}-${A(e)}`, () => {
    k.call('do_vmi_munmap', `${A(s)}-${A(e)}`, () => unmapRegion(k, vrm.mm, s, e));
  });
  vrm.oldPages = vrm.newPages;
}

/**
 * remap_is_valid() (v6.12 vma_to_resize()): the checks on the VMA at addr. mlock_future_ok() and
 * may_expand_vm() are not modelled (ptlab has no mlock and no rlimits).
 */
function remapIsValid(k: Kernel, vrm: Vrm, vma: Vma): OpResult | undefined {
  const fn = 'remap_is_valid';
  if (vrm.oldPages === 0 && !(vma.flags & (VM.SHARED | VM.MAYSHARE))) {
    k.branch(fn, 'MREMAP-R1', 'old_len 0 duplicates a mapping, refused for a private one: -EINVAL');
    return { result: '-EINVAL', detail: 'old_len 0 of a private mapping ("attempted to duplicate")' };
  }
  if (vrm.op.dontunmap && vma.flags & (VM.DONTEXPAND | VM.PFNMAP)) {
    k.branch(fn, 'MREMAP-R2', 'MREMAP_DONTUNMAP of a VM_DONTEXPAND or VM_PFNMAP VMA: -EINVAL');
    return { result: '-EINVAL', detail: `${vma.name} has ${specialFlags(vma)}: no MREMAP_DONTUNMAP` };
  }
  if (vrm.addr + vrm.oldPages > vma.end) {
    k.branch(fn, 'MREMAP-R3', "[addr, addr + old_len) goes past the VMA's end: -EFAULT");
    return { result: '-EFAULT', detail: `the old range crosses the end of ${vma.name} at ${A(vma.end)}` };
  }
  if (vrm.newPages === vrm.oldPages) return undefined;
  if (vma.flags & (VM.DONTEXPAND | VM.PFNMAP)) {
    k.branch(fn, 'MREMAP-R4', 'growing a VM_DONTEXPAND or VM_PFNMAP VMA: -EFAULT');
    return { result: '-EFAULT', detail: `${vma.name} has ${specialFlags(vma)}: it may not grow` };
  }
  return undefined;
}

function specialFlags(vma: Vma): string {
  return flagNames(vma.flags & (VM.DONTEXPAND | VM.PFNMAP))
    .map((n) => `VM_${n}`)
    .join('|');
}

/** expand_vma(): in place when [addr, addr + old_len) ends the VMA and the pages after it are free. */
function expandVma(k: Kernel, vrm: Vrm): OpResult {
  const fn = 'expand_vma';
  return k.call(fn, A(vrm.addr), () => {
    const vma = vrm.mm.findVma(vrm.addr) as Vma;
    const bad = remapIsValid(k, vrm, vma);
    if (bad) return bad;
    const end = vma.end + (vrm.newPages - vrm.oldPages);
    // vrm_can_expand_in_place(): the range ends the VMA, and vma_expandable(): nothing is mapped in
    // [vm_end, vm_end + delta) and get_unmapped_area(MAP_FIXED) accepts the whole (TASK_SIZE).
    const expandable =
      vma.end - vrm.addr === vrm.oldPages &&
      !vrm.mm.vmas.some((m) => m.start < end && m.end > vma.end) &&
      end <= userVpnLimit(k.cfg.pgtableLevels);
    if (expandable) {
      k.branch(fn, 'MREMAP-G1', 'the range ends the VMA and the pages after it are free: grow in place');
      const grown = { ...vma, end: end as Vpn };
      vrm.mm.setVmas(vrm.mm.vmas.map((m) => (m === vma ? grown : m)));
      k.emit({
        t: 'vma',
        proc: vrm.mm.name,
        action: 'change',
        range: `${A(vma.start)}-${A(end)}`,
        text: `${vma.name}: ${A(vma.start)}-${A(vma.end)} -> ${A(vma.start)}-${A(end)}`,
        fn: 'vma_merge_extend',
        depth: k.trace.depth,
      });
      return { result: A(vrm.addr), detail: `grown in place to ${A(end)}` };
    }
    if (!vrm.op.maymove) {
      k.branch(fn, 'MREMAP-G2', 'cannot grow in place and MREMAP_MAYMOVE is not set: -ENOMEM');
      return { result: '-ENOMEM', detail: 'the VMA cannot grow in place and may not move' };
    }
    const to = pickNewAddr(k, vrm);
    if (isResult(to)) return to;
    const nm = unmodelledMove(vrm.mm, vrm.addr, vrm.oldPages, to);
    if (nm) return nm;
    return moveVma(k, vrm, vma, to);
  });
}

/**
 * vrm_set_new_addr() when the kernel chooses: get_unmapped_area() with no hint (a plain MREMAP_MAYMOVE)
 * or new_addr as a hint (MREMAP_DONTUNMAP). ptlab does not model the search: the step's newAddr stands
 * for the address it returns, and must be free.
 */
function pickNewAddr(k: Kernel, vrm: Vrm): number | OpResult {
  vrm.newAddrUsed = true;
  const to = vrm.op.newAddr;
  const why = "get_unmapped_area()'s search is not modelled";
  if (!to) return { result: 'not modelled', detail: `${why}: give newAddr, the address it would return` };
  const v = to.vpn as number;
  const end = v + vrm.newPages;
  if (end > userVpnLimit(k.cfg.pgtableLevels) || vrm.mm.vmas.some((m) => m.start < end && m.end > v))
    return { result: 'not modelled', detail: `${why}, and ${A(v)}-${A(end)} is not free` };
  return v;
}

/**
 * The most PTEs one mremap() may move one by one: 2^21 (8 GiB of PTEs), the bound the whole scenario had
 * before page tables were kept as runs. A move to a new address as far from a PMD boundary as the old one
 * moves whole PTE tables (move_normal_pmd()), at any size; any other moves every PTE by move_ptes(), which
 * ptlab does one by one, so its cost goes by the PTEs, not by the runs.
 */
export const MAX_PTES_MOVED = 2 ** 21;

/**
 * What ptlab's page-table move does not cover: a PUD leaf in the range (x86's pud_bad() on a huge PUD in
 * get_old_pud() and move_huge_pud() were not checked), a PMD migration entry that the range covers only
 * in part (split_huge_pmd() of it), and more than MAX_PTES_MOVED PTEs moved one by one to `to`. Asked
 * before anything changes.
 */
function unmodelledMove(mm: Mm, start: number, pages: number, to: number | undefined): OpResult | undefined {
  let why: string | undefined;
  let ptes = 0;
  walkMappingRuns(mm.pt.root, mm.pt.nlevels, start, start + pages, (v, level, e, n) => {
    if (why) return n;
    if (level === 'pud') why = `a PUD entry at ${A(v)}: moving PUD leaves is not modelled`;
    else if (level === 'pmd' && e.kind === 'swap' && (v < start || v + PMD > start + pages))
      why = `a PMD ${e.type} entry at ${A(v)} only partly in the range: its split is not modelled`;
    // A huge PMD moved elsewhere than to a PMD boundary is split, and its 512 PTEs move one by one.
    ptes += level === 'pte' ? Math.min(n, start + pages - v) : level === 'pmd' && e.kind === 'leaf' ? PMD : 0;
    return level === 'pte' ? n : 1;
  });
  if (why) return { result: 'not modelled', detail: why };
  if (to !== undefined && (to - start) % PMD !== 0 && ptes > MAX_PTES_MOVED)
    return {
      result: 'not modelled',
      detail: `move_ptes() would move ${ptes.toLocaleString('en')} PTEs one by one (${A(to)} is not as far from a PMD boundary as ${A(start)}); ptlab moves at most ${MAX_PTES_MOVED.toLocaleString('en')} in one mremap`,
    };
  return undefined;
}

/** mremap_to(): MREMAP_FIXED (new_addr replaces what is there) or MREMAP_DONTUNMAP. */
function mremapTo(k: Kernel, vrm: Vrm): OpResult {
  const fn = 'mremap_to';
  return k.call(fn, '', () => {
    const to = vrm.op.newAddr?.vpn as number | undefined;
    if (vrm.op.fixed && to === undefined)
      return { result: 'not modelled', detail: 'MREMAP_FIXED to address 0 (mmap_min_addr): give newAddr' };
    if (to !== undefined) {
      const end = to + vrm.newPages;
      if (end > userVpnLimit(k.cfg.pgtableLevels)) {
        k.branch(fn, 'MREMAP-T1', 'the new range ends beyond TASK_SIZE: -EINVAL');
        return { result: '-EINVAL', detail: `${A(to)} + new_len ends beyond TASK_SIZE` };
      }
      if (vrm.op.fixed && vrm.addr + vrm.oldPages > to && end > vrm.addr) {
        k.branch(fn, 'MREMAP-T1', 'vrm_overlaps(): the old and new ranges overlap: -EINVAL');
        return { result: '-EINVAL', detail: 'the old and new ranges overlap' };
      }
    }
    const nm = unmodelledMove(vrm.mm, vrm.addr, Math.min(vrm.oldPages, vrm.newPages), vrm.op.newAddr?.vpn);
    if (nm) return nm;
    if (vrm.op.fixed && to !== undefined) {
      const end = to + vrm.newPages;
      k.branch(fn, 'MREMAP-T2', 'MREMAP_FIXED: do_munmap() of the new range first');
      k.call('do_munmap', `${A(to)}-${A(end)}`, () => unmapRegion(k, vrm.mm, to, end));
    }
    if (vrm.newPages < vrm.oldPages) shrinkVma(k, vrm);
    const vma = vrm.mm.findVma(vrm.addr);
    if (!vma) return { result: '-EFAULT', detail: `no VMA at ${A(vrm.addr)} any more` };
    const bad = remapIsValid(k, vrm, vma);
    if (bad) return bad;
    const dest = vrm.op.fixed ? (to as number) : pickNewAddr(k, vrm);
    if (isResult(dest)) return dest;
    return moveVma(k, vrm, vma, dest);
  });
}

/**
 * move_vma(): copy_vma_and_data() makes the new VMA and moves the page tables; then the old range is
 * unmapped (unmap_source_vma()), or kept empty with MREMAP_DONTUNMAP (dontunmap_complete()). ksm,
 * accounting (VM_ACCOUNT), mlock, uffd, vm_ops->may_split() and vm_ops->mremap() are not modelled (no
 * backing of ptlab has those ops); untrack_pfn_clear() (PAT) is not modelled either.
 */
function moveVma(k: Kernel, vrm: Vrm, vma: Vma, to: number): OpResult {
  const fn = 'move_vma';
  return k.call(fn, `${A(vrm.addr)} -> ${A(to)}`, () => {
    const mm = vrm.mm;
    const newVma = copyVma(k, mm, vma, vrm.addr, to, vrm.newPages);
    const moved = movePageTables(k, mm, vma, vrm.addr, newVma, to, vrm.oldPages);
    if (vrm.op.dontunmap) {
      // dontunmap_complete(): the old VMA stays, its pages gone; its anon_vma is unlinked when all of it moved.
      const whole = vrm.addr === vma.start && vrm.addr + vrm.oldPages === vma.end;
      k.branch(
        'dontunmap_complete',
        'MREMAP-D1',
        whole
          ? 'MREMAP_DONTUNMAP: the old VMA stays, empty; unlink_anon_vmas() as all of it moved'
          : 'MREMAP_DONTUNMAP: the old VMA stays, the moved part empty',
      );
      const cur = mm.findVma(vrm.addr);
      if (whole && cur?.anonVma) mm.setVmas(mm.vmas.map((m) => (m === cur ? { ...cur, anonVma: false } : m)));
    } else if (vrm.oldPages > 0) {
      // unmap_source_vma(): do_vmi_munmap() of the old range (a len of 0 fails there and is ignored).
      const s = vrm.addr;
      const e = vrm.addr + vrm.oldPages;
      k.call('unmap_source_vma', `${A(s)}-${A(e)}`, () => {
        k.call('do_vmi_munmap', `${A(s)}-${A(e)}`, () => unmapRegion(k, mm, s, e));
      });
    }
    return { result: A(to), detail: `${moved} page(s) of page tables moved to ${A(to)}` };
  });
}

/**
 * copy_vma() (mm/vma.c): the new VMA's vm_pgoff is the old one's plus the offset of addr in it, so a
 * PFNMAP's linear rule (pfn == vm_pgoff + index) holds at the new place; an anonymous VMA that was never
 * faulted (no anon_vma) gets new_addr >> PAGE_SHIFT instead. vma_merge_new_range() with a neighbour is
 * not modelled: the new VMA stays a VMA of its own.
 */
function copyVma(k: Kernel, mm: Mm, vma: Vma, addr: number, to: number, pages: number): Vma {
  const fn = 'copy_vma';
  return k.call(fn, `${A(to)}-${A(to + pages)}`, () => {
    const unfaulted = vmaIsAnonymous(vma) && !vma.anonVma;
    const pgoff = unfaulted ? to : vma.pgoff + (addr - vma.start);
    k.branch(
      fn,
      unfaulted ? 'MREMAP-M2' : 'MREMAP-M1',
      unfaulted
        ? `an anon VMA never faulted: vm_pgoff = new_addr >> PAGE_SHIFT (${hex(pgoff)})`
        : `vm_pgoff = old vm_pgoff + offset of addr (${hex(pgoff)}): the pages keep their index`,
    );
    const nv: Vma = { ...vma, id: k.newVmaId(), start: to as Vpn, end: (to + pages) as Vpn, pgoff };
    mm.setVmas([...mm.vmas, nv]);
    k.emit({
      t: 'vma',
      proc: mm.name,
      action: 'map',
      range: `${A(to)}-${A(to + pages)}`,
      text: `${vma.name} pgoff ${hex(pgoff)} [${flagNames(nv.flags).join('|')}] (copy of ${A(vma.start)}-${A(vma.end)})`,
      fn,
      depth: k.trace.depth,
    });
    return nv;
  });
}

/** get_extent(): the step to the next boundary of `size` on either side, at most to the end. */
function extentOf(size: number, oldAddr: number, oldEnd: number, newAddr: number): number {
  const nextOld = oldAddr - (oldAddr % size) + size;
  const nextNew = newAddr - (newAddr % size) + size;
  return Math.min(nextOld - oldAddr, oldEnd - oldAddr, nextNew - newAddr);
}

/**
 * move_page_tables(): per PUD, then per PMD, the largest thing that can move does (a PMD table whole with
 * move_normal_pud(), a PTE table whole with move_normal_pmd(), a huge PMD with move_huge_pmd()); the rest
 * moves PTE by PTE in move_ptes(). Entries move as they are: no refcount, mapcount or RSS changes.
 * Returns the pages done. CONFIG_HAVE_MOVE_PMD and CONFIG_HAVE_MOVE_PUD as on x86-64.
 */
function movePageTables(
  k: Kernel,
  mm: Mm,
  vma: Vma,
  oldStart: number,
  newVma: Vma,
  newStart: number,
  len: number,
): number {
  const fn = 'move_page_tables';
  if (len === 0) return 0;
  return k.call(fn, `${A(oldStart)} -> ${A(newStart)}, ${len} page(s)`, () => {
    const oldEnd = oldStart + len;
    let oldAddr = oldStart;
    let newAddr = newStart;
    // try_realign_addr(): a move that reaches the next PMD boundary, from mutually aligned addresses that
    // both start their VMAs with nothing mapped below down to the boundary, starts at the boundary.
    const off = oldAddr % PMD;
    const alignable = (m: Vma, a: number) =>
      m.start === a && !mm.vmas.some((x) => x.start < m.start && x.end > a - off);
    if (
      len >= PMD - off &&
      off !== 0 &&
      off === newAddr % PMD &&
      alignable(vma, oldAddr) &&
      alignable(newVma, newAddr)
    ) {
      k.branch('try_realign_addr', 'MREMAP-P1', 'both ends realigned down to the PMD boundary');
      oldAddr -= off;
      newAddr -= off;
    }
    for (let extent = 0; oldAddr < oldEnd; oldAddr += extent, newAddr += extent) {
      extent = extentOf(PUD, oldAddr, oldEnd, newAddr);
      const oldPud = mm.pt.walk(oldAddr as Vpn, 'pud');
      if (oldPud.level !== 'pud' || !oldPud.entry) continue; // get_old_pud(): none
      allocTables(k, mm, newAddr as Vpn, 'pud', 'alloc_new_pud');
      if (extent === PUD && oldPud.entry.kind === 'table' && moveTable(k, mm, oldAddr, newAddr, 'pud'))
        continue;
      extent = extentOf(PMD, oldAddr, oldEnd, newAddr);
      const oldPmd = mm.pt.walk(oldAddr as Vpn, 'pmd');
      if (oldPmd.level !== 'pmd' || !oldPmd.entry) continue; // get_old_pmd(): none
      allocTables(k, mm, newAddr as Vpn, 'pmd', 'alloc_new_pmd');
      const pmd = oldPmd.entry;
      if (pmd.kind !== 'table') {
        if (extent === PMD && moveHugePmd(k, mm, oldAddr, newAddr, pmd)) continue;
        k.branch(
          fn,
          'MREMAP-P4',
          `a huge PMD at ${A(oldAddr - (oldAddr % PMD))} only partly moves: split it`,
        );
        splitHugePmd(k, mm, vma, (oldAddr - (oldAddr % PMD)) as Vpn, fn);
      } else if (extent === PMD && moveTable(k, mm, oldAddr, newAddr, 'pmd')) continue;
      const now = mm.pt.walk(oldAddr as Vpn, 'pmd');
      if (now.level !== 'pmd' || !now.entry) continue;
      allocTables(k, mm, newAddr as Vpn, 'pte', 'pte_alloc');
      movePtes(k, mm, oldAddr, newAddr, extent);
    }
    return len;
  });
}

/**
 * move_normal_pud() / move_normal_pmd(): the whole next-level table changes place. Refused, with
 * WARN_ON_ONCE, when the new entry is not none ("free_pgtables() should have released it"); the
 * caller then moves what is below entry by entry.
 */
function moveTable(k: Kernel, mm: Mm, oldAddr: number, newAddr: number, level: 'pud' | 'pmd'): boolean {
  const fn = level === 'pud' ? 'move_normal_pud' : 'move_normal_pmd';
  return k.call(fn, `${A(oldAddr)} -> ${A(newAddr)}`, () => {
    const dst = mm.pt.walk(newAddr as Vpn, level);
    if (dst.level === level && dst.entry) {
      k.warnOnce(`mm/mremap.c:${fn}`, `!${level}_none(*new_${level})`);
      k.branch(fn, 'MREMAP-P6', `the new ${level.toUpperCase()} entry is not none: not moved whole`);
      return false;
    }
    const src = mm.pt.walk(oldAddr as Vpn, level).entry as Entry;
    k.branch(
      fn,
      level === 'pud' ? 'MREMAP-P2' : 'MREMAP-P5',
      `the ${level === 'pud' ? 'PMD' : 'PTE'} table moves whole: ${level}_populate() at the new place`,
    );
    k.setTableEntry(mm, oldAddr as Vpn, level, undefined, fn);
    k.setTableEntry(mm, newAddr as Vpn, level, src, fn);
    return true;
  });
}

/**
 * move_huge_pmd() (mm/huge_memory.c): a huge PMD (a leaf or a migration entry) moves as it is, with its
 * deposited table (pmd_move_must_withdraw() moves the deposit between PMD tables; ptlab keeps it on the
 * entry). Refused when the new PMD is not none. Soft-dirty and uffd-wp bits are not modelled.
 */
function moveHugePmd(k: Kernel, mm: Mm, oldAddr: number, newAddr: number, pmd: Entry): boolean {
  const fn = 'move_huge_pmd';
  return k.call(fn, `${A(oldAddr)} -> ${A(newAddr)}`, () => {
    const dst = mm.pt.walk(newAddr as Vpn, 'pmd');
    if (dst.level === 'pmd' && dst.entry) return false;
    if (pmd.kind === 'table') return false;
    k.branch(fn, 'MREMAP-P3', 'pmdp_huge_get_and_clear() and set_pmd_at(): the huge PMD moves as it is');
    k.setEntry(mm, oldAddr as Vpn, 'pmd', undefined, fn);
    k.setEntry(mm, newAddr as Vpn, 'pmd', pmd, fn);
    return true;
  });
}

/**
 * move_ptes(): ptep_get_and_clear() then set_pte_at() of the same value, special bit and all (move_pte()
 * is the identity on x86; move_soft_dirty_pte() and the uffd-wp bit are not modelled). Nothing else is
 * asked of the entry in v6.12: v6.17's mremap_folio_pte_batch() asks vm_normal_folio() about each present
 * PTE but the last of the extent; ptlab does not make that call (kernel-semantics.md §3.21).
 */
function movePtes(k: Kernel, mm: Mm, oldAddr: number, newAddr: number, extent: number): void {
  const fn = 'move_ptes';
  k.call(fn, `${A(oldAddr)}-${A(oldAddr + extent)} -> ${A(newAddr)}`, () => {
    const items: { v: number; e: Exclude<Entry, { kind: 'table' }> }[] = [];
    walkMappings(mm.pt.root, mm.pt.nlevels, oldAddr, oldAddr + extent, (v, level, e) => {
      if (level === 'pte') items.push({ v, e });
    });
    if (items.length) k.branch(fn, 'MREMAP-P7', `${items.length} PTE(s) move as they are`);
    k.trace.loop(items, ({ v, e }) => {
      k.setEntry(mm, v as Vpn, 'pte', undefined, fn);
      k.setEntry(mm, (newAddr + (v - oldAddr)) as Vpn, 'pte', e, fn);
    });
  });
}
