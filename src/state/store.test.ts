import { describe, expect, it } from 'vitest';
import type { RunOutcome } from '../scenario/run';
import { SUPERSEDED } from '../worker/protocol';
import { createLabStore, type Step, selectShowingStale } from './store';

const step = (index: number): Step =>
  ({ index, title: `step ${index}`, result: '0', events: [] }) as unknown as Step;
const okRun = (n: number): RunOutcome =>
  ({
    ok: true,
    run: { scenario: {}, steps: Array.from({ length: n }, (_, i) => step(i)) },
  }) as unknown as RunOutcome;

describe('lab store', () => {
  it('reports invalid JSON as a problem at $ without calling the runner', async () => {
    let called = false;
    const store = createLabStore({
      text: '{"version": 1,}',
      runner: async () => {
        called = true;
        return okRun(1);
      },
    });
    await store.getState().run();
    const s = store.getState();
    expect(called).toBe(false);
    expect(s.status).toBe('invalid');
    expect(s.problems[0]?.path).toBe('$');
    expect(s.problems[0]?.message).toMatch(/^not valid JSON: .*line 1/);
  });

  it('passes validation problems through', async () => {
    const problems = [{ path: '$.steps[0].addr', message: 'not a number: "x"' }];
    const store = createLabStore({ text: '{}', runner: async () => ({ ok: false, problems }) });
    await store.getState().run();
    expect(store.getState()).toMatchObject({ status: 'invalid', problems, steps: [] });
  });

  it('keeps the last good run, its place and its settings when a later run is refused', async () => {
    const problems = [{ path: '$.steps[1].addr', message: 'expected a number such as 0x40000000 or 4096' }];
    let answer: RunOutcome = okRun(4);
    const store = createLabStore({
      text: JSON.stringify({ version: 1, kernel: { variant: 'rfc-05' } }),
      runner: async () => answer,
    });
    const s = () => store.getState();
    await s().run();
    s().select(3);
    const good = s().steps;
    expect(selectShowingStale(s())).toBe(false);

    // Refused by the worker (the schema): the text's own kernel must not reclassify the old run.
    answer = { ok: false, problems } as RunOutcome;
    s().setText(JSON.stringify({ version: 1, kernel: { variant: 'v6.18' } }));
    await s().run();
    expect(s()).toMatchObject({ status: 'invalid', problems, cursor: 3 });
    expect(s().steps).toBe(good);
    expect(s().scenarioSettings.variant).toBe('rfc-05');
    expect(selectShowingStale(s())).toBe(true);

    // Refused before the worker (not JSON): the same run stays.
    s().setText('{"version": 1,');
    await s().run();
    expect(s()).toMatchObject({ status: 'invalid', cursor: 3 });
    expect(s().steps).toBe(good);
    expect(s().problems[0]?.path).toBe('$');

    // Fixed: a shorter run replaces it, the place clamped to its last step.
    answer = okRun(2);
    s().setText('{}');
    await s().run();
    expect(s()).toMatchObject({ status: 'done', cursor: 1 });
    expect(selectShowingStale(s())).toBe(false);
  });

  it('stores the steps and moves the cursor within bounds', async () => {
    const store = createLabStore({ text: '{}', runner: async () => okRun(4) });
    await store.getState().run();
    const s = () => store.getState();
    expect(s()).toMatchObject({ status: 'done', cursor: 0 });
    s().prev();
    expect(s().cursor).toBe(0);
    s().next();
    s().next();
    expect(s().cursor).toBe(2);
    s().last();
    expect(s().cursor).toBe(3);
    s().next();
    expect(s().cursor).toBe(3);
    s().first();
    expect(s().cursor).toBe(0);
    s().select(99);
    expect(s().cursor).toBe(3);
  });

  it('shows a model error as a message', async () => {
    const store = createLabStore({
      text: '{}',
      runner: async () => {
        throw new Error('not implemented: mmap');
      },
    });
    await store.getState().run();
    expect(store.getState()).toMatchObject({ status: 'failed', error: 'not implemented: mmap' });
  });

  it('drops the late answer of a run that a newer run replaced', async () => {
    const answers: ((o: RunOutcome) => void)[] = [];
    const store = createLabStore({
      text: '{}',
      runner: () => new Promise<RunOutcome>((r) => answers.push(r)),
    });
    const first = store.getState().run();
    const second = store.getState().run();
    answers[1]?.(okRun(2));
    answers[0]?.(okRun(5));
    await Promise.all([first, second]);
    expect(store.getState().steps).toHaveLength(2);
  });

  it('ignores a superseded rejection', async () => {
    const superseded = Object.assign(new Error('replaced'), { name: SUPERSEDED });
    const store = createLabStore({ text: '{}', runner: () => Promise.reject(superseded) });
    await store.getState().run();
    expect(store.getState()).toMatchObject({ status: 'running', error: null });
  });
});

