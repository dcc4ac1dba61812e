/** The one table `npm run bench` prints: figures, targets and whether each is met. */
export interface Row {
  measure: string;
  figure: string;
  detail: string;
  target?: string;
  /** Whether the target is met (undefined: no target). */
  pass?: boolean;
}

export interface TargetResult {
  measure: string;
  value: number;
  target: string;
  pass: boolean;
}

/** A row with a target "value <op> limit"; also returns the record for latest.json. */
export function judged(
  measure: string,
  value: number,
  op: '<' | '≤',
  limit: number,
  figure: string,
  detail: string,
  unit = '',
): { row: Row; target: TargetResult } {
  const pass = op === '<' ? value < limit : value <= limit;
  const target = `${op} ${limit}${unit}`;
  return { row: { measure, figure, detail, target, pass }, target: { measure, value, target, pass } };
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

export function table(rows: readonly Row[]): string {
  const out = ['| measure | figure | detail | target | result |', '|---|---|---|---|---|'];
  for (const r of rows) {
    const result = r.pass === undefined ? '' : r.pass ? 'pass' : '**FAIL**';
    out.push(`| ${[r.measure, r.figure, r.detail, r.target ?? '', result].map(cell).join(' | ')} |`);
  }
  return out.join('\n');
}
