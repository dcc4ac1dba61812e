/** What the conformance run holds per scenario and kernel: read by the run and by its report. */
import type { VariantId } from '../../model/variants';
import type { Check } from '../../scenario/conformance/compare';
import type { Scenario } from '../../scenario/schema';
import type { FetchedKernel } from './fetch';
import type { KnownDifference } from './known';

export interface ScenarioEntry {
  readonly id: string;
  readonly source: string;
  readonly scenario: Scenario;
  readonly story: boolean;
}

export interface Held {
  readonly entry: ScenarioEntry;
  readonly kernel: FetchedKernel;
  readonly release: string;
  readonly variant: VariantId;
  readonly checks: readonly (Check & { known?: KnownDifference })[];
  readonly complete: boolean;
}
