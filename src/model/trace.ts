import { type Entry, type EntryView, entryView, type Level, leafAt } from './entry';
import { hex, type Vpn, vaddrHex } from './units';

/** What a step's trace records. Every decision names the kernel function and the branch ID of kernel-semantics.md. */
export type ReportKind =
  | 'bad_page_map'
  | 'bad_page_state'
  | 'bad_rss'
  | 'bad_pgtables'
  | 'warn'
  | 'vm_warn'
  | 'bug'
  | 'info';

export type TraceEvent =
  | { t: 'call'; fn: string; args: string; depth: number; count?: number }
  | { t: 'branch'; fn: string; id: string; text: string; depth: number; count?: number }
  | {
      t: 'entry';
      proc: string;
      level: Level;
      vaddr: string;
      /** Last virtual address of a coalesced run (the same change repeated over consecutive entries). */
      lastVaddr?: string;
      before: EntryView | null;
      after: EntryView | null;
      fn: string;
      depth: number;
      count?: number;
    }
  | {
      t: 'folio';
      /** A pfn, or "first..last" for a coalesced run. */
      pfn: string;
      field:
        | 'refcount'
        | 'mapcount'
        | 'anonExclusive'
        | 'kind'
        | 'content'
        | 'pincount'
        | 'allocated'
        | 'freed';
      before: string | number | boolean | null;
      after: string | number | boolean | null;
      fn: string;
      depth: number;
      count?: number;
    }
  | {
      t: 'counter';
      proc: string;
      /** hugeZeroRefcount: the kernel's huge_zero_refcount, reported with proc "kernel". */
      counter: 'anon' | 'file' | 'pgtables' | 'hugeZeroRef' | 'hugeZeroRefcount';
      before: number | boolean;
      after: number | boolean;
      fn: string;
      depth: number;
      count?: number;
    }
  | {
      t: 'vma';
      proc: string;
      action: 'map' | 'unmap' | 'change';
      range: string;
      text: string;
      fn: string;
      depth: number;
      count?: number;
    }
  | {
      t: 'report';
      kind: ReportKind;
      site?: string;
      lines: string[];
      suppressed?: boolean;
      /** The entry the report is about, where there is one (so the UI can mark it). */
      at?: { proc: string; level: Level; vaddr: string };
      depth: number;
      count?: number;
    };

/** The tracer's own form of hot events: numbers and entry objects, formatted only when the step ends. */
interface RawEntry {
  t: 'entry*';
  proc: string;
  level: Level;
  v: number;
  lastV: number;
  before: Entry | undefined;
  after: Entry | undefined;
  fn: string;
  depth: number;
  count: number;
  strideV: number;
  strideB: number;
  strideA: number;
}
interface RawCall {
  t: 'call*';
  fn: string;
  v: number;
  suffix: string;
  depth: number;
  count: number;
}
interface RawFolio {
  t: 'folio*';
  pfn: number;
  lastPfn: number;
  field: Extract<TraceEvent, { t: 'folio' }>['field'];
  before: string | number | boolean | null;
  after: string | number | boolean | null;
  fn: string;
  depth: number;
  count: number;
}
type Ev = TraceEvent | RawEntry | RawCall | RawFolio;

function shapeCode(e: Entry | undefined): number {
  if (!e) return 0;
  if (e.kind === 'table') return 1;
  if (e.kind === 'swap')
    return 2 + (e.type === 'swap' ? 0 : e.type === 'migration' ? 1 : 2) * 2 + (e.write ? 1 : 0);
  return (
    16 +
    (e.write ? 1 : 0) +
    (e.dirty ? 2 : 0) +
    (e.young ? 4 : 0) +
    (e.special ? 8 : 0) +
    (e.deposit ? 16 : 0)
  );
}

function pfnField(e: Entry | undefined): number | undefined {
  if (!e || e.kind === 'table') return undefined;
  return e.kind === 'leaf' ? e.pfn : e.offset;
}

const NUMERIC_DELTA = (a: unknown, b: unknown) =>
  typeof a === 'number' && typeof b === 'number' ? b - a : Number.NaN;

/** Event kinds whose fold repeat() can extend by arithmetic. */
const REPEATABLE: ReadonlySet<Ev['t']> = new Set(['entry*', 'call*', 'call', 'branch', 'counter']);

