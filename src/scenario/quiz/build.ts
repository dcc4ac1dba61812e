/**
 * The quiz of a scenario: per step, the questions a reader answers before the step is revealed, each
 * with choices taken from the model. The right answer is the step's outcome in the run of the scenario's
 * own kernel; the wrong ones are the outcomes the same step has under the other variants and configs (the
 * patch series in order, and the own variant with CONFIG_ARCH_HAS_PTE_SPECIAL and CONFIG_DEBUG_VM
 * flipped), or, where every run agrees, the outcomes next to it. Nothing is written by hand per question.
 * It runs the model: only the worker and Node import it.
 */
import type { MachineConfig } from '../../model/config';
import type { StepRecord } from '../../model/run';
import { type VariantId, variantInfo } from '../../model/variants';
import { configOf } from '../compile';
import { KERNEL_REPORTS, type KernelReport } from '../facts';
import { STEPPER_ORDER } from '../order';
import { runScenario } from '../run';
import type { Scenario } from '../schema';
import {
  COW_VALUES,
  type Counts,
  type CowValue,
  PAGE_VALUES,
  type PageValue,
  type QuestionKind,
  type StepOutcome,
  stepOutcome,
} from './outcome';

export interface QuizChoice {
  readonly id: string;
  readonly text: string;
  /** The kernels (runs) whose outcome this is; empty for a neighbour no run has. */
  readonly where: readonly string[];
}

export interface QuizQuestion {
  readonly step: number;
  readonly kind: QuestionKind;
  readonly prompt: string;
  readonly choices: readonly QuizChoice[];
  /** The id of the right choice: the outcome in the scenario's own kernel. */
  readonly answer: string;
}

export interface QuizStep {
  readonly step: number;
  readonly title: string;
  readonly questions: readonly QuizQuestion[];
}

/** A run the choices come from: a kernel variant and a full configuration. */
export interface QuizRunSpec {
  readonly label: string;
  readonly variant: VariantId;
  readonly config: MachineConfig;
}

/** The label of the scenario's own run, first among the runs. */
export const OWN = 'this kernel';

const yn = (b: boolean) => (b ? 'y' : 'n');

/** The runs: the own kernel, every variant of the series with the own config, two options flipped. */
export function quizRunSpecs(s: Scenario): QuizRunSpec[] {
  const variant = s.kernel.variant as VariantId;
  const config = configOf(s);
  const out: QuizRunSpec[] = [{ label: OWN, variant, config }];
  for (const v of STEPPER_ORDER)
    if (v !== variant) out.push({ label: variantInfo(v).label, variant: v, config });
  const own = variantInfo(variant).label;
  out.push({
    label: `${own}, CONFIG_ARCH_HAS_PTE_SPECIAL=${yn(!config.pteSpecial)}`,
    variant,
    config: { ...config, pteSpecial: !config.pteSpecial },
  });
  out.push({
    label: `${own}, CONFIG_DEBUG_VM=${yn(!config.debugVm)}`,
    variant,
    config: { ...config, debugVm: !config.debugVm },
  });
  return out;
}

// ---- choices -------------------------------------------------------------------------------------------

const PAGE_TEXT: Record<PageValue, string> = {
  page: 'a struct page: a "normal" page',
  null: 'NULL: no "normal" page',
  bad: 'NULL, and the kernel prints "Bad page map"',
};

const COW_TEXT: Record<CowValue, string> = {
  copy: 'it copies (CoW): a new page replaces the mapping',
  reuse: 'it reuses the page: the same page is made writable',
  new: 'no CoW: a new page where nothing was mapped',
  neither: 'neither: no page is copied or made writable',
};

const REPORT_TEXT: Record<KernelReport, string> = {
  bug: 'BUG (the process is killed)',
  bad_page_map: '"Bad page map"',
  bad_page_state: '"Bad page state"',
  bad_rss: '"Bad rss-counter state"',
  bad_pgtables: '"non-zero pgtables_bytes on freeing mm"',
  warn: 'WARN_ON_ONCE',
  vm_warn: 'VM_WARN_ON_ONCE',
};

const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `${n}` : '±0');

