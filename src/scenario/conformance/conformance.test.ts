import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../model/config';
import { exportC, tokenWord } from '../exportC';
import { libraryScenario } from '../library';
import type { Scenario } from '../schema';
import { validateScenario } from '../validate';
import worked47 from '../worked/S-47-anon-read-zero-page.json';
import worked57 from '../worked/S-57-fork-cow-pfnmap.json';
import { assignRoles, compareViews, tally } from './compare';
import { decodeGuest } from './guest';
import { distroConfig, modelViews } from './model';
import type { StepView } from './views';

const scenario = (input: unknown): Scenario => {
  const v = validateScenario(input);
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.scenario;
};

const PRESENT = 1n << 63n;
const FILE = 1n << 61n;
const EXCL = 1n << 56n;
const hx = (n: bigint) => `0x${n.toString(16)}`;

describe('decodeGuest', () => {
  const lines = [
    'noise from the console',
    '{"ptlab":"start","kernel":"7.2.13+deb14-amd64","mmio":"0xf8000000"}',
    '{"step":0,"proc":"A","rss":{"anon":68,"file":0,"shmem":0},"pages":[{"addr":"0x10000000","pm":"0x0"}]}',
    `{"step":1,"proc":"A","op":"write","result":"0","value":"0x${tokenWord('p').toString(16)}"}`,
    `{"step":1,"proc":"A","rss":{"anon":72,"file":0,"shmem":0},"pages":[{"addr":"0x10000000","pm":"${hx(PRESENT | EXCL | 0x35fd7n)}","kflags":"${hx((1n << 12n) | (1n << 11n))}","kcount":1}]}`,
    '{"step":1,"kmsg":["BUG: Bad rss-counter state mm:00000000 type:MM_ANONPAGES val:1"]}',
    '{"step":2,"proc":"A","op":"read","result":"SIGSEGV"}',
    `{"step":2,"proc":"A","rss":{"anon":72,"file":0,"shmem":0},"pages":[{"addr":"0x10000000","pm":"${hx(PRESENT | FILE | 0x3000n)}","kflags":"${hx((1n << 24n) | (1n << 22n))}","kcount":0},{"addr":"0x20000000","pm":"0x80000000000000","mmio":"0x0"}]}`,
    '{"step":2,"kmsg":[]}',
    '{"ptlab":"end"}',
  ];
  const g = decodeGuest(lines, ['p'], []);

  it('reads the kernel, the MMIO base and whether the program finished', () => {
    expect(g).toMatchObject({ kernel: '7.2.13+deb14-amd64', mmioBase: 0xf8000000, complete: true });
  });

  it('decodes pagemap, kpageflags and kpagecount bits, and RSS beyond step 0 in pages', () => {
    expect(g.steps[1]?.procs.A).toEqual({
      rssAnon: 1,
      rssFile: 0,
      pages: {
        '0x10000000': {
          present: true,
          pfn: 0x35fd7,
          file: false,
          excl: true,
          kind: 'anon',
          mapcount: 1,
          mmio: null,
        },
      },
    });
    expect(g.steps[2]?.procs.A?.pages['0x10000000']).toMatchObject({
      present: true,
      file: true,
      kind: 'huge_zero',
      mapcount: null,
    });
    expect(g.steps[2]?.procs.A?.pages['0x20000000']).toEqual({
      present: false,
      pfn: null,
      file: null,
      excl: null,
      kind: null,
      mapcount: null,
      mmio: 'zero',
    });
  });

  it('names the word read back and the result, and classifies kernel reports', () => {
    expect(g.steps[1]).toMatchObject({ result: 'ok', value: 'p', reports: ['bad_rss'] });
    expect(g.steps[2]).toMatchObject({ result: 'SIGSEGV', value: null, reports: [] });
  });

  it('marks a program that stopped before its end line as incomplete', () => {
    expect(decodeGuest(lines.slice(0, 5), ['p'], []).complete).toBe(false);
  });
});

const page = (pfn: number | null, kind: string | null, extra: object = {}) => ({
  present: pfn !== null,
  pfn,
  file: false,
  excl: false,
  kind,
  mapcount: null,
  mmio: null,
  ...extra,
});
const view = (step: number, pages: Record<string, ReturnType<typeof page>>): StepView => ({
  step,
  op: 'read',
  proc: 'A',
  result: 'ok',
  value: 'zero',
  procs: { A: { rssAnon: 0, rssFile: 0, pages } },
  reports: [],
});

