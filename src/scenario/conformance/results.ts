/**
 * The shape of results.json: what `npm run conformance` observed on real kernels for the built-in stories,
 * beside what the model said. The page reads it (a story held against a real kernel says so, with the
 * kernels and the date); only the conformance run writes it.
 */
export interface KernelTally {
  /** "7.2", "6.12". */
  readonly label: string;
  /** uname -r in the guest. */
  readonly release: string;
  /** The model variant the kernel was held against. */
  readonly variant: string;
  readonly agree: number;
  readonly differ: number;
  readonly notObservable: number;
}

export interface ObservedCheck {
  readonly kernel: string;
  /** "result", "value", "reports", "A/rssAnon", "A/0x10000000/kind"… */
  readonly what: string;
  readonly model: string;
  readonly real: string;
  readonly verdict: 'agree' | 'differ' | 'n/o';
}

export interface StoryResult {
  kernels: KernelTally[];
  /** Step number (from 1) -> the checks of that step the page shows. */
  steps: Record<number, ObservedCheck[]>;
}

export interface ConformanceResults {
  /** YYYY-MM-DD of the run. */
  readonly date: string;
  readonly stories: Record<string, StoryResult>;
}
