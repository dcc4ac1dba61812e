/**
 * diff.ts on real runs: the example scenario (zero page read, then written) with and without
 * CONFIG_ARCH_HAS_PTE_SPECIAL, and the /dev/mem scenarios of kernel-semantics.md §5 (S-39, S-60 hazard) under
 * RFC 11 against RFC 10 without pte_special, where patch 11 replaces the linearity rule (R-N2a) by the
 * anon-folio rule (R-F*): a change of code path only for S-39, of behaviour for S-60. RFC 10 against
 * RFC 09 renames the checks (B-N2a to R-N2a): no difference.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withSlots } from '../../model/pagetable';
import { ArraySlots } from '../../model/slots.reference';
import { devmemRemap } from '../../scenario/fixtures';
import { runOk } from '../../scenario/lab';
import { EXAMPLE_TEXT } from '../example';
import { type KernelSettings, withSettings } from '../settings';
import type { Step } from '../store';
import {
  codePathDiffsOf,
  differingEntries,
  differingSteps,
  diffStep,
  stepDiffsOf,
  stepFacts,
  stepReports,
} from './diff';

const run = (scenario: unknown, s: KernelSettings): readonly Step[] => runOk(withSettings(scenario, s)).steps;
const worked = (file: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../scenario/worked/${file}`, import.meta.url), 'utf8'));

const Y: KernelSettings = { variant: 'v6.18', preset: 'x86-64', config: {} };
const N: KernelSettings = { ...Y, config: { pteSpecial: false } };
const RFC11: KernelSettings = { variant: 'rfc-11', preset: 'no-pte-special', config: {} };
const RFC10: KernelSettings = { ...RFC11, variant: 'rfc-10' };

const EXAMPLE = JSON.parse(EXAMPLE_TEXT);

describe('differingSteps', () => {
  it('finds nothing between two runs under the same settings', () => {
    expect(differingSteps(run(EXAMPLE, Y), run(EXAMPLE, Y))).toEqual([]);
  });

  it('the zero page with and without pte_special: the read writes another entry, the write fault only decides by another check', () => {
    const a = run(EXAMPLE, Y);
    const b = run(EXAMPLE, N);
    const d = differingSteps(a, b);
    expect(d.map((x) => [x.index, x.kind, x.fields])).toEqual([
      [2, 'behaviour', ['entries']],
      [3, 'path', ['branches']],
    ]);
    // The read fault maps the zero page: special with pte_special, not without.
    expect(d[0]?.a?.entries).toEqual(['A PTE R special pfn 0x42 at 0x10001000']);
    expect(d[0]?.b?.entries).toEqual(['A PTE R pfn 0x42 at 0x10001000']);
    // The write fault: M-S1c (special, the zero page) against M-N3 (the zero page without a special bit).
    expect(d[1]?.a?.branches).toEqual(['M-S1c']);
    expect(d[1]?.b?.branches).toEqual(['M-N3']);
    expect([...stepDiffsOf(a, b).keys()]).toEqual([2]);
    expect([...codePathDiffsOf(a, b).keys()]).toEqual([3]);
  });

  it('RFC 11 vs RFC 10 on /dev/mem MAP_PRIVATE without pte_special: R-F3 instead of R-N2a, code path only', () => {
    const a = run(worked('S-39-devmem-private-mmap.json'), RFC11);
    const b = run(worked('S-39-devmem-private-mmap.json'), RFC10);
    const d = differingSteps(a, b);
    expect(d.map((x) => x.index)).toEqual([2, 3, 4, 5]);
    for (const x of d) {
      expect(x).toMatchObject({ kind: 'path', fields: ['branches'] });
      expect(x.a).toMatchObject({ result: 'NULL', branches: ['R-F3'] });
      expect(x.b).toMatchObject({ result: 'NULL', branches: ['R-N2a'] });
    }
    expect(stepDiffsOf(a, b).size).toBe(0);
    expect([...codePathDiffsOf(a, b).keys()]).toEqual([2, 3, 4, 5]);
  });

  it('the /dev/mem hazard: RFC 11 returns the anon page and later reports "Bad page map"', () => {
    const s = worked('S-60-devmem-anon-hazard.json');
    const d = differingSteps(run(s, RFC11), run(s, RFC10));
    expect(d.map((x) => [x.index, x.kind])).toEqual([
      [4, 'behaviour'],
      [5, 'behaviour'],
      [6, 'behaviour'],
    ]);
    const query = d.find((x) => x.index === 4);
    expect(query?.fields).toEqual(['result', 'branches']);
    expect(query?.a?.branches).toEqual(['R-F4']);
    expect(query?.b).toMatchObject({ result: 'NULL', branches: ['R-N2a'] });
    expect(d.find((x) => x.index === 5)?.fields).toEqual(['counters', 'folios', 'branches']);
    expect(d.some((x) => x.fields.includes('reports') && x.a?.reports.includes('bad_page_map'))).toBe(true);
  });

  it('RFC 10 against RFC 09 on the /dev/mem hazard: the checks are renamed (B-N2a, R-N2a), nothing differs', () => {
    const s = worked('S-60-devmem-anon-hazard.json');
    const a = run(s, RFC10);
    const b = run(s, { ...RFC10, variant: 'rfc-09' });
    expect(a[4]?.events.some((e) => e.t === 'branch' && e.id === 'R-N2a')).toBe(true);
    expect(b[4]?.events.some((e) => e.t === 'branch' && e.id === 'B-N2a')).toBe(true);
    expect(differingSteps(a, b)).toEqual([]);
    expect(diffStep(4, a[4], b[4])).toMatchObject({ kind: null, fields: [] });
  });

  it('marks a step only one run has as missing', () => {
    const a = run(EXAMPLE, Y);
    const d = differingSteps(a, a.slice(0, 3));
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ index: 3, kind: 'behaviour', fields: ['missing'] });
    expect(d[0]?.b).toBeUndefined();
    expect(diffStep(7, undefined, undefined).fields).toEqual(['missing']);
  });
});

describe('stepFacts and stepReports', () => {
  const ev = (events: unknown[]): Step => ({ result: '0', events }) as unknown as Step;

  it('keeps only vm_normal_page*() branches, sorted and unique', () => {
    const f = stepFacts(
      ev([
        { t: 'branch', fn: '__vm_normal_page', id: 'M-OK', text: '', depth: 1 },
        { t: 'branch', fn: 'zap_huge_pmd', id: 'zap-folio', text: '', depth: 1 },
        { t: 'branch', fn: 'vm_normal_page_pfn', id: 'R-C1', text: '', depth: 2 },
        { t: 'branch', fn: '__vm_normal_page', id: 'M-OK', text: '', depth: 1 },
      ]),
    );
    expect(f.branches).toEqual(['M-OK', 'R-C1']);
  });

  it('counts printed kernel reports, not suppressed ones or info', () => {
    const r = stepReports(
      ev([
        { t: 'report', kind: 'vm_warn', lines: [], depth: 0 },
        { t: 'report', kind: 'bad_page_map', lines: [], depth: 0, count: 2 },
        { t: 'report', kind: 'bad_page_map', lines: [], depth: 0, suppressed: true },
        { t: 'report', kind: 'info', lines: [], depth: 0 },
        { t: 'report', kind: 'bug', lines: [], depth: 0 },
      ]),
    );
    expect(r).toEqual(['bug', 'bad_page_map', 'bad_page_map', 'vm_warn']);
  });
});

describe('differingEntries', () => {
  it('finds nothing under the same settings', () => {
    const a = run(EXAMPLE, Y);
    const at = { state: (a[2] as Step).state, settings: Y };
    expect(differingEntries(at, at)).toEqual({ diffs: [], truncated: false, onlyInA: [], onlyInB: [] });
  });

  it('the zero-page PTE: special bit set with pte_special, not without; both classify as the zero page', () => {
    const a = run(EXAMPLE, Y)[2] as Step;
    const b = run(EXAMPLE, N)[2] as Step;
    const r = differingEntries({ state: a.state, settings: Y }, { state: b.state, settings: N });
    expect(r.diffs).toHaveLength(1);
    const d = r.diffs[0];
    expect(d).toMatchObject({ proc: 'A', level: 'pte', v: 0x10001, count: 1, fields: ['bits'] });
    expect(d?.a).toMatchObject({ pfn: 0x42, badge: 'zero', branch: 'M-S1c', entry: { special: true } });
    expect(d?.b).toMatchObject({ pfn: 0x42, badge: 'zero', branch: 'M-N3', entry: { special: false } });
  });

  it('classifies each run under its own settings: the same bits, another badge (RFC 11 anon rule)', () => {
    const s = worked('S-60-devmem-anon-hazard.json');
    const a = run(s, RFC11)[4] as Step;
    const b = run(s, RFC10)[4] as Step;
    const r = differingEntries({ state: a.state, settings: RFC11 }, { state: b.state, settings: RFC10 });
    expect(r.diffs).toEqual([
      expect.objectContaining({
        proc: 'D',
        level: 'pte',
        v: 0x20002,
        count: 1,
        fields: ['badge'],
        a: expect.objectContaining({ pfn: 0x4002, badge: 'normal', branch: 'R-F4' }),
        b: expect.objectContaining({
          pfn: 0x4002,
          badge: 'special',
          branch: 'R-N2a',
          entry: expect.objectContaining({ pfn: 0x4002 }),
        }),
      }),
    ]);
  });

  it('reports a range present in one run only, and processes only one run has', () => {
    const a = run(EXAMPLE, Y);
    const before = { state: (a[1] as Step).state, settings: Y };
    const after = { state: (a[3] as Step).state, settings: Y };
    const r = differingEntries(before, after);
    expect(r.diffs).toEqual([
      expect.objectContaining({ proc: 'A', level: 'pte', v: 0x10001, fields: ['presence'], a: null }),
    ]);
    const lonely = { ...after, state: { ...after.state, procs: [] } };
    expect(differingEntries(after, lonely).onlyInA).toEqual(['A']);
  });

  it('merges ranges that continue each other: /dev/mem, 4 linear PTEs, special only with pte_special', () => {
    const a = run(worked('S-39-devmem-private-mmap.json'), Y)[1] as Step;
    const b = run(worked('S-39-devmem-private-mmap.json'), N)[1] as Step;
    const r = differingEntries({ state: a.state, settings: Y }, { state: b.state, settings: N });
    expect(r.diffs).toEqual([
      expect.objectContaining({
        proc: 'A',
        level: 'pte',
        v: 0x20000,
        count: 4,
        fields: ['bits'],
        a: expect.objectContaining({ pfn: 0x4000, pfnStep: 1, badge: 'special', branch: 'M-S1b' }),
        b: expect.objectContaining({ pfn: 0x4000, pfnStep: 1, badge: 'special', branch: 'M-N2a' }),
      }),
    ]);
    expect(r.truncated).toBe(false);
  });

  it('caps the number of ranges', () => {
    const a = run(worked('S-39-devmem-private-mmap.json'), Y)[1] as Step;
    const b = run(worked('S-39-devmem-private-mmap.json'), N)[1] as Step;
    const all = differingEntries({ state: a.state, settings: Y }, { state: b.state, settings: N });
    expect(all.diffs.length).toBeGreaterThan(0);
    const capped = differingEntries({ state: a.state, settings: Y }, { state: b.state, settings: N }, 0);
    expect(capped).toMatchObject({ diffs: [], truncated: true });
  });
});

describe('differingEntries over runs of alike page tables (model/family.ts)', () => {
  // 24 MiB of /dev/mem (nine of its twelve PTE tables one run of alike tables), forked, a CoW write in
  // the middle of the run in the child: compared under settings that change every entry's bits (the
  // special bit) or only some classifications, at every step. The per-entry reference makes no runs of
  // tables, so the comparison must come out the same from it, range for range.
  const hex = (n: number) => `0x${n.toString(16)}`;
  const G = 0x40000000;
  const MiB = 0x100000;
  const scenario = (shared: boolean) => ({
    ...devmemRemap(hex(24 * MiB)),
    steps: [
      { ...(devmemRemap(hex(24 * MiB)).steps[0] as object), shared },
      { op: 'fork', proc: 'A', child: 'B' },
      { op: 'write', proc: 'B', addr: hex(G + 13 * MiB + 0x5000) },
    ],
  });
  const pairs = [
    ['shared, pte_special against none', scenario(true), Y, N],
    ['private, v6.18 with pte_special against RFC 11 without', scenario(false), Y, RFC11],
    ['private, pte_special against none', scenario(false), Y, N],
  ] as const;
  it.each(pairs)('%s: the same ranges as the per-entry reference', (_id, s, x, y) => {
    const diffsOf = () => {
      const a = run(s, x);
      const b = run(s, y);
      return a.map((st, i) =>
        differingEntries({ state: st.state, settings: x }, { state: (b[i] as Step).state, settings: y }),
      );
    };
    const got = diffsOf();
    expect(got.some((r) => r.diffs.length > 0)).toBe(true);
    expect(got).toEqual(withSlots((_l, stride) => new ArraySlots(stride), diffsOf));
  });
});
