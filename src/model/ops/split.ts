/** __split_huge_pmd() (mm/huge_memory.c): a PMD leaf becomes a PTE table, or goes away for file VMAs. */
import { type Entry, type LeafEntry, leaf, mkspecial } from '../entry';
import type { Kernel } from '../kernel';
import type { Mm } from '../mm';
import type { Table } from '../pagetable';
import { myZeroPfn } from '../physmem';
import type { Vpn } from '../units';
import { type Vma, vmaIsAnonymous } from '../vma';
import { A } from './common';
import { withdrawDeposit } from './deposit';
import { addRss, folioPut, rmapRemove } from './folio_ref';

/**
 * Fills the table withdrawn from the PMD's deposit (pgtable_trans_huge_withdraw(): another PMD's when this
 * one has none, an oops when there is none at all) and installs it: nr_ptes does not change.
 */
function installTable(k: Kernel, mm: Mm, v: Vpn, pmd: LeafEntry, fill: (t: Table) => void, fn: string): void {
  withdrawDeposit(k, mm, v, pmd);
  const t = mm.pt.makeTable('pte');
  fill(t);
  const e: Entry = { kind: 'table', table: t };
  k.setTableEntry(mm, v, 'pmd', e, fn);
}

export function splitHugePmd(k: Kernel, mm: Mm, vma: Vma, v: Vpn, _caller: string): void {
  const fn = '__split_huge_pmd';
  const w = mm.pt.walk(v, 'pmd');
  const e = w.entry;
  if (w.level !== 'pmd' || !e || e.kind !== 'leaf') return;
  k.call(fn, A(v), () => {
    const isHz = k.feat.hugeZeroAnyPfn ? k.mem.isHugeZeroAny(e.pfn) : k.mem.isHugeZeroExact(e.pfn);
    if (!vmaIsAnonymous(vma)) {
      k.branch(fn, 'split-file', '!vma_is_anonymous(): the PMD is zapped, faults refill PTEs');
      k.setEntry(mm, v, 'pmd', undefined, fn);
      if (e.deposit) k.counter(mm, 'pgtables', -1, 'zap_deposited_table');
      if (isHz || vma.backing.type === 'dax' || vma.backing.type !== 'file') return;
      const f = k.mem.folioAt(e.pfn);
      if (!f) return;
      addRss(k, mm, f, -512, fn);
      const r = rmapRemove(k, f, 'folio_remove_rmap_pmd');
      folioPut(k, r.folio, 1, fn);
      return;
    }
    if (isHz) {
      // __split_huge_zero_page_pmd(): 512 special PTEs of the shared zero page in the withdrawn table.
      k.branch(
        fn,
        'split-huge-zero',
        '__split_huge_zero_page_pmd(): 512 zero-page PTEs, special with pte_special',
      );
      // pfn_pte(my_zero_pfn(addr), ...) for each addr: the colours repeat every zeroPages PTEs.
      const ptes = Array.from({ length: k.mem.layout.zeroPages ?? 1 }, (_, c) =>
        mkspecial(k.cfg, 'pte', leaf(myZeroPfn(k.mem.layout, v + c))),
      );
      installTable(
        k,
        mm,
        v,
        e,
        (t) => {
          for (let i = 0; i < 512; i++) t.entries.set(i, ptes[i % ptes.length]);
          t.used = 512;
        },
        fn,
      );
      return;
    }
    k.branch(fn, 'split-anon', 'anon THP: 512 PTEs map the folio, mapcount and refcount per PTE');
    const bits = { write: e.write, dirty: e.dirty, young: e.young };
    installTable(
      k,
      mm,
      v,
      e,
      (t) => {
        t.entries.setRun(0, 512, leaf(e.pfn, bits));
        t.used = 512;
      },
      fn,
    );
    const f = k.mem.folioAt(e.pfn);
    if (f) k.updateFolio(f, { mapcount: f.mapcount + 511, refcount: f.refcount + 511 }, fn);
  });
}
