import type { StepRecord } from '../model/run';
import type { Scenario } from '../scenario/schema';
import { escapeControls } from './text';

/** Columns are at most this wide; a longer cell wraps onto the lines below, in its own column. */
const MAX_WIDTH = 60;

/** `s` in lines of at most `n` characters, broken at spaces where it can be and inside a word where not. */
export function wrapCell(s: string, n: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of s.split(' ')) {
    let w = word;
    if (line && line.length + 1 + w.length > n) {
      out.push(line);
      line = '';
    }
    while (w.length > n) {
      if (line) {
        out.push(line);
        line = '';
      }
      out.push(w.slice(0, n));
      w = w.slice(n);
    }
    line = line ? `${line} ${w}` : w;
  }
  out.push(line);
  return out;
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
    return Math.min(MAX_WIDTH, n);
  });
  // Each row is as many lines as its tallest cell; every line pads every column, so they stay aligned.
  const print = (cells: readonly string[]) => {
    const wrapped = cells.map((c, i) => wrapCell(c, w[i] ?? MAX_WIDTH));
    const height = Math.max(...wrapped.map((l) => l.length));
    for (let k = 0; k < height; k++)
      lines.push(
        wrapped
          .map((l, i) => (l[k] ?? '').padEnd(w[i] ?? 0))
          .join('  ')
          .trimEnd(),
      );
  };
  print(head);
  lines.push(w.map((n) => '-'.repeat(n)).join('  '));
  for (const row of rows) print(row);
  return `${lines.join('\n')}\n`;
}
