import { describe, expect, it } from 'vitest';
import { DRAFT_KEY, discardDraft, readDraft, startDraftSync } from './draft';
import { createLabStore } from './store';

function memoryStorage() {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
    m,
  };
}

describe('drafts', () => {
  it('keeps the edited text, and forgets it when discarded', async () => {
    const storage = memoryStorage();
    const store = createLabStore({ text: '{}', runner: async () => ({ ok: false, problems: [] }) });
    startDraftSync(store, storage, () => new Date('2026-11-26T00:00:00Z'));
    store.getState().setText('{"version": 1, "title": "mine"}');
    await new Promise((r) => setTimeout(r, 350));
    expect(readDraft(storage)).toEqual({
      text: '{"version": 1, "title": "mine"}',
      savedAt: '2026-11-26T00:00:00.000Z',
    });
    discardDraft(storage);
    expect(readDraft(storage)).toBeNull();
  });

  it('ignores a damaged draft', () => {
    const storage = memoryStorage();
    storage.setItem(DRAFT_KEY, '{not json');
    expect(readDraft(storage)).toBeNull();
    storage.setItem(DRAFT_KEY, JSON.stringify({ text: 3 }));
    expect(readDraft(storage)).toBeNull();
  });
});
