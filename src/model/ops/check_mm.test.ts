/**
 * check_mm() (kernel/fork.c) and mm->pgtables_bytes (kernel-semantics.md §3.16): the counter holds the PUD,
 * PMD and PTE tables (mm_inc_nr_puds(), mm_inc_nr_pmds(), mm_inc_nr_ptes()), never the PGD (mm_init()
 * zeroes it) nor a P4D table (__p4d_alloc() counts nothing); at exit a non-zero rss counter and a non-zero
 * pgtables_bytes are two messages of two kinds (CM-rss, CM-pgtables).
 */
import { describe, expect, it } from 'vitest';
import type { ArchPresetId } from '../config';
import type { VariantId } from '../variants';
import { A0, inject, leafSpec, mmap, proc, RW, reports, run, T0, thpFault, world, writeOp } from './testkit';

const VARIANTS: VariantId[] = ['baseline', 'rfc-14', 'v6.18', 'fix-2026'];
const exit = (k: ReturnType<typeof world>) => run(k, { op: 'exit', proc: 'A' });
const branchIds = (ev: readonly { t: string }[]) =>
  ev.flatMap((e) => (e.t === 'branch' ? [(e as unknown as { id: string }).id] : []));

for (const variant of VARIANTS) {
  for (const preset of ['x86-64', 'x86-64-la57'] as ArchPresetId[]) {
    describe(`${variant}, ${preset}`, () => {
      it('a new mm counts no table; a fault adds its PUD, PMD and PTE tables, not the PGD or a P4D', () => {
        const k = world(variant, preset);
        expect(proc(k).counters.pgtables).toBe(0);
        mmap(k, A0, 4, RW, { type: 'anon' });
        run(k, writeOp(A0));
        expect(proc(k).counters.pgtables).toBe(3);
        k.trace.take();
        expect(exit(k).detail).toBe('exited');
        const ev = k.trace.take();
        expect(proc(k).counters).toEqual({ anon: 0, file: 0, pgtables: 0 });
        expect(branchIds(ev).filter((id) => id.startsWith('CM-'))).toEqual([]);
        expect(reports(ev, 'bad_pgtables')).toHaveLength(0);
      });

      it('a table left counted is "non-zero pgtables_bytes", a report of its own (CM-pgtables)', () => {
        const k = world(variant, preset);
        mmap(k, T0, 512, RW, { type: 'anon' }, { hugepage: true });
        thpFault(k, T0, false); // the huge zero PMD and its deposited table (nr_ptes +1)
        expect(proc(k).counters.pgtables).toBe(3);
        // A raw poke clears the PMD and leaves its deposit counted: nothing withdraws it.
        inject(k, T0, 'pmd', { type: 'none' });
        k.trace.take();
        expect(exit(k).detail).toBe('exited with non-zero pgtables_bytes');
        const ev = k.trace.take();
        expect(reports(ev, 'bad_pgtables')).toEqual([
          expect.objectContaining({ lines: ['BUG: non-zero pgtables_bytes on freeing mm: 4096'] }),
        ]);
        expect(reports(ev, 'bad_rss')).toHaveLength(0);
        expect(branchIds(ev)).toContain('CM-pgtables');
        expect(branchIds(ev)).not.toContain('CM-rss');
      });

      it('an rss counter left non-zero is "Bad rss-counter state" alone (CM-rss)', () => {
        const k = world(variant, preset);
        mmap(k, A0, 4, RW, { type: 'anon' });
        // An injected PTE of the world's file page takes no RSS; its zap takes one file page off.
        inject(k, A0, 'pte', leafSpec(0x2000));
        k.trace.take();
        expect(exit(k).detail).toBe('exited with bad rss-counter state');
        const ev = k.trace.take();
        expect(reports(ev, 'bad_rss')).toEqual([
          expect.objectContaining({ lines: [expect.stringMatching(/type:MM_FILEPAGES val:-1 /)] }),
        ]);
        expect(reports(ev, 'bad_pgtables')).toHaveLength(0);
        expect(branchIds(ev)).toEqual(expect.arrayContaining(['CM-rss']));
      });
    });
  }
}
