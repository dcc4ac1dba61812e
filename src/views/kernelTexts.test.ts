/**
 * Every variant-dependent text, rendered under every variant and checked against what the model does in that
 * variant: the functions it names (the report's printer, the callback, the huge zero test, the CoW PFNMAP
 * rule) and the variants it says a function exists in. The expectations are read off the model (classify()
 * and full runs), not restated, so a text and the model cannot drift apart.
 */
import { describe, expect, it } from 'vitest';
import { type MachineConfig, presetConfig } from '../model/config';
import { type LeafEntry, type LeafLevel, leaf } from '../model/entry';
import type { Badge } from '../model/inspect';
import { type FolioKind, type FolioSpec, memLayout, PhysMem } from '../model/physmem';
import type { StepRecord } from '../model/run';
import { asPfn, type Vpn } from '../model/units';
import { VARIANT_IDS, type VariantId, variantInfo } from '../model/variants';
import { type Classification, classify } from '../model/vm_normal_page';
import { type Backing, VM, type Vma } from '../model/vma';
import { runScenarioInput } from '../scenario/run';
import { BADGE_ORDER } from './badges';
import {
  badgeDescription,
  cowTitle,
  findNormalPageHint,
  pteSpecialHint,
  variantSetText,
} from './kernelTexts';

// ---- the model, asked directly ---------------------------------------------------------------------------

const folio = (pfn: number, order: number, kind: FolioKind): FolioSpec => ({
  pfn,
  order,
  kind,
  refcount: 1,
  mapcount: kind === 'anon' ? 1 : 0,
  anonExclusive: kind === 'anon',
  content: kind,
});
const MEM = new PhysMem(
  memLayout({
    ranges: [
      { start: 0, end: 0x80000, type: 'ram', name: 'System RAM' },
      { start: 0xfe000, end: 0x110000, type: 'device', name: 'MMIO' },
    ],
    zeroPfn: 0x42,
    hugeZeroPfn: 0x200,
    highestMemmapPfn: 0x7ffff,
    allocStart: 0x8000,
  }),
);
MEM.put(folio(0x42, 0, 'zero'));
MEM.put(folio(0x200, 9, 'huge_zero'));
MEM.put(folio(0x1400, 9, 'anon'));

function vma(flags: number, backing: Backing, pgoff = 0x40000): Vma {
  return {
    id: 1,
    start: 0x40000 as Vpn,
    end: 0x80000 as Vpn,
    pgoff,
    flags: flags | VM.READ | VM.MAYREAD,
    backing,
    anonVma: true,
    name: 'T',
  };
}
const ANON = vma(VM.WRITE | VM.MAYWRITE, { type: 'anon' });
/** /dev/mem MAP_PRIVATE: a CoW VM_PFNMAP, vm_pgoff = the first pfn. */
const COW_PFNMAP = vma(VM.PFNMAP | VM.IO | VM.MAYWRITE, { type: 'devmem' }, 0x4000);
/** Xen gntdev: MIXEDMAP with a find_*_page() callback. */
const GNTDEV = vma(VM.MIXEDMAP | VM.SHARED | VM.MAYSHARE, { type: 'gntdev', pages: [asPfn(0x6000)] });

const X86_64 = presetConfig('x86-64');
const NO_SPECIAL = presetConfig('no-pte-special');

function cls(v: VariantId, cfg: MachineConfig, area: Vma, level: LeafLevel, e: LeafEntry): Classification {
  return classify({ cfg, feat: variantInfo(v).features, mem: MEM }, area, area.start, level, e);
}
const conds = (c: Classification) => c.checks.map((k) => k.cond).join('\n');

// ---- the model, run: which function prints "Bad page map" ---------------------------------------------

