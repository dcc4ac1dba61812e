/**
 * Review of runs of alike page tables (family.ts) and the whole-table walks built on them: cases where the
 * run-based tables did not give what the per-entry reference (slots.reference.ts) gives, kept as tests
 * now that they are fixed.
 */
import { describe, expect, it } from 'vitest';
import { devmemRemap } from '../scenario/fixtures';
import { runOk } from '../scenario/lab';
import { leaf } from './entry';
import type { Kernel } from './kernel';
import { newKernel, RO, run as runOp, tablesDigest } from './ops/testkit';
import type { Op } from './ops/types';
import { PageTables, walkMappingRuns, withSlots } from './pagetable';
import { ArraySlots } from './slots.reference';
import type { Vpn } from './units';
import { VM } from './vma';

const reference = <T>(fn: () => T): T => withSlots((_l, stride) => new ArraySlots(stride), fn);

/** Results, events, counters and every table after each op, as text. */
function transcript(make: () => Kernel, ops: readonly Op[]): string[] {
  const k = make();
  return ops.map((op) =>
    JSON.stringify({
      r: runOp(k, op),
      events: k.trace.take(),
      counters: [...k.procs.values()].map((m) => m.counters),
      tables: [...k.procs.values()].map((m) => tablesDigest(m.pt.root, m.pt.nlevels)),
    }),
  );
}

// ---- 1. walkMappingRuns(): a PMD table that is one run of huge PMDs, walked from inside one of them -----

describe('walkMappingRuns() over a PMD table that is one run of 512 huge PMDs (wholeRun())', () => {
  /** Visits of walkMappingRuns() from `from` to `to`: address, level and pfn (how many alike differs by design). */
  function visits(from: number, to: number): string[] {
    let n = 1;
    const ids = {
      next: () => n++,
      skip: (m: number) => {
        n += m;
      },
    };
    const pt = new PageTables(4, ids);
    const G0 = 0x40000; // 1 GiB: the PMD table under PUD slot 1
    pt.ensureTable(G0 as Vpn, 'pmd');
    // 512 huge PMDs with the pfn 512 pages on per slot: one stored run over the whole PMD table.
    pt.setRun(G0 as Vpn, 'pmd', 512, leaf(0x100000, { special: true, write: true }));
    const out: string[] = [];
    walkMappingRuns(pt.root, 4, from, to, (v, level, e) => {
      out.push(`${v.toString(16)} ${level} ${e.kind === 'leaf' ? e.pfn.toString(16) : e.kind}`);
      return 1;
    });
    return out;
  }

  // Was a bug: the whole-run branch of walkMappingRuns() (pagetable.ts) handed the visitor
  // a = max(from, cb) and leafAt(whole.leaf, (a - cb) / ls, ls) even where the run's leaves are huge
  // PMDs (ls = 512) and `from` is not PMD aligned: the first huge PMD came out at `from` itself with a
  // fractional leaf offset (pfn 0x100810 for from = base + 0x810), where walkMappings() entry by entry
  // gives the huge PMD's own address and pfn (base + 0x800, pfn 0x100800).
  it('gives the huge PMD holding `from` at its own address and pfn, as the per-entry walk does', () => {
    const from = 0x40000 + 0x810;
    const to = from + 0x1000;
    expect(visits(from, to).slice(0, 3)).toEqual(reference(() => visits(from, to)).slice(0, 3));
  });

  const G0 = 0x40000;
  const pfnmap: Op = {
    op: 'mmap',
    proc: 'A',
    addr: { vpn: G0 as Vpn, off: 0 },
    bytes: 2 ** 30,
    prot: { read: true, write: true, exec: false },
    shared: true,
    backing: {
      type: 'raw-flags',
      flags: VM.READ | VM.WRITE | VM.MAYREAD | VM.MAYWRITE | VM.SHARED | VM.MAYSHARE | VM.PFNMAP | VM.IO,
      pgoff: 0,
    },
    offsetBytes: 0,
    hugepage: false,
  };
  // 512 huge PMDs of consecutive pfns and the same bits (a devdax-like driver's vmf_insert_pfn_pmd() over
  // 1 GiB would make the same): the PMD table is one run of leaves all through.
  const hugePmds: Op[] = Array.from({ length: 512 }, (_, i) => ({
    op: 'inject',
    proc: 'A',
    addr: { vpn: (G0 + i * 512) as Vpn, off: 0 },
    level: 'pmd',
    entry: { type: 'leaf', pfn: 0x100000 + i * 512, special: true, write: true, dirty: true, young: true },
  }));
  const at = (vpn: number) => ({ vpn: vpn as Vpn, off: 0 });
  // BUG (same cause): mprotect() and munmap() from inside a huge PMD find the partial huge PMD by
  // `v < start || v + 512 > end` (mprotect.ts changeProtection(), zap.ts zapRange()); with v = start
  // the first one is not split: mprotect writes a huge PMD with pfn 0x100810 (not PMD aligned) where
  // __split_huge_pmd() should run, and munmap splits the huge PMD at the end of the range instead.
  it.each([
    [
      'mprotect() from inside a later huge PMD',
      { op: 'mprotect', proc: 'A', addr: at(G0 + 0x810), bytes: 0x1000 * 4096, prot: RO },
    ],
    [
      'munmap() from inside a later huge PMD',
      { op: 'munmap', proc: 'A', addr: at(G0 + 0x810), bytes: 0x1000 * 4096 },
    ],
  ] as [string, Op][])('%s gives what the per-entry reference gives', (_name, op) => {
    const ops: Op[] = [pfnmap, ...hugePmds, op, { op: 'fork', proc: 'A', child: 'B' }];
    const make = () => newKernel('v6.18', 'x86-64');
    const runs = transcript(make, ops);
    const ref = reference(() => transcript(make, ops));
    for (let i = 0; i < ops.length; i++)
      if (runs[i] !== ref[i]) expect(`op ${i}: ${runs[i]}`).toBe(`op ${i}: ${ref[i]}`);
  });
});

// ---- 2. remap_pfn_range()'s whole-PMD-table repeat runs under the per-entry reference too -------------

describe('the per-entry reference runs remap_pfn_range() over many PMD tables entry by entry', () => {
  const GiB = 2 ** 30;
  /** /dev/mem over 5 GiB from a PUD boundary: PMD tables 3 and 4 come after two alike ones. */
  const input = devmemRemap(5 * GiB);
  const view = () =>
    runOk(input).steps.map((st) =>
      JSON.stringify({
        result: st.result,
        events: st.events,
        counters: st.state.procs.map((p) => p.counters),
        tables: st.state.procs.map((p) => tablesDigest(p.root, p.levels)),
      }),
    );
  // Was a bug: remap.ts took the whole-PMD-table repeat (alikePmdTables(), Tracer.repeatGroup(),
  // PageTables.repeatTable()) whatever the slots, so under withSlots(ArraySlots) a remap over five or more
  // PMD tables called ArraySlots.setTableRun() with len 2 and threw "the per-entry reference makes no runs
  // of tables": the reference could not check any remap of 5 GiB or more unless withoutTableGroups() was
  // also on. alikePmdTables() now asks whether the slots keep runs.
  it('a 5 GiB /dev/mem mmap gives, entry by entry, what the run-based tables give', () => {
    const ref = reference(view);
    const runs = view();
    expect(ref).toEqual(runs);
  }, 60_000);
});
