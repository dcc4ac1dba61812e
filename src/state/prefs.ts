/**
 * The user's preferences, kept in this browser (local storage): the theme, the play speed, the level
 * steps are explained at, and the width of the steps column. Each field is read on its own, so one that is missing or unreadable (an older or
 * edited entry) falls back to its default and the others are kept. The level also travels in share links
 * (explain=learner), and a link says what it shows: the stored level applies to a visit without a link
 * (state/url.ts leaves the store's level when it opens no link).
 */
import type { StoreApi } from 'zustand/vanilla';
import type { ExplainLevel } from '../share/link';
import type { LabState } from './lab';

export const PREFS_KEY = 'ptlab.prefs.v1';

/** Steps a second while playing. */
export const PLAY_SPEEDS = [0.5, 1, 1.5, 2, 3, 4] as const;
export type PlaySpeed = (typeof PLAY_SPEEDS)[number];
export const DEFAULT_PLAY_SPEED: PlaySpeed = 1.5;

/** The steps column's width in CSS pixels, as the user drags it: within these bounds. */
export const STEPS_WIDTH = { min: 240, max: 640, initial: 320 } as const;
export const clampStepsWidth = (w: number): number =>
  Math.round(Math.min(STEPS_WIDTH.max, Math.max(STEPS_WIDTH.min, w)));

export interface Prefs {
  readonly theme: 'light' | 'dark';
  readonly playSpeed: PlaySpeed;
  readonly explain: ExplainLevel;
  readonly stepsWidth: number;
}

/** What local storage offers: the page passes window.localStorage, tests a Map-backed double. */
export interface PrefsStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const isSpeed = (v: unknown): v is PlaySpeed => PLAY_SPEEDS.some((s) => s === v);

/** The preferences stored, field by field; a field that is absent or not valid is left out. */
export function readPrefs(storage: PrefsStorage): Partial<Prefs> {
  let raw: unknown;
  try {
    raw = JSON.parse(storage.getItem(PREFS_KEY) ?? 'null');
  } catch {
    return {}; // unreadable (storage refused, or not JSON): the defaults
  }
  if (typeof raw !== 'object' || raw === null) return {};
  const r = raw as Record<string, unknown>;
  return {
    ...((r.theme === 'light' || r.theme === 'dark') && { theme: r.theme }),
    ...(isSpeed(r.playSpeed) && { playSpeed: r.playSpeed }),
    ...((r.explain === 'learner' || r.explain === 'reviewer') && { explain: r.explain }),
    ...(typeof r.stepsWidth === 'number' &&
      Number.isFinite(r.stepsWidth) && { stepsWidth: clampStepsWidth(r.stepsWidth) }),
  };
}

const pick = (s: LabState): Prefs => ({
  theme: s.theme,
  playSpeed: s.playSpeed,
  explain: s.explain,
  stepsWidth: s.stepsWidth,
});

/**
 * Applies the stored preferences to the store, then writes them back whenever one changes. A write that
 * fails (storage full or refused) is dropped: the preference still holds for this visit.
 */
export function startPrefsSync(store: StoreApi<LabState>, storage: PrefsStorage): () => void {
  store.setState(readPrefs(storage));
  let last = JSON.stringify(pick(store.getState()));
  return store.subscribe((s) => {
    const now = JSON.stringify(pick(s));
    if (now === last) return;
    last = now;
    try {
      storage.setItem(PREFS_KEY, now);
    } catch {
      // kept for this visit only
    }
  });
}
