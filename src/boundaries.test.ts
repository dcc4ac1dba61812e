/**
 * Imports point one way: views -> state -> worker -> scenario -> model. The model is pure TypeScript that
 * runs in a worker and in Node: it imports nothing from the other layers, React, the DOM or Node.
 * And each bundle gets only what it runs: the page's static graph leaves the model's runner and zod to the
 * worker and the lazy form chunk, and the worker's leaves the library's JSON to the page.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
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

/**
 * Static imports that stay in the bundle: not `import type` / `export type` (erased), not `import()` (a
 * lazy chunk). `import { type A }` counts, since verbatimModuleSyntax keeps it as `import {} from`.
 */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?from\s+)?['"]([^'"]+)['"]/gm)].map(
    (m) => m[1] as string,
  );
}

/** Every file and package reachable from `entry` by runtime imports, each with the chain that reaches it. */
function staticGraph(entry: string): Map<string, string> {
  const chain = new Map([[relative(SRC, entry), relative(SRC, entry)]]);
  const queue = [entry];
  for (let f = queue.shift(); f; f = queue.shift()) {
    const from = chain.get(relative(SRC, f)) as string;
    for (const spec of runtimeImports(f)) {
      const base = join(dirname(f), spec);
      const file = spec.startsWith('.')
        ? [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find(
            (c) => existsSync(c) && statSync(c).isFile(),
          )
        : undefined;
      const key = file ? relative(SRC, file) : spec.startsWith('.') ? relative(SRC, base) : `npm:${spec}`;
      if (chain.has(key)) continue;
      chain.set(key, `${from} -> ${key}`);
      if (file && /\.tsx?$/.test(file)) queue.push(file);
    }
  }
  return chain;
}

const reached = (entry: string, banned: RegExp): string[] =>
  [...staticGraph(join(SRC, entry))].filter(([k]) => banned.test(k)).map(([, chain]) => chain);

describe('bundle contents', () => {
  it("the page's static graph has no scenario runner, model operations or zod (the form loads them lazily)", () => {
    const banned =
      /^(npm:zod|model\/ops\/|model\/(kernel|run|trace|mm)\.ts$|scenario\/(run|compile|schema|validate|outcomes)\.ts$|scenario\/library\/(impact|libraryImpact)\.ts$|worker\/(tasks|worker)\.ts$)/;
    expect(reached('main.tsx', banned)).toEqual([]);
  });

  it("the worker's static graph has no built-in library: the page sends the scenarios it needs", () => {
    expect(reached('worker/worker.ts', /^scenario\/library\/(index\.ts|.*\.json)$/)).toEqual([]);
  });

  it('the graph walk sees what it bans (so the tests above cannot pass vacuously)', () => {
    expect(reached('worker/worker.ts', /^(npm:zod|model\/ops\/fault\.ts|scenario\/run\.ts)$/)).toHaveLength(
      3,
    );
    expect(reached('main.tsx', /^scenario\/library\/index\.ts$/)).toHaveLength(1);
  });
});
