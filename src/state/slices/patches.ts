import type { ImpactInput } from '../../scenario/library/impact';
import type { PatchesSlice, Slice } from '../lab';
import { describeError, latestOnly } from '../latest';
import { loadAllBuiltins } from '../library';
import { prepareRun } from '../parse';

export const patchesSlice: Slice<PatchesSlice> = (set, get, request) => {
  const stepperLine = latestOnly();
  const impactLine = latestOnly();
  return {
    stepper: { status: 'idle', steps: [], error: null },
    impact: { status: 'idle', variant: null, result: null, error: null },
    async loadStepper() {
      const prepared = prepareRun(get().text, () => get().settings);
      if (!prepared.ok) {
        stepperLine.drop();
        set({ stepper: { status: 'failed', steps: [], error: 'the scenario is not valid JSON' } });
        return;
      }
      set({ stepper: { status: 'running', steps: [], error: null } });
      const a = await stepperLine.run(() => request('stepper', prepared.input));
      if (a.kind === 'stale') return;
      if (a.kind === 'failed')
        set({ stepper: { status: 'failed', steps: [], error: describeError(a.error) } });
      else if (a.value.ok) set({ stepper: { status: 'done', steps: a.value.steps, error: null } });
      else {
        const error = a.value.problems.map((p) => `${p.path}: ${p.message}`).join('; ');
        set({ stepper: { status: 'failed', steps: [], error } });
      }
    },
    async loadImpact(variant) {
      set({ impact: { status: 'running', variant, result: null, error: null } });
      const a = await impactLine.run(async () => {
        const stories = await loadAllBuiltins();
        const input: ImpactInput = {
          patch: variant,
          scenarios: stories.map(({ id, scenario }) => ({ id, scenario })),
        };
        return request('impact', input);
      });
      if (a.kind === 'stale') return;
      if (a.kind === 'failed')
        set({ impact: { status: 'failed', variant, result: null, error: describeError(a.error) } });
      else
        set({
          impact: { status: 'done', variant, result: a.value, error: a.value.ok ? null : a.value.error },
        });
    },
  };
};
