import type { RunResult } from '../scenario/run';

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** A readable table of steps, results and reports for `ptlab run --summary`. */
export function summaryTable(r: RunResult): string {
  const s = r.scenario;
  const lines = [
    `# ${s.title ?? s.id ?? 'scenario'} — variant ${s.kernel.variant}, preset ${s.kernel.preset}`,
  ];
  const rows = r.steps.slice(1).map((st) => {
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
    return [String(st.index), st.title, st.result, branches.join(' '), reports.join(', ')];
  });
  const head = ['#', 'step', 'result', 'vm_normal_page branches', 'reports'];
  const w = head.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length))));
  lines.push(head.map((h, i) => pad(h, w[i] ?? 0)).join('  '));
  lines.push(w.map((n) => '-'.repeat(n)).join('  '));
  for (const row of rows) lines.push(row.map((c, i) => pad(c, w[i] ?? 0)).join('  '));
  return `${lines.join('\n')}\n`;
}
