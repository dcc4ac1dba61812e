/**
 * The worked operation scenarios of kernel-semantics.md §5 (S-39..S-65), one JSON file each in ./worked. Every file
 * names one variant; the tests below run it in every variant and configuration §5 (or, where marked
 * "derived", §2.7/§3) gives an outcome for, and assert that outcome: results, branch IDs of §2, counters,
 * folio refcount/mapcount, special bits and reports. Expected values come from kernel-semantics.md, not from the
 * model.
 *
 * Config "Y" = CONFIG_ARCH_HAS_PTE_SPECIAL (presets x86-64 and x86-64-la57), "N" = preset no-pte-special.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { StepRecord } from '../model/run';
import type { ReportKind, TraceEvent } from '../model/trace';
import { VARIANT_IDS, type VariantId } from '../model/variants';
import {
  branches,
  family,
  type LabRun,
  lab,
  MERGED,
  type Preset,
  pmdSpecialBit,
  printed,
  pteSpecial,
  reports,
  rfcNum,
  rfcRange,
  runOk,
} from './lab';
import type { ScenarioInput } from './schema';
import { type EntryInRun, entryAtAddress, procSummary, type StateSummary } from './summary';
import { validateScenario } from './validate';

// ---- loading and running ------------------------------------------------------------------------------

const DIR = fileURLToPath(new URL('./worked/', import.meta.url));
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

function load(file: string): ScenarioInput {
  return JSON.parse(readFileSync(`${DIR}${file}`, 'utf8')) as ScenarioInput;
}

function fileFor(prefix: string): string {
  const f = FILES.find((x) => x.startsWith(prefix));
  if (!f) throw new Error(`no scenario file ${prefix}*.json`);
  return f;
}

interface ConfigOverride {
  debugVm?: boolean;
  thpAllocSucceeds?: boolean;
}
interface Case {
  variant: VariantId;
  preset: Preset;
  config?: ConfigOverride;
  /** Shown in the test name: where the expectation comes from when it is not §5 itself. */
  note?: string;
}

type Run = LabRun;

function run(prefix: string, c: Case): Run {
  return lab(load(fileFor(prefix)))
    .in({ variant: c.variant, preset: c.preset, ...(c.config ? { config: c.config } : {}) })
    .run(prefix);
}

const label = (c: Case) =>
  `${c.variant} ${c.preset}${c.config ? ` ${JSON.stringify(c.config)}` : ''}${c.note ? ` (${c.note})` : ''}`;

function cases(
  variants: readonly VariantId[],
  presets: readonly Preset[],
  config?: ConfigOverride,
  note?: string,
): Case[] {
  const out: Case[] = [];
  for (const variant of variants)
    for (const preset of presets)
      out.push({ variant, preset, ...(config ? { config } : {}), ...(note ? { note } : {}) });
  return out;
}

/** it() per case, named by variant and preset. */
function each(list: Case[], body: (c: Case) => void): void {
  for (const c of list) it(label(c), () => body(c));
}

// ---- variants and configs -----------------------------------------------------------------------------

const ALL: readonly VariantId[] = VARIANT_IDS;
/** BASE: the pre-series tree (v6.17 = BASE17). */
const BASE: readonly VariantId[] = ['baseline', 'v6.17'];
const Y: readonly Preset[] = ['x86-64', 'x86-64-la57'];
const N: readonly Preset[] = ['no-pte-special'];
const YN: readonly Preset[] = [...Y, ...N];
const THP_PRESETS: readonly Preset[] = ['x86-64', 'no-pte-special', 'x86-32-thp'];

const pmdSpecial = pmdSpecialBit;
const yn = (p: Preset) => (pteSpecial(p) ? 'Y' : 'N');

// ---- reading the trace and the state ------------------------------------------------------------------

const classBranches = (st: StepRecord) => branches(st);
const allReports = (r: Run, kind: ReportKind) => r.steps.flatMap((st) => reports(st, kind));

const proc = (s: StateSummary, name = 'A') => procSummary(s, name);
type EntryAt = EntryInRun;
const entryAt = entryAtAddress;

function mustEntry(s: StateSummary, name: string, vaddr: number): EntryAt {
  const e = entryAt(s, name, vaddr);
  expect(e, `an entry maps 0x${vaddr.toString(16)} in ${name}`).toBeDefined();
  return e as EntryAt;
}

/** Number of entries (not pages) mapped by a process. */
const entryCount = (s: StateSummary, name: string) => proc(s, name).mappings.reduce((n, r) => n + r.count, 0);

function folioAt(s: StateSummary, pfn: number) {
  return s.folios.find((f) => Number(f.pfn) <= pfn && pfn < Number(f.pfn) + 2 ** f.order);
}

function mustFolio(s: StateSummary, pfn: number) {
  const f = folioAt(s, pfn);
  expect(f, `a folio covers pfn 0x${pfn.toString(16)}`).toBeDefined();
  return f as NonNullable<ReturnType<typeof folioAt>>;
}

const hex = (n: number) => `0x${n.toString(16)}`;
const ZERO = 0x42;
const HZ = 0x200;

/** Sum of a counter's changes in a step, for one process. */
function counterDelta(st: StepRecord, name: string, counter: 'anon' | 'file' | 'pgtables'): number {
  let d = 0;
  for (const e of st.events)
    if (
      e.t === 'counter' &&
      e.proc === name &&
      e.counter === counter &&
      typeof e.before === 'number' &&
      typeof e.after === 'number'
    )
      d += e.after - e.before;
  return d;
}

function counterChanges(st: StepRecord, name: string, counter: 'anon' | 'file'): number[] {
  return st.events.flatMap((e) =>
    e.t === 'counter' &&
    e.proc === name &&
    e.counter === counter &&
    typeof e.before === 'number' &&
    typeof e.after === 'number'
      ? [e.after - e.before]
      : [],
  );
}