/** Two events of consecutive loop iterations record "the same" decision (addresses and pfns aside). */
function sameShape(a: Ev, b: Ev): boolean {
  if (a.t !== b.t) return false;
  switch (a.t) {
    case 'entry*': {
      const c = b as RawEntry;
      return (
        a.proc === c.proc &&
        a.level === c.level &&
        a.fn === c.fn &&
        a.depth === c.depth &&
        shapeCode(a.before) === shapeCode(c.before) &&
        shapeCode(a.after) === shapeCode(c.after)
      );
    }
    case 'call*': {
      const c = b as RawCall;
      return a.fn === c.fn && a.depth === c.depth && a.suffix === c.suffix;
    }
    case 'folio*': {
      const c = b as RawFolio;
      if (a.field !== c.field || a.fn !== c.fn || a.depth !== c.depth) return false;
      // A folded run on one folio has after = the last value: compare per-iteration deltas.
      const da = NUMERIC_DELTA(a.before, a.after) / (a.pfn === a.lastPfn ? a.count : 1);
      const db = NUMERIC_DELTA(c.before, c.after) / (c.pfn === c.lastPfn ? c.count : 1);
      return Number.isNaN(da) ? a.before === c.before && a.after === c.after : da === db;
    }
    case 'call':
      return a.fn === (b as typeof a).fn && a.depth === b.depth;
    case 'branch': {
      const c = b as typeof a;
      return a.fn === c.fn && a.id === c.id && a.text === c.text && a.depth === c.depth;
    }
    case 'counter': {
      const c = b as typeof a;
      return (
        a.proc === c.proc &&
        a.counter === c.counter &&
        a.fn === c.fn &&
        // A folded run has after = the last value: compare per-iteration deltas.
        NUMERIC_DELTA(a.before, a.after) / (a.count ?? 1) ===
          NUMERIC_DELTA(c.before, c.after) / (c.count ?? 1)
      );
    }
    case 'vma':
      return a.text === (b as typeof a).text;
    case 'report': {
      const c = b as typeof a;
      return a.kind === c.kind && !!a.suppressed === !!c.suppressed && a.site === c.site;
    }
    default:
      return false;
  }
}

/**
 * Whether entry event `b` (itself possibly a run, when nested loops fold) continues the run of `a`: next
 * address, pfns advancing with a constant stride.
 */
function continues(a: RawEntry, b: RawEntry): boolean {
  const dv = b.v - a.lastV;
  if (dv <= 0) return false;
  if (b.count > 1) {
    if (b.strideV !== dv) return false;
    if (a.count > 1 && (a.strideV !== dv || a.strideB !== b.strideB || a.strideA !== b.strideA)) return false;
  }
  const bb = pfnField(b.before);
  const ba = pfnField(b.after);
  const fb = pfnField(a.before) ?? 0;
  const fa = pfnField(a.after) ?? 0;
  if (a.count === 1) {
    const sb = bb === undefined ? 0 : bb - fb;
    const sa = ba === undefined ? 0 : ba - fa;
    if (sb !== 0 && sb !== dv) return false;
    if (sa !== 0 && sa !== dv) return false;
    if (b.count > 1 && (b.strideB !== sb || b.strideA !== sa)) return false;
    a.strideV = dv;
    a.strideB = sb;
    a.strideA = sa;
    return true;
  }
  if (dv !== a.strideV) return false;
  if (bb !== undefined && bb !== fb + a.strideB * a.count) return false;
  if (ba !== undefined && ba !== fa + a.strideA * a.count) return false;
  return true;
}

export interface LoopFrame {
  prevStart: number;
  prevLen: number;
  iterStart: number;
  /**
   * Set when the last iteration folded into the one before it with events of kinds whose fold is
   * arithmetic: what that iteration added to each folded event (its count, how far it moved the event's
   * last address, and a counter's change), three numbers per event. repeat() adds more iterations like it.
   */
  step?: number[];
  /** The last iteration recorded nothing: repeating it records nothing either. */
  lastEmpty?: boolean;
}

