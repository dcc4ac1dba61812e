/**
 * "What changed in patch N" over the built-in library, for Node (tests, the CLI). Kept apart from
 * impact.ts because it imports the library's JSON, which the worker must not bundle: the page sends it.
 */
import { type ImpactOutcome, type ImpactScenario, patchImpactOn } from './impact';
import { LIBRARY } from './index';

export function patchImpact(variant: string, scenarios: readonly ImpactScenario[] = LIBRARY): ImpactOutcome {
  return patchImpactOn(variant, scenarios);
}