function folioEvents(st: StepRecord, pfn: number) {
  return st.events.filter(
    (e): e is Extract<TraceEvent, { t: 'folio' }> => e.t === 'folio' && e.pfn === hex(pfn),
  );
}

// ---- the files themselves -----------------------------------------------------------------------------

describe('worked scenario files', () => {
  it('there is one file per scenario S-39..S-65', () => {
    for (let n = 39; n <= 65; n++) expect(FILES.some((f) => f.startsWith(`S-${n}-`))).toBe(true);
  });
  for (const f of FILES) {
    it(`${f} is a valid, narrated scenario that runs`, () => {
      const s = load(f);
      const v = validateScenario(s);
      expect(v.ok ? [] : v.problems).toEqual([]);
      expect(s.version).toBe(1);
      expect(s.id).toMatch(/^S-\d\d/);
      expect(f.startsWith(String(s.id).slice(0, 4))).toBe(true);
      expect(s.title).toBeTruthy();
      expect(s.summary).toMatch(/semantics\.md §5 S-\d\d/);
      expect(s.tags).toContain('worked');
      for (const st of s.steps) expect(st.note, `${f}: every step is narrated`).toBeTruthy();
      expect(runOk(s, f).steps.length).toBe(s.steps.length + 1);
    });
  }
});

// ---- S-39..S-46: remap_pfn_range and PTE insertion ----------------------------------------------------

describe('S-39 /dev/mem MAP_PRIVATE mmap', () => {
  const BR = {
    base: { Y: 'B-P3', N: 'B-N2a' },
    rfc: { Y: 'R-P1b', N: 'R-F3' },
    merged: { Y: 'M-S1b', N: 'M-N2a' },
  };
  each(cases([...BASE, 'rfc-14', ...MERGED], YN), (c) => {
    const r = run('S-39', c);
    expect(r.steps[1]?.result).toBe('0x20000000');
    const vma = proc(r.sum(1)).vmas[0];
    expect(vma?.pgoff).toBe('0x4000');
    expect(vma?.cow).toBe(true);
    for (const f of ['IO', 'PFNMAP', 'DONTEXPAND', 'DONTDUMP']) expect(vma?.flags).toContain(f);
    for (let i = 0; i < 4; i++) {
      const e = mustEntry(r.sum(1), 'A', 0x20000000 + i * 4096);
      expect(e).toMatchObject({ level: 'pte', kind: 'leaf', pfn: 0x4000 + i, special: pteSpecial(c.preset) });
      const q = r.steps[2 + i] as StepRecord;
      expect(q.result).toBe('NULL');
      expect(classBranches(q)).toContain(BR[family(c.variant)][yn(c.preset)]);
    }
  });
});

describe('S-40 remap_pfn_range() of part of a CoW VMA', () => {
  each(cases([...BASE, ...MERGED], YN), (c) => {
    const r = run('S-40', c);
    expect(r.steps[2]?.result).toBe('-EINVAL');
    expect(entryCount(r.sum(2), 'A')).toBe(0);
    expect(proc(r.sum(2)).vmas[0]?.pgoff).toBe('0x0');
  });
  each(cases(['rfc-11', 'rfc-14'], YN), (c) => {
    const r = run('S-40', c);
    expect(r.steps[2]?.result).toBe('0');
    expect(entryCount(r.sum(2), 'A')).toBe(1);
    expect(mustEntry(r.sum(2), 'A', 0x30001000)).toMatchObject({
      level: 'pte',
      pfn: 0x7000,
    });
    expect(proc(r.sum(2)).vmas[0]?.pgoff).toBe('0x0');
  });
});

describe('S-41 remap_pfn_range() of a whole CoW VMA', () => {
  const BR = {
    base: { Y: 'B-P3', N: 'B-N2a' },
    rfc: { Y: 'R-P1b', N: 'R-F3' },
    merged: { Y: 'M-S1b', N: 'M-N2a' },
  };
  each(cases([...BASE, ...MERGED, 'rfc-14'], YN), (c) => {
    const r = run('S-41', c);
    const s = r.sum(2);
    expect(r.steps[2]?.result).toBe('0');
    expect(proc(s).vmas[0]?.pgoff).toBe(family(c.variant) === 'rfc' ? '0x0' : '0x7000');
    for (let i = 0; i < 4; i++) expect(mustEntry(s, 'A', 0x30000000 + i * 4096).pfn).toBe(0x7000 + i);
    expect(r.steps[3]?.result).toBe('NULL');
    expect(classBranches(r.steps[3] as StepRecord)).toContain(BR[family(c.variant)][yn(c.preset)]);
  });
});

describe('S-42 remap_pfn_range() of part of a shared VMA', () => {
  const nBranch = (v: VariantId) => {
    const f = family(v);
    if (f === 'base') return 'B-N2b';
    if (f === 'merged') return 'M-N2b';
    return (rfcNum(v) ?? 0) >= 11 ? 'R-F1' : 'R-N2b';
  };
  const yBranch = { base: 'B-P3', rfc: 'R-P1b', merged: 'M-S1b' };
  each(cases(ALL, YN), (c) => {
    const r = run('S-42', c);
    const s = r.sum(2);
    expect(r.steps[2]?.result).toBe('0');
    expect(proc(s).vmas[0]?.pgoff).toBe('0x0');
    expect(proc(s).vmas[0]?.flags).toContain('PFNMAP');
    expect(entryCount(s, 'A')).toBe(1);
    expect(mustEntry(s, 'A', 0x30001000)).toMatchObject({ pfn: 0x7000, special: pteSpecial(c.preset) });
    expect(r.steps[3]?.result).toBe('NULL');
    expect(classBranches(r.steps[3] as StepRecord)).toContain(
      pteSpecial(c.preset) ? yBranch[family(c.variant)] : nBranch(c.variant),
    );
  });
});

