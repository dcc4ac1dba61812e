import { describe, expect, it } from 'vitest';
import {
  DRAFT_KEY,
  discardDraft,
  draftDate,
  readDraft,
  sameScenario,
  startDraftSync,
  UNREADABLE_KEY,
} from './draft';
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

const settle = () => new Promise((r) => setTimeout(r, 350));

describe('drafts', () => {
  it('keeps the edited text, and forgets it when discarded', async () => {
    const storage = memoryStorage();
    const store = createLabStore({ text: '{}', runner: async () => ({ ok: false, problems: [] }) });
    startDraftSync(store, storage, () => new Date('2026-11-26T00:00:00Z'));
    store.getState().setText('{"version": 1, "title": "mine"}');
    await settle();
    expect(readDraft(storage)).toEqual({
      kind: 'draft',
      draft: { text: '{"version": 1, "title": "mine"}', savedAt: '2026-11-26T00:00:00.000Z' },
    });
    discardDraft(storage);
    expect(readDraft(storage)).toEqual({ kind: 'none' });
  });

  it.each([
    ['{not json', /not valid JSON/],
    [JSON.stringify({ text: 3 }), /no scenario text/],
    ['[]', /no scenario text/],
    [`${'['.repeat(100)}`, /nested more than 64 levels/],
  ])(
    'a stored draft that cannot be read (%s) is kept aside, not overwritten by the next edit',
    async (raw, why) => {
      const storage = memoryStorage();
      storage.setItem(DRAFT_KEY, raw);
      const found = readDraft(storage);
      expect(found).toEqual({ kind: 'unreadable', raw, why: expect.stringMatching(why) });
      expect(storage.getItem(UNREADABLE_KEY)).toBe(raw);
      const store = createLabStore({ text: '{}', runner: async () => ({ ok: false, problems: [] }) });
      startDraftSync(store, storage);
      store.getState().setText('{"title": "new"}');
      await settle();
      expect(storage.getItem(UNREADABLE_KEY)).toBe(raw);
    },
  );

  it('a draft without a date, or with one that is not a date, says "an unknown date"', () => {
    const storage = memoryStorage();
    for (const savedAt of [undefined, 'yesterday', 12]) {
      storage.setItem(DRAFT_KEY, JSON.stringify({ text: '{}', savedAt }));
      const found = readDraft(storage);
      expect(found).toEqual({ kind: 'draft', draft: { text: '{}', savedAt: null } });
      if (found.kind === 'draft') expect(draftDate(found.draft)).toBe('an unknown date');
    }
  });

  it('a save that fails is reported, and the report goes once a save works', async () => {
    const storage = memoryStorage();
    let full = true;
    const quota = Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
    const errors: (string | null)[] = [];
    const store = createLabStore({ text: '{}', runner: async () => ({ ok: false, problems: [] }) });
    startDraftSync(
      store,
      {
        ...storage,
        setItem: (k, v) => {
          if (full) throw quota;
          storage.setItem(k, v);
        },
      },
      undefined,
      (e) => errors.push(e),
    );
    store.getState().setText('{"a": 1}');
    await settle();
    expect(errors).toEqual([
      expect.stringContaining('could not be kept in this browser (the storage is full)'),
    ]);
    full = false;
    store.getState().setText('{"a": 2}');
    await settle();
    expect(errors.at(-1)).toBeNull();
  });

  it('tells the same scenario in another layout', () => {
    expect(sameScenario('{"a": [1, 2]}', '{\n  "a": [\n    1,\n    2\n  ]\n}')).toBe(true);
    expect(sameScenario('{"a": 1}', '{"a": 2}')).toBe(false);
    expect(sameScenario('{', '{')).toBe(true);
    expect(sameScenario('{', '}')).toBe(false);
  });
});
