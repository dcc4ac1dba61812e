import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ABSENT_MESSAGE, KEPT, namesUsed, stubSource, zodWithoutJsonSchema } from './zodWithoutJsonSchema';

/** The zod the project installs: its classic schemas, which the plugin reads. */
const zodRoot = dirname(createRequire(import.meta.url).resolve('zod/package.json'));
const CLASSIC = join(zodRoot, 'v4', 'classic', 'schemas.js');
const classic = readFileSync(CLASSIC, 'utf8');

describe('zod without its JSON Schema code, in the bundles', () => {
  it("reads from zod's classic schemas every name they take from the two JSON Schema modules", () => {
    const processors = namesUsed(classic, '../core/json-schema-processors.js');
    const toJson = namesUsed(classic, '../core/to-json-schema.js');
    // Were the import written another way, the lists would be empty and the build would lack exports.
    expect(processors).toEqual(
      expect.arrayContaining(['stringProcessor', 'numberProcessor', 'aggregateChecks']),
    );
    expect(toJson.sort()).toEqual(['createStandardJSONSchemaMethod', 'createToJSONSchemaMethod']);
    // Every `processors.x` of the file is covered.
    for (const m of classic.matchAll(/\bprocessors\.(\w+)/g)) expect(processors).toContain(m[1]);
  });

  it('stands in for each name with a function that throws why, keeping what reading a schema needs', async () => {
    const real = join(zodRoot, 'v4', 'core', 'json-schema-processors.js');
    const names = namesUsed(classic, '../core/json-schema-processors.js');
    const src = stubSource([...names, 'createToJSONSchemaMethod'], real);
    expect(src).toContain(`export { aggregateChecks } from ${JSON.stringify(real)};`);
    const url = `data:text/javascript,${encodeURIComponent(src.replace(/^export \{[^}]*\} from [^;]*;\n/, ''))}`;
    const mod = (await import(/* @vite-ignore */ url)) as Record<string, () => unknown>;
    for (const n of names.filter((x) => !KEPT.has(x))) expect(() => mod[n]?.()).toThrow(ABSENT_MESSAGE);
    // A factory returns the throwing function: `~standard` can still be read, its jsonSchema not called.
    const method = mod.createToJSONSchemaMethod?.() as () => unknown;
    expect(() => method()).toThrow(ABSENT_MESSAGE);
  });

  it("redirects only classic/schemas.js's imports of the two modules", () => {
    const p = zodWithoutJsonSchema();
    const resolve = p.resolveId as (s: string, i?: string) => string | null;
    const load = p.load as (id: string) => string | null;
    expect(
      resolve.call({}, '../core/json-schema-processors.js', join(zodRoot, 'v4', 'core', 'api.js')),
    ).toBeNull();
    expect(resolve.call({}, '../core/util.js', CLASSIC)).toBeNull();
    const id = resolve.call({}, '../core/to-json-schema.js', CLASSIC) as string;
    expect(id.startsWith('\0')).toBe(true);
    expect(load.call({}, id)).toContain('export const createToJSONSchemaMethod = () => absent;');
    expect(load.call({}, 'src/other.ts')).toBeNull();
  });
});
