/**
 * remap_pfn_range() (mm/memory.c remap_pfn_range / remap_pfn_range_internal / remap_pte_range; in
 * the 2026 trees the CoW rule sits in get_remap_pgoff()). kernel-semantics.md §3.2.
 */
import { leafBits } from '../entry';
import type { Kernel } from '../kernel';
import { type Mm, pgtablesCounted } from '../mm';
import { pfnmapNormalPageRun } from '../uniform';
import { asPfn, hex, type Pfn, type Vpn } from '../units';
import { pfnmapNormalPage } from '../vm_normal_page';
import { isCowMapping, VM, type Vma, vmPageProtWrite } from '../vma';
import { A, allocTables, isResult, procOf } from './common';
import { MIN_RUN, tableGroups, workRun } from './runs';
import type { Addr, OpResult } from './types';
import { zapRange } from './zap';

const REMAP_FLAGS = VM.IO | VM.PFNMAP | VM.DONTEXPAND | VM.DONTDUMP;

export function replaceVma(mm: Mm, old: Vma, next: Vma): Vma {
  mm.setVmas(mm.vmas.map((m) => (m === old ? next : m)));
  return next;
}

/** The operation: a driver's mmap handler calls remap_pfn_range() on a VMA of the process. */
export function remapPfnRangeOp(k: Kernel, procName: string, addr: Addr, pfn: Pfn, bytes: number): OpResult {
  const mm = procOf(k, procName);
  if (isResult(mm)) return mm;
  const vma = mm.findVma(addr.vpn);
  if (!vma)
    return {
      result: '-EINVAL',
      detail: `no VMA at ${A(addr.vpn)}: a driver calls remap_pfn_range() on its own VMA`,
    };
  const r = remapPfnRange(k, mm, vma, addr, pfn, bytes);
  return { result: r === 0 ? '0' : errName(r) };
}

export function errName(e: number): string {
  return (
    {
      [-22]: '-EINVAL',
      [-13]: '-EACCES',
      [-12]: '-ENOMEM',
      [-11]: '-EAGAIN',
      [-16]: '-EBUSY',
      [-14]: '-EFAULT',
      [-1]: '-EPERM',
    }[e] ?? String(e)
  );
}

const PMD_PAGES = 512 * 512;

/**
 * How many whole PMD tables from `v0` (a PMD table boundary) remap_pud_range() would fill as it did the
 * last one: none there yet, all under the same PUD table (a new one would add a pud_alloc()), inside the
 * range, and, with RFC 11's check, no pfn in them an anon folio (uniform.ts).
 */
function alikePmdTables(k: Kernel, mm: Mm, vma: Vma, v0: number, end: number, pfn: Pfn): number {
  const pud = mm.pt.walk(v0 as Vpn, 'pud');
  // The per-entry reference (slots.reference.ts) keeps no runs of tables: it fills each PMD table.
  if (pud.level !== 'pud' || !pud.table.entries.coalesces) return 0;
  let m = Math.min(Math.floor((end - v0) / PMD_PAGES), 512 - pud.index);
  if (m <= 0 || pud.table.entries.countIn(pud.index, m) !== 0) return 0;
  if (k.feat.cowPfnmapAnonRule) m = Math.floor(pfnmapNormalPageRun(k, vma, pfn, m * PMD_PAGES) / PMD_PAGES);
  return m;
}

/**
 * How many whole PTE tables from `v0` remap_pmd_range() would allocate and fill exactly as it did the
 * last one: none there yet, all under the same PMD table (a new one would add a pmd_alloc()), inside the
 * range, and, with RFC 11's check, no pfn in them an anon folio (uniform.ts). 0 when v0 starts no table.
 */
function alikeTables(k: Kernel, mm: Mm, vma: Vma, v0: number, end: number, pfn: Pfn): number {
  if (v0 % 512 !== 0) return 0;
  const pmd = mm.pt.walk(v0 as Vpn, 'pmd');
  if (pmd.level !== 'pmd') return 0;
  const inPmdTable = 512 - (pmd.index % 512);
  let m = Math.min(Math.floor((end - v0) / 512), inPmdTable);
  if (m <= 0 || pmd.table.entries.countIn(pmd.index, m) !== 0) return 0;
  if (k.feat.cowPfnmapAnonRule) m = Math.floor(pfnmapNormalPageRun(k, vma, pfn, m * 512) / 512);
  return m;
}