describe('S-43 remap_pfn_range() over an anon pfn in a CoW VMA', () => {
  each(cases(rfcRange(11, 14), N), (c) => {
    const r = run('S-43', c);
    expect(r.steps[2]?.result).toBe('-EINVAL');
    expect(entryCount(r.sum(2), 'A')).toBe(0);
    expect(mustFolio(r.sum(2), 0x1001)).toMatchObject({
      kind: 'anon',
      refcount: 1,
      mapcount: 1,
    });
  });
  const BR = {
    base: { Y: 'B-P3', N: 'B-N2a' },
    rfc: { Y: 'R-P1b', N: '' },
    merged: { Y: 'M-S1b', N: 'M-N2a' },
  };
  each([...cases([...BASE, ...MERGED], YN), ...cases(['rfc-14'], Y)], (c) => {
    const r = run('S-43', c);
    const s = r.sum(2);
    expect(r.steps[2]?.result).toBe('0');
    for (let i = 0; i < 4; i++) expect(mustEntry(s, 'A', 0x30000000 + i * 4096).pfn).toBe(0x1000 + i);
    expect(r.steps[3]?.result).toBe('NULL');
    expect(classBranches(r.steps[3] as StepRecord)).toContain(BR[family(c.variant)][yn(c.preset)]);
    expect(mustFolio(s, 0x1001)).toMatchObject({ refcount: 1, mapcount: 1 });
  });
});

describe('S-44 vmf_insert_pfn() into a CoW PFNMAP', () => {
  each(cases([...BASE, ...rfcRange(1, 10), ...MERGED], YN), (c) => {
    const r = run('S-44', c);
    expect(r.steps[2]?.result).toBe('BUG');
    expect(printed(r.steps[2] as StepRecord, 'bug')).toHaveLength(1);
    expect(proc(r.sum(2)).status).toBe('oopsed');
    expect(entryAt(r.sum(2), 'A', 0x30000000)).toBeUndefined();
  });
  each(cases(rfcRange(11, 14), Y), (c) => {
    const r = run('S-44', c);
    expect(r.steps[2]?.result).toBe('VM_FAULT_NOPAGE');
    expect(mustEntry(r.sum(2), 'A', 0x30000000)).toMatchObject({
      pfn: 0x7000,
      special: true,
    });
    expect(r.steps[3]?.result).toBe('VM_FAULT_NOPAGE');
    expect(mustEntry(r.sum(3), 'A', 0x30001000)).toMatchObject({
      pfn: 0x1001,
      special: true,
    });
  });
  each(cases(rfcRange(11, 14), N), (c) => {
    const r = run('S-44', c);
    expect(r.steps[2]?.result).toBe('VM_FAULT_NOPAGE');
    expect(mustEntry(r.sum(2), 'A', 0x30000000)).toMatchObject({
      pfn: 0x7000,
      special: false,
    });
    expect(r.steps[3]?.result).toBe('VM_FAULT_SIGBUS');
    expect(entryAt(r.sum(3), 'A', 0x30001000)).toBeUndefined();
    expect(mustFolio(r.sum(3), 0x1001)).toMatchObject({ refcount: 1, mapcount: 1 });
  });
});

describe('S-45 vmf_insert_pfn() on a VMA it must not touch', () => {
  each(cases(ALL, YN), (c) => {
    const r = run('S-45', c);
    const last = r.sum(6);
    expect(r.steps[2]?.result).toBe('BUG');
    expect(printed(r.steps[2] as StepRecord, 'bug')).toHaveLength(1);
    expect(r.steps[4]?.result).toBe('BUG');
    expect(printed(r.steps[4] as StepRecord, 'bug')).toHaveLength(1);
    expect(r.steps[6]?.result).toBe('VM_FAULT_SIGBUS');
    expect(proc(last, 'A').status).toBe('oopsed');
    expect(proc(last, 'B').status).toBe('oopsed');
    expect(proc(last, 'C').status).toBe('running');
    expect(entryCount(last, 'C')).toBe(0);
  });
});

describe('S-46 mkwrite insertion over a swap or marker entry', () => {
  const common = (r: Run) => {
    const s3 = r.sum(3);
    const s5 = r.sum(5);
    expect(mustEntry(s3, 'A', 0x30000000)).toMatchObject({ kind: 'swap', pfn: 0x1234 });
    expect(mustEntry(s5, 'A', 0x30001000)).toMatchObject({ kind: 'marker', pfn: 0x5 });
    expect(mustFolio(s5, 0x2000)).toMatchObject({ refcount: 1, mapcount: 0 });
    expect(proc(s5).counters.file).toBe(0);
  };
  each(cases(['baseline', 'v6.17', 'rfc-01', 'rfc-02', ...MERGED], YN), (c) => {
    const r = run('S-46', c);
    common(r);
    expect(r.steps[3]?.result).toBe('VM_FAULT_NOPAGE');
    expect(printed(r.steps[3] as StepRecord, 'warn')).toHaveLength(1);
    expect(r.steps[5]?.result).toBe('VM_FAULT_SIGBUS');
    expect(printed(r.steps[5] as StepRecord, 'warn')).toHaveLength(1);
  });
  each(cases(rfcRange(3, 14), YN), (c) => {
    const r = run('S-46', c);
    common(r);
    expect(r.steps[3]?.result).toBe('VM_FAULT_NOPAGE');
    expect(r.steps[5]?.result).toBe('VM_FAULT_NOPAGE');
    expect(allReports(r, 'warn')).toHaveLength(0);
  });
});

// ---- S-47..S-54: faults ------------------------------------------------------------------------------

