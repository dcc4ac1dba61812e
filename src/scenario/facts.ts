/**
 * What a step's outcome is, for comparing runs. Two kinds of facts:
 *
 * - behaviour: the kernel's answer, the kernel reports printed, the entries the step wrote, the net change
 *   of each mm counter and of each folio field, and the VMA changes;
 * - code path: the vm_normal_page*() branches that decided, each also as its class (equivalence.ts).
 *
 * Two steps differ in behaviour when a behaviour fact differs; "in code path only" when only the branch
 * classes differ; not at all when the branch IDs differ only within a class (a refactor). Pure: it reads a
 * step's events and runs nothing, so the page compares runs without bundling the model's operations.
 * The facts are each step's own effect (what it wrote, the changes it made), not the state after it, so
 * one earlier difference is not reported again at every later step.
 */
import type { StepRecord } from '../model/run';
import type { TraceEvent } from '../model/trace';
import { hex } from '../model/units';
import { branchClass } from './equivalence';

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
  'bad_pgtables',
  'warn',
  'vm_warn',
] as const;
export type KernelReport = (typeof KERNEL_REPORTS)[number];
const IS_KERNEL_REPORT: ReadonlySet<string> = new Set(KERNEL_REPORTS);

/** The behaviour facts, in the order a difference lists them. */
export const BEHAVIOUR_FIELDS = ['result', 'reports', 'entries', 'counters', 'folios', 'vmas'] as const;
export type BehaviourField = (typeof BEHAVIOUR_FIELDS)[number];

export interface StepFacts {
  readonly result: string;
  /** Kernel reports printed (not suppressed by a rate limit), one element per report, by severity. */
  readonly reports: readonly KernelReport[];
  /** Entries written, as ptdump would coalesce them: "D PTE 0x20000000..0x20003000 ×4: pfn 0x4000 R special". */
  readonly entries: readonly string[];
  /** Net change of each mm counter that changed: "D anon -1". */
  readonly counters: readonly string[];
  /** Net change of each folio field that changed, alike folios coalesced: "refcount +1: 0x4002". */
  readonly folios: readonly string[];
  /** VMAs mapped, unmapped or changed: "D map 0x20000000-0x20004000 P pgoff 0x4000 [...]". */
  readonly vmas: readonly string[];
  /** Branch IDs of vm_normal_page*() that decided in the step, sorted, each once. */
  readonly branches: readonly string[];
  /** Their classes (equivalence.ts), sorted, each once: the code path. */
  readonly paths: readonly string[];
}

export function stepReports(step: Pick<StepRecord, 'events'>): KernelReport[] {
  const out: KernelReport[] = [];
  for (const e of step.events) {
    if (e.t !== 'report' || e.suppressed || !IS_KERNEL_REPORT.has(e.kind)) continue;
    for (let i = 0; i < (e.count ?? 1); i++) out.push(e.kind as KernelReport);
  }
  return out.sort((a, b) => KERNEL_REPORTS.indexOf(a) - KERNEL_REPORTS.indexOf(b));
}

// ---- entries, counters, folios, VMAs -----------------------------------------------------------------

/**
 * A run of alike writes (or folio changes) at increasing places: its group, its text without the place,
 * the first place and the last (as numbers and as written), how many, the place stride `dv`, the pfn of
 * the first and the pfn stride `s` where known.
 */
interface Run {
  readonly g: string;
  readonly t: string;
  readonly i: number;
  readonly v: number;
  readonly head: string;
  last: number;
  lastHex: string;
  n: number;
  dv: number;
  readonly pfn: number;
  s: number;
}

const pageOf = (vaddr: string) => Number(BigInt(vaddr) >> 12n);

/**
 * Runs merged wherever one continues another, so the result is the same however the trace folded its
 * loops: a variant that decides one entry of a loop by another branch splits the trace's run there, but
 * writes the same entries. The trace folds only where the pfn stays or advances with the place (stride 0
 * or the place stride), so a split run's stride follows from the next part's first pfn.
 */
