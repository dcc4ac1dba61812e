/**
 * Hostile input, fuzzed (seeded, so a failure replays): share links, scenario files, stored drafts and
 * scenarios themselves. Every input must open or be refused with a message: no uncaught error, no input
 * that takes over 2 s, and no link that makes more than a bounded amount of text. The classes of issue
 * 16 are all here: deep nesting, decompression bombs, objects where scalars belong, prototype keys, huge
 * numbers, mass forks, truncated and bit-flipped compressed links. The CLI's own doors are fuzzed in
 * src/cli.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anonMapping } from '../scenario/fixtures';
import { MAX_JSON_DEPTH } from '../scenario/json';
import { validateScenario } from '../scenario/validate';
import { BOMB } from '../share/bomb.fixture';
import { decodeLink, encodeLink, MAX_SCENARIO_TEXT } from '../share/link';
import { DRAFT_KEY, readDraft } from './draft';
import { parseScenarioJson } from './parse';
import { settingsOf } from './settings';

const VALID = anonMapping([
  { op: 'read', proc: 'A', addr: '0x10001000' },
  { op: 'write', proc: 'A', addr: '0x10001000', value: 'hello' },
  { op: 'fork', proc: 'A', child: 'B' },
]);

/** Runs `f` and fails if it throws or takes longer than 2 s. */
function bounded<T>(what: string, f: () => T): T {
  const t0 = performance.now();
  const out = f();
  const ms = performance.now() - t0;
  if (ms > 2000) throw new Error(`${what} took ${Math.round(ms)} ms`);
  return out;
}

const tally = { accepted: 0, refused: 0 };

/** A refusal names its problem in words; an acceptance is a scenario the page can render. */
function checkValidation(input: unknown) {
  const v = bounded('validation', () => validateScenario(input));
  tally[v.ok ? 'accepted' : 'refused']++;
  if (v.ok) {
    // What the page renders from a scenario before it runs: the settings. Nothing unchecked gets through.
    const s = settingsOf(v.scenario);
    for (const x of Object.values(s.config)) expect(['boolean', 'number']).toContain(typeof x);
    return;
  }
  expect(v.problems.length).toBeGreaterThan(0);
  for (const p of v.problems) {
    expect(p.path).toMatch(/^\$/);
    expect(typeof p.message).toBe('string');
    expect(p.message.length).toBeLessThan(400);
  }
}

/** A hostile value: the usual JSON, plus the shapes that broke things before. */
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.constantFrom(
    { toString: 1 },
    { toString: 1, valueOf: 1 },
    { __proto__: { polluted: true } },
    JSON.parse('{"__proto__": {"pteSpecial": true}}'),
    { constructor: { prototype: { x: 1 } } },
    '0xffffffffffffffff',
    `0x1${'0'.repeat(30)}`,
    '0x_',
    -1,
    2 ** 80,
    Number.MAX_SAFE_INTEGER + 2,
    Number.NaN,
    null,
    [],
    'a'.repeat(5000),
  ),
);

/** Paths of every value in a JSON tree. */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out = [at];
  if (Array.isArray(v))
    v.forEach((x, i) => {
      out.push(...paths(x, [...at, i]));
    });
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}

function replaceAt(v: unknown, path: (string | number)[], by: unknown): unknown {
  if (path.length === 0) return by;
  const copy = Array.isArray(v) ? [...v] : { ...(v as Record<string, unknown>) };
  const [k, ...rest] = path as [string | number, ...(string | number)[]];
  (copy as Record<string | number, unknown>)[k] = replaceAt(
    (v as Record<string | number, unknown>)[k],
    rest,
    by,
  );
  return copy;
}

const VALID_PATHS = paths(VALID);
/** The valid scenario with one value, anywhere in it, replaced by a hostile one. */
const mutated = fc
  .tuple(fc.nat({ max: VALID_PATHS.length - 1 }), hostile)
  .map(([i, by]) => replaceAt(VALID, VALID_PATHS[i] as (string | number)[], by));

describe('fuzz: scenarios (what a link, a file or the editor hands the validator)', () => {
  it('3,000 scenarios with one value replaced by a hostile one: each validates or is refused by path', () => {
    tally.accepted = tally.refused = 0;
    fc.assert(fc.property(mutated, checkValidation), { seed: 16_001, numRuns: 3000 });
    // Both outcomes occur: the fuzz reaches the validator's rules, not only its first check.
    expect(tally.refused).toBeGreaterThan(1000);
    expect(tally.accepted).toBeGreaterThan(20);
  });

  it('1,000 arbitrary JSON values and mass forks: each is refused or accepted, never thrown on', () => {
    const forks = fc.nat({ max: 5000 }).map((n) => ({
      ...VALID,
      steps: Array.from({ length: n }, (_, i) => ({ op: 'fork', proc: 'A', child: `c${i}` })),
    }));
    fc.assert(
      fc.property(
        fc.oneof({ arbitrary: hostile, weight: 19 }, { arbitrary: forks, weight: 1 }),
        checkValidation,
      ),
      { seed: 16_002, numRuns: 1000 },
    );
  });
});

