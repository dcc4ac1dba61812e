/**
 * Differences between the model and a real kernel that are understood: each names the kernel function or
 * commit that makes the real kernel differ, or what the model leaves out on purpose. The conformance check
 * fails on any difference not matched here (and docs/conformance.md lists every match with its reason).
 */
export interface KnownDifference {
  /** The kernel it holds for ("7.2", "6.12"); absent: both. */
  readonly kernel?: string;
  /** Scenario ids it holds for; absent: every scenario. */
  readonly scenarios?: readonly string[];
  /** Matched against a check's `what` ("A/0x10000000/excl", "A/rssAnon", "result", "reports"). */
  readonly what: RegExp;
  /** Matched against "model -> real" of the check, where given. */
  readonly values?: RegExp;
  readonly why: string;
}

export const KNOWN: readonly KnownDifference[] = [];