function coalesce(runs: Run[]): string[] {
  runs.sort((x, y) => (x.g < y.g ? -1 : x.g > y.g ? 1 : x.v - y.v || x.i - y.i));
  const out: Run[] = [];
  for (const x of runs) {
    const c = out[out.length - 1];
    const dv = c ? x.v - c.last : 0;
    const s = c ? (x.pfn - c.pfn) / c.n : 0;
    if (
      c?.g === x.g &&
      dv > 0 &&
      (c.n < 2 || c.dv === dv) &&
      (x.n < 2 || x.dv === dv) &&
      (s === 0 || s === dv) &&
      (Number.isNaN(c.s) || c.s === s)
    ) {
      c.n += x.n;
      c.last = x.last;
      c.lastHex = x.lastHex;
      c.dv = dv;
      c.s = s;
    } else out.push(x);
  }
  return out.map((r) => `${r.t} at ${r.head}${r.n > 1 ? `..${r.lastHex} ×${r.n}` : ''}`);
}

/** The entries a step wrote: "D PTE R special pfn 0x4000 at 0x20000000..0x20003000 ×4". */
function entryFacts(events: readonly TraceEvent[]): string[] {
  const runs: Run[] = [];
  for (const e of events) {
    if (e.t !== 'entry') continue;
    const a = e.after;
    const v = pageOf(e.vaddr);
    const n = e.count ?? 1;
    const last = e.lastVaddr ? pageOf(e.lastVaddr) : v;
    // A table is a table: its number is the model's.
    const g = `${e.proc} ${e.level.toUpperCase()} ${
      !a
        ? 'none'
        : a.kind === 'table'
          ? 'table'
          : a.kind === 'swap'
            ? `${a.type}${a.write ? ' W' : ''}`
            : `${a.write ? 'W' : 'R'}${a.dirty ? ' D' : ''}${a.young ? ' A' : ''}${a.special ? ' special' : ''}${a.deposit ? ' deposit' : ''}`
    }`;
    const p = a?.kind === 'leaf' ? a.pfn : a?.kind === 'swap' ? a.offset : undefined;
    runs.push({
      g,
      t: p ? `${g} ${a?.kind === 'swap' ? 'offset' : 'pfn'} ${p}` : g,
      i: runs.length,
      v,
      head: e.vaddr,
      last,
      lastHex: e.lastVaddr ?? e.vaddr,
      n,
      dv: n > 1 ? (last - v) / (n - 1) : 0,
      pfn: Number(p ?? 0),
      s: Number.NaN,
    });
  }
  return coalesce(runs);
}

type Value = string | number | boolean | null;
/** First value before, last value after, and for numbers the summed change. */
type Net = [before: Value, after: Value, delta: number];

/** The net change of each key: "+1", "-2", "true to false", or what a folio was allocated or freed as. */
function netChanges(list: [key: string, before: Value, after: Value][]): [key: string, change: string][] {
  const net = new Map<string, Net>();
  for (const [k, b, a] of list) {
    const d = typeof b === 'number' && typeof a === 'number' ? a - b : Number.NaN;
    const cur = net.get(k);
    if (cur) {
      cur[1] = a;
      cur[2] += d;
    } else net.set(k, [b, a, d]);
  }
  const out: [string, string][] = [];
  for (const [k, [b, a, d]] of net) {
    const c = Number.isNaN(d)
      ? b === a
        ? ''
        : b === null
          ? `${a}`
          : a === null
            ? `${b}`
            : `${b} to ${a}`
      : d > 0
        ? `+${d}`
        : d
          ? `${d}`
          : '';
    if (c) out.push([k, c]);
  }
  return out;
}

/** The net change of each mm counter that changed: "D anon -1". */
function counterFacts(events: readonly TraceEvent[]): string[] {
  const list: [string, Value, Value][] = [];
  for (const e of events) if (e.t === 'counter') list.push([`${e.proc} ${e.counter}`, e.before, e.after]);
  return netChanges(list)
    .map(([k, c]) => `${k} ${c}`)
    .sort();
}

/**
 * The net change of each folio field that changed, alike folios coalesced: "refcount +1 at 0x4002". A run
 * of the trace over folios (each changed alike, the first one's values standing for the change) is one
 * change, coalesced with its neighbours as entries are.
 */
