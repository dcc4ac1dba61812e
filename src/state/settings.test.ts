import { describe, expect, it } from 'vitest';
import type { RunOutcome } from '../scenario/run';
import { effectiveConfig, sameSettings, settingsOf, withOption, withSettings } from './settings';
import { createLabStore, type Step, selectSettings } from './store';

const SCENARIO = {
  version: 1,
  kernel: { variant: 'baseline', preset: 'no-pte-special' },
  processes: [{ name: 'A' }],
  steps: [],
};

const okRun = (n: number): RunOutcome =>
  ({
    ok: true,
    run: {
      scenario: {},
      steps: Array.from({ length: n }, (_, i) => ({ index: i, events: [] }) as unknown as Step),
    },
  }) as unknown as RunOutcome;

describe('kernel settings', () => {
  it("reads a scenario's own settings, falling back to defaults for unknown values", () => {
    expect(settingsOf(SCENARIO)).toEqual({ variant: 'baseline', preset: 'no-pte-special', config: {} });
    expect(settingsOf({ kernel: { variant: 'v99', preset: 'vax' } })).toMatchObject({
      variant: 'v6.18',
      preset: 'x86-64',
    });
  });
  it('an option equal to the preset is not an override', () => {
    const s = settingsOf(SCENARIO);
    const on = withOption(s, 'pteSpecial', true);
    expect(on.config).toEqual({ pteSpecial: true });
    expect(effectiveConfig(on).pteSpecial).toBe(true);
    expect(withOption(on, 'pteSpecial', false).config).toEqual({});
    expect(sameSettings(withOption(on, 'pteSpecial', false), s)).toBe(true);
  });
  it('withSettings replaces the kernel field only', () => {
    const w = withSettings(SCENARIO, {
      variant: 'rfc-11',
      preset: 'x86-64',
      config: { debugVm: false },
    }) as typeof SCENARIO;
    expect(w.kernel).toEqual({ variant: 'rfc-11', preset: 'x86-64', config: { debugVm: false } });
    expect(w.processes).toBe(SCENARIO.processes);
    expect(withSettings('text', { variant: 'v6.18', preset: 'x86-64', config: {} })).toBe('text');
  });
});

describe('store: settings and compare', () => {
  it('a changed variant or option re-runs the scenario with it, and keeps the step and the selection', async () => {
    const inputs: unknown[] = [];
    const store = createLabStore({
      text: JSON.stringify(SCENARIO),
      runner: async (input) => {
        inputs.push(input);
        return okRun(5);
      },
    });
    await store.getState().run();
    expect(selectSettings(store.getState())).toMatchObject({ variant: 'baseline', preset: 'no-pte-special' });
    store.getState().select(3);
    store.getState().selectEntry({ proc: 'A', level: 'pte', v: 0x10000 });
    store.getState().setOption('pteSpecial', true);
    await new Promise((r) => setTimeout(r, 0));
    expect((inputs.at(-1) as typeof SCENARIO).kernel).toEqual({
      variant: 'baseline',
      preset: 'no-pte-special',
      config: { pteSpecial: true },
    });
    store.getState().setVariant('rfc-11');
    await new Promise((r) => setTimeout(r, 0));
    expect((inputs.at(-1) as typeof SCENARIO).kernel.variant).toBe('rfc-11');
    expect(store.getState().cursor).toBe(3);
    expect(store.getState().selected).toEqual({ proc: 'A', level: 'pte', v: 0x10000 });
    store.getState().resetSettings();
    await new Promise((r) => setTimeout(r, 0));
    // Back to the scenario's own settings: its `kernel` goes to the validator as written.
    expect((inputs.at(-1) as typeof SCENARIO).kernel).toEqual({
      variant: 'baseline',
      preset: 'no-pte-special',
    });
  });

  it('compare runs the same scenario under the other settings, on its own runner', async () => {
    const seen: unknown[] = [];
    const store = createLabStore({
      text: JSON.stringify(SCENARIO),
      runner: async () => okRun(2),
      compareRunner: async (input) => {
        seen.push(input);
        return okRun(3);
      },
    });
    await store.getState().run();
    await store.getState().setCompare({ variant: 'v6.18', preset: 'x86-64', config: {} });
    expect((seen[0] as typeof SCENARIO).kernel.variant).toBe('v6.18');
    expect(store.getState().compareSteps).toHaveLength(3);
    await store.getState().setCompare(null);
    expect(store.getState()).toMatchObject({ compare: null, compareSteps: [] });
  });
});

