import type { TraceEvent } from '../state/store';

type EntryEvent = Extract<TraceEvent, { t: 'entry' }>;
type EntryView = EntryEvent['before'];

/** How one trace event reads in the event list: a kind label, the kernel function, and the change. */
export interface EventLine {
  readonly kind: 'call' | 'branch' | 'entry' | 'folio' | 'counter' | 'vma' | 'report';
  readonly fn?: string;
  /** Branch ID of kernel-semantics.md, for branch events. */
  readonly id?: string;
  readonly text: string;
  /** Extra lines (report bodies). */
  readonly lines?: readonly string[];
  readonly depth: number;
  /** How many consecutive identical iterations were folded into this event. */
  readonly count: number;
  /** That count in words, for the kind of event ("4 entries", "3 × −1", "2 times"); absent when 1. */
  readonly repeat?: string;
}

/** The mm counters as a reader names them, with the kernel's name where it has one. */
export const COUNTER_WORDS: Record<Extract<TraceEvent, { t: 'counter' }>['counter'], string> = {
  anon: 'anon pages (MM_ANONPAGES)',
  file: 'file pages (MM_FILEPAGES)',
  pgtables: 'page-table pages',
  hugeZeroRef: 'huge zero folio held (MMF_HUGE_ZERO_PAGE)',
  hugeZeroRefcount: 'huge zero folio references (huge_zero_refcount)',
};

const signed = (n: number): string => (n < 0 ? `−${-n}` : `+${n}`);

/**
 * A folded run of a number that moved by the same step each time reads as "3 × −1", so "4 → 1" is not
 * taken for one change; anything else that repeats says how many times.
 */
function repeated(before: unknown, after: unknown, count: number): string {
  const d = (Number(after) - Number(before)) / count;
  return typeof before === 'number' && typeof after === 'number' && Number.isInteger(d) && d !== 0
    ? `${count} × ${signed(d)}`
    : `${count} times`;
}

export function formatEntry(v: EntryView): string {
  if (!v) return 'none';
  if (v.kind === 'table') return `table #${v.table}`;
  if (v.kind === 'swap') return `${v.type} ${v.offset}${v.write ? ' write' : ''}`;
  const bits = [
    v.write ? 'W' : 'R',
    v.dirty && 'D',
    v.young && 'A',
    v.special && 'special',
    v.deposit && 'deposit',
  ];
  return `pfn ${v.pfn} ${bits.filter(Boolean).join(' ')}`;
}

const flag = (v: unknown): unknown => (typeof v === 'boolean' ? (v ? 'set' : 'clear') : v);
const change = (before: unknown, after: unknown): string =>
  `${String(flag(before))} → ${String(flag(after))}`;

export function describeEvent(e: TraceEvent): EventLine {
  const count = e.count ?? 1;
  const base = { depth: e.depth, count };
  const times = count > 1 ? { repeat: `${count} times` } : {};
  switch (e.t) {
    case 'call':
      return { ...base, ...times, kind: 'call', fn: e.fn, text: `${e.fn}(${e.args})` };
    case 'branch':
      return { ...base, ...times, kind: 'branch', fn: e.fn, id: e.id, text: e.text };
    case 'entry': {
      const where = e.lastVaddr ? `${e.vaddr}..${e.lastVaddr}` : e.vaddr;
      return {
        ...base,
        ...(count > 1 && { repeat: e.lastVaddr ? `${count} entries` : `${count} times` }),
        kind: 'entry',
        fn: e.fn,
        text: `${e.proc} ${e.level.toUpperCase()} ${where}: ${change(formatEntry(e.before), formatEntry(e.after))}`,
      };
    }
    case 'folio':
      return {
        ...base,
        // A run over folios ("first..last") changed each once; a run on one folio moved it `count` times.
        ...(count > 1 && {
          repeat: e.pfn.includes('..') ? `${count} folios` : repeated(e.before, e.after, count),
        }),
        kind: 'folio',
        fn: e.fn,
        text: `folio ${e.pfn} ${e.field}: ${change(e.before ?? '—', e.after ?? '—')}`,
      };
    case 'counter':
      return {
        ...base,
        ...(count > 1 && { repeat: repeated(e.before, e.after, count) }),
        kind: 'counter',
        fn: e.fn,
        text: `${e.proc} ${COUNTER_WORDS[e.counter]}: ${change(e.before, e.after)}`,
      };
    case 'vma':
      return {
        ...base,
        ...times,
        kind: 'vma',
        fn: e.fn,
        text: `${e.proc} ${e.range} ${e.action}: ${e.text}`,
      };
    case 'report':
      return {
        ...base,
        ...times,
        kind: 'report',
        text: `${e.kind}${e.site ? ` at ${e.site}` : ''}${e.suppressed ? ' (suppressed by rate limit)' : ''}`,
        lines: e.lines,
      };
  }
}

/** Results that mean the operation failed or the kernel complained, shown in red. */
export function isFailure(result: string): boolean {
  return /^(-E|SIG|BUG|VM_FAULT_(SIGBUS|SIGSEGV|OOM|HWPOISON))/.test(result);
}
