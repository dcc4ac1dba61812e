import { useMemo } from 'react';
import type { KernelSnapshot } from '../../model/kernel';
import { type Decision, decisionOf } from '../../state/read/decision';
import type { KernelSettings } from '../../state/settings';
import type { EntryRef } from '../../state/store';

/** The selected entry of a step with its full decision path (state/read/decision.ts). */
export function useDecision(
  state: KernelSnapshot | undefined,
  settings: KernelSettings | null,
  ref: EntryRef | null,
): Decision | null {
  return useMemo(
    () => (state && settings && ref ? decisionOf(state, settings, ref) : null),
    [state, settings, ref],
  );
}
