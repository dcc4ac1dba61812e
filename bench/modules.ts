/**
 * `node --import tsx bench/modules.ts [--top N]`: the N (25) largest modules of what the page loads to
 * open, and of what it loads on use, of the production bundle, page and
 * worker, as a Markdown table (docs/performance.md keeps one), and rollup-plugin-visualizer's treemaps of
 * both in bench/results/modules-{page,worker}.html to browse.
 *
 * It builds twice into a temporary directory, with the visualizer added to the page's and the worker's
 * builds (vite.config.ts is left as it is):
 * - with source maps, for each module's bytes in the minified chunk (the visualizer reads them from the
 *   map), and its share of the chunk file;
 * - without, as `vite build` ships, for gzip: the visualizer gzips each module's code as rendered, before
 *   minification, so a module's gzip figure here is the chunk's real gzip size shared out in proportion
 *   to those (an estimate: gzip does not split by module).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { visualizer } from 'rollup-plugin-visualizer';
import { build, type PluginOption } from 'vite';
import { type Chunk, jsChunks, kB } from './bundle';
import { ROOT } from './server';

/** The part of the visualizer's raw-data output read here. */
interface RawData {
  nodeParts: Record<string, { renderedLength: number; gzipLength: number; metaUid: string }>;
  nodeMetas: Record<string, { id: string; moduleParts: Record<string, string> }>;
}

export interface ModuleRow {
  readonly module: string;
  /** The chunk, without its hash: `index`, `worker`, `FormEditor`… */
  readonly chunk: string;
  readonly side: 'page' | 'worker';
  /** The chunk loads as the page opens (bundle.ts: not a lazy chunk). */
  readonly opening: boolean;
  /** Bytes of the module in the minified chunk, and its share of the chunk file. */
  readonly raw: number;
  readonly rawShare: number;
  /** Estimated gzip bytes (the chunk's gzip size shared out by the modules' gzipped code). */
  readonly gzip: number;
  readonly gzipShare: number;
}

const SIDES = ['page', 'worker'] as const;
/** `assets/index-B0V9xz_3.js` → `index`. */
export const chunkName = (file: string): string =>
  (file.split('/').pop() ?? file).replace(/\.js$/, '').replace(/-[\w-]{8}$/, '');

/**
 * A module's path from the project's root (`src/…`, `node_modules/…`): the visualizer names the worker's
 * modules from another root than the page's, and differently in the two builds.
 */
export const moduleName = (id: string): string => id.replace(/^.*?(^|\/)(src|node_modules)\//, '$2/');

/** Per side and chunk name: each module's length (`renderedLength` or `gzipLength`). */
function lengths(data: RawData, key: 'renderedLength' | 'gzipLength'): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const meta of Object.values(data.nodeMetas)) {
    for (const [bundle, uid] of Object.entries(meta.moduleParts)) {
      const part = data.nodeParts[uid];
      if (!part || !bundle.endsWith('.js')) continue;
      const c = chunkName(bundle);
      const m = out.get(c) ?? new Map<string, number>();
      const id = moduleName(meta.id);
      m.set(id, (m.get(id) ?? 0) + part[key]);
      out.set(c, m);
    }
  }
  return out;
}

/** The rows, largest first, from the two builds' visualizer data and the shipped build's chunks. */
export function moduleRows(
  mapped: Record<(typeof SIDES)[number], RawData>,
  plain: Record<(typeof SIDES)[number], RawData>,
  chunks: readonly Chunk[],
): ModuleRow[] {
  const rows: ModuleRow[] = [];
  for (const side of SIDES) {
    const raws = lengths(mapped[side], 'renderedLength');
    const gzips = lengths(plain[side], 'gzipLength');
    for (const [chunk, mods] of raws) {
      const shipped = sideChunk(chunks, side, chunk);
      const gz = gzips.get(chunk);
      const gzTotal = gz ? [...gz.values()].reduce((a, b) => a + b, 0) : 0;
      for (const [module, raw] of mods) {
        const g = gz && gzTotal && shipped ? ((gz.get(module) ?? 0) / gzTotal) * shipped.gzip : 0;
        rows.push({
          module,
          chunk,
          side,
          opening: shipped ? shipped.role !== 'lazy' : false,
          raw,
          // The map may attribute a few bytes more than the file holds (a chunk of one JSON module).
          rawShare: shipped ? Math.min(1, raw / (shipped.raw || 1)) : 0,
          gzip: g,
          gzipShare: shipped ? g / (shipped.gzip || 1) : 0,
        });
      }
    }
  }
  return rows.sort((a, b) => b.gzip - a.gzip || b.raw - a.raw);
}

/**
 * The chunk of that name on that side. Both the page and the worker may have a chunk of one name (the
 * page had a `tasks` chunk of its own, the worker has its rare tasks): a worker-side chunk is one its
 * build wrote.
 */