describe('fuzz: share links', () => {
  const text = JSON.stringify(VALID);
  const link = encodeLink({ scenario: { kind: 'custom', json: VALID }, settings: {} }, text);
  const hash = link.slice(link.indexOf('#'));
  const check = (search: string, h: string) => {
    const d = bounded('decodeLink', () => decodeLink(search, h));
    if (!d.ok) {
      expect(d.error.length).toBeGreaterThan(10);
      expect(d.error.length).toBeLessThan(600);
      if (d.salvage !== undefined) expect(d.salvage.length).toBeLessThanOrEqual(MAX_SCENARIO_TEXT);
      return;
    }
    if (d.view.scenario.kind === 'custom') checkValidation(d.view.scenario.json);
  };

  it('3,000 corrupted compressed links: truncated, bit-flipped, spliced; none opens altered text', () => {
    const corrupt = fc.oneof(
      fc.nat({ max: hash.length }).map((n) => hash.slice(0, n)),
      fc
        .tuple(fc.nat({ max: hash.length - 1 }), fc.string({ minLength: 1, maxLength: 1 }))
        .map(([i, c]) => hash.slice(0, i) + c + hash.slice(i + 1)),
      fc
        .tuple(fc.nat({ max: hash.length - 1 }), fc.nat({ max: hash.length - 1 }))
        .map(([i, j]) => hash.slice(0, Math.min(i, j)) + hash.slice(Math.max(i, j))),
    );
    let damaged = 0;
    fc.assert(
      fc.property(corrupt, (h) => {
        check('?v=1', h);
        const d = decodeLink('?v=1', h);
        if (d.ok && d.view.scenario.kind === 'custom') expect(d.view.scenario.json).toEqual(VALID);
        if (!d.ok && /damaged/.test(d.error)) damaged++;
      }),
      { seed: 16_003, numRuns: 3000 },
    );
    expect(damaged).toBeGreaterThan(2000);
  });

  it('2,000 hostile queries and fragments: each opens or says what is wrong', () => {
    const param = fc.constantFrom(
      'v',
      's',
      'variant',
      'preset',
      'step',
      'entry',
      'cmp_variant',
      'pte_special',
      'levels',
      'embed',
      'x',
    );
    const query = fc
      .array(
        fc.tuple(
          param,
          fc.oneof(
            fc.string({ maxLength: 30 }),
            fc.constantFrom('1', '0', 'v6.18', '<script>', '9'.repeat(40)),
          ),
        ),
        { maxLength: 6 },
      )
      .map((kv) => `?${kv.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`);
    const fragment = fc.oneof(
      fc.constant(''),
      fc.string({ maxLength: 80 }).map((s) => `#${s}`),
      mutated.map((s) => `#j=${encodeURIComponent(JSON.stringify(s))}`),
      fc.nat({ max: 20_000 }).map((n) => `#j=${encodeURIComponent(`${'['.repeat(n)}${']'.repeat(n)}`)}`),
    );
    fc.assert(fc.property(query, fragment, check), { seed: 16_004, numRuns: 2000 });
  });

  it('a decompression bomb is refused as too large, within the memory bound', () => {
    const before = process.memoryUsage().heapUsed;
    const d = bounded('the bomb', () => decodeLink('?v=1', `#z=${BOMB}`));
    const grew = process.memoryUsage().heapUsed - before;
    expect(d).toMatchObject({ ok: false, error: expect.stringContaining('too large') });
    // The decoder stops at 2 million characters: a few MB of strings, far from the 500 million of before.
    expect(grew).toBeLessThan(50 * 2 ** 20);
  });
});

describe('fuzz: files and stored drafts', () => {
  it('1,000 file texts: JSON, cut JSON, deep JSON, binary noise; each parses or is refused at $', () => {
    const texts = fc.oneof(
      fc.string({ maxLength: 200 }),
      mutated.map((s) => JSON.stringify(s)),
      fc.tuple(mutated, fc.nat({ max: 400 })).map(([s, n]) => JSON.stringify(s).slice(0, n)),
      fc.nat({ max: 10_000 }).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
    );
    fc.assert(
      fc.property(texts, (t) => {
        const p = bounded('parse', () => parseScenarioJson(t));
        if (p.ok) checkValidation(p.value);
        else expect(p.problems[0]?.path).toBe('$');
      }),
      { seed: 16_005, numRuns: 1000 },
    );
  });

  it('1,000 stored drafts: each is read, or kept aside as unreadable with a reason; none is lost', () => {
    const stored = fc.oneof(
      fc.string({ maxLength: 100 }),
      fc.record({ text: hostile, savedAt: hostile }).map((d) => JSON.stringify(d)),
      fc.nat({ max: 5000 }).map((n) => '['.repeat(n)),
    );
    fc.assert(
      fc.property(stored, (raw) => {
        const m = new Map([[DRAFT_KEY, raw]]);
        const found = bounded('readDraft', () =>
          readDraft({
            getItem: (k) => m.get(k) ?? null,
            setItem: (k, v) => void m.set(k, v),
            removeItem: (k) => void m.delete(k),
          }),
        );
        if (found.kind === 'draft') {
          expect(typeof found.draft.text).toBe('string');
          expect(found.draft.savedAt === null || !Number.isNaN(new Date(found.draft.savedAt).getTime())).toBe(
            true,
          );
        } else {
          expect(found.kind).toBe('unreadable');
          if (found.kind === 'unreadable') expect([...m.values()]).toContain(raw); // kept aside, unchanged
        }
      }),
      { seed: 16_006, numRuns: 1000 },
    );
  });

  it('the depth bound holds at the bound and one past it', () => {
    const at = `${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`;
    expect(parseScenarioJson(at).ok).toBe(true);
    expect(parseScenarioJson(`[${at}]`).ok).toBe(false);
  });
});
