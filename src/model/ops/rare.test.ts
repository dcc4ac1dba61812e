import { describe, expect, it, vi } from 'vitest';
import { validateScenario } from '../../scenario/validate';
import { RARE_OPS } from './rare';

/** Every rare operation, on anonymous memory a process wrote: the page loads their code on first use. */
const RARE_SCENARIO = {
  version: 1,
  kernel: { variant: 'v6.18' },
  processes: [{ name: 'A' }],
  steps: [
    {
      op: 'mmap',
      addr: '0x40000000',
      length: '0x400000',
      prot: ['read', 'write'],
      backing: { type: 'anon' },
    },
    { op: 'madvise', addr: '0x40000000', length: '0x400000', advice: 'hugepage' },
    { op: 'write', addr: '0x40000000' },
    { op: 'madvise', addr: '0x40000000', length: '0x200000', advice: 'collapse' },
    { op: 'write', addr: '0x40201000' },
    { op: 'pin_user_pages', addr: '0x40201000', nrPages: 1, write: true },
    { op: 'unpin_user_pages', addr: '0x40201000' },
    { op: 'madvise', addr: '0x40000000', length: '0x1000', advice: 'dontneed' },
    { op: 'shrink' },
    {
      op: 'mremap',
      addr: '0x40200000',
      oldLength: '0x2000',
      newLength: '0x2000',
      flags: ['maymove', 'fixed'],
      newAddr: '0x50000000',
    },
    { op: 'read', addr: '0x50001000' },
  ],
};

/** A fresh copy of the model's modules, without the table eager.ts fills for the tests (vitest.config.ts). */
async function freshModel() {
  vi.resetModules();
  const rare = await import('./rare');
  const run = await import('../../scenario/run');
  return { rare, run };
}

describe('rare operations, loaded on use (rare.ts)', () => {
  it('names operations of the scenario format, each of which the scenario here runs', async () => {
    const v = validateScenario(RARE_SCENARIO);
    expect(v.ok && v.scenario.steps.length).toBe(RARE_SCENARIO.steps.length);
    for (const name of RARE_OPS)
      expect(
        RARE_SCENARIO.steps.some((s) => s.op === name),
        name,
      ).toBe(true);
  });

  it('refuses to run one before its code is loaded, saying how to load it', async () => {
    const { rare, run } = await freshModel();
    expect(rare.rareOpsLoaded()).toBe(false);
    expect(rare.needsRareOps(RARE_SCENARIO.steps)).toBe(true);
    expect(() => run.runScenarioInput(RARE_SCENARIO)).toThrow(
      /op "madvise" is not loaded: await loadRareOps\(\)/,
    );
  });

  it('runs a scenario without them at once, with nothing to load', async () => {
    const { rare, run } = await freshModel();
    const plain = {
      ...RARE_SCENARIO,
      steps: RARE_SCENARIO.steps.filter((s) => s.op === 'mmap' || s.op === 'write'),
    };
    expect(rare.needsRareOps(plain.steps)).toBe(false);
    const out = run.runScenarioInputLoaded(plain);
    expect(out).not.toBeInstanceOf(Promise);
    expect(rare.rareOpsLoaded()).toBe(false);
  });

  it('loads them when a scenario names one, and the run is the one Node makes with every op at once', async () => {
    // As Node has it: eager.ts fills the table when imported.
    vi.resetModules();
    await import('./eager');
    const eager = (await import('../../scenario/run')).runScenarioInput(RARE_SCENARIO);
    const { rare, run } = await freshModel();
    const later = run.runScenarioInputLoaded(RARE_SCENARIO);
    expect(later).toBeInstanceOf(Promise);
    const lazy = await later;
    expect(rare.rareOpsLoaded()).toBe(true);
    expect(lazy.ok && eager.ok).toBe(true);
    if (!lazy.ok || !eager.ok) return;
    // Every step ran the rare operation itself, not a refusal: the same results, events and state.
    expect(lazy.run.steps.map((s) => s.result)).toEqual(eager.run.steps.map((s) => s.result));
    expect(JSON.stringify(lazy.run.steps, bigints)).toBe(JSON.stringify(eager.run.steps, bigints));
    expect(lazy.run.steps.find((s) => s.op === 'mremap')?.events.length).toBeGreaterThan(0);
    // Loaded once: the next run answers at once.
    expect(run.runScenarioInputLoaded(RARE_SCENARIO)).not.toBeInstanceOf(Promise);
  });

  it('does not load for a non-array, and tells a refused scenario from a rare one by its op names only', async () => {
    const { rare } = await freshModel();
    expect(rare.needsRareOps(undefined)).toBe(false);
    expect(rare.needsRareOps([null, 3, { op: 'mmap' }])).toBe(false);
    expect(rare.needsRareOps([{ op: 'shrink' }])).toBe(true);
  });
});

const bigints = (_k: string, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v);
