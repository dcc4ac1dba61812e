/**
 * What a step's outcome is, for comparing runs: the kernel's answer, the vm_normal_page*() branches taken,
 * and the kernel reports printed. Pure (it reads a step's events, it runs nothing), so the page can compare
 * runs without bundling the model's operations, which only the worker needs.
 */
import type { StepRecord } from '../model/run';

/** The bodies of vm_normal_page*() per variant: their branch events are the classification decisions. */
export const CLASSIFIER_FNS: ReadonlySet<string> = new Set([
  'vm_normal_page',
  'vm_normal_page_pmd',
  'vm_normal_page_pud',
  'vm_normal_page_pfn',
  'vm_pfnmap_normal_page_pfn',
  '__vm_normal_page',
]);

/** Report kinds that are kernel complaints (everything but "info"), most severe first. */
export const KERNEL_REPORTS = [
  'bug',
  'bad_page_map',
  'bad_page_state',
  'bad_rss',
  'warn',
  'vm_warn',
] as const;
export type KernelReport = (typeof KERNEL_REPORTS)[number];
const IS_KERNEL_REPORT: ReadonlySet<string> = new Set(KERNEL_REPORTS);

export interface StepFacts {
  readonly result: string;
  /** Branch IDs of vm_normal_page*() taken in the step, sorted, each once. */
  readonly branches: readonly string[];
  /** Kernel reports printed (not suppressed by a rate limit), one element per report, by severity. */
  readonly reports: readonly KernelReport[];
}

export function stepReports(step: Pick<StepRecord, 'events'>): KernelReport[] {
  const out: KernelReport[] = [];
  for (const e of step.events) {
    if (e.t !== 'report' || e.suppressed || !IS_KERNEL_REPORT.has(e.kind)) continue;
    for (let i = 0; i < (e.count ?? 1); i++) out.push(e.kind as KernelReport);
  }
  return out.sort((a, b) => KERNEL_REPORTS.indexOf(a) - KERNEL_REPORTS.indexOf(b));
}

export function stepFacts(step: Pick<StepRecord, 'events' | 'result'>): StepFacts {
  const ids = new Set<string>();
  for (const e of step.events) if (e.t === 'branch' && CLASSIFIER_FNS.has(e.fn)) ids.add(e.id);
  return { result: step.result, branches: [...ids].sort(), reports: stepReports(step) };
}

const sameList = (x: readonly string[], y: readonly string[]) =>
  x.length === y.length && x.every((v, i) => v === y[i]);

export function sameFacts(a: StepFacts, b: StepFacts): boolean {
  return a.result === b.result && sameList(a.branches, b.branches) && sameList(a.reports, b.reports);
}
