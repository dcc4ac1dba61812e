/**
 * fork(): dup_mm() -> dup_mmap() (kernel/fork.c) and, per VMA, copy_page_range() (mm/memory.c
 * vma_needs_copy, copy_page_range, copy_pte_range, copy_present_ptes, __copy_present_ptes,
 * copy_nonpresent_pte; mm/huge_memory.c copy_huge_pmd, copy_huge_pud). kernel-semantics.md §3.10, S-55..S-58.
 *
 * A folio that may be DMA-pinned (include/linux/mm.h folio_needs_cow_for_dma(): MMF_HAS_PINNED and
 * folio_maybe_dma_pinned()) and is PageAnonExclusive is not shared: the child gets a copy at once
 * (copy_present_page()), or the PMD is split and copied PTE by PTE. kernel-semantics.md §3.18.
 *
 * Not modelled: swap counts (swap_duplicate, MM_SWAPENTS), uffd-wp bits on entries, and VM_WIPEONFORK.
 */
import { vmNormalPage } from '../callers';
import { type LeafEntry, type Level, leafBits, type SwapEntry, specialSeen } from '../entry';
import { entrySpan } from '../geometry';
import type { Kernel } from '../kernel';
import { type Mm, pgtablesCounted } from '../mm';
import { forEachTableRun, runMember, type Table, walkMappingRuns } from '../pagetable';
import type { Folio } from '../physmem';
import { leafAt } from '../slots';
import { classifyRun } from '../uniform';
import type { Vpn } from '../units';
import { flagNames, isCowMapping, VM, type Vma, vmaIsAnonymous } from '../vma';
import { A, allocTables, hex, isResult, procOf } from './common';
import { folioGet, rmapAdd } from './folio_ref';
import { folioMaybeDmaPinned } from './gup';
import { MIN_RUN, tableGroups, workRun } from './runs';
import { splitHugePmd } from './split';
import type { OpResult } from './types';

interface ForkStats {
  copied: number;
  skipped: number;
  dontcopy: number;
}

export function forkOp(k: Kernel, procName: string, child: string): OpResult {
  const src = procOf(k, procName);
  if (isResult(src)) return src;
  if (k.procs.has(child)) return { result: 'EEXIST', detail: `a process "${child}" already exists` };
  return k.call('dup_mm', `${src.name} -> ${child}`, () => {
    const dst = k.newProcess(child);
    const stats: ForkStats = { copied: 0, skipped: 0, dontcopy: 0 };
    k.call('dup_mmap', `${src.name} -> ${dst.name}`, () => {
      const vmas: Vma[] = [];
      for (const vma of src.vmas) {
        if (vma.flags & VM.DONTCOPY) {
          k.branch(
            'dup_mmap',
            'fork-dontcopy',
            `${vma.name} ${A(vma.start)}-${A(vma.end)}: VM_DONTCOPY, not duplicated`,
          );
          stats.dontcopy++;
          continue;
        }
        // vm_area_dup() + anon_vma_fork(): same range, flags, pgoff and backing; the child's VMA has an
        // anon_vma iff the parent's has one. (dup_userfaultfd() would clear the uffd flags unless the
        // context asked for UFFD_FEATURE_EVENT_FORK; the model has no context and keeps them.)
        const dvma: Vma = { ...vma, id: k.newVmaId() };
        vmas.push(dvma);
        dst.setVmas(vmas);
        k.emit({
          t: 'vma',
          proc: dst.name,
          action: 'map',
          range: `${A(dvma.start)}-${A(dvma.end)}`,
          text: `${dvma.name} pgoff ${hex(dvma.pgoff)} [${flagNames(dvma.flags).join('|')}]${dvma.anonVma ? ' anon_vma' : ''} (copied from ${src.name})`,
          fn: 'dup_mmap',
          depth: k.trace.depth,
        });
        if (copyPageRange(k, src, dst, vma, dvma)) stats.copied++;
        else stats.skipped++;
      }
    });
    const parts = [`${dst.vmas.length} VMA(s)`, `${stats.copied} page-table range(s) copied`];
    if (stats.skipped) parts.push(`${stats.skipped} left to refault`);
    if (stats.dontcopy) parts.push(`${stats.dontcopy} VM_DONTCOPY skipped`);
    return { result: String(dst.pid), detail: `child ${dst.name} pid ${dst.pid}: ${parts.join(', ')}` };
  });
}

