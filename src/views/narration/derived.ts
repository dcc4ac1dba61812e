/**
 * A step's line when its scenario tells nothing about it (a scenario of one's own): read off the step's
 * record, and shown marked "from the trace" so nobody takes it for a sentence someone checked.
 */
import type { Step, TraceEvent } from '../../state/store';

const REPORTS: Record<string, string> = {
  bad_page_map: '"Bad page map"',
  bad_page_state: '"Bad page state"',
  bad_rss: '"Bad rss-counter state"',
  bad_pgtables: '"non-zero pgtables_bytes"',
  warn: 'WARN_ON_ONCE',
  vm_warn: 'VM_WARN_ON_ONCE',
  bug: 'BUG',
};

const COUNTERS: Record<string, string> = { anon: 'MM_ANONPAGES', file: 'MM_FILEPAGES' };

type EntryEvent = Extract<TraceEvent, { t: 'entry' }>;

function entryText(e: EntryEvent): string {
  const where = `${e.proc}'s ${e.level.toUpperCase()} at ${e.vaddr}${e.lastVaddr ? `-${e.lastVaddr}` : ''}`;
  const a = e.after;
  if (!a) return `${where} cleared`;
  if (a.kind === 'leaf')
    return `${where} maps pfn ${a.pfn}${a.write ? ', writable' : ', read-only'}${a.special ? ', special' : ''}`;
  if (a.kind === 'swap') return `${where} holds a ${a.type} entry`;
  return `${where} points to a table`;
}

/** "Result: NULL. A's PTE at 0x… maps pfn 0x42, read-only, special. vm_normal_page() decided at M-S1c." */
export function derivedLine(step: Step): string {
  const parts: string[] = [];
  if (step.result) parts.push(`Result: ${step.result}.`);
  const leaves = step.events.filter((e): e is EntryEvent => e.t === 'entry' && e.after?.kind !== 'table');
  if (leaves.length)
    parts.push(
      `${leaves
        .slice(0, 2)
        .map(entryText)
        .join('; ')}${leaves.length > 2 ? `; and ${leaves.length - 2} more entries` : ''}.`,
    );
  const counters = new Map<string, [number | boolean, number | boolean]>();
  for (const e of step.events)
    if (e.t === 'counter' && COUNTERS[e.counter]) {
      const k = `${e.proc}'s ${COUNTERS[e.counter]}`;
      counters.set(k, [counters.get(k)?.[0] ?? e.before, e.after]);
    }
  const changed = [...counters].filter(([, [b, a]]) => b !== a).map(([k, [b, a]]) => `${k} ${b} → ${a}`);
  if (changed.length) parts.push(`${changed.join(', ')}.`);
  const decided: string[] = [];
  for (const e of step.events)
    if (e.t === 'branch' && /vm_normal_page/.test(e.fn)) {
      const d = `${e.fn}() decided at ${e.id}`;
      if (!decided.includes(d)) decided.push(d);
    }
  if (decided.length) parts.push(`${decided.slice(0, 3).join('; ')}${decided.length > 3 ? '; …' : ''}.`);
  const printed = [
    ...new Set(step.events.flatMap((e) => (e.t === 'report' && REPORTS[e.kind] ? [REPORTS[e.kind]] : []))),
  ];
  if (printed.length) parts.push(`Printed: ${printed.join(', ')}.`);
  return parts.join(' ') || 'No result and no events.';
}
