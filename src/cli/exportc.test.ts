import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anonMapping } from '../scenario/fixtures';
import { main } from './main';

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

const SCENARIO = anonMapping([{ op: 'read', proc: 'A', addr: '0x10001000' }], { title: 'zero page' });

describe('ptlab export-c', () => {
  it('prints the scenario as C', () => {
    const r = run(['export-c', '-'], JSON.stringify(SCENARIO));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\/\/ SPDX-License-Identifier: MIT\n\/\*\n \* ptlab reproducer: zero page/);
    expect(r.out).toContain('sig = touch(0x10001000UL, 0, 0, &value);');
  });

  it('writes it to --out', () => {
    const f = join(mkdtempSync(join(tmpdir(), 'ptlab-')), 'r.c');
    expect(run(['export-c', '-', '--out', f], JSON.stringify(SCENARIO)).code).toBe(0);
    expect(readFileSync(f, 'utf8')).toContain('int main(void)');
  });

  it('refuses, exit 2, naming each step userspace cannot perform', () => {
    const s = anonMapping([{ op: 'query', proc: 'A', addr: '0x10001000', fn: 'vm_normal_page' }]);
    const r = run(['export-c', '-'], JSON.stringify(s));
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(
      /cannot be exported as C[^\n]*\n {2}step 2 \(query\): vm_normal_page\(\) is called from inside the kernel/,
    );
    expect(run(['export-c', '-', '--lookups-as-observations'], JSON.stringify(s)).code).toBe(0);
  });

  it('refuses an invalid scenario and unknown options', () => {
    expect(run(['export-c', '-'], '{"version": 1}').code).toBe(2);
    expect(run(['export-c', '-', '--bogus'], JSON.stringify(SCENARIO)).err).toContain('unknown option');
  });
});