describe('S-47 read fault on private anon memory', () => {
  const BR = {
    base: { Y: 'B-P4', N: 'B-N3' },
    rfc: { Y: 'R-P1c', N: 'R-N3' },
    merged: { Y: 'M-S1c', N: 'M-N3' },
  };
  each(cases(ALL, YN), (c) => {
    const r = run('S-47', c);
    const s = r.sum(2);
    expect(r.steps[2]?.result).toBe('0');
    expect(mustEntry(s, 'A', 0x10005000)).toMatchObject({
      level: 'pte',
      pfn: ZERO,
      write: false,
      special: pteSpecial(c.preset),
    });
    expect(proc(s).counters.anon).toBe(0);
    expect(proc(s).vmas[0]?.anonVma).toBe(false);
    expect(mustFolio(s, ZERO).refcount).toBe(mustFolio(r.sum(0), ZERO).refcount);
    expect(r.steps[3]?.result).toBe('NULL');
    expect(classBranches(r.steps[3] as StepRecord)).toContain(BR[family(c.variant)][yn(c.preset)]);
  });
});

describe('S-48 write fault on a zero-page PTE', () => {
  const BR = {
    base: { Y: 'B-P7', N: 'B-N5' },
    rfc: { Y: 'R-C1', N: 'R-NORMAL' },
    merged: { Y: 'M-OK', N: 'M-OK' },
  };
  each(cases(ALL, YN), (c) => {
    const r = run('S-48', c);
    const s = r.sum(3);
    expect(r.steps[3]?.result).toBe('0');
    expect(proc(s).counters.anon).toBe(1);
    const e = mustEntry(s, 'A', 0x10005000);
    expect(e).toMatchObject({ level: 'pte', write: true, dirty: true, special: false });
    expect(e.pfn).not.toBe(ZERO);
    expect(mustFolio(s, e.pfn)).toMatchObject({
      pfn: hex(e.pfn),
      kind: 'anon',
      refcount: 1,
      mapcount: 1,
      anonExclusive: true,
      content: 'zeroes',
    });
    expect(mustFolio(s, ZERO).refcount).toBe(mustFolio(r.sum(0), ZERO).refcount);
    expect(folioEvents(r.steps[3] as StepRecord, ZERO)).toEqual([]);
    expect(r.steps[4]?.result).toBe(`page ${hex(e.pfn)}`);
    expect(classBranches(r.steps[4] as StepRecord)).toContain(BR[family(c.variant)][yn(c.preset)]);
  });
});

describe('S-49 THP read fault maps the huge zero folio', () => {
  type Ex = { special: boolean; result: string; branch: string; warn: boolean };
  const NUL = (special: boolean, branch: string): Ex => ({ special, result: 'NULL', branch, warn: false });
  const list: [Case, Ex][] = [
    ...cases(BASE, THP_PRESETS).map((c): [Case, Ex] => [c, NUL(false, 'B-M4')]),
    [{ variant: 'rfc-07', preset: 'x86-64' }, NUL(false, 'B-M4')],
    [{ variant: 'rfc-08', preset: 'x86-64' }, NUL(true, 'B-M1')],
    [{ variant: 'rfc-08', preset: 'no-pte-special' }, NUL(false, 'B-M4')],
    [{ variant: 'rfc-14', preset: 'x86-64' }, NUL(true, 'R-M1')],
    [{ variant: 'rfc-14', preset: 'no-pte-special' }, NUL(false, 'R-N3')],
    [
      {
        variant: 'rfc-14',
        preset: 'x86-32-thp',
        note: 'derived: §2.7 "PMD huge zero with special bit missing"',
      },
      { special: false, result: `page ${hex(HZ)}`, branch: 'R-C1', warn: true },
    ],
    [{ variant: 'v6.18', preset: 'x86-64' }, NUL(true, 'M-S1c')],
    [{ variant: 'v6.18', preset: 'no-pte-special' }, NUL(false, 'M-N3')],
    [
      { variant: 'v6.18', preset: 'x86-32-thp' },
      { special: false, result: `page ${hex(HZ)}`, branch: 'M-OK', warn: true },
    ],
    [{ variant: 'fix-2026', preset: 'x86-64' }, NUL(true, 'M-S1c')],
    [{ variant: 'fix-2026', preset: 'no-pte-special' }, NUL(false, 'M-N3')],
    [{ variant: 'fix-2026', preset: 'x86-32-thp' }, NUL(false, 'M-N3')],
  ];
  for (const [c, ex] of list) {
    it(label(c), () => {
      const r = run('S-49', c);
      const s0 = r.sum(0);
      const s = r.sum(2);
      expect(r.steps[2]?.result).toBe('0');
      expect(mustEntry(s, 'A', 0x200000)).toMatchObject({
        level: 'pmd',
        kind: 'leaf',
        pfn: HZ,
        write: false,
        special: ex.special,
      });
      const p = proc(s);
      expect(p.counters.anon).toBe(0);
      expect(p.counters.file).toBe(0);
      // PUD + PMD table pages, plus the deposited PTE table (nr_ptes +1): mm_pgtables_bytes() leaves out
      // the PGD (kernel-semantics.md §3.16).
      expect(p.counters.pgtables).toBe(3);
      expect(p.vmas[0]?.anonVma).toBe(true);
      expect(p.hugeZeroRef).toBe(true);
      expect(s.hugeZeroRefcount).toBe(s0.hugeZeroRefcount + 1);
      expect(mustFolio(s, HZ).mapcount).toBe(mustFolio(s0, HZ).mapcount);
      const q = r.steps[3] as StepRecord;
      expect(q.result).toBe(ex.result);
      expect(classBranches(q)).toContain(ex.branch);
      expect(printed(q, 'vm_warn').length > 0).toBe(ex.warn);
      expect(printed(q, 'bad_page_map')).toHaveLength(0);
    });
  }
});

