/**
 * The user's unsaved scenario survives a reload: an edited text (one that is no longer a built-in
 * scenario or the text of an opened link) is kept in local storage until the user discards it.
 */
import type { LabStore } from './store';

export const DRAFT_KEY = 'ptlab.draft.v1';

export interface StorageLike {
  getItem(k: string): string | null;
  setItem(k: string, v: string): void;
  removeItem(k: string): void;
}

export interface Draft {
  text: string;
  savedAt: string;
}

export function readDraft(storage: StorageLike): Draft | null {
  try {
    const raw = storage.getItem(DRAFT_KEY);
    if (!raw) return null;
    const d = JSON.parse(raw) as Partial<Draft>;
    return typeof d.text === 'string' && typeof d.savedAt === 'string'
      ? { text: d.text, savedAt: d.savedAt }
      : null;
  } catch {
    return null;
  }
}

export function discardDraft(storage: StorageLike): void {
  try {
    storage.removeItem(DRAFT_KEY);
  } catch {
    // Storage may be unavailable (private mode); nothing to discard then.
  }
}

/**
 * Saves the editor's text whenever the user edits it (debounced). `baseline` is the text the page
 * opened with: while the text equals it, there is nothing unsaved.
 */
export function startDraftSync(
  store: LabStore,
  storage: StorageLike,
  now: () => Date = () => new Date(),
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const unsub = store.subscribe((s, prev) => {
    if (s.text === prev.text || !s.dirty) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      try {
        storage.setItem(
          DRAFT_KEY,
          JSON.stringify({ text: store.getState().text, savedAt: now().toISOString() }),
        );
      } catch {
        // Quota or private mode: the draft is simply not kept.
      }
    }, 300);
  });
  return () => {
    clearTimeout(timer);
    unsub();
  };
}