/**
 * vma_needs_copy() (mm/memory.c): whether copy_page_range() must copy the page tables or can leave them to
 * be refilled by faults in the child. Returns the reason to copy, or undefined.
 */
export function vmaNeedsCopy(dst: Vma, src: Vma): string | undefined {
  if (dst.flags & VM.UFFD_WP) return 'userfaultfd_wp(dst_vma): the uffd-wp bits must survive';
  if (src.flags & (VM.PFNMAP | VM.MIXEDMAP)) return 'VM_PFNMAP|VM_MIXEDMAP: the child cannot refault these';
  if (src.anonVma) return 'src_vma->anon_vma: anon pages must be shared CoW with the child';
  return undefined;
}

/** copy_page_range() for one VMA. Returns whether the page tables were copied. */
function copyPageRange(k: Kernel, src: Mm, dst: Mm, svma: Vma, dvma: Vma): boolean {
  const fn = 'copy_page_range';
  return k.call(fn, `${svma.name} ${A(svma.start)}-${A(svma.end)}`, () => {
    const why = vmaNeedsCopy(dvma, svma);
    if (!why) {
      k.branch(
        'vma_needs_copy',
        'fork-skip',
        'no anon_vma, not PFNMAP/MIXEDMAP, not uffd-wp: nothing copied, the child refaults',
      );
      return false;
    }
    k.branch('vma_needs_copy', 'fork-copy', why);
    const levels = src.pt.nlevels;
    // copy_p4d_range() .. copy_pte_range(): the child gets a table wherever the parent has one in the range
    // (p4d_alloc/pud_alloc/pmd_alloc/pte_alloc), even an empty one.
    const tf = k.trace.loopBegin();
    // The last iteration allocated one PTE table in the child, and nothing else.
    let lastOne = false;
    const visit = (t: Table, base: number, n: number) => {
      if (t.level === 'pgd') return;
      const span = entrySpan(t.level, levels) * 512;
      if (n > 1 && t.level !== 'pte') {
        // A run of alike tables above the PTE level (family.ts): each member with the tables under it,
        // until two members came out alike in the trace; the rest, wholly inside the VMA and not in the
        // child yet, then come out alike too, and the child's are one run of alike tables as well.
        const marks: number[] = [];
        for (let j = 0; j < n; j++) {
          const b = base + j * span;
          if (b + span <= svma.start || b >= svma.end) continue;
          const [g1, g2] = marks.slice(-2);
          const rest = Math.min(n - j, Math.floor((svma.end - b) / span));
          if (
            tableGroups.on &&
            g1 !== undefined &&
            g2 !== undefined &&
            b >= svma.start &&
            rest >= 1 &&
            childLacksTables(dst, b, t.level, rest) &&
            k.trace.groupRepeats(g1, g2, span, span) &&
            k.trace.repeatGroup(tf, g2, rest, span, span)
          ) {
            const added = dst.pt.repeatTable((b - span) as Vpn, t.level, rest, pgtablesCounted);
            dst.counters = { ...dst.counters, pgtables: dst.counters.pgtables + added };
            j += rest - 1;
            marks.length = 0;
            continue;
          }
          marks.push(k.trace.mark());
          forEachTableRun(runMember(t, j), levels, visit, b);
        }
        return;
      }
      for (let j = 0; j < n; j++) {
        const b = base + j * span;
        if (b + span <= svma.start || b >= svma.end) continue;
        // A run of alike PTE tables (family.ts) inside the VMA, none of them in the child yet: each
        // iteration would allocate one, as the last did. The child's tables are one run too.
        const m =
          lastOne && b >= svma.start
            ? childLacks(dst, b, Math.min(n - j, Math.floor((svma.end - b) / span)))
            : 0;
        if (m >= 2 && k.trace.repeat(tf, m)) {
          dst.pt.allocRun(b as Vpn, 'pte', m);
          dst.counters = { ...dst.counters, pgtables: dst.counters.pgtables + m };
          j += m - 1;
          continue;
        }
        const before = dst.counters.pgtables;
        k.trace.iterBegin(tf);
        allocTables(k, dst, Math.max(b, svma.start) as Vpn, t.level, `${t.level}_alloc`);
        k.trace.iterEnd(tf);
        lastOne = t.level === 'pte' && dst.counters.pgtables === before + 1;
      }
    };
    forEachTableRun(src.pt.root, levels, visit);
    // copy_pte_range() sums the RSS changes in rss[] and applies them once (add_mm_rss_vec).
    const rss = { anon: 0, file: 0 };
    const f = k.trace.loopBegin();
    walkMappingRuns(src.pt.root, levels, svma.start, svma.end, (v0, level, e, n) => {
      const v = v0 as Vpn;
      // A run of PTEs vm_normal_page() finds special alike (uniform.ts), none of them in the child yet:
      // each is copied as it is (write-protected in both for a CoW mapping), with no folio touched.
      const alike =
        level === 'pte' &&
        e.kind === 'leaf' &&
        n >= MIN_RUN &&
        dst.pt.pteTable(v) !== undefined &&
        dst.pt.countRun(v, 'pte', n) === 0
          ? classifyRun(k, svma, v, 'pte', e, n, 1)
          : 0;
      if (alike >= MIN_RUN && e.kind === 'leaf') {
        const wrprotect = isCowMapping(svma.flags) && e.write;
        const dirty = (svma.flags & VM.SHARED) === 0 && e.dirty;
        return workRun(
          k,
          f,
          v,
          alike,
          1,
          (vj, j) => copyPresentPte(k, src, dst, svma, vj as Vpn, leafAt(e, j, 1), rss),
          (vj, j, m) => {
            const ej = leafAt(e, j, 1);
            if (wrprotect) src.pt.setRun(vj as Vpn, 'pte', m, { ...ej, write: false });
            dst.pt.setRun(
              vj as Vpn,
              'pte',
              m,
              leafBits(ej.pfn, ej.write && !wrprotect, dirty, false, ej.special),
            );
          },
          [src.name, dst.name],
          'pte',
        );
      }
      // An entry already in the child (a huge leaf straddling two VMAs, possible only by injection).
      if (level === 'pte') {
        if (dst.pt.pteTable(v)?.entries.get(v % 512)) return 1;
      } else {
        const have = dst.pt.walk(v, level);
        if (have.level === level && have.entry) return 1;
      }
      k.trace.iterBegin(f);
      if (level === 'pte') {
        if (e.kind === 'leaf') copyPresentPte(k, src, dst, svma, v, e, rss);
        else copyNonpresent(k, src, dst, svma, v, 'pte', e);
      } else if (level === 'pmd') {
        copyHugePmd(k, src, dst, svma, dvma, v, e);
      } else {
        copyHugePud(k, src, dst, svma, v, e);
      }
      k.trace.iterEnd(f);
      return 1;
    });
    k.counter(dst, 'anon', rss.anon, 'add_mm_rss_vec');
    k.counter(dst, 'file', rss.file, 'add_mm_rss_vec');
    return true;
  });
}