const countsId = (c: Counts) => `${c.rss}/${c.refcount}`;
const countsText = (c: Counts) => `RSS ${signed(c.rss)}, refcount ${signed(c.refcount)}`;
const reportId = (r: readonly KernelReport[]) => (r.length ? r.join('+') : 'none');
const reportText = (r: readonly KernelReport[]) =>
  r.length ? r.map((k) => REPORT_TEXT[k]).join(' and ') : 'none';

/** How one facet of an outcome is asked, named and ordered, and what lies next to a value. */
interface Facet<T> {
  readonly kind: QuestionKind;
  get(o: StepOutcome): T | undefined;
  id(v: T): string;
  text(v: T): string;
  /** Values next to `v`, nearest first: the wrong choices when every run agrees. */
  neighbours(v: T): T[];
  /** Sort key of a choice, so the right one is not always first. */
  order(v: T): number;
}

const PAGE: Facet<PageValue> = {
  kind: 'page',
  get: (o) => o.page,
  id: (v) => v,
  text: (v) => PAGE_TEXT[v],
  neighbours: (v) => PAGE_VALUES.filter((x) => x !== v),
  order: (v) => PAGE_VALUES.indexOf(v),
};

const COW: Facet<CowValue> = {
  kind: 'cow',
  get: (o) => o.cow,
  id: (v) => v,
  text: (v) => COW_TEXT[v],
  neighbours: (v) => COW_VALUES.filter((x) => x !== v),
  order: (v) => COW_VALUES.indexOf(v),
};

const COUNTS: Facet<Counts> = {
  kind: 'counts',
  get: (o) => o.counts,
  id: countsId,
  text: countsText,
  neighbours: (c) => [
    { rss: c.rss + 1, refcount: c.refcount },
    { rss: c.rss, refcount: c.refcount + 1 },
    { rss: c.rss - 1, refcount: c.refcount },
    { rss: c.rss, refcount: c.refcount - 1 },
  ],
  order: (c) => c.rss * 1e6 + c.refcount,
};

const REPORT_DOMAIN: readonly (readonly KernelReport[])[] = [[], ['bad_page_map'], ['vm_warn'], ['bug']];

const REPORT: Facet<readonly KernelReport[]> = {
  kind: 'report',
  get: (o) => o.report,
  id: reportId,
  text: reportText,
  neighbours: (r) => REPORT_DOMAIN.filter((x) => reportId(x) !== reportId(r)),
  order: (r) => (r.length ? 1 + KERNEL_REPORTS.indexOf(r[0] as KernelReport) + r.length / 100 : 0),
};

const MAX_CHOICES = 4;
const MIN_CHOICES = 3;

/** The choices of one facet at one step: the own outcome, those of other runs, then neighbours. */
function choicesOf<T>(
  f: Facet<T>,
  outcomes: readonly (StepOutcome | undefined)[],
  labels: readonly string[],
) {
  const own = outcomes[0] && f.get(outcomes[0]);
  if (own === undefined) return undefined;
  const found = new Map<string, { v: T; where: string[] }>();
  outcomes.forEach((o, i) => {
    const v = o && f.get(o);
    if (v === undefined) return;
    const id = f.id(v);
    const c = found.get(id);
    if (c) c.where.push(labels[i] as string);
    else if (found.size < MAX_CHOICES || id === f.id(own)) found.set(id, { v, where: [labels[i] as string] });
  });
  for (const n of f.neighbours(own)) {
    if (found.size >= MIN_CHOICES) break;
    if (!found.has(f.id(n))) found.set(f.id(n), { v: n, where: [] });
  }
  const choices = [...found.values()]
    .sort((a, b) => f.order(a.v) - f.order(b.v))
    .map(({ v, where }) => ({ id: f.id(v), text: f.text(v), where }));
  return {
    answer: f.id(own),
    choices,
    agree: found.size === 1 || choices.every((c) => c.where.length === 0 || c.id === f.id(own)),
  };
}

const FN = { pte: 'vm_normal_page', pmd: 'vm_normal_page_pmd', pud: 'vm_normal_page_pud' } as const;

