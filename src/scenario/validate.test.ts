import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS } from './schema';
import { parseScenarioText, validateScenario } from './validate';

const BASE = {
  version: 1,
  kernel: { variant: 'v6.18' },
  processes: [{ name: 'A' }],
  steps: [
    {
      op: 'mmap',
      proc: 'A',
      addr: '0x10000000',
      length: '0x1000',
      prot: ['read'],
      backing: { type: 'anon' },
    },
  ],
};

describe('scenario validation', () => {
  it('accepts a valid scenario', () => {
    expect(validateScenario(BASE).ok).toBe(true);
  });

  it('pin_user_pages: flags default to a short-term R/O pin; nrPages is a whole number up to LIMITS.pinPages', () => {
    const pin = (nrPages: unknown) =>
      validateScenario({
        ...BASE,
        steps: [
          ...BASE.steps,
          { op: 'pin_user_pages', addr: '0x10000000', nrPages },
          { op: 'unpin_user_pages', addr: '0x10000000' },
        ],
      });
    const ok = pin(1);
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(ok.scenario.steps[1]).toMatchObject({ write: false, longterm: false });
    for (const bad of [LIMITS.pinPages + 1, -1, 1.5, '0x1']) {
      const v = pin(bad);
      expect(v.ok, String(bad)).toBe(false);
      if (!v.ok) expect(v.problems.map((p) => p.path)).toContain('$.steps[1].nrPages');
    }
  });

  it('names an unknown op or type in one short line, with the nearest when it looks like a typo', () => {
    const r = validateScenario({
      ...BASE,
      steps: [
        { op: 'madvice', proc: 'A' },
        { op: [], proc: 'A' },
        {
          op: 'mmap',
          proc: 'A',
          addr: '0x1000',
          length: '0x1000',
          prot: ['read'],
          backing: { type: 'devmen' },
        },
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      {
        path: '$.steps[0].op',
        message: expect.stringMatching(
          /^"madvice": no such op; did you mean "madvise"\? Expected one of the \d+ listed/,
        ),
      },
      { path: '$.steps[1].op', message: expect.stringMatching(/^\[\]: no such op\. Expected/) },
      {
        path: '$.steps[2].backing.type',
        message: expect.stringMatching(
          /^"devmen": no such type; did you mean "devmem"\? Expected one of anon, devmem,/,
        ),
      },
    ]);
    for (const p of r.problems) expect(p.message.length).toBeLessThan(200);
  });

  it('lists every problem with its JSON path, and runs nothing', () => {
    const v = validateScenario({
      ...BASE,
      kernel: { variant: 'v9' },
      steps: [
        { op: 'read', addr: '-1' },
        { op: 'fork', proc: 'Z', child: 'A' },
      ],
    });
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(['$.kernel.variant', '$.steps[0].addr']),
    );
  });

  it('checks cross-field rules: unknown processes, duplicate children, folio alignment', () => {
    const v = validateScenario({
      ...BASE,
      memory: { folios: [{ pfn: '0x1001', order: 9, kind: 'anon' }] },
      steps: [
        { op: 'fork', proc: 'A', child: 'B' },
        { op: 'fork', proc: 'A', child: 'B' },
        { op: 'read', proc: 'C', addr: '0x1000' },
      ],
    });
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.problems).toEqual(
      expect.arrayContaining([
        { path: '$.memory.folios[0].pfn', message: 'a folio of order 9 must start at a multiple of 512' },
        { path: '$.steps[1].child', message: 'process "B" already exists' },
        expect.objectContaining({ path: '$.steps[2].proc' }),
      ]),
    );
  });

  it('refuses work over the bounds before anything runs, naming the bound', () => {
    const v = validateScenario({
      ...BASE,
      steps: [
        {
          op: 'mmap',
          proc: 'A',
          addr: '0x8000000000',
          length: '0x8000000000',
          prot: ['read'],
          shared: true,
          backing: { type: 'devmem' },
        },
        ...Array.from({ length: 4 }, (_, i) => ({ op: 'fork', proc: 'A', child: `C${i}` })),
      ],
    });
    expect(v.ok).toBe(false);
    if (v.ok) return;
    // 512 GiB of PTEs fill 512 PMD tables' worth; the fourth fork's copy takes it past 2,048.
    expect(v.problems[0]?.path).toBe('$.steps[4]');
    expect(v.problems[0]?.message).toContain(`the limit is ${LIMITS.pmdTables.toLocaleString('en')}`);
    const tooMany = validateScenario({
      ...BASE,
      steps: Array.from({ length: LIMITS.steps + 1 }, () => BASE.steps[0]),
    });
    expect(tooMany.ok).toBe(false);
  });

  it('never throws on generated or mutated input (fuzz)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (x) => {
        expect(typeof validateScenario(x).ok).toBe('boolean');
      }),
      { numRuns: 1500, seed: 11 },
    );
    // Mutations of a valid scenario: one field replaced by anything.
    const paths: ((s: Record<string, unknown>, v: unknown) => void)[] = [
      (s, v) => (s.version = v),
      (s, v) => (s.kernel = v),
      (s, v) => ((s.kernel as Record<string, unknown>).variant = v),
      (s, v) => (s.processes = v),
      (s, v) => (s.steps = v),
      (s, v) => ((s.steps as Record<string, unknown>[])[0] = v as Record<string, unknown>),
      (s, v) => {
        const first = (s.steps as Record<string, unknown>[])[0];
        if (first) first.addr = v;
      },
      (s, v) => (s.memory = v),
    ];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: paths.length - 1 }), fc.jsonValue({ maxDepth: 3 }), (i, v) => {
        const s = structuredClone(BASE) as unknown as Record<string, unknown>;
        paths[i]?.(s, v);
        expect(typeof validateScenario(s).ok).toBe('boolean');
      }),
      { numRuns: 1500, seed: 12 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (t) => {
        expect(typeof parseScenarioText(t).ok).toBe('boolean');
      }),
      { numRuns: 1000, seed: 13 },
    );
  });
});

