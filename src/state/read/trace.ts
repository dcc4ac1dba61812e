/** A run as a file: the same JSON the CLI's `run` prints, made from the steps the page holds. */
import { summarizeState } from '../../scenario/summary';
import type { Step } from '../lab';

/** The run as the CLI prints it: every step's result, events and a summary of the state after it. */
export function traceJson(title: string, variant: string, steps: readonly Step[]): string {
  return `${JSON.stringify(
    {
      title,
      variant,
      steps: steps.map((s) => ({
        index: s.index,
        title: s.title,
        result: s.result,
        ...(s.detail ? { detail: s.detail } : {}),
        ...(s.note ? { note: s.note } : {}),
        events: s.events,
        state: summarizeState(s.state),
      })),
    },
    null,
    1,
  )}\n`;
}
