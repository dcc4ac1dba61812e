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

const change = (before: unknown, after: unknown): string => `${String(before)} → ${String(after)}`;

export function describeEvent(e: TraceEvent): EventLine {
  const base = { depth: e.depth, count: e.count ?? 1 };
  switch (e.t) {
    case 'call':
      return { ...base, kind: 'call', fn: e.fn, text: `${e.fn}(${e.args})` };
    case 'branch':
      return { ...base, kind: 'branch', fn: e.fn, id: e.id, text: e.text };
    case 'entry': {
      const where = e.lastVaddr ? `${e.vaddr}..${e.lastVaddr}` : e.vaddr;
      return {
        ...base,
        kind: 'entry',
        fn: e.fn,
        text: `${e.proc} ${e.level.toUpperCase()} ${where}: ${change(formatEntry(e.before), formatEntry(e.after))}`,
      };
    }
    case 'folio':
      return {
        ...base,
        kind: 'folio',
        fn: e.fn,
        text: `folio ${e.pfn} ${e.field}: ${change(e.before ?? '—', e.after ?? '—')}`,
      };
    case 'counter':
      return {
        ...base,
        kind: 'counter',
        fn: e.fn,
        text: `${e.proc} ${e.counter}: ${change(e.before, e.after)}`,
      };
    case 'vma':
      return { ...base, kind: 'vma', fn: e.fn, text: `${e.proc} ${e.range} ${e.action}: ${e.text}` };
    case 'report':
      return {
        ...base,
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
