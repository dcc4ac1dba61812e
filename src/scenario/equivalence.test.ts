/**
 * The branch-equivalence table held to docs/kernel-semantics.md and to the model:
 *
 * - every deciding ID of §2.2-§2.4 is in one class, and every class cites the sections defining its IDs;
 * - the §2.7 matrix, read from the document: IDs of one class never give two results in a row, and in one
 *   configuration two cells with the same outcome have IDs of one class unless the pair is listed below as
 *   two different checks (with the reason);
 * - the model: over a sweep of entries, VMAs, configurations and every variant, the IDs of one class
 *   return the same page (or NULL) and the same "Bad page map" for the same entry.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type MachineConfig, presetConfig } from '../model/config';
import { type LeafLevel, leaf } from '../model/entry';
import { type FolioKind, memLayout, PhysMem } from '../model/physmem';
import { asPfn, vpn } from '../model/units';
import { VARIANT_IDS, variantInfo } from '../model/variants';
import { classify } from '../model/vm_normal_page';
import { type Backing, VM, type Vma } from '../model/vma';
import { BRANCH_CLASS_SOURCES, BRANCH_CLASSES, branchClass } from './equivalence';

const DOC = readFileSync(new URL('../../docs/kernel-semantics.md', import.meta.url), 'utf8');

/** The text of each numbered section ("2.2" → its lines, up to the next heading). */
function sections(md: string): Map<string, string> {
  const out = new Map<string, string>();
  let cur: string | undefined;
  for (const line of md.split('\n')) {
    const h = /^#{2,6} (\d+(?:\.\d+)*)\.? /.exec(line);
    if (h) cur = h[1];
    else if (/^#{1,6} /.test(line)) cur = undefined;
    else if (cur) out.set(cur, `${out.get(cur) ?? ''}${line}\n`);
  }
  return out;
}
const SECTIONS = sections(DOC);
const rowIds = (text: string) =>
  [...text.matchAll(/^\| ([BRM]-[A-Za-z0-9]+) \|/gm)].map((m) => m[1] as string);

/** The rows of §2.2-§2.4 that pass a call on instead of ending it: a trace never records them. */
const GO_ON = ['B-P1', 'R-P2', 'R-M2', 'R-U2', 'R-N1b', 'R-N2', 'R-F0', 'M-Y0', 'M-N1b'];

const CLASSED = BRANCH_CLASSES.flatMap((c) => c.split(' '));

describe('the table against §2.2-§2.4', () => {
  const defined = new Map<string, string>();
  for (const s of ['2.2', '2.3', '2.4']) for (const id of rowIds(SECTIONS.get(s) ?? '')) defined.set(id, s);

  it('reads the three bodies', () => {
    expect(defined.size).toBe(57);
  });

  it('puts every deciding ID in exactly one class, and the "go on" rows in none', () => {
    expect(new Set(CLASSED).size).toBe(CLASSED.length);
    const deciding = [...defined.keys()].filter((id) => !GO_ON.includes(id)).sort();
    expect(CLASSED.filter((id) => id !== 'n/a').sort()).toEqual(deciding);
    for (const id of GO_ON) expect(defined.has(id), id).toBe(true);
  });

  it('each class has a name, says its check, and cites the section that defines each of its IDs', () => {
    expect(Object.keys(BRANCH_CLASS_SOURCES).sort()).toEqual([...BRANCH_CLASSES].sort());
    const names = Object.values(BRANCH_CLASS_SOURCES).map((x) => x.name);
    expect(new Set(names).size).toBe(names.length);
    for (const c of BRANCH_CLASSES) {
      const { name, cite, check } = BRANCH_CLASS_SOURCES[c] ?? { name: c, cite: '', check: '' };
      expect(check.length, name).toBeGreaterThan(10);
      for (const id of c.split(' ')) {
        if (id === 'n/a') continue;
        expect(cite, `${name}: ${id}`).toContain(id);
        expect(cite, `${name}: ${id} is defined in §${defined.get(id)}`).toContain(`§${defined.get(id)}`);
      }
    }
  });

  it('maps an ID to its class, and an unknown ID to itself', () => {
    expect(branchClass('B-P4')).toBe(branchClass('M-S1c'));
    expect(branchClass('B-N2a')).toBe(branchClass('R-N2a'));
    expect(branchClass('B-N5')).toBe(branchClass('R-NORMAL'));
    expect(branchClass('R-F3')).not.toBe(branchClass('R-N2a'));
    expect(branchClass('zap-folio')).toBe('zap-folio');
  });
});

// ---- §2.7, read from the document ---------------------------------------------------------------------

interface Cell {
  readonly col: string;
  /** N, P, B, P+W, N+W; "n/a" (no such function); undefined where the entry cannot exist. */
  readonly outcome: string | undefined;
  readonly id: string | undefined;
}

function matrix(): { entry: string; cells: Cell[] }[] {
  const lines = (SECTIONS.get('2.7') ?? '')
    .split('\n')
    .filter((l) => l.startsWith('|') && !l.startsWith('|-'));
  const head = (lines[0] ?? '')
    .split('|')
    .slice(2, -1)
    .map((c) => c.trim());
  return lines.slice(1).map((l) => {
    const cells = l
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    return {
      entry: cells[0] as string,
      cells: cells.slice(1).map((c, i) => {
        const col = head[i] as string;
        if (c === '—') return { col, outcome: undefined, id: undefined };
        if (c === 'n/a') return { col, outcome: 'n/a', id: 'n/a' };
        const [outcome, id] = c.split(' ');
        return { col, outcome, id };
      }),
    };
  });
}
const MATRIX = matrix();

/**
 * Cells of one configuration with the same outcome whose IDs are two checks, not one: another test
 * decides, so the pair is a change of code path. Each pair is listed once, IDs in sorted order.
 */
const DIFFERENT_CHECKS: Record<string, string> = {
  'B-N2a R-F3': 'RFC 11 drops the linearity rule: the anon test decides (§2.3 R-F3, §4.1)',
  'M-N2a R-F3': 'v6.18 keeps the linearity rule RFC 11 dropped (§0.3, §2.4 M-N2a)',
  'B-N5 R-F4': 'RFC 11 takes a CoW copy by its anon folio, not by falling through (§2.3 R-F4)',
  'M-OK R-F4': 'v6.18 falls through to a normal page; RFC 11 tests the folio (§2.3 R-F4, §2.4 M-OK)',
  'B-N1c R-NORMAL':
    'the pre-series body returns a valid MIXEDMAP pfn at once; RFC 10 goes on to the zero test (§2.2 B-N1c, §2.3 R-N1b)',
  'B-N1c M-OK': 'v6.18 sends a valid MIXEDMAP pfn through the zero and HIGH tests (§2.4)',
  'B-M4 R-M1': 'RFC 08 marks the huge zero PMD special: the special bit decides, not the pfn (§2.5)',
  'B-M4 M-S1c':
    'the huge zero PMD is special from RFC 08 on; v6.18 asks why it is special (§2.4 M-S1c, §2.5)',
  'M-S1c R-M1':
    'the RFC body returns NULL for any special PMD; v6.18 tests for the huge zero folio (§2.3 R-M1, §2.4 M-S1c)',
  'M-S1b R-U1':
    'the RFC body returns NULL for any special PUD; v6.18 tests for PFNMAP/MIXEDMAP (§2.3 R-U1, §2.4 M-S1b)',
};
const pairKey = (x: string, y: string) => [x, y].sort().join(' ');
const letter = (outcome: string) => outcome.replace('+W', '');
const configOf = (col: string) => col.split(' ')[1];

describe('the table against the §2.7 matrix', () => {
  it('reads the matrix: 20 rows of 6 cells', () => {
    expect(MATRIX).toHaveLength(20);
    for (const r of MATRIX)
      expect(
        r.cells.map((c) => c.col),
        r.entry,
      ).toHaveLength(6);
    expect(MATRIX[0]?.cells[0]).toEqual({ col: 'BASE Y', outcome: 'N', id: 'B-P4' });
  });

  it('IDs of one class never give two results in a row', () => {
    for (const { entry, cells } of MATRIX)
      for (const x of cells)
        for (const y of cells) {
          if (!x.id || !y.id || !x.outcome || !y.outcome) continue;
          if (branchClass(x.id) !== branchClass(y.id)) continue;
          expect(letter(x.outcome), `${entry}: ${x.col} ${x.id} / ${y.col} ${y.id}`).toBe(letter(y.outcome));
        }
  });

  it('in one configuration, the same outcome means one class, or two checks listed with the reason', () => {
    const seen = new Set<string>();
    for (const { entry, cells } of MATRIX)
      for (const x of cells)
        for (const y of cells) {
          if (x === y || !x.id || !y.id || x.outcome !== y.outcome || configOf(x.col) !== configOf(y.col))
            continue;
          if (branchClass(x.id) === branchClass(y.id)) continue;
          const key = pairKey(x.id, y.id);
          seen.add(key);
          expect(
            DIFFERENT_CHECKS[key],
            `${entry}: ${x.col} ${x.id} and ${y.col} ${y.id} (${x.outcome})`,
          ).toBeDefined();
        }
    // No stale entry: each listed pair meets in the matrix, and its IDs are in two classes.
    expect([...seen].sort()).toEqual(Object.keys(DIFFERENT_CHECKS).sort());
    for (const key of Object.keys(DIFFERENT_CHECKS)) {
      const [x, y] = key.split(' ') as [string, string];
      expect(branchClass(x), key).not.toBe(branchClass(y));
    }
  });
});

// ---- the model ----------------------------------------------------------------------------------------

// The world of kernel-semantics.md §5, as in src/model/vm_normal_page.test.ts.
const Z = 0x42;
const H = 0x200;
const HIGH = 0x7ffff;
const mem = new PhysMem(
  memLayout({
    ranges: [
      { start: 0, end: HIGH + 1, type: 'ram', name: 'System RAM' },
      { start: 0x90000, end: 0x90200, type: 'ram', name: 'pmem with memmap' },
      { start: 0xfe000, end: 0x110000, type: 'device', name: 'MMIO' },
    ],
    zeroPfn: asPfn(Z),
    hugeZeroPfn: asPfn(H),
    highestMemmapPfn: asPfn(HIGH),
    allocStart: 0x8000,
  }),
);
const put = (pfn: number, order: number, kind: FolioKind) =>
  mem.put({
    pfn,
    order,
    kind,
    refcount: 1,
    mapcount: kind === 'anon' ? 1 : 0,
    anonExclusive: kind === 'anon',
    content: '',
  });
put(Z, 0, 'zero');
put(H, 9, 'huge_zero');
for (let p = 0x1000; p < 0x1010; p++) put(p, 0, 'anon');
put(0x1400, 9, 'anon');
put(0x2000, 0, 'file');
put(0x3000, 0, 'slab');

let nextId = 1;
const vma = (
  name: string,
  start: number,
  pages: number,
  pgoff: number,
  flags: number,
  backing: Backing,
): Vma => ({
  id: nextId++,
  name,
  start: vpn(start),
  end: vpn(start + pages),
  pgoff,
  flags,
  backing,
  anonVma: false,
});
const PRIVATE = VM.READ | VM.WRITE | VM.MAYREAD | VM.MAYWRITE;
const SHARED = VM.SHARED | VM.MAYSHARE | PRIVATE;
const REMAP = VM.PFNMAP | VM.IO | VM.DONTEXPAND | VM.DONTDUMP;
const DEVMEM_PRIVATE = REMAP | VM.MAYWRITE | VM.READ | VM.MAYREAD;
const VMAS: Vma[] = [
  vma('A', 0x10000, 16, 0x10000, PRIVATE, { type: 'anon' }),
  vma('T', 0x200, 0x400, 0x200, PRIVATE | VM.HUGEPAGE, { type: 'anon' }),
  vma('P', 0x20000, 4, 0x4000, DEVMEM_PRIVATE, { type: 'devmem' }),
  vma('P2', 0x20100, 4, 0x1000, DEVMEM_PRIVATE, { type: 'devmem' }),
  vma('Sh', 0x30000, 4, 0xfe000, REMAP | SHARED, { type: 'devmem' }),
  vma('M', 0x40000, 16, 0, VM.MIXEDMAP | SHARED, { type: 'mixedmap-driver', pfnBase: asPfn(0xfe010) }),
  vma('PM', 0x40100, 4, 0x2000, VM.PFNMAP | VM.MIXEDMAP | PRIVATE, { type: 'raw' }),
  vma('X', 0x50000, 4, 0, VM.MIXEDMAP | VM.DONTEXPAND | VM.DONTDUMP | VM.DONTCOPY | SHARED, {
    type: 'gntdev',
    pages: [asPfn(0x6000), asPfn(0x6001), null, asPfn(0x6003)],
  }),
  vma('XH', 0x50200, 0x200, 0, VM.MIXEDMAP | SHARED, { type: 'raw', findPage: [asPfn(0x6000)] }),
  vma('PH', 0x60000, 0x400, 0x4000, DEVMEM_PRIVATE, { type: 'raw' }),
  vma('HP', 0x100000, 0x80000, 0x100000, REMAP | SHARED, {
    type: 'pfnmap-driver',
    pfnBase: asPfn(0x100000),
    fault: 'pud',
  }),
  vma('F', 0x140000, 0x40000, 0, SHARED, { type: 'dax', file: 'pmem0' }),
];
const PFNS = [
  Z,
  H,
  H + 1,
  0x1001,
  0x1400,
  0x1401,
  0x2000,
  0x3000,
  0x4001,
  HIGH,
  HIGH + 1,
  0x90000,
  0xfe005,
  0x100000,
  0x123456,
  0x4000,
];
const CONFIGS: MachineConfig[] = [
  presetConfig('x86-64'),
  presetConfig('x86-32-thp'),
  presetConfig('no-pte-special'),
  { ...presetConfig('x86-64'), findNormalPage: true },
];

describe('the table against the model', () => {
  it('IDs of one class decide alike: the same page or NULL, and the same "Bad page map", for one entry', () => {
    const decided = new Set<string>();
    let inputs = 0;
    for (const v of VMAS)
      for (const level of ['pte', 'pmd', 'pud'] as LeafLevel[])
        for (const pfn of PFNS)
          for (const special of [false, true])
            for (const idx of [0, 1])
              for (const cfg of CONFIGS) {
                inputs++;
                const byClass = new Map<string, string>();
                for (const variant of VARIANT_IDS) {
                  const feat = variantInfo(variant).features;
                  const e = leaf(pfn, { special });
                  const r = classify({ cfg, feat, mem }, v, v.start + idx, level, e, false);
                  decided.add(r.branch);
                  const what = `${r.page ?? 'NULL'}${r.bad ? ' bad' : ''}`;
                  const cls = branchClass(r.branch);
                  const prev = byClass.get(cls);
                  if (prev === undefined) byClass.set(cls, `${what} (${variant} ${r.branch})`);
                  else
                    expect(
                      prev.split(' (')[0],
                      `${v.name} ${level} 0x${pfn.toString(16)} special=${special} idx=${idx}: ${variant} ${r.branch} vs ${prev}`,
                    ).toBe(what);
                }
              }
    expect(inputs).toBeGreaterThan(4000);
    // The sweep reaches every class, and the model decides by no ID the table lacks.
    for (const id of decided) expect(CLASSED, id).toContain(id);
    const reached = new Set([...decided].map(branchClass));
    expect([...reached].sort()).toEqual([...BRANCH_CLASSES].sort());
  });
});
