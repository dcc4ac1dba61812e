import type { EntryView, Level } from './entry';

/** What a step's trace records. Every decision names the kernel function and the branch ID of semantics.md. */
export type ReportKind =
  | 'bad_page_map'
  | 'bad_page_state'
  | 'bad_rss'
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
      /** Last virtual address of a coalesced run (same change repeated over consecutive entries). */
      lastVaddr?: string;
      before: EntryView | null;
      after: EntryView | null;
      fn: string;
      depth: number;
      count?: number;
    }
  | {
      t: 'folio';
      pfn: string;
      field: 'refcount' | 'mapcount' | 'anonExclusive' | 'kind' | 'content' | 'allocated' | 'freed';
      before: string | number | boolean | null;
      after: string | number | boolean | null;
      fn: string;
      depth: number;
      count?: number;
    }
  | {
      t: 'counter';
      proc: string;
      counter: 'anon' | 'file' | 'pgtables' | 'hugeZeroRef';
      before: number | boolean;
      after: number | boolean;
      fn: string;
      depth: number;
      count?: number;
    }
  | { t: 'vma'; proc: string; action: 'map' | 'unmap' | 'change'; range: string; text: string; fn: string; depth: number; count?: number }
  | { t: 'report'; kind: ReportKind; site?: string; lines: string[]; suppressed?: boolean; depth: number; count?: number };

/** Shape key: two events of one loop iteration with equal keys are the "same" decision. */
function key(e: TraceEvent): string {
  switch (e.t) {
    case 'call':
      return `c|${e.fn}|${e.depth}`;
    case 'branch':
      return `b|${e.fn}|${e.id}|${e.text}`;
    case 'entry':
      return `e|${e.proc}|${e.level}|${e.fn}|${shape(e.before)}|${shape(e.after)}`;
    case 'folio':
      return `f|${e.field}|${e.fn}|${typeof e.before === 'number' && typeof e.after === 'number' ? e.after - e.before : `${e.before}>${e.after}`}`;
    case 'counter':
      return `n|${e.proc}|${e.counter}|${e.fn}|${typeof e.before === 'number' && typeof e.after === 'number' ? e.after - e.before : ''}`;
    case 'vma':
      return `v|${e.text}`;
    case 'report':
      return `r|${e.kind}|${e.suppressed ? 1 : 0}|${e.site ?? ''}`;
  }
}

function shape(v: EntryView | null): string {
  if (!v) return '-';
  if (v.kind === 'leaf') return `L${+v.write}${+v.dirty}${+v.young}${+v.special}${+!!v.deposit}`;
  if (v.kind === 'swap') return `S${v.type}${+v.write}`;
  return 'T';
}

/**
 * Collects a step's events. Inside a loop over entries (remap, fork, zap of many PTEs) consecutive
 * iterations with the same decisions are folded into one iteration with a count, so the trace grows with
 * the number of distinct runs, not of pages (as ptdump coalesces runs of equal entries).
 */
export class Tracer {
  events: TraceEvent[] = [];
  depth = 0;
  private loopStack: { start: number; prevStart: number; prevKeys: string[] | null }[] = [];

  emit(e: TraceEvent): void {
    this.events.push(e);
  }

  call<T>(fn: string, args: string, body: () => T): T {
    this.emit({ t: 'call', fn, args, depth: this.depth });
    this.depth++;
    try {
      return body();
    } finally {
      this.depth--;
    }
  }

  /** Runs `body` once per item, folding repeated iterations. */
  loop<I>(items: Iterable<I>, body: (item: I) => void): void {
    const frame = { start: this.events.length, prevStart: -1, prevKeys: null as string[] | null };
    this.loopStack.push(frame);
    try {
      for (const it of items) {
        const iterStart = this.events.length;
        body(it);
        const n = this.events.length - iterStart;
        const keys: string[] = new Array(n);
        for (let i = 0; i < n; i++) keys[i] = key(this.events[iterStart + i] as TraceEvent);
        if (frame.prevKeys && sameKeys(frame.prevKeys, keys) && this.mergeInto(frame.prevStart, iterStart, n)) {
          this.events.length = iterStart;
        } else {
          frame.prevStart = iterStart;
          frame.prevKeys = keys;
        }
      }
    } finally {
      this.loopStack.pop();
    }
  }

  private mergeInto(prev: number, cur: number, n: number): boolean {
    // Entries must continue the previous run (next address, pfn advancing by the same stride).
    for (let i = 0; i < n; i++) {
      const a = this.events[prev + i] as TraceEvent;
      const b = this.events[cur + i] as TraceEvent;
      if (a.t === 'entry' && b.t === 'entry' && !continues(a, b)) return false;
    }
    for (let i = 0; i < n; i++) {
      const a = this.events[prev + i] as TraceEvent;
      const b = this.events[cur + i] as TraceEvent;
      a.count = (a.count ?? 1) + 1;
      if (a.t === 'entry' && b.t === 'entry') a.lastVaddr = b.vaddr;
      if (a.t === 'folio' && b.t === 'folio' && a.pfn !== b.pfn) a.pfn = a.pfn.includes('..') ? a.pfn.replace(/\.\..*$/, `..${b.pfn}`) : `${a.pfn}..${b.pfn}`;
    }
    return true;
  }

  take(): TraceEvent[] {
    const e = this.events;
    this.events = [];
    this.depth = 0;
    return e;
  }
}

function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const STRIDE = new WeakMap<object, { va: bigint; before: bigint | null; after: bigint | null }>();

function pfnOf(v: EntryView | null): bigint | null {
  if (!v) return null;
  if (v.kind === 'leaf') return BigInt(v.pfn);
  if (v.kind === 'swap') return BigInt(v.offset);
  return null;
}

function continues(a: Extract<TraceEvent, { t: 'entry' }>, b: Extract<TraceEvent, { t: 'entry' }>): boolean {
  const last = BigInt(a.lastVaddr ?? a.vaddr);
  const va = BigInt(b.vaddr) - last;
  if (va <= 0n) return false;
  const first = STRIDE.get(a);
  const bb = pfnOf(b.before);
  const ba = pfnOf(b.after);
  // pfn of the run's last element, extrapolated from the first with the run's stride.
  const count = BigInt(a.count ?? 1);
  if (!first) {
    const s = {
      va,
      before: bb === null ? null : bb - (pfnOf(a.before) ?? 0n),
      after: ba === null ? null : ba - (pfnOf(a.after) ?? 0n),
    };
    const pages = va >> 12n;
    if (s.before !== null && s.before !== 0n && s.before !== pages) return false;
    if (s.after !== null && s.after !== 0n && s.after !== pages) return false;
    STRIDE.set(a, s);
    return true;
  }
  if (first.va !== va) return false;
  if (bb !== null && first.before !== null && bb !== (pfnOf(a.before) ?? 0n) + first.before * count) return false;
  if (ba !== null && first.after !== null && ba !== (pfnOf(a.after) ?? 0n) + first.after * count) return false;
  return true;
}