describe('roles', () => {
  it('names pfns by role: zero page, huge zero + k, MMIO + k, and the N-th other page seen', () => {
    const steps = [
      view(1, { a: page(0x42, 'zero'), b: page(0x5000, 'anon') }),
      view(2, {
        a: page(0x201, 'huge_zero'),
        b: page(0xfe003, 'mmio'),
        c: page(0x5000, 'anon'),
        d: page(0x7000, 'anon'),
      }),
    ];
    expect([...assignRoles(steps, { hugeZeroPfn: 0x200, mmioPfn: 0xfe000 })]).toEqual([
      [0x42, 'zero page'],
      [0x5000, 'page #1'],
      [0x201, 'huge zero +1'],
      [0xfe003, 'MMIO +3'],
      [0x7000, 'page #2'],
    ]);
  });

  it('compares by role, so different pfns in the same roles agree, and counts a PFNMAP page as not observable', () => {
    const model = [
      view(1, { a: page(0x10000, 'anon'), b: page(0x42, 'zero') }),
      view(2, { a: page(0x10001, 'anon', { pfnmap: true }) }),
    ];
    const real = [
      view(1, { a: page(0x35fd7, 'anon'), b: page(0x2393e, 'zero') }),
      view(2, { a: page(null, null) }),
    ];
    const checks = compareViews(model, real, {}, {});
    expect(checks.filter((c) => c.verdict === 'differ')).toEqual([]);
    expect(checks.find((c) => c.step === 2 && c.what === 'A/a/present')).toMatchObject({
      verdict: 'n/o',
      real: 'hidden (VM_PFNMAP)',
    });
    const other = [
      view(1, { a: page(0x35fd7, 'anon'), b: page(0x35fd7, 'anon') }),
      view(2, { a: page(null, null) }),
    ];
    const diff = compareViews(model, other, {}, {}).filter((c) => c.verdict === 'differ');
    expect(diff.map((c) => `${c.what} ${c.model} ${c.real}`)).toEqual([
      'A/b/pfn zero page page #1',
      'A/b/kind zero anon',
    ]);
    expect(tally(checks).differ).toBe(0);
  });
});

describe('modelViews', () => {
  const cfg = distroConfig(DEFAULT_CONFIG, { findNormalPage: true });

  it('reads a zero-page PTE as pagemap does: present, not a page (vm_normal_page() NULL), no RSS', () => {
    const v = modelViews(scenario(worked47), 'fix-2026', cfg);
    expect(v[2]?.procs.A?.pages['0x10005000']).toMatchObject({
      present: true,
      pfn: 0x42,
      file: false,
      excl: false,
      kind: 'zero',
    });
    expect(v[2]?.procs.A?.rssAnon).toBe(0);
  });

  it('reads a huge zero PMD through pmd_page(): a page that is not anon, so PM_FILE', () => {
    const v = modelViews(scenario(libraryScenario('thp-huge-zero')?.scenario), 'fix-2026', cfg);
    expect(v[3]?.procs.A?.pages['0x40000000']).toMatchObject({
      present: true,
      file: true,
      excl: false,
      kind: 'huge_zero',
    });
  });

  it('marks /dev/mem pages as PFNMAP, with the device pfn as MMIO and the CoW copy as an anon page', () => {
    const v = modelViews(scenario(worked57), 'fix-2026', cfg);
    const st = v[3];
    expect(st?.procs.A?.pages['0x20001000']).toMatchObject({ pfnmap: true, kind: 'anon' });
    expect(st?.procs.B?.pages['0x20000000']).toMatchObject({ pfnmap: true, kind: 'mmio' });
    expect(st?.procs.B?.rssAnon).toBe(1);
  });

  it("uses the guest allocator rather than a story's memory.allocStart", () => {
    const v = modelViews(scenario(libraryScenario('thp-huge-zero')?.scenario), 'fix-2026', cfg);
    expect(v[7]?.procs.A?.pages['0x40401000']?.kind).toBe('anon-thp');
    const split = modelViews(
      scenario(libraryScenario('thp-huge-zero')?.scenario),
      'v6.17',
      distroConfig(DEFAULT_CONFIG, { thpAllocSucceeds: false }),
    );
    expect(split[7]?.procs.A?.pages['0x40401000']?.kind).toBe('anon');
    expect(split[7]?.procs.A?.pages['0x40402000']?.kind).toBe('zero');
  });
});

describe('the scenarios written for the conformance check', () => {
  const dir = new URL('./scenarios/', import.meta.url).pathname;
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('are at least 20, and each is valid, named by its file and exports as C without lookups', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const f of files) {
      const s = scenario(JSON.parse(readFileSync(join(dir, f), 'utf8')));
      expect(`${s.id}.json`).toBe(f);
      const r = exportC(s);
      expect(r.ok ? [] : r.problems).toEqual([]);
    }
  });

  it('cover anon, zero-page and THP faults, fork, /dev/mem read, write, fork and munmap, mprotect and exit', () => {
    const all = files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Scenario);
    const has = (pred: (s: Scenario) => boolean) => all.some(pred);
    const ops = (s: Scenario) => s.steps.map((st) => st.op);
    const devmem = (s: Scenario) => s.steps.some((st) => st.op === 'mmap' && st.backing.type === 'devmem');
    const huge = (s: Scenario) => s.steps.some((st) => st.op === 'mmap' && st.hugepage);
    expect(has((s) => huge(s) && ops(s).includes('fork'))).toBe(true);
    expect(has((s) => !huge(s) && !devmem(s) && ops(s).includes('fork'))).toBe(true);
    for (const op of ['read', 'write', 'fork', 'munmap'] as const)
      expect(has((s) => devmem(s) && ops(s).includes(op))).toBe(true);
    expect(has((s) => ops(s).includes('mprotect'))).toBe(true);
    expect(has((s) => ops(s).includes('exit'))).toBe(true);
  });
});
