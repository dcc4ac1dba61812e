/**
 * Run A against run B: the same scenario under two kernel settings. Which steps differ, and how: in
 * behaviour (the kernel's answer, the reports printed, the entries written, the mm counters, the folios,
 * the VMAs) or in code path only (another vm_normal_page*() check decided; branch IDs that are one check
 * under two bodies count as the same, kernel-semantics.md §2); and, at one step, which entries differ
 * (bits, pfn or classification under each run's own settings). Pure; cost follows the number of coalesced
 * runs of entries, not the number of pages.
 */
import type { LeafEntry, LeafLevel, SwapEntry } from '../../model/entry';
import { entrySpan } from '../../model/geometry';
import { type Badge, type EntryRun, pfnOf, sameBits } from '../../model/inspect';
import type { KernelSnapshot } from '../../model/kernel';
import type { ProcSnapshot } from '../../model/mm';
import { forEachTableRun, runMember, type Table } from '../../model/pagetable';
import { asPfn } from '../../model/units';
import type { Step } from '../lab';
import { effectiveConfig, type KernelSettings } from '../settings';
import { type RunsOf, runsReader } from './runs';

// The outcome of a step is defined once, in the scenario layer, so that the worker's patch stepper, "what
// changed in a patch" and this view compare runs the same way. facts.ts is the pure part: outcomes.ts
// also runs scenarios, which would bundle the whole model into the page.
export {
  type BehaviourField,
  CLASSIFIER_FNS,
  type Difference,
  type FactChange,
  factChanges,
  KERNEL_REPORTS,
  type KernelReport,
  type StepFacts,
  stepFacts,
  stepReports,
} from '../../scenario/facts';

import {
  type BehaviourField,
  type Difference,
  diffFacts,
  type StepFacts,
  stepFacts,
} from '../../scenario/facts';

/** The fields the older compare texts name (format.ts). */
export type StepField = 'result' | 'branches' | 'reports' | 'missing';

/** What differs at a step: behaviour facts first, then "branches" when another check decided. */
export type DiffField = BehaviourField | 'branches' | 'missing';

export const DIFF_FIELD_LABEL: Record<DiffField, string> = {
  result: 'result',
  reports: 'reports',
  entries: 'entries written',
  counters: 'mm counters',
  folios: 'folios',
  vmas: 'VMAs',
  branches: 'vm_normal_page*() branches',
  missing: 'only one run has this step',
};

export interface StepDiff {
  readonly index: number;
  /**
   * "behaviour" when a behaviour fact differs (or only one run has the step), "path" when only the code
   * path does, null when the steps agree (branch IDs of one check under two bodies agree).
   */
  readonly kind: Difference;
  /** What differs, behaviour first; "missing" when only one run has the step. */
  readonly fields: readonly DiffField[];
  readonly a?: StepFacts;
  readonly b?: StepFacts;
}

/** Compares one step of each run (either may be absent). */
export function diffStep(index: number, sa: Step | undefined, sb: Step | undefined): StepDiff {
  const a = sa && stepFacts(sa);
  const b = sb && stepFacts(sb);
  if (!a || !b)
    return { index, kind: 'behaviour', fields: ['missing'], ...(a ? { a } : {}), ...(b ? { b } : {}) };
  const d = diffFacts(a, b);
  const fields: DiffField[] = [...d.behaviour];
  if (d.path) fields.push('branches');
  return { index, kind: d.behaviour.length ? 'behaviour' : d.path ? 'path' : null, fields, a, b };
}

interface StepComparison {
  readonly behaviour: ReadonlyMap<number, StepDiff>;
  readonly path: ReadonlyMap<number, StepDiff>;
}

let stepDiffCache: { a: readonly Step[]; b: readonly Step[]; out: StepComparison } | undefined;

function comparisonOf(a: readonly Step[], b: readonly Step[]): StepComparison {
  if (stepDiffCache?.a !== a || stepDiffCache.b !== b) {
    const all = differingSteps(a, b);
    const by = (k: Difference) => new Map(all.filter((d) => d.kind === k).map((d) => [d.index, d]));
    stepDiffCache = { a, b, out: { behaviour: by('behaviour'), path: by('path') } };
  }
  return stepDiffCache.out;
}

/**
 * The steps where run B behaves differently, by index, computed once per pair of runs however many views
 * ask. A step that differs in code path only is not among them: see codePathDiffsOf().
 */
export function stepDiffsOf(a: readonly Step[], b: readonly Step[]): ReadonlyMap<number, StepDiff> {
  return comparisonOf(a, b).behaviour;
}

/** The steps where run B behaves the same but another vm_normal_page*() check decided, by index. */
export function codePathDiffsOf(a: readonly Step[], b: readonly Step[]): ReadonlyMap<number, StepDiff> {
  return comparisonOf(a, b).path;
}

/** The steps that differ between the runs, in order, in behaviour or in code path. */
export function differingSteps(a: readonly Step[], b: readonly Step[]): StepDiff[] {
  const out: StepDiff[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = diffStep(i, a[i], b[i]);
    if (d.kind) out.push(d);
  }
  return out;
}

