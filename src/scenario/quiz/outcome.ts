/**
 * What a step's outcome is, for the quiz ("predict, then reveal"): four facets a reader can predict
 * before the step is shown. Each is read off a run of the model, never written by hand:
 *
 * - page: what vm_normal_page*() returns for the step's subject entry (StepRecord.subjects[0], the entry
 *   the decision panel follows), classified in the state after the step under the run's kernel: a page,
 *   NULL, or NULL with "Bad page map" (kernel-semantics.md §2; mm/memory.c vm_normal_page() and its
 *   print_bad_pte()/print_bad_page_map());
 * - cow: for a write fault, whether it copies (do_wp_page() → wp_page_copy(), or a new THP for the huge
 *   zero folio, do_huge_zero_wp_pmd()), reuses (wp_page_reuse(), wp_page_shared(), wp_pfn_shared(), a
 *   reused THP), maps a new page where nothing was mapped (do_anonymous_page(), a new THP), or neither;
 * - counts: the net change of RSS (MM_ANONPAGES + MM_FILEPAGES over every process) and of the folios'
 *   refcounts in the step;
 * - report: the kernel reports the step prints (facts.ts stepReports: rate-limited ones are not printed).
 */
import type { MachineConfig } from '../../model/config';
import { classifyCtx, inspectEntry } from '../../model/inspect';
import type { StepRecord } from '../../model/run';
import type { VariantId } from '../../model/variants';
import { type KernelReport, stepReports } from '../facts';

export const QUESTION_KINDS = ['page', 'cow', 'counts', 'report'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** The values of `page`, in the order choices list them. */
export const PAGE_VALUES = ['page', 'null', 'bad'] as const;
export type PageValue = (typeof PAGE_VALUES)[number];

/** The values of `cow`, in the order choices list them. */
export const COW_VALUES = ['copy', 'reuse', 'new', 'neither'] as const;
export type CowValue = (typeof COW_VALUES)[number];

export interface Counts {
  readonly rss: number;
  readonly refcount: number;
}

/** A step's outcome, facet by facet; a facet that does not apply to the step is absent. */
export interface StepOutcome {
  readonly page?: PageValue;
  readonly cow?: CowValue;
  readonly counts: Counts;
  /** Distinct reports printed, most severe first (empty: none). */
  readonly report: readonly KernelReport[];
}

/** The branch IDs of the write-fault handlers (model/ops/fault.ts), by what the fault did. */
const COPY = new Set(['WP-copy', 'WP-copy-nopage', 'HZWP-thp']);
const REUSE = new Set(['WP-reuse', 'WP-shared', 'WP-pfn-shared', 'THPWP-reuse', 'WPH-huge-fault']);
const NEW = new Set(['ANON-new', 'THP-alloc']);

/** What a write fault did, by the handlers' branches in the step (a split retried at PTE level copies). */
export function cowOf(step: Pick<StepRecord, 'events'>): CowValue {
  const ids = new Set<string>();
  for (const e of step.events) if (e.t === 'branch') ids.add(e.id);
  const has = (s: ReadonlySet<string>) => [...s].some((id) => ids.has(id));
  return has(COPY) ? 'copy' : has(REUSE) ? 'reuse' : has(NEW) ? 'new' : 'neither';
}

/** Net change of RSS and of folio refcounts in the step (a run over n folios counts n times). */
export function countsOf(step: Pick<StepRecord, 'events'>): Counts {
  let rss = 0;
  let refcount = 0;
  for (const e of step.events) {
    if (e.t === 'counter' && (e.counter === 'anon' || e.counter === 'file'))
      rss += Number(e.after) - Number(e.before);
    else if (
      e.t === 'folio' &&
      e.field === 'refcount' &&
      typeof e.before === 'number' &&
      typeof e.after === 'number'
    )
      refcount += (e.after - e.before) * (e.pfn.includes('..') ? (e.count ?? 1) : 1);
  }
  return { rss, refcount };
}

/** What vm_normal_page*() returns for the step's subject entry, or undefined when it is not a mapped leaf. */
export function pageOf(
  step: Pick<StepRecord, 'subjects' | 'state'>,
  variant: VariantId,
  config: MachineConfig,
): PageValue | undefined {
  const ref = step.subjects[0];
  if (!ref) return undefined;
  const proc = step.state.procs.find((p) => p.name === ref.proc);
  if (!proc) return undefined;
  // Where the step's lookup asked, inside a huge entry (Subject.asked), as the step itself decided.
  const at = inspectEntry(classifyCtx(step.state, variant, config), proc, ref.v, ref.level, ref.asked);
  const c = at.entry?.kind === 'leaf' ? at.classification : undefined;
  if (!c || c.missing) return undefined;
  return c.page !== null ? 'page' : c.bad ? 'bad' : 'null';
}

export function stepOutcome(step: StepRecord, variant: VariantId, config: MachineConfig): StepOutcome {
  const page = pageOf(step, variant, config);
  return {
    ...(page ? { page } : {}),
    ...(step.op === 'write' ? { cow: cowOf(step) } : {}),
    counts: countsOf(step),
    report: [...new Set(stepReports(step))],
  };
}
