/**
 * A whole run as a handout (the print view): per step, what ran and what the kernel answered, the
 * decision path of the entry the step is about (its first subject, as the page's decision panel follows
 * it), the entries the step wrote and the reports it printed. Read off the run; nothing runs again.
 */
import type { Check, Classification } from '../../model/vm_normal_page';
import { stepFacts } from '../../scenario/facts';
import type { EntryRef, Step } from '../lab';
import type { KernelSettings } from '../settings';
import { decisionOf } from './decision';

export interface HandoutDecision {
  /** "A PTE 0x10001000" */
  readonly entry: string;
  /** The function called, its body, and the branch that decided (kernel-semantics.md §2). */
  readonly fn: string;
  readonly impl: string;
  readonly branch: string;
  readonly checks: readonly Check[];
  /** The struct page's pfn, or null for NULL. */
  readonly page: Classification['page'];
  readonly bad: boolean;
  readonly missing?: string;
}

export interface HandoutStep {
  readonly index: number;
  readonly title: string;
  readonly result: string;
  readonly decision: HandoutDecision | null;
  /** Entries written, coalesced as ptdump does (facts.ts). */
  readonly entries: readonly string[];
  readonly reports: readonly string[];
}

export const entryName = (r: EntryRef) =>
  `${r.proc} ${r.level.toUpperCase()} 0x${(BigInt(r.v) << 12n).toString(16)}`;

export function handoutStep(step: Step, settings: KernelSettings): HandoutStep {
  const facts = stepFacts(step);
  const ref = step.subjects[0];
  let decision: HandoutDecision | null = null;
  if (ref) {
    const d = decisionOf(step.state, settings, ref);
    const c = d.kind === 'entry' ? d.at.classification : undefined;
    if (c)
      decision = {
        entry: entryName(ref),
        fn: c.fn,
        impl: c.impl,
        branch: c.branch,
        checks: c.checks,
        page: c.page,
        bad: c.bad,
        ...(c.missing ? { missing: c.missing } : {}),
      };
  }
  return {
    index: step.index,
    title: step.title,
    result: step.result,
    decision,
    entries: facts.entries,
    reports: facts.reports,
  };
}

export function handoutOf(steps: readonly Step[], settings: KernelSettings): HandoutStep[] {
  return steps.map((s) => handoutStep(s, settings));
}