/** Whether the child has none of the n `level` tables from `v`, under a table of the level above it has. */
function childLacksTables(dst: Mm, v: number, level: Level, n: number): boolean {
  const parent = dst.pt.levels[dst.pt.levels.indexOf(level) - 1];
  if (!parent) return false;
  const w = dst.pt.walk(v as Vpn, parent);
  return w.level === parent && w.index + n <= 512 && w.table.entries.countIn(w.index, n) === 0;
}

/** How many of the n PTE tables from `v` the child lacks under a PMD table it has: all n, or 0. */
function childLacks(dst: Mm, v: number, n: number): number {
  const pmd = dst.pt.walk(v as Vpn, 'pmd');
  if (pmd.level !== 'pmd' || n < 1 || pmd.index + n > 512) return 0;
  return pmd.table.entries.countIn(pmd.index, n) === 0 ? n : 0;
}

const isZeroKind = (kind: string) => kind === 'zero' || kind === 'huge_zero';

/**
 * copy_present_ptes() + __copy_present_ptes() for one PTE (mm/memory.c). vm_normal_page() decides whether a
 * struct page is shared with the child; then, in every case, CoW mappings are write-protected in both
 * processes, shared mappings give a clean child PTE, and the child PTE is old.
 */
function copyPresentPte(
  k: Kernel,
  src: Mm,
  dst: Mm,
  svma: Vma,
  v: Vpn,
  e: LeafEntry,
  rss: { anon: number; file: number },
): void {
  const fn = 'copy_present_ptes';
  const c = vmNormalPage(k, src, svma, v, 'pte', e);
  if (c.page !== null) {
    const f0 = k.mem.folioOrFree(c.page);
    if (!f0) {
      // Only reachable where vm_normal_page() hands out a pfn without a memmap (RFC 01-14, S-61).
      k.report('info', [
        `copy_present_ptes: pfn ${hex(c.page)} has no struct page; the kernel would touch a bogus folio (not modelled)`,
      ]);
    } else {
      // folio_ref_add(): the shared zero folios are not refcounted per mapping in the model (folioPut()
      // skips them too), so a zero page taken for a "normal" one stays balanced over fork and zap.
      if (f0.kind === 'anon' && folioTryDupAnonRmapFails(k, src, f0, 'folio_try_dup_anon_rmap_pte')) {
        // "Page may be pinned, we have to copy." (the folio_get()/folio_put() pair around it nets out)
        copyPresentPage(k, dst, svma, v, e, f0, rss);
        return;
      }
      const f = isZeroKind(f0.kind) ? f0 : folioGet(k, f0, 1, 'folio_ref_add');
      if (f.kind === 'anon') {
        // folio_try_dup_anon_rmap_pte(): the mapping is duplicated, PageAnonExclusive cleared.
        k.updateFolio(f, { mapcount: f.mapcount + 1, anonExclusive: false }, 'folio_try_dup_anon_rmap_ptes');
        rss.anon++;
      } else {
        rmapAdd(k, f, 'folio_dup_file_rmap_ptes');
        rss.file++;
      }
    }
  }
  let write = e.write;
  if (isCowMapping(svma.flags) && e.write) {
    // "If it's a COW mapping, write protect it both processes."
    k.setEntry(src, v, 'pte', { ...e, write: false }, 'wrprotect_ptes');
    write = false;
  }
  // "If it's a shared mapping, mark it clean in the child." The child's PTE is old.
  const dirty = (svma.flags & VM.SHARED) === 0 && e.dirty;
  k.setEntry(dst, v, 'pte', leafBits(e.pfn, write, dirty, false, e.special), fn);
}

