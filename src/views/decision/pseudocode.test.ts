/**
 * The excerpts must name every branch the classifier can take: classify() runs over a grid of variants,
 * configurations, VMAs, pfns and special bits, and each branch ID it returns (and each ID on its decision
 * path) must be a tagged line of the excerpt the view shows for that variant and level.
 */
import { describe, expect, it } from 'vitest';
import { type MachineConfig, presetConfig } from '../../model/config';
import { type LeafLevel, leaf } from '../../model/entry';
import { type Folio, type FolioKind, type MemView, memLayout } from '../../model/physmem';
import { asPfn, HPAGE_PMD_NR } from '../../model/units';
import { VARIANT_IDS, type VariantId, variantInfo } from '../../model/variants';
import { classify } from '../../model/vm_normal_page';
import { type Backing, VM, type Vma } from '../../model/vma';
import { excerptFor, excerptIds, lineStates, linesOf, sinceTagOf, upstreamLink } from './pseudocode';

const Z = 0x42;
const H = 0x200;
const HIGH = 0x7ffff;
const ANON = 0x1001;
const FILE = 0x2000;
const SLAB = 0x3000;
const FREE = 0x4000;
const MMIO = 0xfe000;
const WILD = 0x123456;
const ZD = 0x90000; // pfn_valid() above highest_memmap_pfn

const KIND: Record<number, FolioKind> = { [Z]: 'zero', [ANON]: 'anon', [FILE]: 'file', [SLAB]: 'slab' };
const mkFolio = (pfn: number, kind: FolioKind, order = 0): Folio => ({
  pfn: asPfn(pfn),
  order,
  kind,
  refcount: 1,
  mapcount: 0,
  anonExclusive: false,
  content: kind,
});

const MEM: MemView = {
  layout: memLayout({
    ranges: [
      { start: 0, end: HIGH + 1, type: 'ram' },
      { start: ZD, end: ZD + 0x200, type: 'ram' },
      { start: MMIO, end: MMIO + 0x100, type: 'device' },
    ],
    zeroPfn: Z,
    hugeZeroPfn: H,
    highestMemmapPfn: HIGH,
    allocStart: 0x8000,
  }),
  highestMemmapPfn: asPfn(HIGH),
  pfnValid: (p) => p <= HIGH || (p >= ZD && p < ZD + 0x200),
  isZeroPfn: (p) => p === Z,
  isHugeZeroAny: (p) => p - (p % HPAGE_PMD_NR) === H,
  isHugeZeroExact: (p) => p === H,
  folioAt: (p) => {
    if (p - (p % HPAGE_PMD_NR) === H) return mkFolio(H, 'huge_zero', 9);
    const k = KIND[p];
    return k ? mkFolio(p, k) : undefined;
  },
};

const START = 1 << 20; // PUD aligned (pages)
const PRIVATE = VM.READ | VM.WRITE | VM.MAYREAD | VM.MAYWRITE;
const SHARED = PRIVATE | VM.SHARED | VM.MAYSHARE;
const mk = (name: string, flags: number, pgoff: number, backing: Backing): Vma => ({
  id: 1,
  name,
  start: START as Vma['start'],
  end: (START + (1 << 18)) as Vma['end'],
  pgoff,
  flags,
  backing,
  anonVma: false,
});
const VMAS: Vma[] = [
  mk('anon', PRIVATE, START, { type: 'anon' }),
  mk('cow pfnmap', PRIVATE | VM.PFNMAP | VM.IO, FREE, { type: 'devmem' }),
  mk('shared pfnmap', SHARED | VM.PFNMAP | VM.IO, FREE, { type: 'devmem' }),
  mk('mixedmap', SHARED | VM.MIXEDMAP, 0, { type: 'mixedmap-driver', pfnBase: asPfn(0) }),
  mk('cow mixedmap', PRIVATE | VM.MIXEDMAP, 0, { type: 'mixedmap-driver', pfnBase: asPfn(0) }),
  mk('gntdev', SHARED | VM.MIXEDMAP, 0, { type: 'gntdev', pages: [asPfn(ANON)] }),
  mk('raw cb', PRIVATE, 0, { type: 'raw', findPage: [null] }),
];
const PFNS = [Z, H, H + 1, ANON, FILE, SLAB, FREE, FREE + 1, MMIO, WILD, ZD];
const LEVELS: LeafLevel[] = ['pte', 'pmd', 'pud'];

