import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { checkBudget } from './budget';

/**
 * A small fake dist/: an entry that imports one chunk statically and two on demand (the lab's chunk, with
 * a static import of its own, and another), a worker with a static import of its own, registerSW.js, and
 * the service worker (not counted). Each file's text is made of distinct words, so its gzip size is far
 * from zero and differs from the others'.
 */
const dist = mkdtempSync(join(tmpdir(), 'ptlab-budget-'));
afterAll(() => rmSync(dist, { recursive: true, force: true }));

const words = (seed: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${seed}${(i * 2654435761) % 100003}`).join(' ');
const FILES: Record<string, string> = {
  'index.html': '<script type="module" crossorigin src="./assets/index-a1.js"></script>',
  'registerSW.js': `/* ${words('r', 5)} */`,
  'sw.js': `/* ${words('s', 4000)} */`,
  'assets/index-a1.js': `import{a}from"./shared-b2.js";const l=()=>import("./lazy-c3.js"),b=()=>import("./Lab-f6.js");/* ${words('i', 600)} */`,
  'assets/shared-b2.js': `export const a=1;/* ${words('h', 200)} */`,
  'assets/lazy-c3.js': `export const z=2;/* ${words('l', 3000)} */`,
  'assets/worker-d4.js': `import"./model-e5.js";/* ${words('w', 400)} */`,
  'assets/model-e5.js': `/* ${words('m', 300)} */`,
  'assets/Lab-f6.js': `import{a}from"./shared-b2.js";import"./trees-g7.js";/* ${words('b', 250)} */`,
  'assets/trees-g7.js': `import{a}from"./index-a1.js";/* ${words('t', 150)} */`,
};
mkdirSync(join(dist, 'assets'));
for (const [f, text] of Object.entries(FILES)) writeFileSync(join(dist, f), text);

const gz = (f: string) => gzipSync(Buffer.from(FILES[f] as string)).length;
const START = ['assets/index-a1.js', 'assets/shared-b2.js', 'registerSW.js'];
const OPENING = [
  ...START,
  'assets/worker-d4.js',
  'assets/model-e5.js',
  'assets/Lab-f6.js',
  'assets/trees-g7.js',
];
const opening = OPENING.reduce((n, f) => n + gz(f), 0);
const start = START.reduce((n, f) => n + gz(f), 0);

describe('bench/budget.ts: the JavaScript to open against its budget', () => {
  it('on a run counts the entry, the lab, the worker, what they import statically and registerSW.js; not lazy chunks or sw.js', () => {
    const r = checkBudget(dist, 10 ** 9, 10 ** 9);
    expect(r.chunks.map((c) => c.file).sort()).toEqual(OPENING.map((f) => f.replace('assets/', '')).sort());
    expect(r.gzip).toBe(opening);
    // The lazy chunk is the largest file: counted, it alone would be most of the figure.
    expect(gz('assets/lazy-c3.js')).toBeGreaterThan(opening / 2);
  });

  it('on the start view counts the entry, what it imports statically and registerSW.js only', () => {
    const r = checkBudget(dist, 10 ** 9, 10 ** 9);
    expect(r.startGzip).toBe(start);
    expect(start).toBeLessThan(opening - gz('assets/worker-d4.js') - gz('assets/Lab-f6.js') + 1);
  });

  it('passes at both budgets exactly, and prints the figures and the budgets', () => {
    const r = checkBudget(dist, opening, start);
    expect(r.ok).toBe(true);
    expect(r.lines[0]).toBe(
      `JS to open on a run: ${(opening / 1000).toFixed(1)} kB gzip, within the budget of ${(opening / 1000).toFixed(1)} kB (0.0 kB to spare)`,
    );
    expect(r.lines[1]).toBe(
      `JS to open on the start view: ${(start / 1000).toFixed(1)} kB gzip, within the budget of ${(start / 1000).toFixed(1)} kB (0.0 kB to spare)`,
    );
  });

  it('fails one byte over either budget, naming by how much', () => {
    const r = checkBudget(dist, opening - 1, start);
    expect(r.ok).toBe(false);
    expect(r.lines[0]).toMatch(
      /^JS to open on a run: [\d.]+ kB gzip, OVER the budget of [\d.]+ kB by 0\.0 kB \(1 bytes\): load more of it on use/,
    );
    expect(checkBudget(dist, opening - 2000, start).lines[0]).toContain('by 2.0 kB (2000 bytes)');
    const s = checkBudget(dist, opening, start - 1);
    expect(s.ok).toBe(false);
    expect(s.lines[1]).toMatch(
      /^JS to open on the start view: [\d.]+ kB gzip, OVER the budget of [\d.]+ kB by 0\.0 kB \(1 bytes\)/,
    );
  });

  it('lists each chunk counted, with its role', () => {
    const r = checkBudget(dist, opening, start);
    expect(r.lines.slice(2).map((l) => l.trim().split(/\s+/)[0])).toEqual(
      expect.arrayContaining(['main', 'static', 'worker', 'lab', 'register']),
    );
    expect(r.lines.some((l) => l.includes('lazy'))).toBe(false);
  });

  it('refuses a build without the lab chunk, which is how a run opens', () => {
    const bare = mkdtempSync(join(tmpdir(), 'ptlab-budget-nolab-'));
    try {
      mkdirSync(join(bare, 'assets'));
      writeFileSync(join(bare, 'index.html'), FILES['index.html'] as string);
      writeFileSync(join(bare, 'assets/index-a1.js'), 'export const a=1;');
      expect(() => checkBudget(bare)).toThrow(/expected one lab chunk \(Lab-\*\.js/);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});
