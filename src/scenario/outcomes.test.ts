import { describe, expect, it } from 'vitest';
import { LIBRARY } from './library/index';
import { type PatchStep, patchStepper, STEPPER_ORDER } from './outcomes';
import { validateScenario } from './validate';

function scenario(json: unknown) {
  const v = validateScenario(json);
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.scenario;
}

describe('patch stepper', () => {
  it('walks baseline, RFC 01..14, v6.18 and the 2026 trees in order', () => {
    expect(STEPPER_ORDER[0]).toBe('baseline');
    expect(STEPPER_ORDER.slice(1, 15)).toEqual(
      Array.from({ length: 14 }, (_, i) => `rfc-${String(i + 1).padStart(2, '0')}`),
    );
    expect(STEPPER_ORDER.slice(15)).toEqual(['v6.18', 'mm-2026', 'fix-2026']);
  });

  it('a partial remap_pfn_range on a CoW mapping changes at RFC 11 (accepted) and back in v6.18 (-EINVAL)', () => {
    const s = scenario({
      version: 1,
      kernel: { variant: 'v6.18' },
      processes: [{ name: 'A' }],
      steps: [
        {
          op: 'mmap',
          proc: 'A',
          addr: '0x20000000',
          length: '0x4000',
          prot: ['read', 'write'],
          backing: { type: 'raw', flags: ['READ', 'WRITE', 'MAYREAD', 'MAYWRITE'] },
        },
        { op: 'remap_pfn_range', proc: 'A', addr: '0x20001000', pfn: '0x7000', length: '0x1000' },
      ],
    });
    const steps = patchStepper(s);
    const changedAt = steps.filter((p) => p.changed.includes(2)).map((p) => p.variant);
    expect(changedAt).toEqual(['rfc-11', 'v6.18']);
    expect(steps.find((p) => p.variant === 'rfc-10')?.facts[2]?.result).toBe('-EINVAL');
    expect(steps.find((p) => p.variant === 'rfc-11')?.facts[2]?.result).toBe('0');
  });
});

describe('patch stepper: behaviour apart from code path', () => {
  const story = (id: string) => {
    const e = LIBRARY.find((x) => x.id === id);
    if (!e) throw new Error(id);
    return patchStepper(scenario(e.scenario));
  };
  const at = (steps: PatchStep[], v: string) => steps.find((p) => p.variant === v);
  const firstBehaviour = (steps: PatchStep[]) =>
    steps.find((p) => p.changes.some((c) => c.kind === 'behaviour'))?.variant;

  it('the /dev/mem hazard (kernel-semantics.md §4.1): RFC 10 changes nothing, RFC 11 is the first behaviour change', () => {
    const steps = story('devmem-anon-hazard');
    // RFC 10 renames B-N2a to R-N2a and B-N5 to R-NORMAL: the same checks, no difference at all.
    expect(at(steps, 'rfc-10')?.changes).toEqual([]);
    expect(firstBehaviour(steps)).toBe('rfc-11');
    const rfc11 = at(steps, 'rfc-11');
    expect(rfc11?.changes).toEqual([
      { index: 4, kind: 'behaviour', fields: ['result'] },
      { index: 5, kind: 'behaviour', fields: ['counters', 'folios'] },
      { index: 6, kind: 'behaviour', fields: ['counters', 'folios'] },
      { index: 7, kind: 'behaviour', fields: ['counters', 'folios'] },
      { index: 8, kind: 'behaviour', fields: ['reports', 'counters', 'folios'] },
      { index: 9, kind: 'behaviour', fields: ['reports'] },
      { index: 10, kind: 'behaviour', fields: ['reports'] },
    ]);
    expect(rfc11?.facts[4]).toMatchObject({ result: 'page 0x4002', branches: ['R-F4'] });
    expect(rfc11?.facts[5]?.counters).toContain('E anon +1');
    expect(rfc11?.facts[8]?.reports).toEqual(['bad_page_map']);
    // Patches 12-14 change nothing here; v6.18 (without patch 11) behaves as RFC 10 again.
    for (const v of ['rfc-12', 'rfc-13', 'rfc-14', 'mm-2026', 'fix-2026'])
      expect(at(steps, v)?.changes).toEqual([]);
    expect(at(steps, 'v6.18')?.changes.map((c) => c.kind)).toEqual(Array(7).fill('behaviour'));
  });

  it('/dev/mem MAP_PRIVATE read-only: RFC 11 changes the code path only (R-F3 instead of R-N2a, NULL either way)', () => {
    const steps = story('devmem-private-cow');
    const rfc11 = at(steps, 'rfc-11');
    expect(rfc11?.changes.length).toBeGreaterThan(0);
    expect(rfc11?.changes.every((c) => c.kind === 'path' && c.fields.length === 0)).toBe(true);
    expect(firstBehaviour(steps)).toBeUndefined();
  });

  it('lists behaviour changes before code path only ones', () => {
    const rfc11 = at(story('remap-partial-cow'), 'rfc-11');
    const kinds = rfc11?.changes.map((c) => c.kind) ?? [];
    expect(kinds).toContain('behaviour');
    expect(kinds).toContain('path');
    expect(kinds.indexOf('path')).toBeGreaterThan(kinds.lastIndexOf('behaviour'));
    expect(rfc11?.changed).toEqual(rfc11?.changes.map((c) => c.index));
  });

  it('a renamed check is no change: find_special_page() becomes find_normal_page() (B-P2, R-P1a, M-S1a)', () => {
    const steps = story('xen-gntdev-find-normal-page');
    for (const v of ['rfc-10', 'rfc-14', 'v6.18']) expect(at(steps, v)?.changes).toEqual([]);
  });

  it('x86-32 without PMD special bits: v6.18 behaves as RFC 14, through M-OK instead of R-C1 (§2.5)', () => {
    const steps = story('x86-32-huge-zero-pmd');
    expect(firstBehaviour(steps)).toBe('rfc-10');
    expect(at(steps, 'v6.18')?.changes).toEqual([]);
  });
});