/**
 * __folio_try_dup_anon_rmap() (include/linux/rmap.h) up to its verdict: -EBUSY when the folio may be pinned
 * (folio_needs_cow_for_dma(): the source mm has MMF_HAS_PINNED and folio_maybe_dma_pinned()) and the page is
 * PageAnonExclusive. A page already shared was not pinned exclusively, so it is duplicated as usual.
 */
function folioTryDupAnonRmapFails(k: Kernel, src: Mm, f: Folio, fn: string): boolean {
  if (!src.hasPinned || !f.anonExclusive) return false;
  return k.call(fn, `pfn ${hex(f.pfn)}`, () =>
    k.call('folio_needs_cow_for_dma', `pfn ${hex(f.pfn)}`, () => {
      const pinned = folioMaybeDmaPinned(f);
      k.call('folio_maybe_dma_pinned', `pfn ${hex(f.pfn)}`, () =>
        k.branch(
          'folio_maybe_dma_pinned',
          pinned ? 'FORK-PIN1' : 'FORK-PIN0',
          f.order > 0
            ? `_pincount ${f.pincount ?? 0}: ${pinned ? 'maybe pinned' : 'not pinned'}`
            : `refcount ${f.refcount} ${pinned ? '>=' : '<'} GUP_PIN_COUNTING_BIAS: ${pinned ? 'maybe pinned' : 'not pinned'}`,
        ),
      );
      return pinned;
    }),
  );
}

/**
 * copy_present_page() (mm/memory.c): the child gets its own copy of a page the parent may have pinned. The
 * parent's PTE and page stay as they are (exclusive, writable if they were); the copy is a new exclusive
 * anon page, dirty and writable if the child's VMA has VM_WRITE. The kernel first returns -EAGAIN, and
 * copy_pte_range() preallocates the page (folio_prealloc()) and retries: here the page is allocated at once.
 */
