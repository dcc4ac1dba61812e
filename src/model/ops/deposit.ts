/** Page tables deposited under huge PMDs (pgtable_trans_huge_deposit/withdraw, mm/pgtable-generic.c). */
import { type LeafEntry, leafBits } from '../entry';
import type { Kernel } from '../kernel';
import type { Mm } from '../mm';
import type { Vpn } from '../units';
import { A } from './common';

/**
 * zap_deposited_table(): pgtable_trans_huge_withdraw() + pte_free() + mm_dec_nr_ptes(). The deposit list
 * belongs to the PMD table (pmd_huge_pte), so a PMD without its own deposit takes another PMD's; with
 * none at all, the generic withdraw dereferences NULL (mm/pgtable-generic.c).
 */
export function zapDepositedTable(k: Kernel, mm: Mm, v: Vpn, e: LeafEntry): void {
  if (!withdrawDeposit(k, mm, v, e)) return;
  k.counter(mm, 'pgtables', -1, 'zap_deposited_table');
}

/** pgtable_trans_huge_withdraw(): true when a table was withdrawn; oopses when the list is empty. */
export function withdrawDeposit(k: Kernel, mm: Mm, v: Vpn, e: LeafEntry): boolean {
  if (e.deposit) return true;
  const w = mm.pt.walk(v, 'pmd');
  if (w.level === 'pmd') {
    for (let i = 0; i < 512; i++) {
      const o = w.table.entries.get(i);
      if (o && o.kind === 'leaf' && o.deposit) {
        const ov = (v - (v % (512 * 512)) + i * 512) as Vpn;
        k.report('info', [
          `pgtable_trans_huge_withdraw(): this PMD has no deposited table; it takes the one deposited for ${A(ov)} (the list is per PMD table)`,
        ]);
        // The same leaf without the deposit bit (leafBits(): no `deposit` key, as every leaf without one).
        k.setEntry(
          mm,
          ov,
          'pmd',
          leafBits(o.pfn, o.write, o.dirty, o.young, o.special),
          'pgtable_trans_huge_withdraw',
        );
        return true;
      }
    }
  }
  k.bug(
    'mm/pgtable-generic.c:pgtable_trans_huge_withdraw',
    'no page table was deposited for this PMD (pmd_huge_pte == NULL)',
    [
      'BUG: kernel NULL pointer dereference, address: 0000000000000000',
      '#PF: supervisor read access in kernel mode',
      'RIP: pgtable_trans_huge_withdraw',
    ],
  );
}
