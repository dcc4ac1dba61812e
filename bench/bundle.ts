/** The production bundle's JavaScript: raw and gzip size per chunk of dist/assets. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface Chunk {
  file: string;
  /**
   * main (the entry index.html loads), static (a chunk the main chunk imports statically, so it loads
   * with it: index.html preloads it), worker (worker-* and the chunks it imports statically), lab (the
   * lab's chunk, Lab-*, and the chunks it imports statically that the main chunk does not), another
   * lazily loaded chunk, or the script that registers the service worker (registerSW.js, beside
   * index.html). The service worker itself (sw.js and its Workbox runtime) runs apart from the page,
   * after it opens, and is not listed.
   *
   * A first visit opens on the start view, which loads main, static and register. A page opening on a
   * run (a link, a draft, the last visit) loads the lab and starts the worker as well.
   */
  role: 'main' | 'static' | 'worker' | 'lab' | 'lazy' | 'register';
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
  const lab = files.filter((f) => f.startsWith('Lab-'));
  if (lab.length !== 1)
    throw new Error(`expected one lab chunk (Lab-*.js, from src/Lab.tsx) in ${dir}, found ${lab.length}`);
  /** The chunks `seeds` reach by static imports, those in `skip` left out. */
  const reach = (seeds: readonly string[], skip: ReadonlySet<string> = new Set()) => {
    const out = new Set<string>();
    const queue = [...seeds];
    while (queue.length) {
      const f = queue.pop() as string;
      if (out.has(f) || skip.has(f)) continue;
      out.add(f);
      queue.push(...staticImports(readFileSync(join(dir, f), 'utf8')).filter((g) => files.includes(g)));
    }
    return out;
  };
  const start = reach(files.filter((f) => f === entry));
  const worker = reach(
    files.filter((f) => f.startsWith('worker-')),
    start,
  );
  const labs = reach(lab, new Set([...start, ...worker]));
  return files
    .map((file): Chunk => {
      const role: Chunk['role'] =
        file === entry
          ? 'main'
          : start.has(file)
            ? 'static'
            : worker.has(file)
              ? 'worker'
              : labs.has(file)
                ? 'lab'
                : 'lazy';
      return { file, role, ...measure(join(dir, file)) };
    })
    .concat(register)
    .sort((a, b) => b.raw - a.raw);
}

/**
 * The budget of the JavaScript the page loads to open on a run, gzip bytes: issue 17's target, which
 * `.ci/run` enforces (bench/budget.ts) and `npm run bench` judges (rows.ts). Issue 19 aims at 150 kB.
 */
export const OPEN_BUDGET_GZIP = 250_000;

/**
 * What opening the page on a run fetches (a link, as the bench's page cases open it): every chunk but the
 * lazy ones (the roles above say which).
 */
export const openingChunks = (chunks: readonly Chunk[]): Chunk[] => chunks.filter((c) => c.role !== 'lazy');

/** What opening the page on the start view fetches (a first visit): the main chunk, its static imports, registerSW.js. */
export const startChunks = (chunks: readonly Chunk[]): Chunk[] =>
  chunks.filter((c) => c.role === 'main' || c.role === 'static' || c.role === 'register');

/** The budget of the JavaScript the start view loads, gzip bytes: issue 19's lean first load. */
export const START_BUDGET_GZIP = 150_000;

/** Kilobytes as Vite prints them (1 kB = 1000 bytes). */
export const kB = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;