describe('S-50 write fault on the huge zero PMD, THP allocation succeeds', () => {
  each(cases(ALL, THP_PRESETS), (c) => {
    const r = run('S-50', c);
    const s = r.sum(3);
    expect(r.steps[3]?.result).toBe('0');
    const e = mustEntry(s, 'A', 0x200000);
    expect(e).toMatchObject({ level: 'pmd', kind: 'leaf', write: true, special: false });
    expect(e.pfn).not.toBe(HZ);
    expect(mustFolio(s, e.pfn)).toMatchObject({
      pfn: hex(e.pfn),
      order: 9,
      kind: 'anon',
      refcount: 1,
      mapcount: 1,
    });
    expect(proc(s).counters.anon).toBe(512);
    expect(counterDelta(r.steps[3] as StepRecord, 'A', 'anon')).toBe(512);
  });
});

describe('S-51 write fault on the huge zero PMD, THP allocation fails: split', () => {
  each(cases(ALL, THP_PRESETS), (c) => {
    const r = run('S-51', c);
    const s = r.sum(3);
    expect(mustEntry(r.sum(2), 'A', 0x200000)).toMatchObject({ level: 'pmd', pfn: HZ });
    expect(r.steps[3]?.result).toBe('0');
    let zeros = 0;
    for (let i = 0; i < 512; i++) {
      const e = mustEntry(s, 'A', 0x200000 + i * 4096);
      expect(e.level).toBe('pte');
      if (i === 5) {
        expect(e).toMatchObject({ write: true, dirty: true, special: false });
        expect(mustFolio(s, e.pfn)).toMatchObject({
          kind: 'anon',
          order: 0,
          refcount: 1,
          mapcount: 1,
          content: 'zeroes',
        });
      } else {
        expect(e).toMatchObject({ pfn: ZERO, write: false, special: pteSpecial(c.preset) });
        zeros++;
      }
    }
    expect(zeros).toBe(511);
    expect(proc(s).counters.anon).toBe(1);
    expect(r.steps[4]?.result).toBe('NULL');
  });
});

describe('S-52 write fault on a CoW PFNMAP PTE', () => {
  const before = (v: VariantId, p: Preset) => {
    const f = family(v);
    if (pteSpecial(p)) return { base: 'B-P3', rfc: 'R-P1b', merged: 'M-S1b' }[f];
    if (f === 'rfc') return (rfcNum(v) ?? 0) >= 11 ? 'R-F3' : 'R-N2a';
    return f === 'base' ? 'B-N2a' : 'M-N2a';
  };
  const after = (v: VariantId, p: Preset) => {
    const f = family(v);
    if (pteSpecial(p)) return { base: 'B-P7', rfc: 'R-C1', merged: 'M-OK' }[f];
    if (f === 'rfc') return (rfcNum(v) ?? 0) >= 11 ? 'R-F4' : 'R-NORMAL';
    return f === 'base' ? 'B-N5' : 'M-OK';
  };
  each(cases(ALL, YN), (c) => {
    const r = run('S-52', c);
    expect(r.steps[2]?.result).toBe('NULL');
    expect(classBranches(r.steps[2] as StepRecord)).toContain(before(c.variant, c.preset));
    const s = r.sum(3);
    expect(r.steps[3]?.result).toBe('0');
    expect(proc(s).counters.anon).toBe(1);
    const e = mustEntry(s, 'A', 0x20001000);
    expect(e).toMatchObject({ level: 'pte', write: true, dirty: true, special: false });
    expect(e.pfn).not.toBe(0x4001);
    const f = mustFolio(s, e.pfn);
    expect(f).toMatchObject({ kind: 'anon', refcount: 1, mapcount: 1, anonExclusive: true });
    // The copy carries the bytes of pfn 0x4001 (read through the user address), not zeroes.
    expect(f.content).toMatch(/0x4001/);
    // pfn 0x4001 is untouched: still free RAM, no folio, no refcount.
    expect(folioAt(s, 0x4001)).toBeUndefined();
    expect(folioEvents(r.steps[3] as StepRecord, 0x4001)).toEqual([]);
    for (const i of [0, 2, 3])
      expect(mustEntry(s, 'A', 0x20000000 + i * 4096)).toMatchObject({
        pfn: 0x4000 + i,
        special: pteSpecial(c.preset),
      });
    expect(r.steps[4]?.result).toBe(`page ${hex(e.pfn)}`);
    expect(classBranches(r.steps[4] as StepRecord)).toContain(after(c.variant, c.preset));
  });
});

describe('S-53 DAX PMD hole fault over a populated PMD', () => {
  each(cases([...BASE, ...rfcRange(1, 6)], YN), (c) => {
    const r = run('S-53', c);
    expect(mustEntry(r.sum(2), 'A', 0x40000000)).toMatchObject({ level: 'pmd', pfn: HZ });
    expect(r.steps[3]?.result).toBe('VM_FAULT_FALLBACK');
    // dax_iomap_pmd_fault() splits (for DAX: zaps) the PMD; the fault is retried at PTE level.
    expect(entryAt(r.sum(3), 'A', 0x40000000)?.level).not.toBe('pmd');
  });
  each(cases([...rfcRange(7, 14), ...MERGED], YN), (c) => {
    const r = run('S-53', c);
    expect(mustEntry(r.sum(2), 'A', 0x40000000)).toMatchObject({ level: 'pmd', pfn: HZ });
    expect(r.steps[3]?.result).toBe('VM_FAULT_NOPAGE');
    expect(proc(r.sum(3)).mappings).toEqual(proc(r.sum(2)).mappings);
  });
});

