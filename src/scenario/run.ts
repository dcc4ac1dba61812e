import { loadRareOps, needsRareOps } from '../model/ops/rare';
import { runModel, type StepRecord } from '../model/run';
import { compileScenario } from './compile';
import type { Scenario } from './schema';
import { type Problem, validateScenario } from './validate';

export interface RunResult {
  readonly scenario: Scenario;
  readonly steps: readonly StepRecord[];
}

export type RunOutcome = { ok: true; run: RunResult } | { ok: false; problems: Problem[] };

/** Validates, then runs. An invalid scenario is refused whole: nothing half-runs. */
export function runScenarioInput(input: unknown): RunOutcome {
  const v = validateScenario(input);
  if (!v.ok) return v;
  return { ok: true, run: runScenario(v.scenario) };
}

/**
 * runScenarioInput() in the page: at once, or once the code of a rare operation the scenario names has
 * loaded (model/ops/rare.ts). The run itself is the same synchronous one.
 */
export function runScenarioInputLoaded(input: unknown): RunOutcome | Promise<RunOutcome> {
  const steps =
    typeof input === 'object' && input !== null ? (input as { steps?: unknown }).steps : undefined;
  return needsRareOps(steps) ? loadRareOps().then(() => runScenarioInput(input)) : runScenarioInput(input);
}

export function runScenario(s: Scenario): RunResult {
  return { scenario: s, steps: runModel(compileScenario(s)) };
}
