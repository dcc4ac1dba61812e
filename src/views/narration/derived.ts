/**
 * A step's line when its scenario tells nothing about it (a scenario of one's own): read off the step's
 * record, and shown marked "from the trace" so nobody takes it for a sentence someone checked.
 */
import type { Step } from '../../state/store';

const REPORTS: Record<string, string> = {
  bad_page_map: '"Bad page map"',
  bad_page_state: '"Bad page state"',
  bad_rss: '"Bad rss-counter state"',
  warn: 'WARN_ON_ONCE',
  vm_warn: 'VM_WARN_ON_ONCE',
  bug: 'BUG',
};

/** "Result: NULL. vm_normal_page() decided at M-S1c. Printed: "Bad page map"." */
export function derivedLine(step: Step): string {
  const parts: string[] = [];
  if (step.result) parts.push(`Result: ${step.result}.`);
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
