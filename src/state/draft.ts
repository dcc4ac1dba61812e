/**
 * The user's unsaved scenario survives a reload: an edited text (one that is no longer a built-in
 * scenario or the text of an opened link) is kept in local storage until the user discards it. Nothing
 * is lost without a word: a stored draft that cannot be read is kept aside under a second key and
 * offered for download, and a save that fails is reported.
 */
import { parseJson } from '../scenario/json';
import type { LabStore } from './store';

export const DRAFT_KEY = 'ptlab.draft.v1';
/** Where a stored draft that could not be read is kept, for the user to download. */
export const UNREADABLE_KEY = 'ptlab.draft.v1.unreadable';

export interface StorageLike {
  getItem(k: string): string | null;
  setItem(k: string, v: string): void;
  removeItem(k: string): void;
}

export interface Draft {
  text: string;
  /** When it was saved (ISO 8601), or null when the stored date is missing or not a date. */
  savedAt: string | null;
}

export type DraftFound =
  | { readonly kind: 'none' }
  | { readonly kind: 'draft'; readonly draft: Draft }
  /** Something was stored but is no draft; `raw` is what was stored (kept aside under UNREADABLE_KEY). */
  | { readonly kind: 'unreadable'; readonly raw: string; readonly why: string };

/** Reads the stored draft. One that cannot be read is moved aside, so the next edit does not overwrite it. */
export function readDraft(storage: StorageLike): DraftFound {
  let raw: string | null;
  try {
    raw = storage.getItem(DRAFT_KEY);
  } catch {
    return { kind: 'none' }; // storage unavailable (private mode): there is nothing to read
  }
  if (raw === null) return { kind: 'none' };
  const found = parseDraft(raw);
  if (found.kind === 'unreadable') {
    try {
      storage.setItem(UNREADABLE_KEY, raw);
      storage.removeItem(DRAFT_KEY);
    } catch {
      // It stays where it was; the page still says it could not be read and offers it.
    }
  }
  return found;
}

function parseDraft(raw: string): DraftFound {
  const p = parseJson(raw);
  if (!p.ok) return { kind: 'unreadable', raw, why: `it is ${p.message}` };
  const d = p.value as { text?: unknown; savedAt?: unknown } | null;
  if (typeof d !== 'object' || d === null || typeof d.text !== 'string')
    return { kind: 'unreadable', raw, why: 'it has no scenario text' };
  const date = typeof d.savedAt === 'string' ? new Date(d.savedAt) : undefined;
  const savedAt = date && !Number.isNaN(date.getTime()) ? (d.savedAt as string) : null;
  return { kind: 'draft', draft: { text: d.text, savedAt } };
}

/** The draft's date for a sentence: "26/11/2026, 10:00:00", or "an unknown date". */
export function draftDate(d: Draft): string {
  return d.savedAt === null ? 'an unknown date' : new Date(d.savedAt).toLocaleString();
}

/** Whether two scenario texts say the same (whitespace and layout aside). */
export function sameScenario(a: string, b: string): boolean {
  if (a === b) return true;
  const x = parseJson(a);
  const y = parseJson(b);
  return x.ok && y.ok && JSON.stringify(x.value) === JSON.stringify(y.value);
}

export function discardDraft(storage: StorageLike, key = DRAFT_KEY): void {
  try {
    storage.removeItem(key);
  } catch {
    // Storage may be unavailable (private mode); nothing to discard then.
  }
}

/**
 * Saves the editor's text whenever the user edits it (debounced). A save that fails (storage full, or
 * not allowed) is reported through `onError`, and `onError(null)` once a later save works.
 */
export function startDraftSync(
  store: LabStore,
  storage: StorageLike,
  now: () => Date = () => new Date(),
  onError: (message: string | null) => void = () => {},
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failing = false;
  const unsub = store.subscribe((s, prev) => {
    if (s.text === prev.text || !s.dirty) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      try {
        storage.setItem(
          DRAFT_KEY,
          JSON.stringify({ text: store.getState().text, savedAt: now().toISOString() }),
        );
        if (failing) onError(null);
        failing = false;
      } catch (e) {
        failing = true;
        const why = e instanceof Error && e.name === 'QuotaExceededError' ? 'the storage is full' : String(e);
        onError(
          `Your edits could not be kept in this browser (${why.slice(0, 120)}): export the scenario to keep it.`,
        );
      }
    }, 300);
  });
  return () => {
    clearTimeout(timer);
    unsub();
  };
}
