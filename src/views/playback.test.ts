import { describe, expect, it } from 'vitest';
import type { RunOutcome } from '../scenario/run';
import { createLabStore, type Step } from '../state/store';
import { playTick, togglePlaying } from './useStepKeys';

const okRun = (n: number): RunOutcome =>
  ({
    ok: true,
    run: {
      scenario: {},
      steps: Array.from(
        { length: n },
        (_, i) => ({ index: i, title: '', result: '', events: [] }) as unknown as Step,
      ),
    },
  }) as unknown as RunOutcome;

describe('playback', () => {
  it('plays one step per tick and stops on the last step', async () => {
    const store = createLabStore({ text: '{}', runner: async () => okRun(3) });
    await store.getState().run();
    togglePlaying(store);
    expect(store.getState().playing).toBe(true);
    playTick(store);
    expect(store.getState()).toMatchObject({ cursor: 1, playing: true });
    playTick(store);
    expect(store.getState()).toMatchObject({ cursor: 2, playing: false });
  });

  it('pauses, and playing from the last step starts at the first', async () => {
    const store = createLabStore({ text: '{}', runner: async () => okRun(3) });
    await store.getState().run();
    store.getState().last();
    togglePlaying(store);
    expect(store.getState()).toMatchObject({ cursor: 0, playing: true });
    togglePlaying(store);
    expect(store.getState().playing).toBe(false);
  });

  it('does not play a run of one step', async () => {
    const store = createLabStore({ text: '{}', runner: async () => okRun(1) });
    await store.getState().run();
    togglePlaying(store);
    expect(store.getState().playing).toBe(false);
  });

  it('a step-range embed plays its range only, and playing from its end starts at its first step', async () => {
    const store = createLabStore({ text: '{}', runner: async () => okRun(8) });
    await store.getState().run();
    store.getState().setRange({ from: 2, to: 4 });
    expect(store.getState().cursor).toBe(2);
    togglePlaying(store);
    playTick(store);
    expect(store.getState()).toMatchObject({ cursor: 3, playing: true });
    playTick(store);
    expect(store.getState()).toMatchObject({ cursor: 4, playing: false });
    togglePlaying(store);
    expect(store.getState()).toMatchObject({ cursor: 2, playing: true });
  });
});