describe('S-54 mprotect() of a huge zero PMD', () => {
  const list: [Case, { branch: string; warn: boolean; special: boolean }][] = [
    [
      { variant: 'v6.18', preset: 'x86-64', note: 'special bit kept (after 68b1fa0ed5c8)' },
      { branch: 'M-S1c', warn: false, special: true },
    ],
    [
      { variant: 'v6.18', preset: 'x86-32-thp', note: 'special bit missing (§2.5)' },
      { branch: 'M-OK', warn: true, special: false },
    ],
    [
      { variant: 'fix-2026', preset: 'x86-64' },
      { branch: 'M-S1c', warn: false, special: true },
    ],
    [
      { variant: 'fix-2026', preset: 'x86-32-thp' },
      { branch: 'M-N3', warn: false, special: false },
    ],
  ];
  for (const [c, ex] of list) {
    it(label(c), () => {
      const r = run('S-54', c);
      expect(mustEntry(r.sum(2), 'A', 0x40000000)).toMatchObject({
        level: 'pmd',
        pfn: HZ,
        write: false,
      });
      const m = r.steps[3] as StepRecord;
      expect(m.result).toBe('0');
      expect(m.events.some((e) => e.t === 'call' && e.fn === 'vm_normal_page_pmd')).toBe(true);
      expect(classBranches(m)).toContain(ex.branch);
      expect(printed(m, 'vm_warn').length > 0).toBe(ex.warn);
      expect(mustEntry(r.sum(3), 'A', 0x40000000)).toMatchObject({
        level: 'pmd',
        pfn: HZ,
        write: false,
        special: ex.special,
      });
    });
  }
});

// ---- S-55..S-58: fork --------------------------------------------------------------------------------

describe('S-55 fork with only zero-page PTEs', () => {
  each(cases(ALL, YN), (c) => {
    const r = run('S-55', c);
    const s = r.sum(4);
    expect(r.steps[4]?.result).toMatch(/^\d+$/);
    expect(proc(s, 'B').vmas).toHaveLength(1);
    expect(proc(s, 'B').mappings).toEqual([]);
    expect(proc(s, 'B').counters).toMatchObject({ anon: 0, file: 0 });
    expect(entryCount(s, 'A')).toBe(2);
    expect(r.steps[5]?.result).toBe('0');
    expect(mustEntry(r.sum(5), 'B', 0x10005000)).toMatchObject({
      pfn: ZERO,
      special: pteSpecial(c.preset),
    });
  });
});

describe('S-56 fork with an anon page and a zero-page PTE', () => {
  each(cases(ALL, YN), (c) => {
    const r = run('S-56', c);
    const p = mustEntry(r.sum(2), 'A', 0x10000000).pfn;
    expect(mustFolio(r.sum(3), p)).toMatchObject({
      refcount: 1,
      mapcount: 1,
      anonExclusive: true,
    });
    const s = r.sum(4);
    expect(mustFolio(s, p)).toMatchObject({ kind: 'anon', refcount: 2, mapcount: 2, anonExclusive: false });
    expect(mustEntry(s, 'A', 0x10000000)).toMatchObject({ pfn: p, write: false });
    expect(mustEntry(s, 'B', 0x10000000)).toMatchObject({ pfn: p, write: false });
    expect(mustEntry(s, 'B', 0x10005000)).toMatchObject({
      pfn: ZERO,
      write: false,
      special: pteSpecial(c.preset),
    });
    expect(proc(s, 'A').counters.anon).toBe(1);
    expect(proc(s, 'B').counters).toMatchObject({ anon: 1, file: 0 });
    expect(mustFolio(s, ZERO).refcount).toBe(mustFolio(r.sum(0), ZERO).refcount);
    expect(folioEvents(r.steps[4] as StepRecord, ZERO)).toEqual([]);
  });
});

describe('S-57 fork with a CoW PFNMAP holding a CoW copy', () => {
  each(cases(ALL, YN), (c) => {
    const r = run('S-57', c);
    const p = mustEntry(r.sum(2), 'A', 0x20001000).pfn;
    const s = r.sum(3);
    expect(r.steps[3]?.result).toMatch(/^\d+$/);
    expect(proc(s, 'B').vmas[0]?.flags).toContain('PFNMAP');
    for (const i of [0, 2, 3]) {
      for (const who of ['A', 'B'])
        expect(mustEntry(s, who, 0x20000000 + i * 4096)).toMatchObject({
          pfn: 0x4000 + i,
          write: false,
          special: pteSpecial(c.preset),
        });
      expect(folioAt(s, 0x4000 + i)).toBeUndefined();
    }
    expect(mustFolio(s, p)).toMatchObject({ kind: 'anon', refcount: 2, mapcount: 2, anonExclusive: false });
    expect(mustEntry(s, 'A', 0x20001000)).toMatchObject({ pfn: p, write: false });
    expect(mustEntry(s, 'B', 0x20001000)).toMatchObject({ pfn: p, write: false, special: false });
    expect(proc(s, 'A').counters.anon).toBe(1);
    expect(proc(s, 'B').counters).toMatchObject({ anon: 1, file: 0 });
  });
});

