import { describe, expect, it } from 'vitest';
import { validateScenario } from '../scenario/validate';
import { summaryTable, wrapCell } from './table';

describe('wrapCell', () => {
  it('breaks at spaces and inside a word longer than the column', () => {
    expect(wrapCell('a bb ccc', 4)).toEqual(['a bb', 'ccc']);
    expect(wrapCell('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapCell('', 4)).toEqual(['']);
  });
});

describe('summaryTable', () => {
  const longTitle = `write ${'0x10000000 '.repeat(12)}`.trim();
  const v = validateScenario({
    version: 1,
    kernel: { variant: 'v6.18' },
    processes: [{ name: 'A' }],
    steps: [],
  });
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  const table = summaryTable(v.scenario, [
    { index: 1, title: longTitle, result: '0', events: [] },
    {
      index: 2,
      title: 'A: read',
      result: 'found 0x123456 (no struct page, pte)',
      events: [{ t: 'branch', fn: 'vm_normal_page', id: 'B-P7', text: '', depth: 0 }],
    },
  ]);
  const lines = table.trimEnd().split('\n').slice(1);
  const rule = lines[1] ?? '';
  // Where each column starts, read off the rule under the header.
  const starts = [...rule.matchAll(/-+/g)].map((m) => m.index ?? 0);

  it('wraps a long step label inside its column and keeps every column aligned', () => {
    expect(lines.length).toBeGreaterThan(4);
    for (const line of lines) {
      expect(line.length).toBeLessThanOrEqual(rule.length);
      // Any text in a column starts at that column (the previous column's text ends before it).
      for (const s of starts.slice(1)) {
        if (line.length > s) expect(line[s - 1]).toBe(' ');
      }
    }
    // The label reads whole when its lines are joined.
    const stepCol = lines
      .slice(2)
      .map((l) => l.slice(starts[1], (starts[2] ?? 0) - 2).trim())
      .filter(Boolean);
    expect(stepCol.join(' ')).toContain(longTitle);
    expect(table).toMatch(/ {2}B-P7\n/);
  });

  it('leaves no trailing spaces', () => {
    for (const line of lines) expect(line).toBe(line.trimEnd());
  });
});