// ---- entries ------------------------------------------------------------------------------------------

/** One side of a differing range: the entry at its first page, and how the run classifies. */
export interface EntrySide {
  readonly entry: LeafEntry | SwapEntry;
  /** pfn (or swap offset) of the range's first entry (also in `entry`). */
  readonly pfn: number;
  readonly pfnStep: number;
  readonly badge: Badge;
  readonly branch?: string;
}

export type EntryField = 'presence' | 'bits' | 'pfn' | 'badge';

export interface EntryDiff {
  readonly proc: string;
  readonly level: LeafLevel;
  /** First virtual page and number of entries of the range. */
  readonly v: number;
  readonly count: number;
  readonly fields: readonly EntryField[];
  readonly a: EntrySide | null;
  readonly b: EntrySide | null;
}

export interface EntryDiffResult {
  readonly diffs: readonly EntryDiff[];
  /** The walk stopped early (limit or table budget reached): more differences may follow. */
  readonly truncated: boolean;
  readonly onlyInA: readonly string[];
  readonly onlyInB: readonly string[];
}

export interface RunAt {
  readonly state: KernelSnapshot;
  readonly settings: KernelSettings;
}

interface Seg {
  readonly start: number;
  readonly end: number;
  readonly span: number;
  readonly run: EntryRun;
}

/**
 * What one level of a process holds, as stretches in address order: a leaf table (PUD, PMD or PTE) with
 * its classified runs as segments, or a run of alike PTE tables (model/family.ts) that the classifier
 * decides alike all through, as one stretch with one segment: comparing it costs one segment, however
 * many tables it holds.
 */
interface Stretch {
  readonly start: number;
  readonly end: number;
  readonly segs: readonly Seg[];
}

function leafStretches(proc: ProcSnapshot, runsOf: RunsOf): Map<LeafLevel, Stretch[]> {
  const out = new Map<LeafLevel, Stretch[]>();
  const add = (level: LeafLevel, x: Stretch) => {
    const list = out.get(level) ?? [];
    out.set(level, list);
    list.push(x);
  };
  const visit = (t: Table, base: number, n: number): void => {
    if (t.level !== 'pte' && t.level !== 'pmd' && t.level !== 'pud') return;
    const tspan = entrySpan(t.level, proc.levels) * 512;
    if (n > 1) {
      const r = t.level === 'pte' ? runsOf.alike?.(proc, t, base, n) : undefined;
      if (r) {
        const end = base + n * tspan;
        const run: EntryRun = { ...r, count: n * 512, lastIndex: 511 };
        add('pte', { start: base, end, segs: [{ start: base, end, span: 1, run }] });
        return;
      }
      for (let j = 0; j < n; j++) forEachTableRun(runMember(t, j), proc.levels, visit, base + j * tspan);
      return;
    }
    add(t.level, { start: base, end: base + tspan, segs: segments(runsOf, proc, t, base) });
  };
  forEachTableRun(proc.root, proc.levels, visit);
  for (const list of out.values()) list.sort((x, y) => x.start - y.start);
  return out;
}

function segments(runsOf: RunsOf, proc: ProcSnapshot, t: Table, base: number): Seg[] {
  return runsOf(proc, t, base).map((run) => {
    const span = entrySpan(run.level, proc.levels);
    return { start: run.v, end: run.v + run.count * span, span, run };
  });
}

function sideAt(seg: Seg | undefined, p: number): EntrySide | null {
  if (!seg) return null;
  const r = seg.run;
  const pfn = asPfn(pfnOf(r.entry) + ((p - r.v) / seg.span) * r.pfnStep);
  return {
    entry: r.entry.kind === 'leaf' ? { ...r.entry, pfn } : { ...r.entry, offset: pfn },
    pfn,
    pfnStep: r.pfnStep,
    badge: r.badge,
    ...(r.branch ? { branch: r.branch } : {}),
  };
}

function fieldsOf(a: EntrySide | null, b: EntrySide | null, count: number): EntryField[] {
  if (!a || !b) return ['presence'];
  const f: EntryField[] = [];
  if (!sameBits(a.entry, b.entry)) f.push('bits');
  if (a.pfn !== b.pfn || (count > 1 && a.pfnStep !== b.pfnStep)) f.push('pfn');
  if (a.badge !== b.badge) f.push('badge');
  return f;
}

/** Walks the union of both runs' range boundaries of one level and yields the ranges that differ. */
function diffLevel(proc: string, level: LeafLevel, as: readonly Seg[], bs: readonly Seg[], out: EntryDiff[]) {
  const points = new Set<number>();
  for (const s of as) points.add(s.start).add(s.end);
  for (const s of bs) points.add(s.start).add(s.end);
  const sorted = [...points].sort((x, y) => x - y);
  let i = 0;
  let j = 0;
  for (let k = 0; k + 1 < sorted.length; k++) {
    const p = sorted[k] as number;
    const q = sorted[k + 1] as number;
    while (i < as.length && (as[i] as Seg).end <= p) i++;
    while (j < bs.length && (bs[j] as Seg).end <= p) j++;
    const sa = as[i] && (as[i] as Seg).start <= p ? as[i] : undefined;
    const sb = bs[j] && (bs[j] as Seg).start <= p ? bs[j] : undefined;
    if (!sa && !sb) continue;
    const span = (sa ?? sb)?.span ?? 1;
    const count = Math.max(1, Math.round((q - p) / span));
    const a = sideAt(sa, p);
    const b = sideAt(sb, p);
    const fields = fieldsOf(a, b, count);
    if (fields.length) push(out, { proc, level, v: p, count, fields, a, b }, span);
  }
}