describe('every number has a range and a JSON path; every bound is counted before work starts', () => {
  const mmap = (backing: object, extra: object = {}) => ({
    op: 'mmap',
    proc: 'A',
    addr: '0x10000000',
    length: '0x1000',
    prot: ['read'],
    shared: true,
    backing,
    ...extra,
  });
  const problemsOf = (steps: unknown[], over: object = {}) => {
    const v = validateScenario({ ...BASE, ...over, steps });
    return v.ok ? [] : v.problems;
  };

  it.each<[string, unknown[], string, RegExp]>([
    [
      'a driver pfnBase of 2^64 - 1',
      [mmap({ type: 'pfnmap-driver', pfnBase: '0xffffffffffffffff' })],
      '$.steps[0].backing.pfnBase',
      /pfn 0xffffffffffffffff is out of range/,
    ],
    [
      'an mmap offset of 2^80',
      [mmap({ type: 'devmem' }, { offset: `0x1${'0'.repeat(20)}` })],
      '$.steps[0].offset',
      /file offset 0x1000+ is out of range/,
    ],
    [
      'an injected pfn of 2^100',
      [
        mmap({ type: 'anon' }),
        {
          op: 'inject',
          proc: 'A',
          addr: '0x10000000',
          level: 'pte',
          entry: { type: 'leaf', pfn: `0x1${'0'.repeat(25)}` },
        },
      ],
      '$.steps[1].entry.pfn',
      /out of range/,
    ],
    [
      '"0x_"',
      [{ op: 'read', proc: 'A', addr: '0x_' }],
      '$.steps[0].addr',
      /expected a number such as 0x40000000 or 4096/,
    ],
    [
      'an address that is neither a number nor a string',
      [{ op: 'read', proc: 'A', addr: true }],
      '$.steps[0].addr',
      /^expected a number such as 0x40000000 or 4096 \(a JSON number or a string\), got true$/,
    ],
    [
      'a raw vm_pgoff past 2^40',
      [mmap({ type: 'raw', flags: ['READ'], pgoff: '0x10000000000' })],
      '$.steps[0].backing.pgoff',
      /vm_pgoff 0x10000000000 is out of range/,
    ],
    [
      'a find_*_page() pfn past 2^40',
      [mmap({ type: 'raw', flags: ['READ', 'MIXEDMAP'], findPage: [null, '0x20000000000'] })],
      '$.steps[0].backing.findPage[1]',
      /pfn/,
    ],
    [
      'a gntdev page past 2^40',
      [mmap({ type: 'gntdev', pages: ['0x10000000000'] })],
      '$.steps[0].backing.pages[0]',
      /pfn/,
    ],
    [
      'a swap offset past 2^50',
      [
        mmap({ type: 'anon' }),
        {
          op: 'inject',
          proc: 'A',
          addr: '0x10000000',
          level: 'pte',
          entry: { type: 'swap', offset: '0x4000000000000' },
        },
      ],
      '$.steps[1].entry.offset',
      /swap offset/,
    ],
    [
      'a number of 5 million digits',
      [{ op: 'read', proc: 'A', addr: `0x${'f'.repeat(5_000_000)}` }],
      '$.steps[0].addr',
      /too long for a number/,
    ],
  ])('%s is refused at its path', (_what, steps, path, message) => {
    const found = problemsOf(steps).filter((p) => p.path === path);
    expect(found.length, JSON.stringify(problemsOf(steps)).slice(0, 300)).toBeGreaterThan(0);
    expect(found.map((p) => p.message).join('; ')).toMatch(message);
    for (const p of found) expect(p.message.length).toBeLessThan(200);
  });

  it('forks count as processes: the one that makes 65 is refused, before anything runs', () => {
    const forks = Array.from({ length: 70 }, (_, i) => ({ op: 'fork', proc: 'A', child: `c${i}` }));
    const problems = problemsOf(forks);
    expect(problems[0]).toEqual({
      path: '$.steps[63]',
      message: 'this fork makes 65 processes; the limit is 64',
    });
    expect(problemsOf(forks.slice(0, 63))).toEqual([]);
  });
});

