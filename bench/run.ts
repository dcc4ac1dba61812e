/**
 * npm run bench: the model in Node, then the production page in headless Chromium, and the bundle size.
 * Prints one table (figures, targets, pass/FAIL) and writes bench/results/latest.json. Targets do not gate:
 * the exit status is 0 whenever everything could be measured.
 * Timings are medians over repeated runs (the machines are noisy); compare ratios, not absolute numbers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch } from './browser';
import { jsChunks } from './bundle';
import { MODEL_CASES, type ModelResult, runModelCase } from './model';
import { pageBench } from './page-bench';
import { type Row, type TargetResult, table } from './report';
import { bundleRows, modelRows, pageRows } from './rows';
import { build, preview, ROOT } from './server';

const t0 = performance.now();
const log = (s: string) =>
  process.stderr.write(`[bench ${((performance.now() - t0) / 1000).toFixed(0).padStart(3)} s] ${s}\n`);

log('model in Node');
const model: Record<string, ModelResult> = {};
for (const c of MODEL_CASES) model[c.name] = runModelCase(c.json, c.runs);

log('vite build');
build();
const chunks = jsChunks(join(ROOT, 'dist'));

const server = await preview();
log(`vite preview on ${server.url}`);
const browser = await launch();
let page: Awaited<ReturnType<typeof pageBench>>;
try {
  page = await pageBench(browser, server.url, log);
} finally {
  await browser.close().catch(() => undefined);
  await server.stop();
}

const rows: Row[] = [];
const targets: TargetResult[] = [];
for (const part of [modelRows(model), pageRows(page), bundleRows(chunks)]) {
  rows.push(...part.rows);
  targets.push(...part.targets);
}
const chromium = browser.version();
const seconds = (performance.now() - t0) / 1000;
console.log(table(rows));
const failed = targets.filter((t) => !t.pass).length;
console.log(
  `\n${targets.length - failed} of ${targets.length} targets met (Node ${process.version}, Chromium ${chromium}, ${seconds.toFixed(0)} s)`,
);

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/latest.json', import.meta.url),
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      node: process.version,
      chromium,
      seconds,
      results: { model, page, bundle: chunks },
      targets,
    },
    null,
    2,
  )}\n`,
);
