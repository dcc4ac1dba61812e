import { isWorkerCrash } from '../../worker/protocol';
import type { CompareSlice, Slice } from '../lab';
import { describeError, latestOnly } from '../latest';
import { prepareRun } from '../parse';

export const compareSlice: Slice<CompareSlice> = (set, get, request) => {
  const line = latestOnly();
  let retrying = false;
  return {
    compare: null,
    compareStatus: 'idle',
    compareSteps: [],
    compareError: null,
    async swapCompare() {
      const b = get().compare;
      if (!b) return;
      const a = get().settings ?? get().scenarioSettings;
      set({ settings: b, compare: a });
      // run() asks for the comparison again with the new settings B.
      await get().run();
    },
    async setCompare(compare) {
      if (!compare) {
        line.drop();
        set({ compare: null, compareStatus: 'idle', compareSteps: [], compareError: null });
        return;
      }
      set({ compare, compareStatus: 'running', compareError: null });
      const prepared = prepareRun(get().text, () => compare);
      if (!prepared.ok) {
        line.drop();
        set({ compareStatus: 'invalid', compareSteps: [] });
        return;
      }
      const a = await line.run(() => request('compare', prepared.input));
      if (a.kind === 'stale') return;
      // As the run does (run.ts): a worker that died is replaced; ask once more before giving up.
      if (a.kind === 'failed' && isWorkerCrash(a.error) && !retrying) {
        retrying = true;
        await get().setCompare(compare);
        retrying = false;
        return;
      }
      if (a.kind === 'failed')
        set({ compareStatus: 'failed', compareError: describeError(a.error), compareSteps: [] });
      else if (a.value.ok) set({ compareStatus: 'done', compareSteps: a.value.run.steps });
      else set({ compareStatus: 'invalid', compareSteps: [] });
    },
  };
};
