import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anonMapping } from '../scenario/fixtures';
import { scenarioJsonSchema } from '../scenario/schema';
import { main } from './main';

const SCENARIO = anonMapping([{ op: 'read', proc: 'A', addr: '0x10001000' }], { title: 'zero page' });

function run(args: string[], stdin = '') {
  let out = '';
  let err = '';
  const code = main(args, {
    out: (s) => {
      out += s;
    },
    err: (s) => {
      err += s;
    },
    stdin: () => stdin,
  });
  return { code, out, err };
}

function tmp(name: string, text: string): string {
  const d = mkdtempSync(join(tmpdir(), 'ptlab-'));
  const f = join(d, name);
  writeFileSync(f, text);
  return f;
}

describe('ptlab CLI', () => {
  it('runs a scenario file and prints the trace as JSON', () => {
    const r = run(['run', tmp('s.json', JSON.stringify(SCENARIO))]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.steps).toHaveLength(3);
    expect(j.steps[2].result).toBe('0');
    expect(j.steps[2].state.procs[0].mappings[0]).toMatchObject({ level: 'pte', pfn: '0x42', special: true });
  });

  it('reads standard input with -, and arrays of scenarios', () => {
    const r = run(
      ['run', '-'],
      JSON.stringify([SCENARIO, { ...SCENARIO, kernel: { variant: 'baseline', preset: 'no-pte-special' } }]),
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toHaveLength(2);
    expect(j[1].steps[2].state.procs[0].mappings[0]).toMatchObject({ pfn: '0x42', special: false });
  });

  it('prints a summary table', () => {
    const r = run(['run', '-', '--summary'], JSON.stringify(SCENARIO));
    expect(r.code).toBe(0);
    expect(r.out).toContain('A: read 0x10001000');
    expect(r.out).toMatch(/variant v6\.18/);
  });

  it('exits 2 with every problem listed for an invalid scenario', () => {
    const r = run(
      ['run', '-'],
      JSON.stringify({ ...SCENARIO, kernel: { variant: 'v9' }, steps: [{ op: 'read', addr: 'zz' }] }),
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain('$.kernel.variant');
    expect(r.err).toContain('$.steps[0].addr');
    expect(r.out).toBe('');
  });

  it('exits 2 for unreadable files, bad JSON and bad arguments', () => {
    expect(run(['run', '/nonexistent/x.json']).code).toBe(2);
    expect(run(['run', '-'], '{not json').err).toContain('not valid JSON');
    expect(run(['frobnicate']).code).toBe(2);
    expect(run(['run']).code).toBe(2);
    expect(run(['run', 'a', '--bogus']).code).toBe(2);
  });

  it('turns a scenario into a link and the link back into the scenario', () => {
    const link = run(['link', '-', '--base', 'https://example.org/ptlab/'], JSON.stringify(SCENARIO));
    expect(link.code).toBe(0);
    expect(link.out).toMatch(/^https:\/\/example\.org\/ptlab\/\?v=1#z=/);
    const back = run(['unlink', link.out.trim()]);
    expect(back.code).toBe(0);
    expect(JSON.parse(back.out)).toEqual(SCENARIO);
    const withVariant = run(['unlink', `${link.out.trim().replace('?v=1', '?v=1&variant=rfc-11&step=1')}`]);
    expect(JSON.parse(withVariant.out).kernel.variant).toBe('rfc-11');
    expect(withVariant.err).toContain('step 1');
  });

  it('opens a link to a built-in scenario', () => {
    const r = run(['unlink', 'https://example.org/?v=1&s=zero-page&variant=baseline']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ id: 'zero-page', kernel: { variant: 'baseline' } });
    expect(run(['unlink', 'https://example.org/?v=1&s=nope']).err).toContain('no built-in scenario "nope"');
  });

  it('opens a link with an unknown variant as the nearest, and says so on stderr', () => {
    const r = run(['unlink', 'https://example.org/?v=1&s=zero-page&variant=rfc-15']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ kernel: { variant: 'rfc-14' } });
    expect(r.err).toMatch(/note: .*kernel variant "rfc-15" is not one ptlab models: showing rfc-14/);
  });

  it('refuses invalid scenarios and broken links with exit 2', () => {
    expect(run(['link', '-'], '{"version": 2}').code).toBe(2);
    const broken = run(['unlink', 'https://example.org/?v=1#z=%%%']);
    expect(broken.code).toBe(2);
    expect(broken.err).toContain('cannot be opened');
    expect(run(['unlink']).code).toBe(2);
  });

  it('keeps docs/scenario.schema.json in step with the validation code', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../docs/scenario.schema.json', import.meta.url), 'utf8'),
    );
    expect(committed).toEqual(JSON.parse(JSON.stringify(scenarioJsonSchema())));
  });
});