function promptOf(kind: QuestionKind, step: StepRecord): string {
  switch (kind) {
    case 'page': {
      const r = step.subjects[0];
      const at = r
        ? `${r.proc}'s ${r.level.toUpperCase()} at 0x${(BigInt(r.v) << 12n).toString(16)}${r.asked !== undefined ? `, asked at 0x${(BigInt(r.asked) << 12n).toString(16)}` : ''}`
        : 'the entry';
      return `After this step, what does ${r ? FN[r.level] : 'vm_normal_page'}() return for ${at}?`;
    }
    case 'cow':
      return 'Does this write fault copy the page (CoW) or reuse it?';
    case 'counts':
      return "How do RSS (MM_ANONPAGES + MM_FILEPAGES) and the folios' refcounts change in this step?";
    case 'report':
      return 'Which report, if any, does the kernel print in this step?';
  }
}

/** Ops whose faults move RSS and refcounts: always asked about, even when nothing changes. */
const FAULTS = new Set(['read', 'write']);

/**
 * The quiz of one run set: `runs[0]` is the own run; the others give the wrong choices. Steps with no
 * question (an mmap that maps nothing) are left out.
 */
export function buildQuiz(
  specs: readonly QuizRunSpec[],
  runs: readonly (readonly StepRecord[])[],
): QuizStep[] {
  const own = runs[0] ?? [];
  const labels = specs.map((s) => s.label);
  const out: QuizStep[] = [];
  for (let i = 1; i < own.length; i++) {
    const step = own[i] as StepRecord;
    const subject = step.subjects[0];
    const outcomes = runs.map((r, j) => {
      const st = r[i];
      const spec = specs[j];
      if (!st || !spec || st.op !== step.op) return undefined;
      // Every run is asked about the own run's subject entry, where its state has one.
      return stepOutcome({ ...st, subjects: subject ? [subject] : [] }, spec.variant, spec.config);
    });
    const questions: QuizQuestion[] = [];
    const ask = <T>(f: Facet<T>, when: (agree: boolean, c: { answer: string }) => boolean) => {
      const c = choicesOf(f, outcomes, labels);
      if (c && when(c.agree, c))
        questions.push({
          step: i,
          kind: f.kind,
          prompt: promptOf(f.kind, step),
          choices: c.choices,
          answer: c.answer,
        });
    };
    ask(PAGE, () => true);
    ask(COW, () => step.op === 'write');
    ask(COUNTS, (agree, c) => FAULTS.has(step.op) || !agree || c.answer !== '0/0');
    ask(REPORT, (agree, c) => !agree || c.answer !== 'none');
    if (questions.length) out.push({ step: i, title: step.title, questions });
  }
  return out;
}

/** A quiz: the steps asked about, and the kernels whose outcomes gave the choices (own first). */
export interface Quiz {
  readonly steps: readonly QuizStep[];
  readonly kernels: readonly string[];
}

/**
 * Entries written in a run past which the quiz runs no other kernel: the 1 GiB story writes 262,144 PTEs
 * per fork, and twenty runs of it take minutes. Its choices are then its own outcomes and their
 * neighbours, and the quiz says so (`kernels` has the own run alone).
 */
export const LARGE_RUN_ENTRIES = 20_000;

export function entriesWritten(steps: readonly StepRecord[]): number {
  let n = 0;
  for (const st of steps) for (const e of st.events) if (e.t === 'entry') n += e.count ?? 1;
  return n;
}

/** The quiz of a scenario: its runs in every variant and the flipped configs, then the questions. */
export function quizOf(
  s: Scenario,
  runOf: (spec: QuizRunSpec) => readonly StepRecord[] = defaultRun(s),
): Quiz {
  const specs = quizRunSpecs(s);
  const ownSpec = specs[0] as QuizRunSpec;
  const own = runOf(ownSpec);
  const used = entriesWritten(own) > LARGE_RUN_ENTRIES ? [ownSpec] : specs;
  const runs = [own, ...used.slice(1).map(runOf)];
  return { steps: buildQuiz(used, runs), kernels: used.map((u) => u.label) };
}

function defaultRun(s: Scenario) {
  return (spec: QuizRunSpec) =>
    runScenario({ ...s, kernel: { ...s.kernel, variant: spec.variant, config: { ...spec.config } } }).steps;
}