describe('S-58 fork with a huge zero PMD', () => {
  const check = (c: Case, shortcut: boolean) => {
    const r = run('S-58', c);
    const s0 = r.sum(0);
    const s = r.sum(3);
    expect(mustEntry(r.sum(2), 'A', 0x200000)).toMatchObject({ level: 'pmd', pfn: HZ });
    expect(r.steps[3]?.result).toMatch(/^\d+$/);
    expect(mustEntry(s, 'B', 0x200000)).toMatchObject({ level: 'pmd', pfn: HZ, write: false, young: false });
    expect(mustEntry(s, 'A', 0x200000)).toMatchObject({ level: 'pmd', pfn: HZ, write: false });
    expect(proc(s, 'B').counters).toMatchObject({ anon: 0, file: 0 });
    if (!shortcut) {
      // The child has the same table pages as the parent and its own deposited table (nr_ptes +1).
      expect(proc(s, 'B').counters.pgtables).toBe(proc(s, 'A').counters.pgtables);
      expect(proc(s, 'B').hugeZeroRef).toBe(true);
      expect(s.hugeZeroRefcount).toBe(s0.hugeZeroRefcount + 2);
    } else {
      expect(proc(s, 'B').counters.pgtables).toBe(proc(s, 'A').counters.pgtables - 1);
      expect(proc(s, 'B').hugeZeroRef).toBe(false);
      expect(s.hugeZeroRefcount).toBe(s0.hugeZeroRefcount + 1);
    }
  };
  each(
    [
      ...cases([...BASE, ...MERGED], THP_PRESETS),
      ...cases(['rfc-08', 'rfc-14'], ['no-pte-special', 'x86-32-thp']),
    ],
    (c) => check(c, false),
  );
  each(
    cases(
      ['rfc-08', 'rfc-14'],
      ['x86-64'],
      undefined,
      'derived: §3.10 BASE special shortcut, huge zero PMD special since RFC 08',
    ),
    (c) => check(c, true),
  );
});

// ---- S-59..S-62: zap and reports ---------------------------------------------------------------------

describe('S-59 munmap of anon memory', () => {
  each(cases(ALL, YN), (c) => {
    const r = run('S-59', c);
    const p = mustEntry(r.sum(4), 'A', 0x10005000).pfn;
    expect(mustEntry(r.sum(4), 'A', 0x10006000).pfn).toBe(ZERO);
    const m = r.steps[5] as StepRecord;
    const s = r.sum(5);
    expect(m.result).toBe('0');
    expect(counterChanges(m, 'A', 'anon')).toEqual([-1]);
    expect(counterChanges(m, 'A', 'file')).toEqual([]);
    const ev = folioEvents(m, p);
    expect(ev.some((e) => e.field === 'mapcount' && e.before === 1 && e.after === 0)).toBe(true);
    expect(ev.some((e) => e.field === 'refcount' && e.before === 1 && e.after === 0)).toBe(true);
    expect(folioAt(s, p)).toBeUndefined();
    expect(proc(s).counters.anon).toBe(0);
    expect(proc(s).mappings).toEqual([]);
    expect(folioEvents(m, ZERO)).toEqual([]);
    expect(reports(m).filter((x) => x.kind !== 'info')).toEqual([]);
  });
});

describe('S-60 munmap of a CoW PFNMAP with a CoW copy', () => {
  each(cases(ALL, YN), (c) => {
    const r = run('S-60-munmap', c);
    const p = mustEntry(r.sum(2), 'A', 0x20001000).pfn;
    const m = r.steps[3] as StepRecord;
    const s = r.sum(3);
    expect(m.result).toBe('0');
    expect(counterChanges(m, 'A', 'anon')).toEqual([-1]);
    expect(counterChanges(m, 'A', 'file')).toEqual([]);
    expect(folioAt(s, p)).toBeUndefined();
    for (let i = 0; i < 4; i++) expect(folioEvents(m, 0x4000 + i)).toEqual([]);
    expect(proc(s).mappings).toEqual([]);
    expect(reports(m).filter((x) => x.kind !== 'info')).toEqual([]);
  });
});

describe('S-60 the /dev/mem hazard of RFC 11 (§4.1)', () => {
  each(cases(rfcRange(11, 14), N), (c) => {
    const r = run('S-60-devmem', c);
    expect(mustEntry(r.sum(3), 'B', 0x10002000).pfn).toBe(0x4002);
    expect(r.steps[4]?.result).toBe('page 0x4002');
    expect(classBranches(r.steps[4] as StepRecord)).toContain('R-F4');
    // D's unmap treats B's folio as its own CoW copy.
    const d = r.steps[5] as StepRecord;
    expect(proc(r.sum(5), 'D').counters.anon).toBe(-1);
    const ev = folioEvents(d, 0x4002);
    expect(ev.some((e) => e.field === 'mapcount' && e.before === 1 && e.after === 0)).toBe(true);
    expect(ev.some((e) => e.field === 'refcount' && e.before === 1 && e.after === 0)).toBe(true);
    expect(printed(d, 'bad_page_map')).toHaveLength(0);
    // B's own unmap drives the mapcount negative: "Bad page map" with the page dumped.
    const b = r.steps[6] as StepRecord;
    const bad = printed(b, 'bad_page_map');
    expect(bad).toHaveLength(1);
    expect(bad[0]?.lines.some((l) => /page dumped because/.test(l))).toBe(true);
  });
  each(
    [...cases(['baseline', 'rfc-10', ...MERGED], N), ...cases(['baseline', 'rfc-14', 'v6.18'], ['x86-64'])],
    (c) => {
      const r = run('S-60-devmem', c);
      expect(r.steps[4]?.result).toBe('NULL');
      expect(proc(r.sum(5), 'D').counters.anon).toBe(0);
      expect(mustFolio(r.sum(5), 0x4002)).toMatchObject({
        kind: 'anon',
        refcount: 1,
        mapcount: 1,
      });
      expect(r.steps[6]?.result).toBe('0');
      expect(folioAt(r.sum(6), 0x4002)).toBeUndefined();
      expect(proc(r.sum(6), 'B').counters.anon).toBe(0);
      expect(allReports(r, 'bad_page_map')).toHaveLength(0);
    },
  );
});

