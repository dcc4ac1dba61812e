/** The production bundle's JavaScript: raw and gzip size per chunk of dist/assets. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface Chunk {
  file: string;
  /** main (index-*), worker (worker-*), or another lazily loaded chunk. */
  role: 'main' | 'worker' | 'lazy';
  raw: number;
  gzip: number;
}

export function jsChunks(dist: string): Chunk[] {
  const dir = join(dist, 'assets');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .map((file) => {
      const bytes = readFileSync(join(dir, file));
      const role: Chunk['role'] = file.startsWith('index-')
        ? 'main'
        : file.startsWith('worker-')
          ? 'worker'
          : 'lazy';
      return { file, role, raw: bytes.length, gzip: gzipSync(bytes).length };
    })
    .sort((a, b) => b.raw - a.raw);
}

/** Kilobytes as Vite prints them (1 kB = 1000 bytes). */
export const kB = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;