describe('coloured zero pages (memory.zeroPages)', () => {
  const withZero = (memory: Record<string, unknown>) => validateScenario({ ...BASE, memory });
  it('takes a power of two up to 128 (zero_page_mask is a mask), from any zeroPfn', () => {
    expect(withZero({ zeroPages: 8, zeroPfn: '0x40' }).ok).toBe(true);
    expect(withZero({ zeroPages: 1 }).ok).toBe(true);
    expect(withZero({ zeroPages: 3, zeroPfn: '0x40' })).toMatchObject({
      ok: false,
      problems: [{ path: '$.memory.zeroPages', message: expect.stringMatching(/power of two/) }],
    });
    // s390 takes the block from memblock_alloc() aligned to a page only: the colour is the address's, not
    // the pfn's, so the default zero page 0x42 may start a block of 8.
    expect(withZero({ zeroPages: 8 }).ok).toBe(true);
    expect(withZero({ zeroPages: 256, zeroPfn: '0x100' }).ok).toBe(false);
  });
});

describe('no field outside the steps is silently dropped', () => {
  it('refuses an unknown key at the top, in kernel, in memory, in a folio and in a process, by its path', () => {
    const r = validateScenario({
      ...BASE,
      extra: 1,
      kernel: { variant: 'v6.18', pteSpecal: false },
      memory: { folios: [{ pfn: '0x2000', kind: 'file', refs: 2 }], zeroPfnn: '0x42' },
      processes: [{ name: 'A', pid: 7 }],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.path).sort()).toEqual(
      [
        '$.extra',
        '$.kernel.pteSpecal',
        '$.memory.folios[0].refs',
        '$.memory.zeroPfnn',
        '$.processes[0].pid',
      ].sort(),
    );
    for (const p of r.problems) expect(p.message).toMatch(/is not a field of the scenario format here/);
  });
});