function sideChunk(list: readonly Chunk[], side: string, name: string): Chunk | undefined {
  const named = list.filter((c) => chunkName(c.file) === name);
  if (named.length <= 1) return named[0];
  return named.find((c) => (side === 'worker') === workerFiles.has(c.file)) ?? named[0];
}
/** Files the worker's build wrote (filled as the builds run). */
const workerFiles = new Set<string>();

async function buildWith(
  outDir: string,
  sourcemap: boolean,
  html: boolean,
): Promise<Record<string, RawData>> {
  const plugin = (side: string): PluginOption =>
    visualizer({
      filename: join(outDir, `${side}.json`),
      template: 'raw-data',
      gzipSize: !sourcemap,
      sourcemap,
      projectRoot: ROOT,
    }) as PluginOption;
  const treemap = (side: string): PluginOption =>
    visualizer({
      filename: join(ROOT, 'bench', 'results', `modules-${side}.html`),
      template: 'treemap',
      title: `ptlab ${side} bundle`,
      sourcemap,
      projectRoot: ROOT,
    }) as PluginOption;
  await build({
    root: ROOT,
    logLevel: 'error',
    build: { outDir: join(outDir, 'dist'), emptyOutDir: true, sourcemap },
    plugins: [plugin('page'), ...(html ? [treemap('page')] : [])],
    worker: {
      plugins: () => [plugin('worker'), ...(html ? [treemap('worker')] : [])],
    },
  });
  const data: Record<string, RawData> = {};
  for (const side of SIDES) {
    data[side] = JSON.parse(readFileSync(join(outDir, `${side}.json`), 'utf8')) as RawData;
    if (side === 'worker')
      for (const meta of Object.values(data[side].nodeMetas))
        for (const b of Object.keys(meta.moduleParts)) workerFiles.add(b.split('/').pop() ?? b);
  }
  return data;
}

/** `node_modules/zod/v4/core/api.js` → `zod`; `src/model/ops/fault.ts` → `src/model/ops`. */
export const groupOf = (module: string): string => {
  const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(module);
  return m ? (m[1] as string) : module.replace(/\/[^/]+$/, '');
};

/** The rows summed by package or source folder, per chunk. */
export function byGroup(rows: readonly ModuleRow[]): ModuleRow[] {
  const out = new Map<string, ModuleRow>();
  for (const r of rows) {
    const key = `${r.side} ${r.chunk} ${groupOf(r.module)}`;
    const o = out.get(key);
    out.set(
      key,
      o
        ? {
            ...o,
            raw: o.raw + r.raw,
            rawShare: o.rawShare + r.rawShare,
            gzip: o.gzip + r.gzip,
            gzipShare: o.gzipShare + r.gzipShare,
          }
        : { ...r, module: groupOf(r.module) },
    );
  }
  return [...out.values()].sort((a, b) => b.gzip - a.gzip || b.raw - a.raw);
}

const pct = (x: number) => `${(x * 100).toFixed(0)} %`;

export function table(rows: readonly ModuleRow[], top: number): string {
  const lines = [
    '| module | chunk | raw (minified), share of chunk | gzip ≈, share of chunk |',
    '|---|---|---|---|',
    ...rows
      .slice(0, top)
      .map(
        (r) =>
          `| ${r.module} | ${r.chunk}${r.side === 'worker' && r.chunk !== 'worker' ? ' (worker)' : ''} | ${kB(r.raw)}, ${pct(r.rawShare)} | ${kB(r.gzip)}, ${pct(r.gzipShare)} |`,
      ),
  ];
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--top');
  const top = i > 0 ? Number(process.argv[i + 1]) : 25;
  const tmp = mkdtempSync(join(tmpdir(), 'ptlab-modules-'));
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  try {
    const mapped = await buildWith(join(tmp, 'mapped'), true, true);
    const plain = await buildWith(join(tmp, 'plain'), false, false);
    // The shares are of the files as shipped: the plain build's (the mapped one ends in a map comment).
    const rows = moduleRows(
      mapped as Record<'page' | 'worker', RawData>,
      plain as Record<'page' | 'worker', RawData>,
      jsChunks(join(tmp, 'plain', 'dist')),
    );
    console.log('Loaded to open, by package or source folder:\n');
    console.log(table(byGroup(rows.filter((r) => r.opening)), top));
    console.log('\nLoaded to open (the entry, the worker, their static imports), by module:\n');
    console.log(
      table(
        rows.filter((r) => r.opening),
        top,
      ),
    );
    console.log('\nLoaded on use (lazy chunks):\n');
    console.log(
      table(
        rows.filter((r) => !r.opening),
        top,
      ),
    );
    console.log(
      `\nTreemaps: bench/results/modules-page.html, bench/results/modules-worker.html (open in a browser).`,
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
