import { describe, expect, it } from 'vitest';
import type { KernelSnapshot } from '../../model/kernel';
import { runOk } from '../../scenario/lab';
import { EXAMPLE_TEXT } from '../example';
import { findEntry } from './selection';

describe('findEntry()', () => {
  const r = runOk(JSON.parse(EXAMPLE_TEXT));
  const state = (i: number) => r.steps[i]?.state as KernelSnapshot;

  it('finds the selected PTE and the pfns it maps, step by step', () => {
    const ref = { proc: 'A', level: 'pte' as const, v: 0x10001 };
    expect(findEntry(state(1), ref)).toBeNull();
    expect(findEntry(state(2), ref)).toMatchObject({ span: 1, pfns: [0x42, 0x42] });
    expect(findEntry(state(3), ref)).toMatchObject({ span: 1, pfns: [0x10000, 0x10000] });
  });

  it('is null for another level, process or no selection', () => {
    expect(findEntry(state(3), { proc: 'A', level: 'pmd', v: 0x10001 })).toBeNull();
    expect(findEntry(state(3), { proc: 'B', level: 'pte', v: 0x10001 })).toBeNull();
    expect(findEntry(state(3), null)).toBeNull();
    expect(findEntry(undefined, { proc: 'A', level: 'pte', v: 0x10001 })).toBeNull();
  });
});
