/**
 * A quick look while working on speed: builds (unless --no-build), opens the 200-step anonymous scenario
 * and the three drawing cases, and prints step and open timings. Not the benchmark of record (npm run bench).
 *
 *   node --import tsx bench/quick.ts [--no-build] [--shots DIR] [--only steps|draw] [--profile]
 *
 * --profile builds unminified (function names kept) and prints the hottest functions while stepping.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, newBench, open, step, stepBackAndForth } from './browser';
import { hotFunctions, pageCdp, startProfile, stopProfile } from './cdp';
import type { Timing } from './inpage';
import { DRAW_CASES } from './page-bench';
import { anonSteps, linkTo } from './scenarios';
import { build, preview, ROOT } from './server';
import { median, p95 } from './stats';

const args = process.argv.slice(2);
const profile = args.includes('--profile');
const dir = profile ? join(tmpdir(), 'ptlab-quick-profile') : join(ROOT, 'dist');
if (profile) build(['--minify', 'false', '--outDir', dir, '--emptyOutDir']);
else if (!args.includes('--no-build')) build();
const shots = args.includes('--shots') ? args[args.indexOf('--shots') + 1] : undefined;
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const server = await preview(dir);
const browser = await launch();
const fmt = (ts: Timing[], k: keyof Timing) =>
  `${k} med ${median(ts.map((t) => t[k])).toFixed(1)} p95 ${p95(ts.map((t) => t[k])).toFixed(1)}`;
const line = (name: string, ts: Timing[]) =>
  console.log(`${name}: ${(['commit', 'painted', 'settled'] as const).map((k) => fmt(ts, k)).join(' | ')}`);
try {
  if (!only || only === 'steps') {
    const b = await newBench(browser, null);
    const o = await open(b.ctx, `${server.url}/${linkTo(anonSteps(200), 1)}`);
    const ts: Timing[] = [];
    const session = profile ? await o.page.context().newCDPSession(o.page) : undefined;
    if (session) await startProfile(pageCdp(session));
    for (let i = 0; i < 100; i++) ts.push(await step(o.page, 'Next'));
    if (session) {
      const { totalMs, hot } = hotFunctions(await stopProfile(pageCdp(session)), 25);
      console.log(`profile: ${totalMs.toFixed(0)} ms sampled`);
      for (const h of hot) console.log(`${h.selfMs.toFixed(1).padStart(8)}  ${h.name}  ${h.where}`);
    }
    if (shots) await o.page.screenshot({ path: join(shots, 'steps.png'), fullPage: true });
    line('anon 100 steps', ts);
    await b.ctx.close();
  }
  if (!only || only === 'draw') {
    for (const [i, c] of DRAW_CASES.entries()) {
      const b = await newBench(browser, c.level);
      const url = `${server.url}/${linkTo(c.json, c.step)}`;
      await (await open(b.ctx, url)).page.close();
      const opens: number[] = [];
      const drawn: number[] = [];
      let last: Awaited<ReturnType<typeof open>> | undefined;
      for (let i = 0; i < 3; i++) {
        await last?.page.close();
        last = await open(b.ctx, url);
        opens.push(last.first.painted);
        drawn.push(last.first.drawn);
      }
      if (!last) throw new Error('no open');
      if (profile) {
        // One more open, profiled from before navigation to the first drawn tree.
        const page = await b.ctx.newPage();
        const session = await b.ctx.newCDPSession(page);
        await startProfile(pageCdp(session));
        await page.goto(url, { waitUntil: 'commit' });
        await page.waitForFunction(
          () => (window as unknown as { __benchFirstTree?: unknown }).__benchFirstTree,
        );
        const { totalMs, hot } = hotFunctions(await stopProfile(pageCdp(session)), 20);
        console.log(`${c.name}: open profile, ${totalMs.toFixed(0)} ms sampled`);
        for (const h of hot) console.log(`${h.selfMs.toFixed(1).padStart(8)}  ${h.name}  ${h.where}`);
        await page.close();
      }
      if (shots) await last.page.screenshot({ path: join(shots, `draw-${i}.png`), fullPage: true });
      const ts = await stepBackAndForth(last.page, 10);
      console.log(
        `${c.name}: open med ${median(opens).toFixed(0)} (${opens.map((x) => x.toFixed(0)).join(', ')}); drawn med ${median(drawn).toFixed(0)} (${drawn.map((x) => x.toFixed(0)).join(', ')})`,
      );
      line(`${c.name} step`, ts);
      await b.ctx.close();
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
