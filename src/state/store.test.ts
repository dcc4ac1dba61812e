import { describe, expect, it } from 'vitest';
import type { RunOutcome } from '../scenario/run';
import { SUPERSEDED } from '../worker/protocol';
import { createLabStore, type Step } from './store';

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
