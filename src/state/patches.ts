/**
 * The patch stepper (the current scenario in every variant, in order) and "what changed in patch N"
 * (the built-in stories a patch changes). Both are computed in their own workers on demand.
 */
import { createStore } from 'zustand/vanilla';
import type { VariantId } from '../model/variants';
import type { ImpactInput, ImpactOutcome, ImpactScenario } from '../scenario/library/impact';
import type { PatchStep } from '../scenario/outcomes';
import { impactClient, stepperClient } from '../worker/client';
import { isSuperseded } from '../worker/protocol';
import { parseScenarioJson } from './parse';
import { withSettings } from './settings';
import { labStore } from './store';

export interface PatchesState {
  stepper: {
    status: 'idle' | 'running' | 'done' | 'failed';
    steps: readonly PatchStep[];
    error: string | null;
  };
  impact: {
    status: 'idle' | 'running' | 'done' | 'failed';
    variant: VariantId | null;
    result: ImpactOutcome | null;
    error: string | null;
  };
}

export const patchesStore = createStore<PatchesState>()(() => ({
  stepper: { status: 'idle', steps: [], error: null },
  impact: { status: 'idle', variant: null, result: null, error: null },
}));

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Runs the current scenario (with the current preset and options) in every variant. */
export async function loadStepper(): Promise<void> {
  const s = labStore.getState();
  const parsed = parseScenarioJson(s.text);
  if (!parsed.ok) {
    patchesStore.setState({
      stepper: { status: 'failed', steps: [], error: 'the scenario is not valid JSON' },
    });
    return;
  }
  patchesStore.setState({ stepper: { status: 'running', steps: [], error: null } });
  try {
    const r = await stepperClient().run(withSettings(parsed.value, s.settings ?? s.scenarioSettings));
    if (r.ok) patchesStore.setState({ stepper: { status: 'done', steps: r.steps, error: null } });
    else
      patchesStore.setState({
        stepper: {
          status: 'failed',
          steps: [],
          error: r.problems.map((p) => `${p.path}: ${p.message}`).join('; '),
        },
      });
  } catch (e) {
    if (!isSuperseded(e))
      patchesStore.setState({ stepper: { status: 'failed', steps: [], error: message(e) } });
  }
}

/**
 * Replays `scenarios` (the built-in library, which the page has and the worker does not bundle) before and
 * after `variant`.
 */
export async function loadImpact(variant: VariantId, scenarios: readonly ImpactScenario[]): Promise<void> {
  patchesStore.setState({ impact: { status: 'running', variant, result: null, error: null } });
  try {
    const input: ImpactInput = { patch: variant, scenarios };
    const result = await impactClient().run(input);
    patchesStore.setState({
      impact: { status: 'done', variant, result, error: result.ok ? null : result.error },
    });
  } catch (e) {
    if (!isSuperseded(e))
      patchesStore.setState({ impact: { status: 'failed', variant, result: null, error: message(e) } });
  }
}
