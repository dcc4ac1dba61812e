/** What the worker can do, by task name: run a scenario, step through the patches, or find a patch's impact. */
import { type ImpactOutcome, impactTask } from '../scenario/library/impact';
import { type PatchStep, patchStepper } from '../scenario/outcomes';
import { type RunOutcome, runScenarioInput } from '../scenario/run';
import type { Problem } from '../scenario/validate';
import { validateScenario } from '../scenario/validate';
import type { Task } from './protocol';

export type StepperOutcome = { ok: true; steps: PatchStep[] } | { ok: false; problems: Problem[] };

export function runStepper(input: unknown): StepperOutcome {
  const v = validateScenario(input);
  if (!v.ok) return v;
  return { ok: true, steps: patchStepper(v.scenario) };
}

export function runTask(task: Task, input: unknown): RunOutcome | StepperOutcome | ImpactOutcome {
  if (task === 'stepper') return runStepper(input);
  // The page sends the scenarios with the patch ({ patch, scenarios }): the library is not bundled here.
  if (task === 'impact') return impactTask(input);
  return runScenarioInput(input);
}
