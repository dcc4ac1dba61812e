/**
 * A/B of two builds while working on speed: both open the 200-step anonymous scenario in one browser and
 * are stepped (Next, frame-aligned, as the benchmark's step-to-drawn) in alternating blocks, so the
 * machine's drift between runs, larger here than most single changes, falls on both alike. Prints each
 * side's median and p95 of "painted" and "settled". Not the benchmark of record (npm run bench).
 *
 *   node --import tsx bench/ab.ts DIR_A DIR_B [--rounds N] [--css-a CSS] [--css-b CSS]
 *
 * DIR_A and DIR_B are `vite build --outDir` directories (the same one twice for a control run). --css-b
 * adds a style sheet to side B, for experiments such as hiding a region to see what drawing it costs.
 */
import { launch, newBench, open, step } from './browser';
import type { Timing } from './inpage';
import { anonSteps, linkTo } from './scenarios';
import { preview } from './server';
import { median, ms, p95 } from './stats';

const args = process.argv.slice(2);
const opt = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const dirs = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (dirs.length !== 2) {
  console.error('usage: node --import tsx bench/ab.ts DIR_A DIR_B [--rounds N] [--css-a CSS] [--css-b CSS]');
  process.exit(2);
}
const BLOCK = 12;
const STEPS = 200;
const rounds = Number(opt('--rounds') ?? 8);
if (!Number.isInteger(rounds) || rounds < 1 || rounds * BLOCK > STEPS) {
  console.error(`--rounds: 1 to ${STEPS / BLOCK} (each side takes ${BLOCK} steps a round of ${STEPS})`);
  process.exit(2);
}
const css = [opt('--css-a'), opt('--css-b')];
const servers = [await preview(dirs[0]), await preview(dirs[1])];
const browser = await launch();
try {
  const pages = [];
  for (const [i, server] of servers.entries()) {
    const b = await newBench(browser, null, css[i] !== undefined);
    // Without the checksum (#z=<crc>.<data> → #z=<data>): builds from before it read the link too.
    const link = linkTo(anonSteps(STEPS), 1).replace(/#z=[0-9a-f]{8}\./, '#z=');
    const o = await open(b.ctx, `${server.url}/${link}`);
    const sheet = css[i];
    if (sheet) await o.page.addStyleTag({ content: sheet });
    pages.push(o.page);
  }
  const times: Timing[][] = [[], []];
  for (let r = 0; r < rounds; r++) {
    for (const [i, page] of pages.entries()) {
      await page.bringToFront();
      for (let k = 0; k < BLOCK; k++) times[i]?.push(await step(page, 'Next'));
    }
  }
  for (const [i, ts] of times.entries()) {
    const f = (k: 'painted' | 'settled') =>
      `${ms(median(ts.map((t) => t[k])))}/${ms(p95(ts.map((t) => t[k])))}`;
    console.log(
      `${'AB'[i]} ${dirs[i]}: painted ${f('painted')}  settled ${f('settled')} ms (median/p95, n=${ts.length})`,
    );
  }
} finally {
  await browser.close();
  for (const s of servers) await s.stop();
}
