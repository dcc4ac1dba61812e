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

// ---- entries ------------------------------------------------------------------------------------------

type EntryEvent = Extract<TraceEvent, { t: 'entry' }>;

/** One write, or a run of alike writes at increasing addresses (the trace folds loops into such runs). */
interface Written {
  readonly group: string;
  readonly order: number;
  readonly head: string;
  /** First and last virtual page, number of entries, page stride. */
  readonly v: number;
  last: number;
  lastHex: string;
  n: number;
  dv: number;
  /** pfn (or swap offset) of the first entry, and the pfn stride where it is known. */
  readonly pfn: number | undefined;
  stride: number | undefined;
  readonly bits: string;
  readonly leaf: boolean;
}

const pageOf = (vaddr: string) => Number(BigInt(vaddr) >> 12n);

/** An entry as written: its bits, and its pfn or swap offset. A table is a table (its id is the model's). */
function written(e: EntryEvent['after']): { bits: string; pfn?: number } {
  if (!e) return { bits: 'none' };
  if (e.kind === 'table') return { bits: 'table' };
  if (e.kind === 'swap') return { bits: `${e.type}${e.write ? ' W' : ''}`, pfn: Number(e.offset) };
  const bits = [
    e.write ? 'W' : 'R',
    e.dirty && 'D',
    e.young && 'A',
    e.special && 'special',
    e.deposit && 'deposit',
  ]
    .filter(Boolean)
    .join(' ');
  return { bits, pfn: Number(e.pfn) };
}

/**
 * The stride that makes `x` continue `c`, or null. The trace folds a run only where the pfn stays or
 * advances with the address (stride 0 or the address stride), so the stride follows from x's first pfn.
 */
function strideTo(c: Written, x: Written, dv: number): number | null {
  if (c.pfn === undefined || x.pfn === undefined) return c.pfn === x.pfn ? 0 : null;
  const d = x.pfn - c.pfn;
  if (d % c.n !== 0) return null;
  const s = d / c.n;
  if (s !== 0 && s !== dv) return null;
  if (c.stride !== undefined && c.stride !== s) return null;
  if (x.stride !== undefined && x.stride !== s) return null;
  return s;
}

/**
 * The entries a step wrote, coalesced the same way whichever way the trace folded them: a variant that
 * decides one entry of a loop by another branch splits the trace's run there, but writes the same entries.
 */
function entryFacts(events: readonly TraceEvent[]): string[] {
  const list: Written[] = [];
  for (const e of events) {
    if (e.t !== 'entry') continue;
    const w = written(e.after);
    const v = pageOf(e.vaddr);
    const n = e.count ?? 1;
    const last = e.lastVaddr ? pageOf(e.lastVaddr) : v;
    list.push({
      group: `${e.proc}\0${e.level}\0${w.bits}`,
      order: list.length,
      head: `${e.proc} ${e.level.toUpperCase()} ${e.vaddr}`,
      v,
      last,
      lastHex: e.lastVaddr ?? e.vaddr,
      n,
      dv: n > 1 ? (last - v) / (n - 1) : 0,
      pfn: w.pfn,
      stride: undefined,
      bits: w.bits,
      leaf: e.after?.kind === 'leaf',
    });
  }
  list.sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : a.v - b.v || a.order - b.order));
  const out: Written[] = [];
  for (const x of list) {
    const c = out[out.length - 1];
    if (c && c.group === x.group) {
      const dv = x.v - c.last;
      const s =
        dv > 0 && (c.n === 1 || c.dv === dv) && (x.n === 1 || x.dv === dv) ? strideTo(c, x, dv) : null;
      if (s !== null) {
        c.n += x.n;
        c.last = x.last;
        c.lastHex = x.lastHex;
        c.dv = dv;
        c.stride = s;
        continue;
      }
    }
    out.push({ ...x });
  }
  return out.map((w) => {
    const what =
      w.pfn === undefined ? w.bits : w.leaf ? `pfn ${hex(w.pfn)} ${w.bits}` : `${w.bits} ${hex(w.pfn)}`;
    return `${w.head}${w.n > 1 ? `..${w.lastHex} ×${w.n}` : ''}: ${what}`;
  });
}