function copyPresentPage(
  k: Kernel,
  dst: Mm,
  svma: Vma,
  v: Vpn,
  e: LeafEntry,
  f: Folio,
  rss: { anon: number; file: number },
): void {
  const fn = 'copy_present_page';
  k.call(fn, A(v), () => {
    const p = k.mem.allocPfn(0);
    if (p === undefined) {
      k.report('info', [
        `ptlab: ${fn}: no free page for the child's copy (-ENOMEM; fork fails, not modelled)`,
      ]);
      return;
    }
    const content = f.pageContent?.[e.pfn - f.pfn] ?? f.content;
    const n = k.addFolio(
      {
        pfn: p,
        order: 0,
        kind: 'anon',
        refcount: 1,
        mapcount: 0,
        anonExclusive: true,
        content,
        owner: dst.name,
      },
      'folio_prealloc',
    );
    k.call('copy_mc_user_highpage', `pfn ${hex(e.pfn)} -> ${hex(p)}`, () => {});
    rmapAdd(k, n, 'folio_add_new_anon_rmap', true);
    rss.anon++;
    k.branch(
      fn,
      'FORK-PIN2',
      `the child maps its own copy ${hex(p)}; the parent keeps pfn ${hex(e.pfn)} mapped as it was`,
    );
    k.setEntry(dst, v, 'pte', leafBits(p, (svma.flags & VM.WRITE) !== 0, true, true, false), 'set_pte_at');
  });
}

/**
 * copy_nonpresent_pte() (mm/memory.c) and the PMD/PUD equivalents, simplified: the entry is copied as is,
 * except that a writable migration entry in a CoW mapping becomes readable in both processes first.
 * Swap counts and the RSS of migration entries are not modelled (zap drops such entries without counters).
 */
function copyNonpresent(k: Kernel, src: Mm, dst: Mm, svma: Vma, v: Vpn, level: Level, e: SwapEntry): void {
  const fn = level === 'pte' ? 'copy_nonpresent_pte' : level === 'pmd' ? 'copy_huge_pmd' : 'copy_huge_pud';
  let ce = e;
  if (e.type === 'migration' && e.write && isCowMapping(svma.flags)) {
    ce = { ...e, write: false };
    k.setEntry(src, v, level, ce, 'make_readable_migration_entry');
  }
  k.setEntry(dst, v, level, ce, fn);
}

function isHugeZeroPmd(k: Kernel, e: LeafEntry): boolean {
  return k.feat.hugeZeroAnyPfn ? k.mem.isHugeZeroAny(e.pfn) : k.mem.isHugeZeroExact(e.pfn);
}

/**
 * copy_huge_pmd() (mm/huge_memory.c). Order of the kernel's checks:
 *  1. present && pmd_special(pmd) [v6.18: && !is_huge_zero_pmd(pmd)] -> copy as is, pmd_mkold(); only a
 *     VM_WARN_ON_ONCE(is_cow_mapping && pmd_write) (the source is not write-protected on this path);
 *  2. !vma_is_anonymous(dst_vma) -> return 0: the child refaults;
 *  3. migration entry -> copied (made readable), see copyNonpresent();
 *  4. is_huge_zero_pmd() -> mm_get_huge_zero_folio(dst_mm), deposit, write-protect both, child old;
 *  5. otherwise an anon THP: folio_get, folio_try_dup_anon_rmap_pmd, MM_ANONPAGES += 512, deposit,
 *     write-protect both, child old.
 * With RFC 08-14 (special huge zero PMDs, shortcut not yet excluding them) step 1 catches the huge zero PMD:
 * the child gets no huge zero reference and no deposited table (fixed in v3-05, i.e. v6.18).
 */
