/**
 * A Vite plugin: zod without its JSON Schema code, in the bundles only (the page's form chunk and the
 * scenario worker). zod 4's classic API puts `.toJSONSchema()` and `~standard.jsonSchema` on every
 * schema's prototype, and a processor per schema type, so its JSON Schema generator (to-json-schema.js,
 * json-schema-processors.js: about 5 kB gzip) is in every bundle that validates with zod, though
 * neither the page nor the worker ever asks for a JSON Schema: only the CLI's `schema` command does,
 * and it runs zod from node_modules, not from a bundle.
 *
 * classic/schemas.js's imports of those two modules are resolved to a stand-in that exports the same
 * names (read from classic/schemas.js itself, so a zod release that uses one more is still covered). A
 * call to any of them throws an error that says why, rather than returning a wrong schema. One is kept
 * as it is: `aggregateChecks`, which schemas' `minValue`, `maxValue`, `isInt`… read (the form editor
 * builds its number fields from them); it is re-exported from the real module, and the bundler leaves
 * that module's other functions out.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Plugin } from 'vite';

const STUB = '\0ptlab-zod-without-json-schema:';
const MODULES = ['../core/json-schema-processors.js', '../core/to-json-schema.js'] as const;
const CLASSIC = /[\\/]zod[\\/]v4[\\/]classic[\\/]schemas\.js$/;

export const ABSENT_MESSAGE =
  "zod's JSON Schema code is left out of ptlab's bundles (src/build/zodWithoutJsonSchema.ts): the CLI's `ptlab schema` writes the JSON Schema";

/** The names classic/schemas.js takes from `module`: `processors.x` for the namespace, `{ a, b }` else. */
export function namesUsed(source: string, module: (typeof MODULES)[number]): string[] {
  const esc = module.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const ns = new RegExp(`import\\s*\\*\\s*as\\s+(\\w+)\\s+from\\s*["']${esc}["']`).exec(source)?.[1];
  if (ns)
    return [
      ...new Set([...source.matchAll(new RegExp(`\\b${ns}\\.(\\w+)`, 'g'))].map((m) => m[1] as string)),
    ];
  const named = new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*["']${esc}["']`).exec(source)?.[1];
  return named
    ? named
        .split(',')
        .map((n) => (n.trim().split(/\s+as\s+/)[0] ?? '').trim())
        .filter(Boolean)
    : [];
}

/** Names taken from the real module, not stood in for: what reading a schema (not writing JSON Schema) needs. */
export const KEPT: ReadonlySet<string> = new Set(['aggregateChecks']);

/**
 * The stand-in module: each name a function that throws, or a factory of one (`create…Method`), but the
 * KEPT ones, re-exported from `real` (the path of the module stood in for).
 */
export function stubSource(names: readonly string[], real: string): string {
  const kept = names.filter((n) => KEPT.has(n));
  const lines = [
    ...(kept.length ? [`export { ${kept.join(', ')} } from ${JSON.stringify(real)};`] : []),
    `const absent = () => { throw new Error(${JSON.stringify(ABSENT_MESSAGE)}); };`,
    ...names
      .filter((n) => !KEPT.has(n))
      .map((n) =>
        /^create\w*Method$/.test(n) ? `export const ${n} = () => absent;` : `export const ${n} = absent;`,
      ),
  ];
  return `${lines.join('\n')}\n`;
}

export function zodWithoutJsonSchema(): Plugin {
  /** Per module stood in for: classic/schemas.js's text, and the real module's path. */
  const classic = new Map<string, { source: string; real: string }>();
  return {
    name: 'ptlab-zod-without-json-schema',
    apply: 'build',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !CLASSIC.test(importer)) return null;
      const m = MODULES.find((x) => x === source);
      if (!m) return null;
      classic.set(m, { source: readFileSync(importer, 'utf8'), real: resolve(dirname(importer), m) });
      return `${STUB}${m}`;
    },
    load(id) {
      if (!id.startsWith(STUB)) return null;
      const m = id.slice(STUB.length) as (typeof MODULES)[number];
      const c = classic.get(m);
      if (!c) return null;
      return stubSource(namesUsed(c.source, m), c.real);
    },
  };
}