function printers(v: VariantId, level: 'pte' | 'pmd'): string[] {
  const r = runScenarioInput({
    version: 1,
    kernel: { variant: v, preset: 'x86-64' },
    processes: [{ name: 'A' }],
    steps: [
      {
        op: 'mmap',
        proc: 'A',
        addr: '0x40000000',
        length: '0x200000',
        prot: ['read', 'write'],
        backing: { type: 'anon' },
      },
      {
        op: 'inject',
        proc: 'A',
        addr: '0x40000000',
        level,
        entry: { type: 'leaf', pfn: level === 'pte' ? '0x10000' : '0x10000', special: true },
      },
      {
        op: 'query',
        proc: 'A',
        addr: '0x40000000',
        fn: level === 'pte' ? 'vm_normal_page' : 'vm_normal_page_pmd',
      },
    ],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return (r.run.steps[3] as StepRecord).events.flatMap((e) =>
    e.t === 'report' && e.kind === 'bad_page_map' && e.site ? [e.site.split(':')[1] as string] : [],
  );
}

// ---- the tests ---------------------------------------------------------------------------------------------

const OTHER_PRINTER: Record<string, string> = {
  print_bad_pte: 'print_bad_page_map',
  print_bad_page_map: 'print_bad_pte',
};

describe('variantSetText', () => {
  it('names runs of RFC patches and the 2026 trees as the stories do', () => {
    expect(variantSetText(['rfc-13', 'rfc-14', 'v6.18', 'mm-2026', 'fix-2026'])).toBe(
      'RFC 13-14, v6.18 and the 2026 trees',
    );
    expect(variantSetText(['baseline', 'v6.17', 'rfc-01', 'rfc-02'])).toBe(
      'the baseline, v6.17 and RFC 01-02',
    );
    expect(variantSetText(['rfc-14'])).toBe('RFC 14');
  });
});

describe('every variant-dependent text matches the model, under every variant', () => {
  const pudExists = VARIANT_IDS.filter(
    (v) => !cls(v, X86_64, ANON, 'pud', leaf(0x100000, { special: true })).missing,
  );
  const readsFindNormalPage = VARIANT_IDS.filter((v) =>
    conds(
      cls(v, { ...X86_64, findNormalPage: true }, GNTDEV, 'pte', leaf(0x90000, { special: true })),
    ).includes('find_normal_page'),
  );

  for (const v of VARIANT_IDS) {
    describe(v, () => {
      const text = (b: Badge) => badgeDescription(b, v);

      it('every badge has a description', () => {
        for (const b of BADGE_ORDER) expect(text(b).length, b).toBeGreaterThan(10);
      });

      it('"Bad page map" names the printer the model reports through, and the levels it reports at', () => {
        const pte = printers(v, 'pte');
        expect(pte).toHaveLength(1);
        const fn = pte[0] as string;
        expect(text('bad')).toContain(`${fn}()`);
        expect(text('bad')).not.toContain(`${OTHER_PRINTER[fn]}()`);
        expect(text('bad').includes('at any level'), 'reports for a PMD too').toBe(
          printers(v, 'pmd').length > 0,
        );
      });

      it('n/a names the variants where vm_normal_page_pud() exists', () => {
        expect(text('n/a')).toContain(variantSetText(pudExists));
        expect(text('n/a').includes('has no vm_normal_page_pud()')).toBe(!pudExists.includes(v));
        expect(text('n/a')).not.toMatch(/before v6\.18/);
      });

      it('normal names the callback the model asks, and the bogus pfn only where the model returns it', () => {
        const c = cls(
          v,
          { ...X86_64, findNormalPage: true },
          GNTDEV,
          'pte',
          leaf(0x90000, { special: true }),
        );
        const asked = conds(c).includes('find_normal_page') ? 'find_normal_page' : 'find_special_page';
        expect(conds(c)).toContain(asked);
        expect(text('normal')).toContain(`${asked}()`);
        expect(text('normal')).not.toContain(
          `${asked === 'find_normal_page' ? 'find_special_page' : 'find_normal_page'}()`,
        );
        const bogus = cls(v, X86_64, ANON, 'pte', leaf(0x123456));
        expect(text('normal').includes('pfn_to_page()'), 'a struct page beyond the memmap').toBe(
          bogus.page !== null,
        );
        expect(text('normal')).not.toMatch(/refcounted and mapcounted/);
      });

      it('huge zero names the test that decides in the model', () => {
        const c = cls(v, NO_SPECIAL, ANON, 'pmd', leaf(0x200));
        expect(c.page).toBeNull();
        const decided = c.checks.find((k) => k.id === c.branch)?.cond ?? '';
        const name = /is_huge_zero_(pmd|pfn)/.exec(decided)?.[0];
        expect(name, decided).toBeDefined();
        expect(text('huge-zero')).toContain(`${name}()`);
      });

      it('the CONFIG_ARCH_HAS_PTE_SPECIAL hint and the CoW title name the CoW PFNMAP rule the model applies', () => {
        const c = cls(v, NO_SPECIAL, COW_PFNMAP, 'pte', leaf(0x4000));
        const anonRule = c.impl === 'vm_pfnmap_normal_page_pfn';
        expect(anonRule || conds(c).includes('vm_pgoff')).toBe(true);
        for (const t of [pteSpecialHint(v), cowTitle(v)]) {
          expect(t.includes('vm_pfnmap_normal_page_pfn()'), t).toBe(anonRule);
          expect(t.includes('linearity rule'), t).toBe(!anonRule);
        }
      });

      it('the CONFIG_ARCH_HAS_PTE_SPECIAL hint says whether the option decides for PMDs too', () => {
        const c = cls(v, presetConfig('x86-32-thp'), ANON, 'pmd', leaf(0x1400));
        const decides = conds(c).includes('IS_ENABLED(CONFIG_ARCH_HAS_PTE_SPECIAL)');
        expect(pteSpecialHint(v).includes('PMDs and PUDs')).toBe(decides);
      });

      it('the CONFIG_FIND_NORMAL_PAGE hint names the variants that read find_normal_page()', () => {
        expect(findNormalPageHint()).toContain(`read by ${variantSetText(readsFindNormalPage)})`);
      });
    });
  }
});
