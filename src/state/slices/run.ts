import { isWorkerCrash } from '../../worker/protocol';
import type { RunSlice, Slice } from '../lab';
import { describeError, latestOnly } from '../latest';
import { prepareRun } from '../parse';
import { clamp } from './timeline';

export const runSlice: Slice<RunSlice> = (set, get, request) => {
  const line = latestOnly();
  let retrying = false;
  return {
    status: 'idle',
    problems: [],
    error: null,
    notice: null,
    async run() {
      const prepared = prepareRun(get().text, () => get().settings);
      if (!prepared.ok) {
        line.drop();
        set({ status: 'invalid', problems: prepared.problems, error: null, steps: [], cursor: 0 });
        return;
      }
      set({
        status: 'running',
        problems: [],
        error: null,
        notice: null,
        scenarioSettings: prepared.scenarioSettings,
        ranText: get().text,
      });
      const answer = line.run(() => request('run', prepared.input));
      // The comparison follows the text; asked after the run, so the worker serves the run first.
      const compare = get().compare;
      if (compare) void get().setCompare(compare);
      const a = await answer;
      if (a.kind === 'stale') return;
      if (a.kind === 'fresh') {
        const outcome = a.value;
        if (outcome.ok) {
          const steps = outcome.run.steps;
          // A re-run after an edit keeps the reader's place when that step still exists.
          set({ status: 'done', steps, cursor: clamp(get().cursor, steps.length) });
        } else {
          set({ status: 'invalid', problems: outcome.problems, steps: [], cursor: 0 });
        }
        return;
      }
      // A worker that died is restarted by the client; run the scenario again once, keeping the
      // reader's place. A second crash in a row, or the watchdog, is reported and left alone.
      if (isWorkerCrash(a.error) && !retrying) {
        retrying = true;
        const cursor = get().cursor;
        await get().run();
        retrying = false;
        if (get().status === 'done') {
          set({
            cursor: clamp(cursor, get().steps.length),
            notice: `${describeError(a.error)} It was restarted and the scenario run again.`,
          });
        }
        return;
      }
      set({ status: 'failed', error: describeError(a.error), steps: [] });
    },
  };
};
