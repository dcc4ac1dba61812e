import { isWorkerCrash } from '../../worker/protocol';
import type { LabState, Problem, RunSlice, Slice } from '../lab';
import { describeError, latestOnly } from '../latest';
import { prepareRun } from '../parse';
import type { KernelSettings } from '../settings';
import { clampStep } from './timeline';

export const runSlice: Slice<RunSlice> = (set, get, request) => {
  const line = latestOnly();
  let retrying = false;
  /** The scenario's own settings in the run whose steps the store holds, while it holds them. */
  let goodSettings: KernelSettings | null = null;
  /**
   * A refused scenario leaves the last good run on screen (the page dims it under the problems) rather
   * than blanking the tree and the decision path while the user fixes a typo. The reader's place is kept
   * where it still exists, and the settings are those that run had, so its entries are classified as
   * they were; a link opened with a broken scenario and no run before it still shows no steps.
   */
  const refused = (problems: readonly Problem[]): Partial<LabState> => {
    const steps = get().steps;
    return {
      status: 'invalid',
      problems,
      error: null,
      cursor: clampStep(get().cursor, steps.length, get().range),
      ...(steps.length > 0 && goodSettings ? { scenarioSettings: goodSettings } : {}),
    };
  };
  return {
    status: 'idle',
    problems: [],
    error: null,
    notice: null,
    async run() {
      const prepared = prepareRun(get().text, () => get().settings);
      if (!prepared.ok) {
        line.drop();
        set(refused(prepared.problems));
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
          goodSettings = prepared.scenarioSettings;
          // A re-run after an edit keeps the reader's place when that step still exists.
          set({ status: 'done', steps, cursor: clampStep(get().cursor, steps.length, get().range) });
        } else {
          set(refused(outcome.problems));
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
            cursor: clampStep(cursor, get().steps.length, get().range),
            notice: `${describeError(a.error)} It was restarted and the scenario run again.`,
          });
        }
        return;
      }
      set({ status: 'failed', error: describeError(a.error), steps: [] });
    },
  };
};