describe('store: a worker that dies', () => {
  it('is restarted by the client and the scenario runs again once, keeping the step; the user is told', async () => {
    let calls = 0;
    const crash = Object.assign(new Error('The scenario worker stopped unexpectedly (out of memory).'), {
      name: 'WorkerCrashedError',
    });
    const store = createLabStore({
      text: JSON.stringify(SCENARIO),
      runner: async () => {
        calls++;
        if (calls === 2) throw crash;
        return okRun(4);
      },
    });
    await store.getState().run();
    store.getState().select(2);
    await store.getState().run();
    expect(calls).toBe(3);
    expect(store.getState()).toMatchObject({ status: 'done', cursor: 2 });
    expect(store.getState().notice).toContain('restarted');
  });

  it('a second crash in a row is reported, and the scenario text is kept', async () => {
    const crash = Object.assign(new Error('boom'), { name: 'WorkerCrashedError' });
    const text = JSON.stringify(SCENARIO);
    const store = createLabStore({
      text,
      runner: async () => {
        throw crash;
      },
    });
    await store.getState().run();
    expect(store.getState()).toMatchObject({ status: 'failed', text });
  });
});

describe('store: a comparison whose worker dies', () => {
  it('is asked once more, then reported', async () => {
    let calls = 0;
    const crash = Object.assign(new Error('gone'), { name: 'WorkerCrashedError' });
    const store = createLabStore({
      text: JSON.stringify(SCENARIO),
      runner: async () => okRun(2),
      compareRunner: async () => {
        calls++;
        if (calls === 1) throw crash;
        return okRun(3);
      },
    });
    await store.getState().setCompare({ variant: 'v6.18', preset: 'x86-64', config: {} });
    expect(calls).toBe(2);
    expect(store.getState()).toMatchObject({ compareStatus: 'done' });
    calls = 0;
    const always = createLabStore({
      text: JSON.stringify(SCENARIO),
      runner: async () => okRun(2),
      compareRunner: async () => {
        calls++;
        throw crash;
      },
    });
    await always.getState().setCompare({ variant: 'v6.18', preset: 'x86-64', config: {} });
    expect(calls).toBe(2);
    expect(always.getState()).toMatchObject({
      compareStatus: 'failed',
      compareError: 'WorkerCrashedError: gone',
    });
  });
});

describe('settingsOf(): only checked values reach the page', () => {
  it('keeps known options of the right type and drops the rest', () => {
    const s = settingsOf({
      kernel: {
        variant: 'rfc-11',
        config: {
          pteSpecial: { toString: 1, valueOf: 1 },
          pgtableLevels: { toString: 1 },
          debugVm: true,
          thp: 'yes',
          nonsense: true,
          ['__proto__']: { pteSpecial: true },
        },
      },
    });
    expect(s).toEqual({ variant: 'rfc-11', preset: 'x86-64', config: { debugVm: true } });
    expect(settingsOf({ kernel: { config: { pgtableLevels: 5 } } }).config).toEqual({ pgtableLevels: 5 });
    expect(settingsOf({ kernel: { config: [true] } }).config).toEqual({});
  });
});

describe('store: swapping the compared runs', () => {
  it('exchanges the settings of A and B and runs both again', async () => {
    const seen: string[] = [];
    const store = createLabStore({
      text: JSON.stringify(SCENARIO),
      runner: async (input) => {
        seen.push(`A:${(input as typeof SCENARIO).kernel.variant}`);
        return okRun(2);
      },
      compareRunner: async (input) => {
        seen.push(`B:${(input as typeof SCENARIO).kernel.variant}`);
        return okRun(2);
      },
    });
    await store.getState().run();
    await store.getState().setCompare({ variant: 'v6.18', preset: 'no-pte-special', config: {} });
    seen.length = 0;
    await store.getState().swapCompare();
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().settings?.variant).toBe('v6.18');
    expect(store.getState().compare).toEqual({ variant: 'baseline', preset: 'no-pte-special', config: {} });
    expect(seen.sort()).toEqual(['A:v6.18', 'B:baseline']);
  });
});
