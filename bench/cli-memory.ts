/**
 * The command-line runner on the largest scenario ptlab accepts (src/cli/largest.ts): wall time, peak RSS
 * and output size of `ptlab run` with the full JSON trace and with --summary, the median of a few runs each.
 *
 *   node --import tsx bench/cli-memory.ts [--runs 3] [--forks 7] [--mode full|summary] [--heap MiB]
 *                                         [--main path/to/src/cli/main.ts]
 *
 * --heap caps V8's heap (--max-old-space-size) to show what the run needs rather than what V8 lets pile up;
 * --main measures another checkout's runner (its main.ts), for a before/after comparison. Results also go
 * to bench/results/cli-memory.json.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { largestScenario } from '../src/cli/largest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
};
const RUNS = Number(arg('runs', '3'));
const FORKS = Number(arg('forks', '7'));
const MODES = arg('mode', 'full,summary').split(',');
const HEAP = arg('heap', '');
const MAIN = arg('main', join(ROOT, 'src/cli/main.ts'));

interface Run {
  seconds: number;
  peakMiB: number | undefined;
  bytes: number;
  status: string;
}

function once(file: string, mode: string, dir: string): Promise<Run> {
  const peak = join(dir, 'peak');
  rmSync(peak, { force: true });
  const args = [
    ...(HEAP ? [`--max-old-space-size=${HEAP}`] : []),
    '--import',
    'tsx',
    '--import',
    join(ROOT, 'bench/peak-rss.ts'),
    MAIN,
    'run',
    file,
    ...(mode === 'summary' ? ['--summary'] : []),
  ];
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, PTLAB_PEAK_FILE: peak },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let bytes = 0;
  let err = '';
  child.stdout.on('data', (b: Buffer) => {
    bytes += b.length;
  });
  child.stderr.on('data', (b: Buffer) => {
    if (err.length < 4000) err += b.toString();
  });
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      let peakMiB: number | undefined;
      try {
        peakMiB = Number(readFileSync(peak, 'utf8')) / 1024;
      } catch {
        peakMiB = undefined;
      }
      const status = signal ? `killed (${signal})` : `exit ${code}`;
      if (code !== 0) process.stderr.write(`${mode}: ${status}\n${err.slice(0, 600)}\n`);
      resolve({ seconds: (performance.now() - t0) / 1000, peakMiB, bytes, status });
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? ((s[(s.length - 1) >> 1] as number) + (s[s.length >> 1] as number)) / 2 : Number.NaN;
};

const dir = mkdtempSync(join(tmpdir(), 'ptlab-cli-memory-'));
const file = join(dir, 'largest.json');
writeFileSync(file, JSON.stringify(largestScenario(FORKS)));
const rows: Record<string, unknown>[] = [];
console.log(
  `largest scenario (256 GiB /dev/mem forked ${FORKS} times), ${RUNS} run(s) per mode${HEAP ? `, heap capped at ${HEAP} MiB` : ''}`,
);
console.log('| mode | time (median) | peak RSS (median) | output | runs |');
console.log('|---|---|---|---|---|');
for (const mode of MODES) {
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once(file, mode, dir));
  const peaks = runs.flatMap((r) => (r.peakMiB === undefined ? [] : [r.peakMiB]));
  const row = {
    mode,
    seconds: median(runs.map((r) => r.seconds)),
    peakMiB: peaks.length ? median(peaks) : undefined,
    bytes: median(runs.map((r) => r.bytes)),
    runs: runs.map((r) => ({ ...r, seconds: Number(r.seconds.toFixed(2)) })),
  };
  rows.push(row);
  console.log(
    `| ${mode} | ${row.seconds.toFixed(1)} s | ${row.peakMiB === undefined ? 'n/a (killed)' : `${row.peakMiB.toFixed(0)} MiB`} | ${(row.bytes / 2 ** 20).toFixed(0)} MiB | ${runs.map((r) => `${r.seconds.toFixed(1)} s ${r.peakMiB?.toFixed(0) ?? '-'} MiB ${r.status}`).join('; ')} |`,
  );
}
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(
  join(ROOT, 'bench/results/cli-memory.json'),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, forks: FORKS, heap: HEAP || null, rows }, null, 2)}\n`,
);
rmSync(dir, { recursive: true, force: true });