describe("lab store: patch by patch and a patch's impact (the background worker)", () => {
  const SCENARIO = JSON.stringify({ version: 1, kernel: { variant: 'rfc-11', preset: 'x86-64' } });

  it("runs the stepper with the scenario and the user's settings, and keeps only the newest answer", async () => {
    const seen: unknown[] = [];
    const answers: ((v: unknown) => void)[] = [];
    const store = createLabStore({
      text: SCENARIO,
      request: ((task: string, input: unknown) => {
        seen.push([task, input]);
        return new Promise((resolve) => answers.push(resolve));
      }) as never,
    });
    store.setState({ settings: { variant: 'v6.18', preset: 'x86-64', config: {} } });
    const first = store.getState().loadStepper();
    const second = store.getState().loadStepper();
    expect(store.getState().stepper.status).toBe('running');
    expect(seen[0]).toEqual([
      'stepper',
      expect.objectContaining({ kernel: expect.objectContaining({ variant: 'v6.18' }) }),
    ]);
    answers[1]?.({ ok: true, steps: [{ variant: 'v6.18' }] });
    answers[0]?.({ ok: true, steps: [{ variant: 'stale' }] });
    await Promise.all([first, second]);
    expect(store.getState().stepper).toEqual({ status: 'done', steps: [{ variant: 'v6.18' }], error: null });
  });

  it("reports the stepper's refusal and a failed impact with their reasons", async () => {
    const store = createLabStore({
      text: SCENARIO,
      request: (async (task: string) => {
        if (task === 'stepper') return { ok: false, problems: [{ path: '$.steps', message: 'required' }] };
        throw Object.assign(new Error('stopped after 20 s'), { name: 'WatchdogError' });
      }) as never,
    });
    await store.getState().loadStepper();
    expect(store.getState().stepper).toEqual({ status: 'failed', steps: [], error: '$.steps: required' });
    await store.getState().loadImpact('rfc-11');
    expect(store.getState().impact).toEqual({
      status: 'failed',
      variant: 'rfc-11',
      result: null,
      error: 'WatchdogError: stopped after 20 s',
    });
  });

  it('does not send text that is not JSON to the stepper', async () => {
    let called = false;
    const store = createLabStore({
      text: '{',
      request: (async () => {
        called = true;
      }) as never,
    });
    await store.getState().loadStepper();
    expect(called).toBe(false);
    expect(store.getState().stepper.status).toBe('failed');
  });
});

describe('lab store: text nested too deep', () => {
  it('is refused as a problem at $ before anything recursive reads it', async () => {
    let called = false;
    const store = createLabStore({
      text: `${'['.repeat(5000)}${']'.repeat(5000)}`,
      runner: async () => {
        called = true;
        return okRun(1);
      },
    });
    await store.getState().run();
    expect(called).toBe(false);
    expect(store.getState().problems).toEqual([
      { path: '$', message: 'nested more than 64 levels deep (no scenario needs that)' },
    ]);
  });
});
