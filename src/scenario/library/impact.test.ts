import { describe, expect, it } from 'vitest';
import { patchImpact, previousVariant } from './impact';

describe('what changed in patch N', () => {
  it('patch 11 changes the CoW PFNMAP stories', () => {
    const r = patchImpact('rfc-11');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.previous).toBe('rfc-10');
    const ids = r.scenarios.map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['remap-partial-cow', 'insert-pfn-cow-pfnmap']));
    expect(ids).not.toContain('zero-page');
  }, 60_000);

  it('patch 12 (dropping an unused addr parameter) changes no outcome', () => {
    const r = patchImpact('rfc-12');
    expect(r).toMatchObject({ ok: true, scenarios: [] });
  }, 60_000);

  it('answers unknown variants and the first one with a message', () => {
    expect(patchImpact('rfc-99')).toEqual({ ok: false, error: 'unknown kernel variant "rfc-99"' });
    expect(patchImpact('baseline').ok).toBe(false);
    expect(previousVariant('rfc-01')).toBe('baseline');
  });
});
