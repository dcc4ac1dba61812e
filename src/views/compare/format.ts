/** Short texts for the compare views. Pure. */
import { hex } from '../../model/units';
import type { EntrySide, KernelReport, StepField } from '../../state/read/diff';
import { BADGES } from '../badges';

export const REPORT_LABEL: Record<KernelReport, string> = {
  bug: 'BUG',
  bad_page_map: 'Bad page map',
  bad_page_state: 'Bad page state',
  bad_rss: 'Bad rss-counter state',
  bad_pgtables: 'non-zero pgtables_bytes',
  warn: 'WARN',
  vm_warn: 'VM_WARN_ON_ONCE',
};

/** "Bad page map ×2, VM_WARN_ON_ONCE" (reports come sorted, so equal kinds are adjacent). */
export function reportsText(reports: readonly KernelReport[]): string {
  if (!reports.length) return 'none';
  const counts = new Map<KernelReport, number>();
  for (const r of reports) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([k, n]) => (n > 1 ? `${REPORT_LABEL[k]} ×${n}` : REPORT_LABEL[k])).join(', ');
}

export const FIELD_LABEL: Record<StepField, string> = {
  result: 'result',
  branches: 'vm_normal_page*() branches',
  reports: 'reports',
  missing: 'only one run has this step',
};

/** "pfn 0x42 R special: zero page (M-S1c)" */
export function sideText(s: EntrySide | null): string {
  if (!s) return 'none';
  const e = s.entry;
  if (e.kind === 'swap') return `${e.type} ${hex(e.offset)}`;
  const bits = [
    e.write ? 'W' : 'R',
    e.dirty && 'D',
    e.young && 'A',
    e.special && 'special',
    e.deposit && 'deposit',
  ]
    .filter(Boolean)
    .join(' ');
  return `pfn ${hex(s.pfn)} ${bits}: ${BADGES[s.badge].label}${s.branch ? ` (${s.branch})` : ''}`;
}
