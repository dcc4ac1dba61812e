import { describe, expect, it } from 'vitest';
import { impactTask, previousVariant } from './impact';
import { LIBRARY } from './index';
import { patchImpact } from './libraryImpact';

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

  it('runs the scenarios the request carries, not a bundled library', () => {
    const one = LIBRARY.filter((e) => e.id === 'remap-partial-cow').map(({ id, scenario }) => ({
      id,
      scenario,
    }));
    expect(one).toHaveLength(1);
    const r = impactTask({ patch: 'rfc-11', scenarios: one });
    expect(r).toMatchObject({ ok: true, variant: 'rfc-11', previous: 'rfc-10' });
    if (!r.ok) return;
    expect(r.scenarios.map((s) => s.id)).toEqual(['remap-partial-cow']);
    expect(impactTask({ patch: 'rfc-11', scenarios: [] })).toMatchObject({ ok: true, scenarios: [] });
  }, 60_000);

  it('answers a malformed request with a message instead of throwing', () => {
    for (const input of [
      undefined,
      'rfc-11',
      [],
      { scenarios: [] },
      { patch: 11, scenarios: [] },
      { patch: 'rfc-11' },
      { patch: 'rfc-11', scenarios: {} },
      { patch: 'rfc-11', scenarios: [null] },
      { patch: 'rfc-11', scenarios: [{ id: 3, scenario: {} }] },
      { patch: 'rfc-11', scenarios: [{ id: 'x' }] },
    ]) {
      const r = impactTask(input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/^the impact request is malformed: /);
    }
    expect(impactTask({ patch: 'rfc-99', scenarios: [] })).toEqual({
      ok: false,
      error: 'unknown kernel variant "rfc-99"',
    });
  });

  it('leaves out a scenario that does not validate', () => {
    const r = impactTask({ patch: 'rfc-11', scenarios: [{ id: 'broken', scenario: { version: 1 } }] });
    expect(r).toMatchObject({ ok: true, scenarios: [] });
  });
});

describe('what changed in patch N: behaviour apart from code path', () => {
  it('patch 10 (a refactor) changes no step of the /dev/mem hazard; it changes x86-32 (§2.5)', () => {
    const r = patchImpact('rfc-10');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenarios.map((s) => s.id)).not.toContain('devmem-anon-hazard');
    expect(r.scenarios.find((s) => s.id === 'x86-32-huge-zero-pmd')?.behaviour).toBe(true);
  }, 60_000);

  it('patch 11: the hazard changes behaviour; the read-only /dev/mem story only its code path, listed after', () => {
    const r = patchImpact('rfc-11');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const hazard = r.scenarios.find((s) => s.id === 'devmem-anon-hazard');
    expect(hazard?.behaviour).toBe(true);
    expect(hazard?.steps.map((s) => [s.index, s.kind])).toEqual(
      [4, 5, 6, 7, 8, 9, 10].map((i) => [i, 'behaviour']),
    );
    expect(hazard?.steps[0]?.changes).toEqual([
      { field: 'result', before: ['NULL'], after: ['page 0x4002'] },
      { field: 'branches', before: ['R-N2a'], after: ['R-F4'] },
    ]);
    const readOnly = r.scenarios.find((s) => s.id === 'devmem-private-cow');
    expect(readOnly?.behaviour).toBe(false);
    expect(readOnly?.steps.every((s) => s.kind === 'path' && s.changes[0]?.field === 'branches')).toBe(true);
    // Scenarios whose behaviour changes come first.
    const firstPathOnly = r.scenarios.findIndex((s) => !s.behaviour);
    expect(r.scenarios.slice(firstPathOnly).every((s) => !s.behaviour)).toBe(true);
    expect(r.scenarios.findIndex((s) => s.id === 'devmem-anon-hazard')).toBeLessThan(firstPathOnly);
  }, 60_000);

  it('patch 14 (a rename) changes nothing', () => {
    expect(patchImpact('rfc-14')).toMatchObject({ ok: true, scenarios: [] });
  }, 60_000);
});
