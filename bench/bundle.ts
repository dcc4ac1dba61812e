/** The production bundle's JavaScript: raw and gzip size per chunk of dist/assets. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface Chunk {
  file: string;
  /**
   * main (index-*), worker (worker-*), another lazily loaded chunk, or the script that registers the
   * service worker (registerSW.js, beside index.html). The service worker itself (sw.js and its Workbox
   * runtime) runs apart from the page, after it opens, and is not listed.
   */
  role: 'main' | 'worker' | 'lazy' | 'register';
  raw: number;
  gzip: number;
}

const measure = (path: string) => {
  const bytes = readFileSync(path);
  return { raw: bytes.length, gzip: gzipSync(bytes).length };
};

export function jsChunks(dist: string): Chunk[] {
  const dir = join(dist, 'assets');
  const register = readdirSync(dist)
    .filter((f) => f === 'registerSW.js')
    .map((file): Chunk => ({ file, role: 'register', ...measure(join(dist, file)) }));
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .map((file): Chunk => {
      const role: Chunk['role'] = file.startsWith('index-')
        ? 'main'
        : file.startsWith('worker-')
          ? 'worker'
          : 'lazy';
      return { file, role, ...measure(join(dir, file)) };
    })
    .concat(register)
    .sort((a, b) => b.raw - a.raw);
}

/** Kilobytes as Vite prints them (1 kB = 1000 bytes). */
export const kB = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;