function copyHugePmd(
  k: Kernel,
  src: Mm,
  dst: Mm,
  svma: Vma,
  dvma: Vma,
  v: Vpn,
  e: LeafEntry | SwapEntry,
): void {
  const fn = 'copy_huge_pmd';
  k.call(fn, A(v), () => {
    if (e.kind === 'leaf' && specialSeen(k.cfg, 'pmd', e)) {
      const hz = isHugeZeroPmd(k, e);
      if (!(hz && k.feat.copyHugePmdExcludesHugeZero)) {
        k.branch(
          fn,
          hz ? 'fork-pmd-special-hz' : 'fork-pmd-special',
          hz
            ? 'pmd_special() shortcut takes the special huge zero PMD: copied as is, no huge zero reference, no deposited table (RFC 08-14; v6.18 excludes it)'
            : 'pmd_special(): a huge pfnmap, copied as is (old)',
        );
        if (isCowMapping(svma.flags) && e.write) {
          k.vmWarnOnce(
            'mm/huge_memory.c:copy_huge_pmd',
            'is_cow_mapping(src_vma->vm_flags) && pmd_write(pmd)',
          );
        }
        k.setEntry(
          dst,
          v,
          'pmd',
          { kind: 'leaf', pfn: e.pfn, write: e.write, dirty: e.dirty, young: false, special: e.special },
          'set_pmd_at',
        );
        return;
      }
      k.branch(
        fn,
        'fork-pmd-special-excl',
        'v6.18: the special shortcut excludes the huge zero PMD (!is_huge_zero_pmd)',
      );
    }
    if (!vmaIsAnonymous(dvma)) {
      k.branch(fn, 'fork-pmd-refault', '!vma_is_anonymous(dst_vma): skipped, the child refaults');
      return;
    }
    if (e.kind === 'swap') {
      k.branch(fn, 'fork-pmd-swap', `a ${e.type} PMD entry: copied`);
      copyNonpresent(k, src, dst, svma, v, 'pmd', e);
      return;
    }
    if (isHugeZeroPmd(k, e)) {
      k.branch(
        fn,
        'fork-pmd-huge-zero',
        'is_huge_zero_pmd(): the child mm takes its huge zero reference, a deposited table, both write-protected',
      );
      k.mmGetHugeZeroFolio(dst);
    } else {
      const f = k.mem.folioOrFree(e.pfn);
      if (!f) {
        k.report('info', [
          `copy_huge_pmd: pmd_page() of pfn ${hex(e.pfn)} has no struct page; the kernel would touch a bogus folio (not modelled)`,
        ]);
        return;
      }
      if (f.kind === 'anon' && folioTryDupAnonRmapFails(k, src, f, 'folio_try_dup_anon_rmap_pmd')) {
        // "Page maybe pinned: split and retry the fault on PTEs." copy_pmd_range() then copies the PTEs.
        k.branch(fn, 'FORK-PIN3', 'a maybe-pinned exclusive THP: split the PMD, -EAGAIN, copy it PTE by PTE');
        splitHugePmd(k, src, svma, v, fn);
        k.call('copy_pte_range', `${A(v)}-${A(v + 512)}`, () => {
          allocTables(k, dst, v, 'pte', 'pte_alloc');
          const rss = { anon: 0, file: 0 };
          const loop = k.trace.loopBegin();
          for (let i = 0; i < 512; i++) {
            const pe = src.pt.walk((v + i) as Vpn, 'pte').entry;
            if (pe?.kind !== 'leaf') continue;
            k.trace.iterBegin(loop);
            copyPresentPte(k, src, dst, svma, (v + i) as Vpn, pe, rss);
            k.trace.iterEnd(loop);
          }
          k.counter(dst, 'anon', rss.anon, 'add_mm_rss_vec');
        });
        return;
      }
      k.branch(
        fn,
        'fork-pmd-thp',
        'an anon THP: shared with the child, PageAnonExclusive cleared, MM_ANONPAGES +512',
      );
      const g = folioGet(k, f, 1, 'folio_get');
      k.updateFolio(g, { mapcount: g.mapcount + 1, anonExclusive: false }, 'folio_try_dup_anon_rmap_pmd');
      k.counter(dst, 'anon', 512, fn);
    }
    // mm_inc_nr_ptes() + pgtable_trans_huge_deposit()
    k.counter(dst, 'pgtables', 1, 'pgtable_trans_huge_deposit');
    if (e.write) k.setEntry(src, v, 'pmd', { ...e, write: false }, 'pmdp_set_wrprotect');
    k.setEntry(
      dst,
      v,
      'pmd',
      {
        kind: 'leaf',
        pfn: e.pfn,
        write: false,
        dirty: e.dirty,
        young: false,
        special: e.special,
        deposit: true,
      },
      'set_pmd_at',
    );
  });
}

/** copy_huge_pud() (mm/huge_memory.c): no refcount/rmap; write-protect both if CoW and writable; child old. */
function copyHugePud(k: Kernel, src: Mm, dst: Mm, svma: Vma, v: Vpn, e: LeafEntry | SwapEntry): void {
  const fn = 'copy_huge_pud';
  k.call(fn, A(v), () => {
    if (e.kind === 'swap') {
      copyNonpresent(k, src, dst, svma, v, 'pud', e);
      return;
    }
    let ce: LeafEntry = { ...e, young: false };
    if (isCowMapping(svma.flags) && e.write) {
      k.setEntry(src, v, 'pud', { ...e, write: false }, 'pudp_set_wrprotect');
      ce = { ...ce, write: false };
    }
    k.setEntry(dst, v, 'pud', ce, 'set_pud_at');
  });
}