/**
 * Collects a step's events. Inside a loop over entries (remap, fork, zap of many PTEs) consecutive
 * iterations with the same decisions are folded into one iteration with a count, so the trace grows with
 * the number of distinct runs, not of pages (as ptdump coalesces runs of equal entries).
 */
export class Tracer {
  private events: Ev[] = [];
  depth = 0;

  emit(e: TraceEvent): void {
    if (e.t === 'entry') {
      // Rare path (misc ops): store it in the raw form so runs still fold.
      const raw: RawEntry = {
        t: 'entry*',
        proc: e.proc,
        level: e.level,
        v: Number(BigInt(e.vaddr) >> 12n),
        lastV: Number(BigInt(e.vaddr) >> 12n),
        before: undefined,
        after: undefined,
        fn: e.fn,
        depth: e.depth,
        count: 1,
        strideV: 0,
        strideB: 0,
        strideA: 0,
      };
      (raw as unknown as { views: [EntryView | null, EntryView | null] }).views = [e.before, e.after];
      this.events.push(raw);
      return;
    }
    this.events.push(e);
  }

  entry(
    proc: string,
    level: Level,
    v: number,
    before: Entry | undefined,
    after: Entry | undefined,
    fn: string,
  ): void {
    this.events.push({
      t: 'entry*',
      proc,
      level,
      v,
      lastV: v,
      before,
      after,
      fn,
      depth: this.depth,
      count: 1,
      strideV: 0,
      strideB: 0,
      strideA: 0,
    });
  }

  folio(
    pfn: number,
    field: RawFolio['field'],
    before: RawFolio['before'],
    after: RawFolio['after'],
    fn: string,
  ): void {
    this.events.push({
      t: 'folio*',
      pfn,
      lastPfn: pfn,
      field,
      before,
      after,
      fn,
      depth: this.depth,
      count: 1,
    });
  }

  /** Records entering a function called for address `v` (formatted later); pair with leave(). */
  enterAt(fn: string, v: number, suffix: string): void {
    this.events.push({ t: 'call*', fn, v, suffix, depth: this.depth, count: 1 });
    this.depth++;
  }

  enter(fn: string, args: string): void {
    this.events.push({ t: 'call', fn, args, depth: this.depth });
    this.depth++;
  }

  leave(): void {
    this.depth--;
  }

  call<T>(fn: string, args: string, body: () => T): T {
    this.enter(fn, args);
    try {
      return body();
    } finally {
      this.depth--;
    }
  }

  /** Runs `body` once per item, folding repeated iterations. */
  loop<I>(items: readonly I[], body: (item: I) => void): void {
    this.loopN(items.length, (i) => body(items[i] as I));
  }

  /** Runs `body(i)` for i in [0, n), folding repeated iterations. */
  loopN(n: number, body: (i: number) => void): void {
    const f = this.loopBegin();
    for (let i = 0; i < n; i++) {
      this.iterBegin(f);
      body(i);
      this.iterEnd(f);
    }
  }

  /** For loops driven by the caller: loopBegin(), then iterBegin()/iterEnd() around each iteration. */
  loopBegin(): LoopFrame {
    return { prevStart: -1, prevLen: -1, iterStart: 0 };
  }

  iterBegin(f: LoopFrame): void {
    f.iterStart = this.events.length;
  }

  iterEnd(f: LoopFrame): void {
    const start = f.iterStart;
    const n = this.events.length - start;
    f.step = undefined;
    f.lastEmpty = n === 0;
    if (f.prevLen === n && n > 0) {
      let step: number[] | undefined = [];
      for (let i = start; i < start + n; i++) {
        const e = this.events[i] as Ev;
        const prev = this.events[f.prevStart + (i - start)] as Ev;
        // A counter repeats by arithmetic only where each iteration starts from the last one's value.
        if (
          !REPEATABLE.has(e.t) ||
          (e.t === 'counter' &&
            (prev.t !== 'counter' || prev.after !== e.before || typeof e.after !== 'number'))
        ) {
          step = undefined;
          break;
        }
        step.push(
          e.count ?? 1,
          e.t === 'entry*' ? e.lastV - (prev as RawEntry).lastV : 0,
          e.t === 'counter' ? (e.after as number) - (e.before as number) : 0,
        );
      }
      if (this.fold(f.prevStart, start, n)) {
        this.events.length = start;
        f.step = step;
        return;
      }
    }
    f.prevStart = start;
    f.prevLen = n;
  }

