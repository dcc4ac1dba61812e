/**
 * The path of someone new to the project: `npm install` warns of nothing, `npm test` keeps what they
 * installed, and the end-to-end tests do not need port 4173 to be free.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');

interface LockPackage {
  version: string;
  engines?: { node?: string };
  hasInstallScript?: boolean;
  optional?: boolean;
  cpu?: string[];
  os?: string[];
}
const pkg = JSON.parse(read('package.json')) as {
  engines: { node: string };
  allowScripts?: Record<string, boolean>;
};
const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, LockPackage> };

type Version = [number, number, number];
const parse = (v: string): Version => {
  const [a = 0, b = 0, c = 0] = v.split('.').map(Number);
  return [a, b, c];
};
const cmp = (x: Version, y: Version) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2];

/**
 * Whether `v` satisfies a node engines range of the forms the lock holds: ||, >=, ^, blanks, partial
 * versions, and a bare major ("20": any 20.x), also written with a wildcard ("6.*", ">= 10.*", "8.x").
 */
function satisfies(v: Version, range: string): boolean {
  return range.split('||').some((alt) => {
    const parts = alt
      .trim()
      .replace(/(>=|\^)\s+/g, '$1')
      .split(/\s+/)
      .map((p) => p.replace(/(\.[*xX])+$/, ''));
    return parts.every((p) => {
      if (p.startsWith('>=')) return cmp(v, parse(p.slice(2))) >= 0;
      if (p.startsWith('^')) {
        const m = parse(p.slice(1));
        return cmp(v, m) >= 0 && v[0] === m[0];
      }
      if (/^\d+$/.test(p)) return v[0] === Number(p);
      throw new Error(`a range this test cannot read: ${range}`);
    });
  });
}

/** The Node versions package.json admits, at the low end of each of its ranges and well above it. */
function admitted(): Version[] {
  return pkg.engines.node.split('||').flatMap((alt) => {
    const low = parse(alt.trim().replace(/^(>=|\^)/, ''));
    return [low, [low[0], 99, 0] as Version, ...(alt.trim().startsWith('>=') ? [[99, 0, 0] as Version] : [])];
  });
}

/** Packages npm installs on this machine (optional ones for another cpu or os are skipped). */
function installed(): [string, LockPackage][] {
  return Object.entries(lock.packages).filter(
    ([path, p]) =>
      path !== '' &&
      !(
        p.optional &&
        ((p.cpu && !p.cpu.includes(process.arch)) || (p.os && !p.os.includes(process.platform)))
      ),
  );
}

describe('install', () => {
  it("every installed package supports every Node version package.json's engines admit", () => {
    const bad = installed().flatMap(([path, p]) =>
      admitted()
        .filter((v) => p.engines?.node && !satisfies(v, p.engines.node))
        .map((v) => `${path}@${p.version} wants node ${p.engines?.node}, not ${v.join('.')}`),
    );
    expect(bad).toEqual([]);
  });

  it('every install script of a dependency is decided in allowScripts (npm asks about the others)', () => {
    const undecided = installed()
      .filter(([, p]) => p.hasInstallScript)
      .map(([path]) => path.replace(/^.*node_modules\//, ''))
      .filter((name) => pkg.allowScripts?.[name] === undefined);
    expect(undecided).toEqual([]);
  });
});

/** .ci/run's deps_match_lock, run in `dir`: whether it would keep the node_modules there. */
function depsMatch(dir: string): boolean {
  const script = read('.ci/run');
  const start = script.indexOf('deps_match_lock() {');
  const end = script.indexOf("'\n}\n", start);
  if (start < 0 || end < 0) throw new Error('.ci/run has no deps_match_lock');
  const fn = script.slice(start, end + 3);
  return spawnSync('bash', ['-c', `${fn}\ndeps_match_lock`], { cwd: dir }).status === 0;
}

describe('npm test (.ci/run) outside CI', () => {
  const project = (lockPkgs: Record<string, unknown>, have: Record<string, unknown> | undefined) => {
    const dir = mkdtempSync(join(tmpdir(), 'ptlab-deps-'));
    const deps = { a: '1.0.0' };
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x', dependencies: deps }));
    writeFileSync(
      join(dir, 'package-lock.json'),
      JSON.stringify({ packages: { '': { dependencies: deps }, ...lockPkgs } }),
    );
    if (have) {
      execFileSync('mkdir', ['-p', join(dir, 'node_modules')]);
      writeFileSync(join(dir, 'node_modules/.package-lock.json'), JSON.stringify({ packages: have }));
    }
    return dir;
  };
  const A = { 'node_modules/a': { version: '1.0.0' } };
  const OPT = { 'node_modules/@x/other-cpu': { version: '1.0.0', optional: true } };

  it('keeps node_modules that hold what the lock says, installed by npm install or npm ci', () => {
    expect(depsMatch(project({ ...A, ...OPT }, A))).toBe(true);
  });

  it('installs when node_modules is missing, stale, or holds what the lock does not', () => {
    expect(depsMatch(project(A, undefined))).toBe(false);
    expect(depsMatch(project(A, { 'node_modules/a': { version: '0.9.0' } }))).toBe(false);
    expect(depsMatch(project(A, { ...A, 'node_modules/b': { version: '1.0.0' } }))).toBe(false);
    expect(depsMatch(project({ ...A, 'node_modules/c': { version: '1.0.0' } }, A))).toBe(false);
  });

  it('leaves CI alone: CI=true still installs from scratch', () => {
    const script = read('.ci/run');
    expect(script).not.toMatch(/^export CI=true/m);
    expect(script).toMatch(/if \[ -n "\$IN_CI" \] \|\| ! deps_match_lock; then\n\s+log "npm ci"/);
  });
});

describe('end-to-end tests', () => {
  /** The port playwright.config.ts serves on and tests against, under `env`. */
  function configPort(env: Record<string, string>): { base: string; server: string; reuse: boolean } {
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => k !== 'CI' && k !== 'E2E_PORT' && k !== 'E2E_SERVER'),
    );
    const out = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        "const c = (await import('./playwright.config.ts')).default; console.log(JSON.stringify({ base: c.use.baseURL, server: c.webServer.url, reuse: c.webServer.reuseExistingServer }))",
      ],
      { cwd: ROOT, env: { ...clean, ...env }, encoding: 'utf8' },
    );
    return JSON.parse(out.trim().split('\n').pop() as string);
  }

  it('take a free port outside CI, so an open preview on 4173 is left alone', () => {
    const c = configPort({});
    expect(c.base).toBe(c.server);
    expect(c.base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(c.base).not.toMatch(/:(4173|5173)$/);
  }, 30_000);

  it('use E2E_PORT when given, reusing a server there outside CI; CI keeps 4173 and never reuses', () => {
    expect(configPort({ E2E_PORT: '4400' })).toEqual({
      base: 'http://127.0.0.1:4400',
      server: 'http://127.0.0.1:4400',
      reuse: true,
    });
    expect(configPort({ CI: 'true' })).toEqual({
      base: 'http://127.0.0.1:4173',
      server: 'http://127.0.0.1:4173',
      reuse: false,
    });
  }, 30_000);
});
