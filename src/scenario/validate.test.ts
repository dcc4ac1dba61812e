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
          addr: '0x40000000',
          length: '0x40000000',
          prot: ['read'],
          shared: true,
          backing: { type: 'devmem' },
        },
        ...Array.from({ length: 8 }, (_, i) => ({ op: 'fork', proc: 'A', child: `C${i}` })),
      ],
    });
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.problems[0]?.message).toContain(`the limit is ${LIMITS.entries.toLocaleString('en')}`);
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