describe('S-61 a corrupted PTE (Hugh)', () => {
  each(cases([...BASE, ...MERGED], Y), (c) => {
    const r = run('S-61', c);
    const q = r.steps[3] as StepRecord;
    expect(q.result).toBe('NULL');
    expect(classBranches(q)).toContain(family(c.variant) === 'merged' ? 'M-H' : 'B-P6');
    expect(printed(q, 'bad_page_map')).toHaveLength(1);
    expect(r.sum(3).taint).toContain('[B]');
    const m = r.steps[4] as StepRecord;
    expect(m.result).toBe('0');
    expect(printed(m, 'bad_page_map')).toHaveLength(1);
    expect(counterChanges(m, 'A', 'anon')).toEqual([]);
    expect(counterChanges(m, 'A', 'file')).toEqual([]);
    expect(m.events.filter((e) => e.t === 'folio')).toEqual([]);
  });
  const rfcBranch = (v: VariantId) => (family(v) === 'rfc' ? 'R-C1' : 'B-P7');
  each(cases(rfcRange(1, 14), Y), (c) => {
    const r = run('S-61', c);
    const q = r.steps[3] as StepRecord;
    expect(q.result).toBe('page 0x123456');
    expect(classBranches(q)).toContain(rfcBranch(c.variant));
    expect(printed(q, 'vm_warn').length).toBeGreaterThan(0);
    expect(allReports(r, 'bad_page_map')).toHaveLength(0);
  });
  each(cases(['rfc-01', 'rfc-14'], ['x86-64'], { debugVm: false }), (c) => {
    const r = run('S-61', c);
    expect(r.steps[3]?.result).toBe('page 0x123456');
    expect(allReports(r, 'vm_warn')).toHaveLength(0);
    expect(allReports(r, 'bad_page_map')).toHaveLength(0);
  });
});

describe('S-62 the "Bad page map" rate limit', () => {
  each(cases([...BASE, ...MERGED], YN), (c) => {
    const r = run('S-62', c);
    // steps 3..63 are the 61 queries within the window, 64 the tick, 65 the query after it.
    for (let i = 3; i <= 62; i++) {
      const b = reports(r.steps[i] as StepRecord, 'bad_page_map');
      expect(b, `query ${i - 2}`).toHaveLength(1);
      expect(b[0]?.suppressed ?? false, `query ${i - 2}`).toBe(false);
    }
    const b61 = reports(r.steps[63] as StepRecord, 'bad_page_map');
    expect(b61).toHaveLength(1);
    expect(b61[0]?.suppressed).toBe(true);
    expect(r.steps[64]?.op).toBe('tick');
    const last = printed(r.steps[65] as StepRecord, 'bad_page_map');
    expect(last).toHaveLength(1);
    const lines = last[0]?.lines ?? [];
    expect(lines[0]).toMatch(/Bad page map: 1 messages suppressed/);
    expect(lines[1]).toMatch(/^BUG: Bad page map in process A/);
  });
});

// ---- S-63..S-65 ----------------------------------------------------------------------------------------

describe('S-63 folio_walk_start() on a huge zero PMD', () => {
  const check = (c: Case, foundWithout: boolean) => {
    const r = run('S-63', c);
    expect(mustEntry(r.sum(2), 'A', 0x200000)).toMatchObject({ level: 'pmd', pfn: HZ });
    if (foundWithout) expect(r.steps[3]?.result).toMatch(/^found 0x200 \(.*pmd\)$/);
    else expect(r.steps[3]?.result).toBe('not found');
    expect(r.steps[4]?.result).toMatch(/^found 0x200 \(.*pmd\)$/);
  };
  each(
    [...cases(ALL, ['x86-64', 'no-pte-special']), ...cases([...BASE, 'rfc-08', 'fix-2026'], ['x86-32-thp'])],
    (c) => check(c, false),
  );
  each(cases(['v6.18'], ['x86-32-thp']), (c) => check(c, true));
  each(cases(['rfc-14'], ['x86-32-thp'], undefined, 'derived: §2.7 + §3.13'), (c) => check(c, true));
});

describe('S-64 vmf_insert_folio_pmd() of the huge zero folio', () => {
  const check = (c: Case, accounted: boolean, special: boolean) => {
    const r = run('S-64', c);
    const s0 = r.sum(0);
    const s = r.sum(2);
    expect(r.steps[2]?.result).toBe('VM_FAULT_NOPAGE');
    expect(mustEntry(s, 'A', 0x40000000)).toMatchObject({ level: 'pmd', kind: 'leaf', pfn: HZ, special });
    const f0 = mustFolio(s0, HZ);
    const f = mustFolio(s, HZ);
    expect(f.refcount - f0.refcount).toBe(accounted ? 1 : 0);
    expect(f.mapcount - f0.mapcount).toBe(accounted ? 1 : 0);
    expect(proc(s).counters.file).toBe(accounted ? 512 : 0);
    expect(proc(s).counters.anon).toBe(0);
  };
  each(cases([...BASE, 'rfc-05'], THP_PRESETS), (c) => check(c, true, false));
  each(cases(['rfc-06', 'rfc-07'], THP_PRESETS), (c) => check(c, false, false));
  each(cases(['rfc-08', 'rfc-14', ...MERGED], THP_PRESETS), (c) => check(c, false, pmdSpecial(c.preset)));
});

describe('S-65 vmf_insert_folio_pmd() with a folio of the wrong order', () => {
  each(cases(ALL, YN), (c) => {
    const r = run('S-65', c);
    const st = r.steps[2] as StepRecord;
    expect(st.result).toBe('VM_FAULT_SIGBUS');
    expect(printed(st, 'warn')).toHaveLength(1);
    expect(reports(st, 'vm_warn')).toHaveLength(0);
    expect(entryAt(r.sum(2), 'A', 0x40000000)).toBeUndefined();
    expect(mustFolio(r.sum(2), 0x2000)).toMatchObject({ refcount: 1, mapcount: 0 });
    expect(proc(r.sum(2)).counters.file).toBe(0);
  });
});
