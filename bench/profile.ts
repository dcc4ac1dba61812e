/**
 * CPU profiles of the page and of its worker (CDP Profiler, 100 µs sampling) for the cases whose targets
 * fail, on an unminified build so that functions keep their names. Prints the hottest functions by self
 * time and writes the .cpuprofile files (open them in Chrome DevTools) to bench/results/profiles/.
 *
 *   node --import tsx bench/profile.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { launch, newBench, open, stepBackAndForth, variantSwitches } from './browser';
import {
  type Cdp,
  type CpuProfile,
  hotFunctions,
  pageCdp,
  startProfile,
  stopProfile,
  WorkerCdp,
} from './cdp';
import { clickStep } from './inpage';
import { COLD_LINK, DRAW_CASES, OTHER_VARIANT, RUNS } from './page-bench';
import { anonSteps, linkTo } from './scenarios';
import { build, preview } from './server';
import { summarizeTrace, traced } from './trace';

const OUT = new URL('./results/profiles/', import.meta.url);
const DRAW_SLUGS = ['4mib', '1gib', '512gib'];

function report(name: string, p: CpuProfile, top = 15): void {
  writeFileSync(new URL(`${name}.cpuprofile`, OUT), JSON.stringify(p));
  const { totalMs, hot } = hotFunctions(p, top);
  console.log(`\n### ${name} (${totalMs.toFixed(0)} ms sampled)\n`);
  console.log('| self ms | share | function | where |\n|---|---|---|---|');
  for (const h of hot)
    console.log(`| ${h.selfMs.toFixed(1)} | ${(h.share * 100).toFixed(1)}% | ${h.name} | ${h.where} |`);
}

function reportTrace(name: string, json: string): void {
  writeFileSync(new URL(`${name}.trace.json`, OUT), json);
  for (const t of summarizeTrace(json)) {
    if (t.busyMs < 20) continue;
    console.log(`\n### ${name}: trace, ${t.thread} (${t.busyMs.toFixed(0)} ms busy)\n`);
    console.log(`${t.groups.map((g) => `${g.name} ${g.ms.toFixed(0)}`).join(', ')}\n`);
    console.log('| self ms | event |\n|---|---|');
    for (const e of t.self) console.log(`| ${e.ms.toFixed(1)} | ${e.name} |`);
  }
}

async function profiled<T>(cdp: Cdp, f: () => Promise<T>): Promise<CpuProfile> {
  await startProfile(cdp);
  await f();
  return stopProfile(cdp);
}

/** A new page of a new context, with `observe` around its navigation and first drawn tree. */
async function firstDraw<T>(
  browser: Browser,
  url: string,
  level: string | null,
  observe: (page: Page, f: () => Promise<unknown>) => Promise<T>,
): Promise<T> {
  const b = await newBench(browser, level);
  const page = await b.ctx.newPage();
  const r = await observe(page, async () => {
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => (window as unknown as { __benchFirstTree?: unknown }).__benchFirstTree);
  });
  await b.ctx.close();
  return r;
}

/** The page's main thread while `f` runs. */
async function onPage(page: Page, f: () => Promise<unknown>): Promise<CpuProfile> {
  const session = await page.context().newCDPSession(page);
  const p = await profiled(pageCdp(session), f);
  await session.detach();
  return p;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const dir = join(tmpdir(), 'ptlab-bench-profile-dist');
  build(['--minify', 'false', '--outDir', dir, '--emptyOutDir']);
  const server = await preview(dir);
  const browser = await launch();
  try {
    const u = (q: string) => `${server.url}/${q}`;
    const trace = (page: Page, f: () => Promise<unknown>) => traced(browser, page, f);
    const cases: [string, string, string | null][] = [
      ['cold-load', u(COLD_LINK), ''],
      ...DRAW_CASES.map((c, i): [string, string, string] => [
        `draw-${DRAW_SLUGS[i]}`,
        u(linkTo(c.json, c.step)),
        c.level,
      ]),
    ];
    for (const [name, url, level] of cases) {
      report(`${name}-page`, await firstDraw(browser, url, level, onPage));
      reportTrace(name, await firstDraw(browser, url, level, trace));
    }

    const sb = await newBench(browser, null);
    const anon = await open(sb.ctx, u(linkTo(anonSteps(RUNS.steps), 1)));
    const next = (n: number) => async () => {
      for (let i = 0; i < n; i++) await anon.page.evaluate(clickStep, ['Next', true] as [string, boolean]);
    };
    report('steps-200-page', await onPage(anon.page, next(100)));
    reportTrace('steps-200', await trace(anon.page, next(50)));
    await sb.ctx.close();

    for (const [i, c] of DRAW_CASES.entries()) {
      const name = DRAW_SLUGS[i];
      const b = await newBench(browser, c.level);
      const o = await open(b.ctx, u(linkTo(c.json, c.step)));
      report(`step-${name}-page`, await onPage(o.page, () => stepBackAndForth(o.page, 10)));
      reportTrace(`step-${name}`, await trace(o.page, () => stepBackAndForth(o.page, 10)));
      const worker = await WorkerCdp.attach(browser, o.page);
      await startProfile(worker);
      report(`variant-${name}-page`, await onPage(o.page, () => variantSwitches(o.page, OTHER_VARIANT, 2)));
      report(`variant-${name}-worker`, await stopProfile(worker));
      await worker.detach();
      await b.ctx.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