function folioFacts(events: readonly TraceEvent[]): string[] {
  const list: [string, Value, Value][] = [];
  for (const e of events)
    if (e.t === 'folio') list.push([`${e.field}|${e.pfn}|${e.count ?? 1}`, e.before, e.after]);
  const runs: Run[] = [];
  for (const [k, c] of netChanges(list)) {
    const [field, p = '', count] = k.split('|');
    const [lo = 0, hi = lo] = p.split('..').map(Number);
    const n = hi > lo ? Number(count) : 1;
    const t = `${field} ${c}`;
    runs.push({
      g: t,
      t,
      i: 0,
      v: lo,
      head: hex(lo),
      last: hi,
      lastHex: hex(hi),
      n,
      dv: n > 1 ? (hi - lo) / (n - 1) : 0,
      pfn: 0,
      s: 0,
    });
  }
  return coalesce(runs).sort();
}

/** VMAs mapped, unmapped or changed: "D change 0x20000000-0x20004000 vm_pgoff 0x0 -> 0x4000". */
function vmaFacts(events: readonly TraceEvent[]): string[] {
  const out: string[] = [];
  for (const e of events) if (e.t === 'vma') out.push(`${e.proc} ${e.action} ${e.range} ${e.text}`);
  return out.sort();
}

// ---- the facts and their comparison -------------------------------------------------------------------

export function stepFacts(step: Pick<StepRecord, 'events' | 'result'>): StepFacts {
  const ids = new Set<string>();
  for (const e of step.events) if (e.t === 'branch' && CLASSIFIER_FNS.has(e.fn)) ids.add(e.id);
  const branches = [...ids].sort();
  return {
    result: step.result,
    reports: stepReports(step),
    entries: entryFacts(step.events),
    counters: counterFacts(step.events),
    folios: folioFacts(step.events),
    vmas: vmaFacts(step.events),
    branches,
    paths: [...new Set(branches.map(branchClass))].sort(),
  };
}

const sameList = (x: readonly string[], y: readonly string[]) =>
  x.length === y.length && x.every((v, i) => v === y[i]);

/** How two steps differ: the behaviour facts that differ, and whether the code path does. */
export interface FactsDiff {
  readonly behaviour: readonly BehaviourField[];
  /** The branch classes differ (not only IDs of one class). */
  readonly path: boolean;
}

export function diffFacts(a: StepFacts, b: StepFacts): FactsDiff {
  const behaviour = BEHAVIOUR_FIELDS.filter((f) =>
    f === 'result' ? a.result !== b.result : !sameList(a[f], b[f]),
  );
  return { behaviour, path: !sameList(a.paths, b.paths) };
}

/** "behaviour", "path" (the code path only), or null: the same step, up to renamed or moved checks. */
export type Difference = 'behaviour' | 'path' | null;

export function differenceOf(d: FactsDiff): Difference {
  return d.behaviour.length ? 'behaviour' : d.path ? 'path' : null;
}

/** No difference at all: same behaviour, and the same checks decided (IDs of one class count as one). */
export function sameFacts(a: StepFacts, b: StepFacts): boolean {
  return differenceOf(diffFacts(a, b)) === null;
}

/** One fact that differs, with what each step has: for lists, what only that step has. */
export interface FactChange {
  readonly field: BehaviourField | 'branches';
  readonly before: readonly string[];
  readonly after: readonly string[];
}

const only = (x: readonly string[], y: readonly string[]) => {
  const left = [...y];
  return x.filter((v) => {
    const i = left.indexOf(v);
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
};

/** The differing facts of two steps, behaviour first, then the branch IDs when another check decided. */
export function factChanges(a: StepFacts, b: StepFacts): FactChange[] {
  const d = diffFacts(a, b);
  const out: FactChange[] = d.behaviour.map((field) => {
    if (field === 'result') return { field, before: [a.result], after: [b.result] };
    if (field === 'reports') return { field, before: a.reports, after: b.reports };
    return { field, before: only(a[field], b[field]), after: only(b[field], a[field]) };
  });
  if (d.path) out.push({ field: 'branches', before: a.branches, after: b.branches });
  return out;
}
