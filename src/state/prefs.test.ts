import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAY_SPEED, PREFS_KEY, type PrefsStorage, readPrefs, startPrefsSync } from './prefs';
import { createLabStore } from './store';

function memory(init: Record<string, string> = {}): PrefsStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(init));
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
  };
}

describe('preferences', () => {
  it('reads each field on its own: a bad one falls back, the others are kept', () => {
    expect(readPrefs(memory({ [PREFS_KEY]: '{"theme":"dark","playSpeed":7}' }))).toEqual({ theme: 'dark' });
    expect(readPrefs(memory({ [PREFS_KEY]: '{"theme":"blue","playSpeed":0.5}' }))).toEqual({
      playSpeed: 0.5,
    });
    expect(readPrefs(memory({ [PREFS_KEY]: 'not json' }))).toEqual({});
    expect(readPrefs(memory({ [PREFS_KEY]: '[1]' }))).toEqual({});
    expect(readPrefs(memory({ [PREFS_KEY]: '{"explain":"learner"}' }))).toEqual({ explain: 'learner' });
    expect(readPrefs(memory({ [PREFS_KEY]: '{"explain":"expert"}' }))).toEqual({});
    expect(readPrefs(memory({ [PREFS_KEY]: '{"stepsWidth":9000}' }))).toEqual({ stepsWidth: 640 });
    expect(readPrefs(memory({ [PREFS_KEY]: '{"stepsWidth":"wide"}' }))).toEqual({});
    expect(readPrefs(memory())).toEqual({});
  });

  it('applies what is stored, then keeps it as it changes', () => {
    const storage = memory({ [PREFS_KEY]: '{"theme":"dark","playSpeed":3}' });
    const store = createLabStore();
    expect(store.getState().playSpeed).toBe(DEFAULT_PLAY_SPEED);
    const stop = startPrefsSync(store, storage);
    expect(store.getState()).toMatchObject({ theme: 'dark', playSpeed: 3 });
    store.getState().setPlaySpeed(0.5);
    expect(JSON.parse(storage.data.get(PREFS_KEY) ?? '')).toEqual({
      theme: 'dark',
      playSpeed: 0.5,
      explain: 'reviewer',
      stepsWidth: 320,
    });
    store.getState().setExplain('learner');
    expect(JSON.parse(storage.data.get(PREFS_KEY) ?? '').explain).toBe('learner');
    stop();
    store.getState().setTheme('light');
    expect(JSON.parse(storage.data.get(PREFS_KEY) ?? '').theme).toBe('dark');
  });

  it('a storage that refuses writes keeps the preference for the visit', () => {
    const store = createLabStore();
    startPrefsSync(store, {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    });
    store.getState().setPlaySpeed(4);
    expect(store.getState().playSpeed).toBe(4);
  });
});
