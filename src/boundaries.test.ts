/**
 * Imports point one way: views -> state -> worker -> scenario -> model. The model is pure TypeScript that
 * runs in a worker and in Node: it imports nothing from the other layers, React, the DOM or Node.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('.', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(n) && !/\.test\.tsx?$/.test(n) ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map(
    (m) => m[1] as string,
  );
}

const LAYERS = ['model', 'scenario', 'worker', 'share', 'state', 'views', 'cli'] as const;
/** What each layer may import (besides itself and npm packages listed). */
const ALLOWED: Record<(typeof LAYERS)[number], { layers: string[]; packages: RegExp }> = {
  model: { layers: [], packages: /^$/ },
  scenario: { layers: ['model'], packages: /^(zod)$/ },
  cli: { layers: ['model', 'scenario', 'share'], packages: /^node:/ },
  worker: { layers: ['model', 'scenario'], packages: /^$/ },
  share: { layers: ['model', 'scenario'], packages: /^(lz-string|zod)$/ },
  state: { layers: ['model', 'scenario', 'worker', 'share'], packages: /^(zustand|zustand\/.*)$/ },
  views: {
    layers: ['model', 'scenario', 'worker', 'share', 'state'],
    packages: /^(react|react-dom|react\/.*|d3|d3-.*|zustand.*)$/,
  },
};

describe('import boundaries', () => {
  for (const layer of LAYERS) {
    const dir = join(SRC, layer);
    let list: string[] = [];
    try {
      list = files(dir);
    } catch {
      continue;
    }
    it(`${layer}/ imports only what its layer may`, () => {
      const bad: string[] = [];
      for (const f of list) {
        for (const spec of imports(f)) {
          if (spec.startsWith('.')) {
            const target = relative(SRC, join(f, '..', spec)).split('/')[0] as string;
            if (target !== layer && !ALLOWED[layer].layers.includes(target))
              bad.push(`${relative(SRC, f)} -> ${spec}`);
          } else if (!ALLOWED[layer].packages.test(spec)) {
            bad.push(`${relative(SRC, f)} -> ${spec}`);
          }
        }
      }
      expect(bad).toEqual([]);
    });
  }
});