/** Whether `next` continues side `prev` of a range of `count` entries (same bits and class, pfn stride kept). */
function continues(prev: EntrySide | null, next: EntrySide | null, count: number): boolean {
  if (!prev || !next) return prev === next;
  const step = count === 1 ? next.pfn - prev.pfn : prev.pfnStep;
  return (
    sameBits(prev.entry, next.entry) &&
    prev.badge === next.badge &&
    prev.branch === next.branch &&
    next.pfn === prev.pfn + count * step &&
    (next.pfnStep === step || count === 1)
  );
}

/** Appends a differing range, or extends the previous one when this one continues it (as ptdump coalesces). */
function push(out: EntryDiff[], d: EntryDiff, span: number): void {
  const last = out[out.length - 1];
  if (
    last &&
    last.proc === d.proc &&
    last.level === d.level &&
    last.v + last.count * span === d.v &&
    last.fields.join() === d.fields.join() &&
    continues(last.a, d.a, last.count) &&
    continues(last.b, d.b, last.count)
  ) {
    const stride = (x: EntrySide | null, y: EntrySide | null) =>
      x && y && last.count === 1 ? { ...x, pfnStep: y.pfn - x.pfn } : x;
    out[out.length - 1] = {
      ...last,
      count: last.count + d.count,
      a: stride(last.a, d.a),
      b: stride(last.b, d.b),
    };
    return;
  }
  out.push(d);
}

const LEVEL_ORDER: readonly LeafLevel[] = ['pud', 'pmd', 'pte'];

/**
 * The entries that differ between the two runs at one step, for every process present in both, each run
 * classified under its own settings. Ranges are ordered by process, level (PUD first) and address. Tables
 * are compared pairwise (same level, same range); ranges that continue each other are merged, as ptdump
 * coalesces. The walk stops once `limit` ranges are found or `tableBudget` tables had differences, so a
 * step where a whole 1 GiB mapping differs costs a few dozen tables, not the whole address space.
 */
export function differingEntries(a: RunAt, b: RunAt, limit = 200, tableBudget = 64): EntryDiffResult {
  const namesB = new Set(b.state.procs.map((p) => p.name));
  const namesA = new Set(a.state.procs.map((p) => p.name));
  // The tree's cache of classified runs: a table the tree already drew is not classified again.
  const runsA = runsReader(a.state, a.settings.variant, effectiveConfig(a.settings));
  const runsB = runsReader(b.state, b.settings.variant, effectiveConfig(b.settings));
  const diffs: EntryDiff[] = [];
  let tablesWithDiffs = 0;
  let stopped = false;
  walk: for (const pa of a.state.procs) {
    const pb = b.state.procs.find((p) => p.name === pa.name);
    if (!pb) continue;
    const ta = leafStretches(pa, runsA);
    const tb = leafStretches(pb, runsB);
    for (const level of LEVEL_ORDER) {
      const xa = ta.get(level) ?? [];
      const xb = tb.get(level) ?? [];
      // Compared window by window: a stretch of either run and every stretch of either run overlapping it
      // (one table and its counterpart, as a pair of tables at one base always were).
      let i = 0;
      let j = 0;
      while (i < xa.length || j < xb.length) {
        const first =
          j >= xb.length || (i < xa.length && (xa[i] as Stretch).start <= (xb[j] as Stretch).start)
            ? (xa[i] as Stretch)
            : (xb[j] as Stretch);
        let hi = first.end;
        const sa: Seg[] = [];
        const sb: Seg[] = [];
        for (;;) {
          if (i < xa.length && (xa[i] as Stretch).start < hi) {
            const x = xa[i++] as Stretch;
            sa.push(...x.segs);
            hi = Math.max(hi, x.end);
          } else if (j < xb.length && (xb[j] as Stretch).start < hi) {
            const x = xb[j++] as Stretch;
            sb.push(...x.segs);
            hi = Math.max(hi, x.end);
          } else break;
        }
        const before = diffs.length;
        const lastCount = diffs[before - 1]?.count;
        diffLevel(pa.name, level, sa, sb, diffs);
        if (diffs.length !== before || diffs[before - 1]?.count !== lastCount) tablesWithDiffs++;
        if (diffs.length > limit || tablesWithDiffs > tableBudget) {
          stopped = true;
          break walk;
        }
      }
    }
  }
  return {
    diffs: diffs.slice(0, limit),
    truncated: stopped,
    onlyInA: [...namesA].filter((n) => !namesB.has(n)),
    onlyInB: [...namesB].filter((n) => !namesA.has(n)),
  };
}
