/**
 * Imports point one way, and this test is what holds them there:
 *
 *   views (and the page's top files) → state → worker, share → scenario → model
 *                                                cli → share, scenario, model
 *
 * - The model imports nothing: it is pure TypeScript that runs in a worker, in Node and in the page
 *   (tsconfig.core.json also checks it, and the scenario layer, without the DOM library).
 * - Views get what a run means from state only. They may also import the pure names and constants of a
 *   short list of model and scenario modules (VIEW_PURE below), as xyflow's React layer imports its
 *   framework-free core, but never the worker or share layers, and never a module that computes from a run.
 * - `import type` may skip layers (it is erased), except into worker/ or share/ from views.
 * - Every form counts: `import … from`, `export … from`, side-effect `import '…'` and `import('…')`.
 *
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

/** The text with comments blanked out (strings kept, so the specifiers stay where they are). */
function stripComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
      out += ' ';
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

interface ImportSite {
  readonly spec: string;
  /** Erased at build time (`import type`, `export type`): may skip layers. */
  readonly typeOnly: boolean;
  readonly form: 'import' | 'export-from' | 'side-effect' | 'dynamic';
}

const FORMS: readonly [RegExp, ImportSite['form'], boolean][] = [
  [/\bimport\s+type\s[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/g, 'import', true],
  [/\bexport\s+type\s[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/g, 'export-from', true],
  // `import { type A }` counts as a runtime import: verbatimModuleSyntax keeps it as `import {} from`.
  [/\bimport\s+(?!type\s)[\w$*{][^;'"]*?\bfrom\s*['"]([^'"]+)['"]/g, 'import', false],
  [/\bexport\s+(?!type\s)(?:\*|\{)[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/g, 'export-from', false],
  [/\bimport\s*['"]([^'"]+)['"]/g, 'side-effect', false],
  [/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, 'dynamic', false],
];

/** Every import site of a source text. */
function importSites(text: string): ImportSite[] {
  const code = stripComments(text);
  return FORMS.flatMap(([re, form, typeOnly]) =>
    [...code.matchAll(re)].map((m) => ({ spec: m[1] as string, typeOnly, form })),
  );
}

type Layer = 'model' | 'scenario' | 'worker' | 'share' | 'state' | 'views' | 'cli' | 'spec';
const LAYERS: readonly Layer[] = ['model', 'scenario', 'worker', 'share', 'state', 'views', 'cli', 'spec'];

/** The layer a file under src/ belongs to; the page's top files (main.tsx, App.tsx…) are views. */
function layerOf(rel: string): Layer {
  const parts = rel.split('/');
  if (parts.length === 1) return 'views';
  const layer = LAYERS.find((l) => l === parts[0]);
  if (!layer) throw new Error(`src/${rel} is in no layer: add its folder to LAYERS and ALLOWED`);
  return layer;
}

/** Which layers each layer may import at run time (besides itself), and which npm packages. */
const ALLOWED: Record<Layer, { layers: readonly Layer[]; packages: RegExp }> = {
  model: { layers: [], packages: /^$/ },
  // zod/mini: zod 4's functional API, whose bundles keep only the checks the schema uses.
  scenario: { layers: ['model'], packages: /^zod\/mini$/ },
  worker: { layers: ['scenario', 'model'], packages: /^$/ },
  share: { layers: ['scenario', 'model'], packages: /^(lz-string|zod)$/ },
  state: { layers: ['worker', 'share', 'scenario', 'model'], packages: /^zustand(\/.*)?$/ },
  views: {
    layers: ['state'],
    // jsonc-parser: where a problem is in the editor's JSON text (a lazy chunk, checked below).
    packages: /^(react|react-dom|react\/.*|react-dom\/.*|d3|d3-.*|zustand(\/.*)?|jsonc-parser)$/,
  },
  cli: { layers: ['share', 'scenario', 'model'], packages: /^node:/ },
  // docs/kernel-semantics.md on the site: the page made at build time (marked), and its anchors.
  spec: { layers: [], packages: /^marked$/ },
};

/**
 * The model and scenario modules views may import at run time: names, constants, units and the scenario
 * format itself, none of which computes anything from a run.
 */
const VIEW_PURE: Record<string, string> = {
  'model/units': 'hex, addresses, page sizes',
  'model/geometry': "a level's index and span for a virtual page",
  'model/entry': 'levels and the raw encoding of an entry',
  'model/config': 'Kconfig options and architecture presets',
  'model/variants': 'the kernel variants and what each patch changes',
  'scenario/library': 'the built-in stories (data)',
  'scenario/order': 'the order of the variants',
  'scenario/titles': "a step's title",
  'scenario/limits': 'size limits of a scenario',
  'scenario/defaults': 'default memory ranges',
  'scenario/schema': 'the scenario format, which the form editor is built from (lazy chunk)',
  'scenario/validate': "the format's checks, which the form editor runs as you type (lazy chunk)",
  'spec/anchor': 'where a citation of kernel-semantics.md points on the site',
  'scenario/narration':
    'the narration and citation format: which clause holds for a kernel, the links a citation shows, the verified mails and commits (reads a scenario text, never a run)',
};

const withoutExt = (p: string) => p.replace(/\.(tsx?|json)$/, '').replace(/\/index$/, '');

/** What is wrong with one import of `file`, or null. */
function violation(file: string, site: ImportSite): string | null {
  const from = layerOf(file);
  const rule = ALLOWED[from];
  if (!site.spec.startsWith('.')) {
    return rule.packages.test(site.spec) ? null : `package ${site.spec}`;
  }
  const target = withoutExt(relative(SRC, join(SRC, file, '..', site.spec)));
  const to = layerOf(target);
  if (to === from) return null;
  if (from === 'views' && (to === 'worker' || to === 'share')) return `${to}/ (views never import it)`;
  if (site.typeOnly) return null;
  if (rule.layers.includes(to)) return null;
  if (from === 'views' && VIEW_PURE[target]) return null;
  return `${target} (${from} may not import ${to}${from === 'views' ? ' beyond the pure list' : ''})`;
}

const SOURCES = files(SRC).map((f) => relative(SRC, f));

describe('import boundaries', () => {
  for (const layer of Object.keys(ALLOWED) as Layer[]) {
    const mine = SOURCES.filter((f) => layerOf(f) === layer);
    it(`${layer}/ imports only what its layer may`, () => {
      expect(mine.length).toBeGreaterThan(0);
      const bad: string[] = [];
      for (const f of mine) {
        for (const site of importSites(readFileSync(join(SRC, f), 'utf8'))) {
          const why = violation(f, site);
          if (why) bad.push(`${f} -> ${site.spec} [${site.form}]: ${why}`);
        }
      }
      expect(bad).toEqual([]);
    });
  }

  it('every module on the pure list exists', () => {
    for (const m of Object.keys(VIEW_PURE)) {
      expect(existsSync(join(SRC, `${m}.ts`)) || existsSync(join(SRC, m, 'index.ts')), m).toBe(true);
    }
  });
});

describe('the import reader (so the checks above cannot pass by missing an import)', () => {
  const sample = `
    import type { A } from '../model/a';
    import { type B, c } from '../model/b';
    import D, { e } from "./d";
    import * as F from '../worker/f';
    import '../share/side';
    export * from '../scenario/all';
    export { g } from '../state/g';
    export type { H } from '../model/h';
    const lazy = () => import('../worker/tasks');
    // import { gone } from '../worker/comment';
    /* import { gone } from '../worker/block'; */
    const s = "import { x } from '../not/an/import'" + \`template\`;
    import {
      multi,
      line,
    } from '../model/multi';
  `;

  it('finds every form, marks type-only ones, and skips comments', () => {
    const got = importSites(sample).map((s) => `${s.form}${s.typeOnly ? ' type' : ''} ${s.spec}`);
    expect(got.sort()).toEqual(
      [
        'import type ../model/a',
        'export-from type ../model/h',
        'import ../model/b',
        'import ./d',
        'import ../worker/f',
        'import ../model/multi',
        'export-from ../scenario/all',
        'export-from ../state/g',
        'side-effect ../share/side',
        'dynamic ../worker/tasks',
        // A string that merely holds import text is still seen: harmless, it can only add a finding.
        'import ../not/an/import',
      ].sort(),
    );
  });

  it('flags what the rules forbid', () => {
    const v = (file: string, spec: string, typeOnly = false, form: ImportSite['form'] = 'import') =>
      violation(file, { spec, typeOnly, form });
    expect(v('views/x.tsx', '../worker/client')).toMatch(/views never import/);
    expect(v('views/x.tsx', '../worker/protocol', true)).toMatch(/views never import/);
    expect(v('views/tree/x.ts', '../../model/inspect')).toMatch(/beyond the pure list/);
    expect(v('views/tree/x.ts', '../../model/inspect', true)).toBeNull();
    expect(v('views/tree/x.ts', '../../model/units')).toBeNull();
    expect(v('model/x.ts', '../scenario/schema', false, 'dynamic')).toMatch(/model may not import scenario/);
    expect(v('scenario/x.ts', '../state/store', true)).toBeNull();
    expect(v('state/x.ts', 'react')).toBe('package react');
    expect(v('App.tsx', './worker/client')).toMatch(/views never import/);
  });
});

/** Runtime imports (not erased), static and side-effect: what stays in a bundle's static graph. */
function runtimeImports(file: string): string[] {
  return importSites(readFileSync(file, 'utf8'))
    .filter((s) => !s.typeOnly && s.form !== 'dynamic')
    .map((s) => s.spec);
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

/**
 * What the page loads as it opens on a run: the entry's static graph and the lab's (Lab.tsx, which App.tsx
 * loads at once for a run), each file once.
 */
const page = (banned: RegExp): string[] => {
  const graph = new Map(staticGraph(join(SRC, 'main.tsx')));
  for (const [k, chain] of staticGraph(join(SRC, 'Lab.tsx'))) if (!graph.has(k)) graph.set(k, chain);
  return [...graph].filter(([k]) => banned.test(k)).map(([, chain]) => chain);
};

describe('bundle contents', () => {
  it("the page's static graph has no scenario runner, model operations or zod (the form loads them lazily)", () => {
    // Nor the JSON parser that places problems at their lines: the JSON tab loads it when there are some.
    const banned =
      /^(npm:zod|npm:marked|npm:jsonc-parser|spec\/page\.ts$|model\/ops\/|model\/(kernel|run|trace|mm)\.ts$|scenario\/(run|compile|schema|validate|outcomes)\.ts$|scenario\/library\/(impact|libraryImpact)\.ts$|worker\/(tasks|worker)\.ts$)/;
    expect(page(banned)).toEqual([]);
  });

  it("the page's static graph has the catalog of stories, not the stories: each loads when opened", () => {
    expect(page(/^scenario\/library\/(index\.ts|.*\.json)$/)).toEqual([]);
  });

  it("the worker's static graph has no built-in library: the page sends the scenarios it needs", () => {
    expect(reached('worker/worker.ts', /^scenario\/library\/(index\.ts|.*\.json)$/)).toEqual([]);
  });

  it("the page's static graph leaves the editor's body, the comparison summary, export and embed code to chunks loaded on use", () => {
    expect(
      page(
        /^views\/(editor\/(ScenarioEditor|JsonText|ImportExport|FormEditor)\.tsx|compare\/CompareSummary\.tsx|exportActions\.ts|exporting\.ts|EmbedForm\.tsx)$/,
      ),
    ).toEqual([]);
    // The walk sees the parts that stay: the buttons and the drawer's frame.
    expect(
      page(/^views\/(EditScenario|editor\/Drawer|compare\/CompareBar|ExportMenu|EmbedCode)\.tsx$/),
    ).toHaveLength(5);
  });

  it("the worker's static graph leaves the quiz, the patch stepper and the impact to a chunk loaded on use", () => {
    expect(
      reached(
        'worker/worker.ts',
        /^(worker\/tasks\.ts|scenario\/quiz\/|scenario\/outcomes\.ts|scenario\/library\/impact\.ts)/,
      ),
    ).toEqual([]);
  });

  it("the worker's static graph leaves the rare operations to a chunk loaded on use (model/ops/rare.ts)", () => {
    expect(
      reached('worker/worker.ts', /^model\/ops\/(rareTable|mremap|pin|madvise|collapse|shrink)\.ts$/),
    ).toEqual([]);
  });

  it('the page reaches the worker only as its URL, so its main-thread fallback holds no copy of the model', () => {
    // The fallback imports the worker's own module by that URL (client.ts), not worker/tasks.ts.
    expect(page(/^worker\/worker\.ts\?worker&url$/)).toHaveLength(1);
    expect(page(/^worker\/(tasks|worker)\.ts$/)).toEqual([]);
  });

  it("the start view's static graph leaves the lab (Lab.tsx) and the embedded view to chunks, as it shows neither", () => {
    expect(reached('main.tsx', /^(Lab|EmbedApp)\.tsx$|^views\/(tree|decision|memory|vma)\//)).toEqual([]);
    // The walk sees them from the lab.
    expect(reached('Lab.tsx', /^views\/(tree\/PageTableTrees|decision\/DecisionPath)\.tsx$/)).toHaveLength(2);
    expect(reached('main.tsx', /^views\/start\/StartView\.tsx$/)).toHaveLength(1);
  });

  it("the page's static graph leaves d3-zoom's code to a chunk loaded with the first tree (useZoom.ts)", () => {
    expect(page(/^views\/tree\/zoomCode\.ts$/)).toEqual([]);
    expect(page(/^views\/tree\/(useZoom|transform)\.ts$/)).toHaveLength(2);
  });

  it('the graph walk sees what it bans (so the tests above cannot pass vacuously)', () => {
    expect(
      reached(
        'worker/worker.ts',
        /^(npm:zod\/mini|model\/ops\/fault\.ts|scenario\/run\.ts|model\/ops\/rare\.ts)$/,
      ),
    ).toHaveLength(4);
    expect(reached('main.tsx', /^scenario\/library\/catalog\.ts$/)).toHaveLength(1);
  });
});
