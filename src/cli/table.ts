import type { StepRecord } from '../model/run';
import type { Scenario } from '../scenario/schema';
import { escapeControls } from './text';

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** The table's row of one step: its number, title, result, vm_normal_page branches and reports. */
export function summaryRow(st: Pick<StepRecord, 'index' | 'title' | 'result' | 'events'>): string[] {
  const reports = st.events
    .filter((e) => e.t === 'report' && !e.suppressed && e.kind !== 'info')
    .map((e) => (e.t === 'report' ? `${e.kind}${e.count && e.count > 1 ? ` x${e.count}` : ''}` : ''));
  const branches = [
    ...new Set(
      st.events
        .filter((e) => e.t === 'branch' && /^[BRM]-/.test(e.id))
        .map((e) => (e.t === 'branch' ? e.id : '')),
    ),
  ];
  // A title quotes what the scenario says (a written value, a name): its control characters are shown
  // escaped, never sent to the terminal.
  return [String(st.index), escapeControls(st.title), st.result, branches.join(' '), reports.join(', ')];
}

/**
 * A readable table of steps, results and reports for `ptlab run --summary`. `steps` are the run's steps
 * after the initial state, as the run makes them: only their rows are kept.
 */
export function summaryTable(
  s: Scenario,
  steps: Iterable<Pick<StepRecord, 'index' | 'title' | 'result' | 'events'>>,
): string {
  const lines = [
    `# ${escapeControls(s.title ?? s.id ?? 'scenario')} — variant ${s.kernel.variant}, preset ${s.kernel.preset}`,
  ];
  const rows: string[][] = [];
  for (const st of steps) rows.push(summaryRow(st));
  const head = ['#', 'step', 'result', 'vm_normal_page branches', 'reports'];
  const w = head.map((h, i) => {
    let n = h.length;
    for (const row of rows) n = Math.max(n, (row[i] ?? '').length);
    return Math.min(60, n);
  });
  lines.push(head.map((h, i) => pad(h, w[i] ?? 0)).join('  '));
  lines.push(w.map((n) => '-'.repeat(n)).join('  '));
  for (const row of rows) lines.push(row.map((c, i) => pad(c, w[i] ?? 0)).join('  '));
  return `${lines.join('\n')}\n`;
}