// ---- issue 16: no input kills the runner, and nothing is lost without a word -------------------------

const STACK = /\n\s+at .+[(:]\d+/;

describe('ptlab CLI: hostile and unusual input', () => {
  it('refuses a number too large for the model with exit 2 and the path, not a stack trace', () => {
    const s = anonMapping([], { title: 'big' }) as { steps: unknown[] };
    s.steps = [
      {
        op: 'mmap',
        proc: 'A',
        addr: '0x20000000',
        length: '0x1000',
        prot: ['read'],
        shared: true,
        backing: { type: 'pfnmap-driver', pfnBase: `0x1${'0'.repeat(20)}` },
      },
    ];
    const r = run(['run', '-'], JSON.stringify(s));
    expect(r.code).toBe(2);
    expect(r.err).toContain('$.steps[0].backing.pfnBase');
    expect(r.err).toMatch(/pfn 0x1000+ is out of range/);
    expect(r.err).not.toMatch(STACK);
    expect(r.out).toBe('');
  });

  it('never echoes a long value: a 5-million-digit address is refused by its path in a short message', () => {
    const addr = `0x${'f'.repeat(5_000_000)}`;
    const r = run(['run', '-'], JSON.stringify(anonMapping([{ op: 'read', proc: 'A', addr }])));
    expect(r.code).toBe(2);
    expect(r.err).toContain('$.steps[1].addr');
    expect(r.err).toContain('too long for a number');
    expect(r.err.length).toBeLessThan(1000);
  });

  it('lists at most 100 problems and counts the rest', () => {
    const steps = Array.from({ length: 3000 }, () => ({ op: 'read', proc: 'A', addr: 'zz' }));
    const r = run(['run', '-'], JSON.stringify(anonMapping(steps)));
    expect(r.code).toBe(2);
    expect(r.err).toContain('$.steps[100].addr');
    expect(r.err).not.toContain('$.steps[101].addr');
    expect(r.err).toContain('… and 2,900 more problems');
  });

  it('accepts a UTF-8 byte order mark, in a file and on standard input', () => {
    const plain = run(['run', '-'], JSON.stringify(SCENARIO));
    const stdin = run(['run', '-'], `\uFEFF${JSON.stringify(SCENARIO)}`);
    expect(stdin.code).toBe(0);
    expect(stdin.out).toBe(plain.out);
    const f = tmp('bom.json', '');
    writeFileSync(f, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(SCENARIO))]));
    const file = run(['run', f]);
    expect(file.code).toBe(0);
    expect(file.out).toBe(plain.out);
    expect(run(['link', f]).code).toBe(0);
  });

  it('says what is wrong with UTF-16 and non-UTF-8 files, and where JSON breaks', () => {
    const utf16 = tmp('u16.json', '');
    writeFileSync(utf16, Buffer.from(`\uFEFF${JSON.stringify(SCENARIO)}`, 'utf16le'));
    const a = run(['run', utf16]);
    expect(a.code).toBe(2);
    expect(a.err).toContain('UTF-16');
    const latin1 = tmp('l1.json', '');
    writeFileSync(latin1, Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]));
    expect(run(['run', latin1]).err).toContain('not UTF-8');
    const broken = run(['run', '-'], '{\n  "version": 1,\n  "kernel": }');
    expect(broken.code).toBe(2);
    expect(broken.err).toContain('(line 3, column 13)');
    const invisible = run(['run', '-'], `{"version":\u00a01}`);
    expect(invisible.err).toContain('(line 1, column 12; the character there is U+00A0)');
  });

  it('escapes control characters in the summary table and in messages', () => {
    const s = anonMapping([{ op: 'write', proc: 'A', addr: '0x10001000', value: 'a\r\n\u001b[2J\u009b' }], {
      title: 'x\u001b]0;owned\u0007y\u202e',
    });
    const r = run(['run', '-', '--summary'], JSON.stringify(s));
    expect(r.code).toBe(0);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test is that none reach the terminal
    expect(r.out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(r.out).toContain('x\\u001b]0;owned\\u0007y\\u202e');
    expect(r.out).toContain('a\\r\\n\\u001b[2J\\u009b');
    const bad = run(['run', `no\u001b[31mfile`]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('no\\u001b[31mfile');
  });

  it('bounds an array of scenarios by the work of one scenario, before running any', () => {
    const small = JSON.stringify(SCENARIO);
    const many = run(['run', '-'], `[${Array.from({ length: 163_840 }, () => small).join(',')}]`);
    expect(many.code).toBe(2);
    expect(many.err).toContain('163,840 scenarios');
    expect(many.err).toContain('at most 64 scenarios, 64 processes, 5,000 steps');
    expect(many.out).toBe('');
    const reads = Array.from({ length: 2600 }, () => ({ op: 'read', proc: 'A', addr: '0x10001000' }));
    const long = JSON.stringify(anonMapping(reads));
    const two = run(['run', '-'], `[${long},${long}]`);
    expect(two.code).toBe(2);
    expect(two.err).toContain('5,202 steps');
    expect(run(['run', '-'], `[${long}]`).code).toBe(0);
  });

  it('writes the trace as the steps are made, in pieces', () => {
    const reads = Array.from({ length: 300 }, (_, i) => ({
      op: 'read',
      proc: 'A',
      addr: `0x${(0x10000000 + i * 0x1000).toString(16)}`,
    }));
    const pieces: string[] = [];
    const code = main(['run', '-'], {
      out: (s) => void pieces.push(s),
      err: () => undefined,
      stdin: () => JSON.stringify(anonMapping(reads, { title: 'reads' })),
    });
    expect(code).toBe(0);
    const total = pieces.join('').length;
    expect(JSON.parse(pieces.join('')).steps).toHaveLength(302);
    expect(pieces.length).toBeGreaterThan(4);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(total / 4);
  });

  it('exits 1 only for a bug in ptlab, and says so without a stack trace', () => {
    let err = '';
    const code = main(['run', '-'], {
      out: () => undefined,
      err: (s) => {
        err += s;
      },
      stdin: () => {
        throw new TypeError('cannot read properties of undefined');
      },
    });
    expect(code).toBe(1);
    expect(err).toContain('internal error: TypeError: cannot read properties of undefined');
    expect(err).toContain('this is a bug in ptlab, not a problem with your input');
    expect(err).not.toMatch(STACK);
  });

  it('exits 2, not with a stack trace, when the schema cannot be written', () => {
    const r = run(['schema', '--out', '/nonexistent/dir/schema.json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('cannot write');
    expect(r.err).not.toMatch(STACK);
  });

  it('refuses input larger than 64 MiB, from a file or a device, without reading it all', () => {
    const f = tmp('huge.json', '');
    truncateSync(f, 65 * 2 ** 20);
    const big = run(['run', f]);
    expect(big.code).toBe(2);
    expect(big.err).toContain('larger than 64 MiB');
    const dev = run(['run', '/dev/zero']);
    expect(dev.code).toBe(2);
    expect(dev.err).toContain('larger than 64 MiB');
  });

  it('never gives a stack trace or exit 1, whatever a field holds', () => {
    const base = anonMapping(
      [
        { op: 'write', proc: 'A', addr: '0x10001000', value: 'v' },
        { op: 'fork', proc: 'A', child: 'B' },
        { op: 'inject', proc: 'B', addr: '0x10002000', level: 'pte', entry: { type: 'leaf', pfn: 7 } },
        {
          op: 'mmap',
          proc: 'A',
          addr: '0x40000000',
          length: '0x200000',
          prot: ['read'],
          shared: true,
          backing: { type: 'pfnmap-driver', pfnBase: '0x1000', fault: 'pmd' },
        },
        { op: 'read', proc: 'A', addr: '0x40000000' },
      ],
      { title: 'fuzzed' },
    );
    const paths: (string | number)[][] = [];
    const walk = (v: unknown, path: (string | number)[]) => {
      paths.push(path);
      if (v && typeof v === 'object')
        for (const [k, c] of Object.entries(v)) walk(c, [...path, Array.isArray(v) ? Number(k) : k]);
    };
    walk(base, []);
    const hostile = fc.oneof(
      fc.jsonValue(),
      fc.constantFrom(
        2 ** 80,
        -1,
        1e308,
        Number.MAX_SAFE_INTEGER,
        `0x1${'0'.repeat(20)}`,
        `0x${'f'.repeat(3000)}`,
        '0x___',
        `${'9'.repeat(40)}`,
        '\u001b[2J',
        '\uFEFF',
        null,
        [],
        {},
      ),
    );
    fc.assert(
      fc.property(fc.constantFrom(...paths), hostile, (path, value) => {
        const s = structuredClone(base) as Record<string | number, unknown>;
        let target: Record<string | number, unknown> = s;
        for (const k of path.slice(0, -1)) target = target[k] as Record<string | number, unknown>;
        const last = path[path.length - 1];
        if (last === undefined) return;
        target[last] = value;
        const r = run(['run', '-'], JSON.stringify(s));
        expect([0, 2]).toContain(r.code);
        expect(r.err).not.toMatch(STACK);
      }),
      { numRuns: 400, seed: 16 },
    );
  }, 60_000);
});