  /**
   * Adds `m` more iterations, each the same as the last one with its addresses advanced as the last one
   * advanced them, without running them: for a run of entries (or of whole tables) on which the kernel's
   * loop does the same thing (ops that work a run at a time). The events come out exactly as if the m
   * iterations had been run and folded: each folded event grows by what the last iteration added to it
   * (LoopFrame.step), so an iteration may itself hold runs an inner loop folded. Returns false, adding
   * nothing, unless the last iteration folded into the one before it with events of kinds whose fold is
   * arithmetic: calls, branches, entry changes and counters. Folio changes and reports are never repeated.
   */
  repeat(f: LoopFrame, m: number): boolean {
    if (m <= 0 || f.lastEmpty) return true;
    const step = f.step;
    if (!step) return false;
    const ev = this.events;
    for (let j = 0; j < f.prevLen; j++) {
      const e = ev[f.prevStart + j] as Ev;
      const c = e.count ?? 1;
      if (e.t === 'entry*') e.lastV += m * (step[3 * j + 1] as number);
      else if (e.t === 'counter') e.after = (e.after as number) + m * (step[3 * j + 2] as number);
      e.count = c + m * (step[3 * j] as number);
    }
    return true;
  }

  /** Where the next event goes: the start of a group for repeatGroup(). */
  mark(): number {
    return this.events.length;
  }

  /**
   * Whether the events from `b` to the end are those from `a` to `b` again, with addresses `dv` pages on,
   * pfns `dp` on and counters on by the first group's net change: two whole groups of loop iterations
   * (one PMD table's worth of remap_pmd_range()) that came out alike, so that repeatGroup() may add more.
   */
  groupRepeats(a: number, b: number, dv: number, dp: number): boolean {
    const n = b - a;
    if (n <= 0 || this.events.length - b !== n) return false;
    const net = netChanges(this.events, a, b);
    for (let i = 0; i < n; i++) {
      const want = shiftedEvent(this.events[a + i] as Ev, dv, dp, net, 1);
      if (!want || JSON.stringify(want) !== JSON.stringify(this.events[b + i])) return false;
    }
    return true;
  }

  /**
   * Adds `m` more copies of the events from `from` to the end (whole iterations of loop `f`, the last of
   * them the loop's last iteration), copy j with addresses j·dv pages on, pfns j·dp on and each counter on
   * by j times the group's net change: what running the loop over m more alike groups would record, where
   * a group folds with nothing before it (its first iteration differs from the last one before it, as a
   * pmd_alloc() makes remap_pmd_range()'s first iteration under a new PMD table differ). The caller
   * vouches for the alikeness (groupRepeats(), uniform.ts). Returns false, adding nothing, when the group
   * holds events that are not copied by arithmetic (folio changes, reports, VMA changes, plain calls).
   */
  repeatGroup(f: LoopFrame, from: number, m: number, dv: number, dp: number): boolean {
    const ev = this.events;
    const n = ev.length - from;
    if (m <= 0) return true;
    if (n <= 0 || f.prevStart < from) return false;
    const net = netChanges(ev, from, from + n);
    const copies: Ev[] = [];
    for (let j = 1; j <= m; j++)
      for (let i = from; i < from + n; i++) {
        const c = shiftedEvent(ev[i] as Ev, dv, dp, net, j);
        if (!c) return false;
        copies.push(c);
      }
    for (const c of copies) ev.push(c);
    f.prevStart += m * n;
    return true;
  }

  private fold(prev: number, cur: number, n: number): boolean {
    const ev = this.events;
    for (let i = 0; i < n; i++) {
      const a = ev[prev + i] as Ev;
      const b = ev[cur + i] as Ev;
      if (!sameShape(a, b)) return false;
      if (a.t === 'entry*' && !continues(a, b as RawEntry)) return false;
      if (a.t === 'folio*' && (b as RawFolio).pfn <= a.lastPfn && (b as RawFolio).pfn !== a.pfn) return false;
    }
    for (let i = 0; i < n; i++) {
      const a = ev[prev + i] as Ev;
      const b = ev[cur + i] as Ev;
      a.count = (a.count ?? 1) + (b.count ?? 1);
      if (a.t === 'entry*') a.lastV = (b as RawEntry).lastV;
      else if (a.t === 'folio*') {
        a.lastPfn = (b as RawFolio).lastPfn;
        if ((b as RawFolio).pfn === a.pfn) a.after = (b as RawFolio).after;
      } else if (a.t === 'counter') a.after = (b as typeof a).after;
    }
    return true;
  }