function configs(): MachineConfig[] {
  const out: MachineConfig[] = [];
  for (const pteSpecial of [true, false])
    for (const pmdPfnmap of [true, false])
      for (const pudPfnmap of [true, false])
        for (const findNormalPage of [true, false])
          out.push({ ...presetConfig('x86-64'), pteSpecial, pmdPfnmap, pudPfnmap, findNormalPage });
  return out;
}

/** For each variant and level: impl -> every branch ID seen (the deciding one and those on the path). */
function observe(): Map<string, Map<string, Set<string>>> {
  const seen = new Map<string, Map<string, Set<string>>>();
  for (const variant of VARIANT_IDS) {
    const feat = variantInfo(variant).features;
    for (const cfg of configs()) {
      const ctx = { cfg, feat, mem: MEM };
      for (const level of LEVELS)
        for (const vma of VMAS)
          for (const pfn of PFNS)
            for (const special of [true, false]) {
              const c = classify(ctx, vma, START, level, leaf(pfn, { special }), true);
              if (c.missing) continue;
              const key = `${variant}/${level}`;
              const byImpl = seen.get(key) ?? new Map<string, Set<string>>();
              seen.set(key, byImpl);
              const ids = byImpl.get(c.impl) ?? new Set<string>();
              byImpl.set(c.impl, ids);
              ids.add(c.branch);
              for (const ch of c.checks) if (ch.id) ids.add(ch.id);
            }
    }
  }
  return seen;
}

const SEEN = observe();

