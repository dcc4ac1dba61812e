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

export function runScenario(s: Scenario): RunResult {
  return { scenario: s, steps: runModel(compileScenario(s)) };
}