/** Returns 0 or a negative errno. */
export function remapPfnRange(k: Kernel, mm: Mm, vma0: Vma, addr: Addr, pfn: Pfn, bytes: number): number {
  const fn = 'remap_pfn_range';
  return k.call(fn, `vma ${vma0.name}, ${A(addr.vpn)}, pfn ${hex(pfn)}, size ${hex(bytes)}`, () => {
    let vma = vma0;
    if (addr.off !== 0) {
      k.warnOnce('mm/memory.c:remap_pfn_range_internal', '!PAGE_ALIGNED(addr)');
      k.branch(fn, 'RPR-unaligned', 'addr not page aligned: WARN, -EINVAL');
      return -22;
    }
    const start = addr.vpn;
    const end = start + Math.ceil(bytes / 4096);
    if (end <= start || end > vma.end || start < vma.start) {
      k.branch(fn, 'RPR-range', 'range outside the VMA: -EINVAL');
      return -22;
    }
    const cow = isCowMapping(vma.flags);
    if (!k.feat.cowPfnmapAnonRule) {
      if (cow) {
        // The "horrible special case": only the whole VMA, and vm_pgoff then names the first pfn.
        if (start !== vma.start || end !== vma.end) {
          k.branch(fn, 'RPR-cow-partial', 'is_cow_mapping() and not the whole VMA: -EINVAL (nothing mapped)');
          return -22;
        }
        k.branch(
          fn,
          'RPR-cow-pgoff',
          `is_cow_mapping(): vma->vm_pgoff = pfn (${hex(pfn)}) so linearity identifies the special pages`,
        );
        if (vma.pgoff !== pfn) {
          k.emit({
            t: 'vma',
            proc: mm.name,
            action: 'change',
            range: `${A(vma.start)}-${A(vma.end)}`,
            text: `vm_pgoff ${hex(vma.pgoff)} -> ${hex(pfn)}`,
            fn,
            depth: k.trace.depth,
          });
          vma = replaceVma(mm, vma, { ...vma, pgoff: pfn });
        }
      }
    } else if (cow) {
      k.branch(
        fn,
        'RPR-rfc11',
        'RFC 11: no whole-VMA rule, vm_pgoff left alone; anon pfns are refused per PTE',
      );
    }
    if ((vma.flags & REMAP_FLAGS) !== REMAP_FLAGS) {
      k.emit({
        t: 'vma',
        proc: mm.name,
        action: 'change',
        range: `${A(vma.start)}-${A(vma.end)}`,
        text: 'vm_flags |= VM_IO | VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP',
        fn,
        depth: k.trace.depth,
      });
      vma = replaceVma(mm, vma, { ...vma, flags: vma.flags | REMAP_FLAGS });
    }
    let err = 0;
    // pte_mkspecial(pfn_pte(pfn, vma->vm_page_prot)): special only where the architecture has the bit.
    const write = vmPageProtWrite(vma);
    const special = k.cfg.pteSpecial;
    k.call('remap_pte_range', `${A(start)}-${A(end)}`, () => {
      // Outer loop per PTE table (pte_alloc), inner loop per PTE: both fold, so a 1 GiB remap is a few events.
      const outer = k.trace.loopBegin();
      // The last iteration allocated one PTE table and filled all of it as one run (see below).
      let lastWhole = false;
      // Where the trace stood at the last two PMD table boundaries this loop crossed, and whether the PMD
      // table there was new (see below).
      let marks: { from: number; v: number; fresh: boolean }[] = [];
      for (let v0: number = start; v0 < end && err === 0; ) {
        if (v0 % PMD_PAGES === 0 && tableGroups.on) {
          // The last two PMD tables, both new, came out alike, each from its first PTE table to its last
          // (the same events, one PMD table on): the whole PMD tables after them would too, where none is
          // there yet and no pfn differs (uniform.ts). They are one run of alike tables (family.ts), the
          // trace grows by copies of the last group.
          const [g1, g2] = marks.slice(-2);
          const n =
            g1?.fresh && g2?.fresh && g2.v === v0 - PMD_PAGES && g1.v === v0 - 2 * PMD_PAGES
              ? alikePmdTables(k, mm, vma, v0, end, asPfn(pfn + (v0 - start)))
              : 0;
          if (
            n >= 1 &&
            g1 &&
            g2 &&
            k.trace.groupRepeats(g1.from, g2.from, PMD_PAGES, PMD_PAGES) &&
            k.trace.repeatGroup(outer, g2.from, n, PMD_PAGES, PMD_PAGES)
          ) {
            const added = mm.pt.repeatTable((v0 - PMD_PAGES) as Vpn, 'pmd', n, pgtablesCounted);
            mm.counters = { ...mm.counters, pgtables: mm.counters.pgtables + added };
            k.touchRun([mm.name], 'pte', v0, n * PMD_PAGES, 1);
            v0 += n * PMD_PAGES;
            marks = [];
            continue;
          }
          // A PMD table there already (tables left from an earlier mapping) fills otherwise than a new one.
          marks.push({ from: k.trace.mark(), v: v0, fresh: mm.pt.walk(v0 as Vpn, 'pmd').level !== 'pmd' });
        }
        const m = lastWhole ? alikeTables(k, mm, vma, v0, end, asPfn(pfn + (v0 - start))) : 0;
        if (m >= 2 && k.trace.repeat(outer, m)) {
          // m more iterations like the last: each allocates a PTE table and fills it, pfn++ per PTE. The
          // tables are one run of alike tables (family.ts), and the trace grew by arithmetic.
          mm.pt.allocRun(v0 as Vpn, 'pte', m);
          mm.counters = { ...mm.counters, pgtables: mm.counters.pgtables + m };
          mm.pt.setRun(v0 as Vpn, 'pte', m * 512, leafBits(pfn + (v0 - start), write, false, false, special));
          k.touchRun([mm.name], 'pte', v0, m * 512, 1);
          v0 += m * 512;
          continue;
        }
        lastWhole = false;
        const tablesBefore = mm.counters.pgtables;
        k.trace.iterBegin(outer);
        // One PTE table at a time, as remap_pmd_range() walks.
        const pmdW = mm.pt.walk(v0 as Vpn, 'pmd');
        if (pmdW.level === 'pmd' && pmdW.entry && pmdW.entry.kind === 'leaf') {
          // VM_BUG_ON(pmd_trans_huge(*pmd)): only with DEBUG_VM; without it pte_alloc_map_lock() fails.
          if (k.cfg.debugVm) k.bug('mm/memory.c:remap_pmd_range', 'VM_BUG_ON(pmd_trans_huge(*pmd))');
          k.branch(
            'remap_pte_range',
            'RPR-huge',
            'a huge PMD maps the range: pte_alloc_map_lock() fails, -ENOMEM',
          );
          err = -12;
          break;
        }
        if (!allocTables(k, mm, v0 as Vpn, 'pte', 'pte_alloc')) {
          err = -12;
          break;
        }
        const tableEnd = Math.min(end, v0 - (v0 % 512) + 512);
        const f = k.trace.loopBegin();
        const one = (v: number) => {
          const p = asPfn(pfn + (v - start));
          if (mm.pt.pteTable(v)?.entries.get(v % 512))
            k.bug('mm/memory.c:remap_pte_range', '!pte_none(ptep_get(pte))');
          if (k.feat.cowPfnmapAnonRule && pfnmapNormalPage(k, vma, p)) {
            k.branch(
              'remap_pte_range',
              'RPR-anon',
              `pfn ${hex(p)} is an anon folio in a CoW mapping: -EINVAL`,
            );
            err = -22;
          } else {
            k.setEntry(mm, v as Vpn, 'pte', leafBits(p, write, false, false, special), 'remap_pte_range');
          }
        };
        let v = v0;
        // The table's PTEs at once when all are none and none of the pfns is refused (uniform.ts): each
        // then gets its pfn, pfn++ per PTE, as remap_pte_range() writes them.
        const n = tableEnd - v0;
        const ents = mm.pt.pteTable(v0)?.entries;
        const alike =
          n >= MIN_RUN && ents?.coalesces && ents.countIn(v0 % 512, n) === 0
            ? k.feat.cowPfnmapAnonRule
              ? pfnmapNormalPageRun(k, vma, asPfn(pfn + (v0 - start)), n)
              : n
            : 0;
        if (alike >= MIN_RUN) {
          lastWhole = alike === 512 && mm.counters.pgtables === tablesBefore + 1;
          v += workRun(
            k,
            f,
            v0,
            alike,
            1,
            one,
            (vj, _j, m) =>
              mm.pt.setRun(vj as Vpn, 'pte', m, leafBits(pfn + (vj - start), write, false, false, special)),
            [mm.name],
            'pte',
          );
        }
        if (v < tableEnd) lastWhole = false;
        for (; v < tableEnd && err === 0; v++) {
          k.trace.iterBegin(f);
          one(v);
          k.trace.iterEnd(f);
        }
        v0 = tableEnd;
        k.trace.iterEnd(outer);
      }
    });
    if (err) {
      k.branch(fn, 'RPR-error', 'error: zap the whole requested range again');
      zapRange(k, mm, vma, start, end, fn);
      return err;
    }
    return 0;
  });
}