describe('pseudo-code excerpts', () => {
  it('every branch ID the classifier takes for an impl is a tagged line of that excerpt', () => {
    const missing: string[] = [];
    for (const [key, byImpl] of SEEN) {
      const [variant, level] = key.split('/') as [VariantId, LeafLevel];
      const ex = excerptFor(variant, level);
      if (!ex) {
        missing.push(`${key}: no excerpt`);
        continue;
      }
      const tagged = excerptIds(ex);
      for (const [impl, ids] of byImpl) {
        if (!ex.functions.includes(impl)) missing.push(`${key}: ${impl} not in ${ex.functions.join(', ')}`);
        for (const id of ids) if (!tagged.has(id)) missing.push(`${key} ${impl}: ${id}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('the grid reaches every branch of kernel-semantics.md §2 that the excerpts name', () => {
    const observed = new Set<string>();
    for (const byImpl of SEEN.values())
      for (const ids of byImpl.values()) for (const id of ids) observed.add(id);
    const named = new Set<string>();
    for (const v of VARIANT_IDS)
      for (const level of LEVELS) {
        const ex = excerptFor(v, level);
        if (ex) for (const id of excerptIds(ex)) named.add(id);
      }
    expect([...named].filter((id) => !observed.has(id))).toEqual([]);
    for (const id of ['B-P5', 'B-N1c', 'B-M5', 'R-F4', 'R-U1', 'M-S1a', 'M-H', 'M-OK'])
      expect(named).toContain(id);
  });

  it('has no excerpt for vm_normal_page_pud() before RFC 13', () => {
    expect(excerptFor('v6.17', 'pud')).toBeNull();
    expect(excerptFor('rfc-12', 'pud')).toBeNull();
    expect(excerptFor('rfc-13', 'pud')?.functions[0]).toBe('vm_normal_page_pud');
  });

  it('shows the RFC 01 lines: no highest_memmap_pfn check, VM_WARN_ON_ONCE(!pfn_valid(pfn))', () => {
    const text = (v: VariantId, level: LeafLevel) =>
      excerptFor(v, level)
        ?.lines.map((x) => x.text)
        .join('\n') ?? '';
    expect(text('baseline', 'pte')).toContain('highest_memmap_pfn');
    expect(text('baseline', 'pte')).not.toContain('!pfn_valid(pfn));');
    expect(text('rfc-01', 'pte')).not.toContain('highest_memmap_pfn');
    expect(text('rfc-01', 'pte')).toContain('VM_WARN_ON_ONCE(!pfn_valid(pfn));');
    expect(text('rfc-01', 'pmd')).not.toContain('highest_memmap_pfn');
    const r01 = excerptFor('rfc-01', 'pte');
    expect(r01?.lines.filter((x) => x.since === 'RFC 01').map((x) => x.text.trim())).toEqual([
      'goto out;',
      'VM_WARN_ON_ONCE(!pfn_valid(pfn));',
    ]);
  });

  it('tests the huge zero PMD exactly before v6.17 / RFC 09 and by any pfn after', () => {
    const hz = (v: VariantId) => {
      const ex = excerptFor(v, 'pmd');
      return ex ? ex.lines[linesOf(ex, 'B-M4')[0] ?? -1]?.text.trim() : undefined;
    };
    expect(hz('baseline')).toBe('if (is_huge_zero_pmd(pmd))');
    expect(hz('rfc-08')).toBe('if (is_huge_zero_pmd(pmd))');
    expect(hz('v6.17')).toBe('if (is_huge_zero_pfn(pfn))');
    expect(hz('rfc-09')).toBe('if (is_huge_zero_pfn(pfn))');
  });

  it('has vm_pfnmap_normal_page_pfn() from RFC 11 on and the per-level switch only in the 2026 fix', () => {
    expect(excerptFor('rfc-10', 'pte')?.functions).toEqual(['vm_normal_page', 'vm_normal_page_pfn']);
    expect(excerptFor('rfc-11', 'pte')?.functions).toContain('vm_pfnmap_normal_page_pfn');
    expect(excerptFor('v6.18', 'pmd')?.functions).toEqual(['vm_normal_page_pmd', '__vm_normal_page']);
    expect(excerptFor('mm-2026', 'pmd')?.functions).not.toContain('pgtable_level_has_pxx_special');
    expect(excerptFor('fix-2026', 'pmd')?.functions).toContain('pgtable_level_has_pxx_special');
  });

  it("links each variant's own code: the function at its tag, the RFC's patch mail, a 2026 tree's commits", () => {
    const hrefs = (v: Parameters<typeof upstreamLink>[0], fn?: string) =>
      upstreamLink(v, fn).map((l) => l.href);
    expect(hrefs('v6.17', 'vm_normal_folio_pmd')).toEqual([
      'https://elixir.bootlin.com/linux/v6.17/A/ident/vm_normal_page_pmd',
    ]);
    expect(hrefs('v6.18')).toEqual(['https://elixir.bootlin.com/linux/v6.18/A/ident/__vm_normal_page']);
    expect(hrefs('fix-2026')).toHaveLength(3);
    expect(hrefs('rfc-11')).toEqual(['https://lore.kernel.org/r/20250617154345.2494405-12-david@redhat.com']);
    expect(upstreamLink('baseline')[0]?.text).toBe('the code before RFC 01, in its mail');
  });
});

describe('lineStates', () => {
  it('marks the deciding line, the lines passed and the conditions found false', () => {
    const ex = excerptFor('v6.18', 'pte');
    if (!ex) throw new Error('no excerpt');
    const st = lineStates(ex, {
      branch: 'M-N3',
      checks: [{ value: false }, { id: 'M-N1b', value: false }, { id: 'M-N3', value: true }],
    });
    const at = (s: string) => ex.lines.map((x, i) => (st[i] === s ? x.text.trim() : null)).filter(Boolean);
    expect(at('decided')).toEqual(['return NULL;']);
    expect(at('not-taken')).toEqual(['if (vma->vm_flags & VM_MIXEDMAP) {']);
    expect(at('taken')).toEqual([]);
  });

  it('names the patch of each RFC variant for its own lines', () => {
    expect(sinceTagOf('rfc-11')).toBe('RFC 11');
    expect(sinceTagOf('v6.17')).toBe('RFC 09 (v6.17)');
    expect(sinceTagOf('fix-2026')).toBe('2026 fix');
    expect(sinceTagOf('v6.18')).toBeUndefined();
    const tags = new Set(excerptFor('rfc-11', 'pte')?.lines.map((x) => x.since));
    expect(tags).toContain('RFC 11');
  });
});
