import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

describe('ptlab CLI: the streamed trace', () => {
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
});
