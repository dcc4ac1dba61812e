/** The production bundle's JavaScript: raw and gzip size per chunk of dist/assets. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface Chunk {
  file: string;
  /**
   * main (the entry index.html loads), static (a chunk the main or worker chunk imports statically, so
   * it loads with them: index.html preloads it), worker (worker-*), another lazily loaded chunk, or the
   * script that registers the service worker (registerSW.js, beside index.html). The service worker
   * itself (sw.js and its Workbox runtime) runs apart from the page, after it opens, and is not listed.
   */
  role: 'main' | 'static' | 'worker' | 'lazy' | 'register';
  raw: number;
  gzip: number;
}

const measure = (path: string) => {
  const bytes = readFileSync(path);
  return { raw: bytes.length, gzip: gzipSync(bytes).length };
};

/**
 * The chunks a chunk imports statically: `import … from "./x.js"` and `export … from "./x.js"`, not
 * `import("./x.js")`, which loads on demand.
 */
export function staticImports(code: string): string[] {
  const out = new Set<string>();
  for (const m of code.matchAll(/\b(?:import|export)\s*(?:[^"'()]*?\bfrom\s*)?["']\.\/([^"']+\.js)["']/g))
    if (m[1]) out.add(m[1]);
  return [...out];
}

export function jsChunks(dist: string): Chunk[] {
  const dir = join(dist, 'assets');
  const register = readdirSync(dist)
    .filter((f) => f === 'registerSW.js')
    .map((file): Chunk => ({ file, role: 'register', ...measure(join(dist, file)) }));
  const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
  const entry = /<script[^>]*type="module"[^>]*src="\.\/assets\/([^"]+\.js)"/.exec(
    readFileSync(join(dist, 'index.html'), 'utf8'),
  )?.[1];
  // Everything the entry and the worker reach by static imports loads as the page opens.
  const opening = new Set<string>();
  const queue = files.filter((f) => f === entry || f.startsWith('worker-'));
  while (queue.length) {
    const f = queue.pop() as string;
    if (opening.has(f)) continue;
    opening.add(f);
    queue.push(...staticImports(readFileSync(join(dir, f), 'utf8')).filter((g) => files.includes(g)));
  }
  return files
    .map((file): Chunk => {
      const role: Chunk['role'] =
        file === entry
          ? 'main'
          : file.startsWith('worker-')
            ? 'worker'
            : opening.has(file)
              ? 'static'
              : 'lazy';
      return { file, role, ...measure(join(dir, file)) };
    })
    .concat(register)
    .sort((a, b) => b.raw - a.raw);
}

/**
 * The budget of the JavaScript the page loads to open, gzip bytes: issue 17's target, which `.ci/run`
 * enforces (bench/budget.ts) and `npm run bench` judges (rows.ts). Issue 19 aims at 150 kB.
 */
export const OPEN_BUDGET_GZIP = 250_000;

/** What opening the page fetches: every chunk but the lazy ones (the roles above say which). */
export const openingChunks = (chunks: readonly Chunk[]): Chunk[] => chunks.filter((c) => c.role !== 'lazy');

/** Kilobytes as Vite prints them (1 kB = 1000 bytes). */
export const kB = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;