// ---- counters, folios, VMAs ---------------------------------------------------------------------------

type Value = string | number | boolean | null;

/** "+1", "-2", or "false → true" for values that are not numbers; null when nothing changed. */
function change(before: Value, after: Value, delta: number | undefined): string | null {
  if (delta !== undefined) return delta === 0 ? null : delta > 0 ? `+${delta}` : `${delta}`;
  return before === after ? null : `${before} → ${after}`;
}

/** First value, last value and, for numbers, the summed change of one counter or folio field. */
interface Net {
  before: Value;
  after: Value;
  delta: number | undefined;
}

function addNet(map: Map<string, Net>, key: string, before: Value, after: Value): void {
  const d = typeof before === 'number' && typeof after === 'number' ? after - before : undefined;
  const cur = map.get(key);
  if (!cur) {
    map.set(key, { before, after, delta: d });
    return;
  }
  cur.after = after;
  cur.delta = cur.delta !== undefined && d !== undefined ? cur.delta + d : undefined;
}

function counterFacts(events: readonly TraceEvent[]): string[] {
  const net = new Map<string, Net>();
  for (const e of events) if (e.t === 'counter') addNet(net, `${e.proc} ${e.counter}`, e.before, e.after);
  const out: string[] = [];
  for (const [k, n] of net) {
    const c = change(n.before, n.after, n.delta);
    if (c) out.push(`${k} ${c}`);
  }
  return out.sort();
}

/** Folios a range event of the trace covers, one by one, up to this many per step; beyond, as written. */
const FOLIO_POINTS = 1 << 16;

function folioFacts(events: readonly TraceEvent[]): string[] {
  const net = new Map<string, Net>();
  const opaque: string[] = [];
  let budget = FOLIO_POINTS;
  for (const e of events) {
    if (e.t !== 'folio') continue;
    const [lo, hi] = e.pfn.split('..').map(Number) as [number, number | undefined];
    const n = e.count ?? 1;
    if (hi === undefined) {
      // One folio, however often: the trace keeps the first value before and the last after.
      addNet(net, `${e.field}\0${lo}`, e.before, e.after);
      continue;
    }
    // A run over folios: each changed alike (the first one's before and after stand for the change).
    const step = n > 1 ? (hi - lo) / (n - 1) : 0;
    if (n > budget || !Number.isInteger(step) || step <= 0) {
      const c = change(
        e.before,
        e.after,
        typeof e.before === 'number' && typeof e.after === 'number' ? e.after - e.before : undefined,
      );
      if (c) opaque.push(`${e.field} ${c}: ${e.pfn} ×${n}`);
      continue;
    }
    budget -= n;
    for (let i = 0; i < n; i++) addNet(net, `${e.field}\0${lo + i * step}`, e.before, e.after);
  }
  // Coalesce alike changes on pfns in arithmetic progression, as the trace does.
  const byChange = new Map<string, number[]>();
  for (const [k, v] of net) {
    const c = change(v.before, v.after, v.delta);
    if (!c) continue;
    const [field, pfn] = k.split('\0') as [string, string];
    // "allocated anon order 0", "freed anon order 0": the folio's kind and order is the change.
    const key =
      field === 'allocated' || field === 'freed' ? `${field} ${v.after ?? v.before}` : `${field} ${c}`;
    const list = byChange.get(key) ?? [];
    list.push(Number(pfn));
    byChange.set(key, list);
  }
  const out = [...opaque];
  for (const [key, pfns] of byChange) {
    pfns.sort((a, b) => a - b);
    for (let i = 0; i < pfns.length; ) {
      const lo = pfns[i] as number;
      let j = i + 1;
      const step = j < pfns.length ? (pfns[j] as number) - lo : 0;
      while (j < pfns.length && (pfns[j] as number) - (pfns[j - 1] as number) === step) j++;
      // A run is contiguous folios, or three or more evenly spaced; two far apart are two facts.
      const n = step === 1 || j - i >= 3 ? j - i : 1;
      out.push(`${key}: ${hex(lo)}${n > 1 ? `..${hex(pfns[i + n - 1] as number)} ×${n}` : ''}`);
      i += n;
    }
  }
  return out.sort();
}

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