  /** The step's events in their public, JSON-friendly form; resets the tracer. */
  take(): TraceEvent[] {
    const out = this.events.map(publicEvent);
    this.events = [];
    this.depth = 0;
    return out;
  }
}

/** Each counter's net change over events [a, b), by process and counter. */
function netChanges(ev: readonly Ev[], a: number, b: number): Map<string, number> {
  const net = new Map<string, number>();
  for (let i = a; i < b; i++) {
    const e = ev[i] as Ev;
    if (e.t !== 'counter' || typeof e.before !== 'number' || typeof e.after !== 'number') continue;
    const key = `${e.proc}/${e.counter}`;
    net.set(key, (net.get(key) ?? 0) + e.after - e.before);
  }
  return net;
}

/** A leaf `dp` pages on; none stays none; null for an entry that is not a leaf. */
function leafOn(x: Entry | undefined, dp: number): Entry | undefined | null {
  return x === undefined ? undefined : x.kind === 'leaf' ? leafAt(x, dp, 1) : null;
}

/** A copy of `e` j groups on (see Tracer.repeatGroup()), or undefined for an event not copied so. */
function shiftedEvent(e: Ev, dv: number, dp: number, net: Map<string, number>, j: number): Ev | undefined {
  switch (e.t) {
    case 'entry*': {
      if ((e as { views?: unknown }).views) return undefined;
      const before = leafOn(e.before, j * dp);
      const after = leafOn(e.after, j * dp);
      if (before === null || after === null) return undefined;
      // A literal in the tracer's own field order (entry()): the copies keep one object shape.
      return {
        t: 'entry*',
        proc: e.proc,
        level: e.level,
        v: e.v + j * dv,
        lastV: e.lastV + j * dv,
        before,
        after,
        fn: e.fn,
        depth: e.depth,
        count: e.count,
        strideV: e.strideV,
        strideB: e.strideB,
        strideA: e.strideA,
      };
    }
    case 'call*':
      return { ...e, v: e.v + j * dv };
    case 'branch':
      return { ...e };
    case 'counter': {
      if (typeof e.before !== 'number' || typeof e.after !== 'number') return undefined;
      const d = j * (net.get(`${e.proc}/${e.counter}`) ?? 0);
      return { ...e, before: e.before + d, after: e.after + d };
    }
    default:
      return undefined;
  }
}

function publicEvent(e: Ev): TraceEvent {
  switch (e.t) {
    case 'entry*': {
      const views = (e as unknown as { views?: [EntryView | null, EntryView | null] }).views;
      const out: TraceEvent = {
        t: 'entry',
        proc: e.proc,
        level: e.level,
        vaddr: vaddrHex(e.v as Vpn),
        before: views ? views[0] : entryView(e.before),
        after: views ? views[1] : entryView(e.after),
        fn: e.fn,
        depth: e.depth,
      };
      if (e.count > 1) {
        out.count = e.count;
        out.lastVaddr = vaddrHex(e.lastV as Vpn);
      }
      return out;
    }
    case 'call*': {
      const out: TraceEvent = {
        t: 'call',
        fn: e.fn,
        args: `${vaddrHex(e.v as Vpn)}${e.suffix}`,
        depth: e.depth,
      };
      if (e.count > 1) out.count = e.count;
      return out;
    }
    case 'folio*': {
      const out: TraceEvent = {
        t: 'folio',
        pfn: e.count > 1 && e.lastPfn !== e.pfn ? `${hex(e.pfn)}..${hex(e.lastPfn)}` : hex(e.pfn),
        field: e.field,
        before: e.before,
        after: e.after,
        fn: e.fn,
        depth: e.depth,
      };
      if (e.count > 1) out.count = e.count;
      return out;
    }
    default:
      return e;
  }
}
