/**
 * The worker's rarer tasks (protocol.ts), a chunk it loads on their first request (worker.ts), with the
 * rare operations' code (model/ops/rare.ts): each runs the scenario in every variant.
 */
import { impactTask } from '../scenario/library/impact';
import { patchStepper } from '../scenario/outcomes';
import { quizOf } from '../scenario/quiz/build';
import { runScenarioInput } from '../scenario/run';
import { validateScenario } from '../scenario/validate';
import type { Input, Outcome, QuizOutcome, StepperOutcome, TaskName } from './protocol';

export function runStepper(input: unknown): StepperOutcome {
  const v = validateScenario(input);
  if (!v.ok) return v;
  return { ok: true, steps: patchStepper(v.scenario) };
}

export function runQuiz(input: unknown): QuizOutcome {
  const v = validateScenario(input);
  if (!v.ok) return v;
  return { ok: true, quiz: quizOf(v.scenario) };
}

export const TASKS: { readonly [K in TaskName]: (input: Input<K>) => Outcome<K> } = {
  run: runScenarioInput,
  compare: runScenarioInput,
  stepper: runStepper,
  // The page sends the scenarios with the patch ({ patch, scenarios }): the library is not bundled here.
  impact: impactTask,
  quiz: runQuiz,
};
