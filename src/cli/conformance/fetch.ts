/**
 * What the conformance check needs from Debian: the host tools (installed with apt-get) and two kernels,
 * fetched without installing them: `apt-get download` with a private sources list and lists directory,
 * then its image unpacked from `dpkg-deb --fsys-tarfile` into a cache folder outside git.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Thrown when Debian's archive cannot be reached: the check says so plainly and fails. */
export class ArchiveUnreachable extends Error {}

export function cacheDir(): string {
  const base =
    process.env.PTLAB_CONFORMANCE_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'ptlab-conformance');
  mkdirSync(base, { recursive: true });
  return base;
}

const have = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

/** qemu, a static busybox, gcc (static glibc), xz and cpio: from bookworm or whatever the host's apt has. */
export function ensureTools(log: (s: string) => void): void {
  const need: [string, string][] = [
    ['qemu-system-x86_64', 'qemu-system-x86'],
    ['gcc', 'gcc'],
    ['xz', 'xz-utils'],
    ['cpio', 'cpio'],
  ];
  const pkgs = need.filter(([c]) => !have(c)).map(([, p]) => p);
  if (
    !existsSync('/bin/busybox') ||
    !/statically linked/.test(spawnSync('file', ['-L', '/bin/busybox']).stdout?.toString() ?? '')
  )
    pkgs.push('busybox-static');
  if (!existsSync('/usr/lib/x86_64-linux-gnu/libc.a')) pkgs.push('libc6-dev');
  if (!have('file')) pkgs.push('file');
  if (!pkgs.length) return;
  log(`apt-get install ${pkgs.join(' ')}`);
  const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const run = (args: string[]) => {
    const r = spawnSync(
      sudo[0] ?? args[0] ?? '',
      [...sudo.slice(1), ...(sudo.length ? args : args.slice(1))],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      },
    );
    if (r.status !== 0) {
      const err = `${r.stdout}${r.stderr}`;
      if (/Could not resolve|Failed to fetch|Temporary failure|Unable to connect|Connection failed/.test(err))
        throw new ArchiveUnreachable(
          `Debian's package archive cannot be reached (apt-get ${args[1]}):\n${err.slice(-800)}`,
        );
      throw new Error(`${args.join(' ')} failed:\n${err.slice(-800)}`);
    }
  };
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', ...pkgs]);
}

export interface KernelSpec {
  /** The Debian suite. */
  readonly suite: 'sid' | 'trixie';
  /** Package names (regular expression over the whole name) holding the image; the newest is taken. */
  readonly pkg: RegExp;
  readonly label: string;
}

export const KERNELS: readonly KernelSpec[] = [
  // sid: Linux 7.2, with the merged series (CONFIG_FIND_NORMAL_PAGE=y). The image alone, ~14 MB.
  { suite: 'sid', pkg: /^linux-binary-7\.2\.\d+\+deb\d+-amd64$/, label: '7.2' },
  // trixie: Linux 6.12, from before the series. Image and modules in one package, ~108 MB.
  { suite: 'trixie', pkg: /^linux-image-6\.12\.\d+\+deb\d+-amd64$/, label: '6.12' },
];

/**
 * The Debian archive this machine's apt already uses (its main archive, not the security one), so the
 * kernels come from the same mirror as every other package here; `PTLAB_DEBIAN_ARCHIVE` overrides it.
 */
export function archiveFrom(sources: readonly string[]): string | undefined {
  for (const text of sources) {
    // deb822 (.sources): a stanza's URIs, skipping the security archive.
    for (const stanza of text.split(/\n\s*\n/)) {
      const uri = /^URIs:\s*(\S+)/m.exec(stanza)?.[1];
      const suites = /^Suites:\s*(.+)$/m.exec(stanza)?.[1] ?? '';
      if (uri && !/-security\b/.test(suites) && !/security/.test(uri)) return uri;
    }
    // One-line style (sources.list): deb [options] URI suite components.
    for (const line of text.split('\n')) {
      const m = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(line.trim());
      if (m?.[1] && m[2] && !m[2].includes('security') && !m[1].includes('security')) return m[1];
    }
  }
  return undefined;
}

function archive(): string {
  const given = process.env.PTLAB_DEBIAN_ARCHIVE;
  if (given) return given;
  const files = ['/etc/apt/sources.list'];
  const parts = '/etc/apt/sources.list.d';
  if (existsSync(parts))
    for (const f of readdirSync(parts)) if (/\.(sources|list)$/.test(f)) files.push(join(parts, f));
  const found = archiveFrom(files.filter((f) => existsSync(f)).map((f) => readFileSync(f, 'utf8')));
  if (!found)
    throw new Error(
      "no Debian archive in apt's sources (/etc/apt/sources.list, sources.list.d): set PTLAB_DEBIAN_ARCHIVE to one",
    );
  return found;
}

function aptOpts(dir: string): string[] {
  return [
    '-o',
    `Dir::Etc::sourcelist=${join(dir, 'sources.list')}`,
    '-o',
    'Dir::Etc::sourceparts=-',
    '-o',
    `Dir::State::Lists=${join(dir, 'lists')}`,
    '-o',
    `Dir::Cache=${join(dir, 'apt-cache')}`,
    '-o',
    'Debug::NoLocking=1',
    '-o',
    'APT::Sandbox::User=root',
  ];
}

const versionKey = (name: string) => (name.match(/\d+/g) ?? []).map((n) => n.padStart(8, '0')).join('.');

export interface FetchedKernel {
  readonly spec: KernelSpec;
  readonly pkg: string;
  readonly version: string;
  readonly vmlinuz: string;
}

/** Updates the private lists (both suites in one go), then fetches and unpacks each kernel not yet cached. */
export function fetchKernels(log: (s: string) => void): FetchedKernel[] {
  const dir = join(cacheDir(), 'apt');
  for (const d of ['lists/partial', 'apt-cache/archives/partial', 'debs'])
    mkdirSync(join(dir, d), { recursive: true });
  const url = archive();
  writeFileSync(
    join(dir, 'sources.list'),
    [...new Set(KERNELS.map((k) => k.suite))]
      .map((s) => `deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${url} ${s} main\n`)
      .join(''),
  );
  const opts = aptOpts(dir);
  log('apt-get update (private lists: sid, trixie)');
  const up = spawnSync('apt-get', [...opts, 'update', '-qq'], { encoding: 'utf8' });
  const upText = `${up.stdout}${up.stderr}`;
  if (up.status !== 0 || /^(W|E): Failed to fetch/m.test(upText))
    throw new ArchiveUnreachable(
      `Debian's package archive cannot be reached (apt-get update of sid and trixie):\n${upText.slice(-800)}`,
    );
  const names = execFileSync('apt-cache', [...opts, 'pkgnames', 'linux-'], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  }).split('\n');
  return KERNELS.map((spec) => {
    const pkg = names
      .filter((n) => spec.pkg.test(n))
      .sort((a, b) => versionKey(a).localeCompare(versionKey(b)))
      .pop();
    if (!pkg) throw new Error(`no package in ${spec.suite} matches ${spec.pkg}`);
    const version =
      execFileSync('apt-cache', [...opts, 'show', '--no-all-versions', pkg], { encoding: 'utf8' }).match(
        /^Version: (.*)$/m,
      )?.[1] ?? '?';
    const out = join(cacheDir(), 'kernels', `${pkg}_${version}`);
    const find = () => findVmlinuz(out);
    if (!find()) {
      log(`apt-get download ${pkg} (${version})`);
      const dl = spawnSync('apt-get', [...opts, 'download', `${pkg}=${version}`], {
        cwd: join(dir, 'debs'),
        encoding: 'utf8',
      });
      if (dl.status !== 0)
        throw new ArchiveUnreachable(
          `Debian's package archive cannot be reached (apt-get download ${pkg}):\n${`${dl.stdout}${dl.stderr}`.slice(-800)}`,
        );
      const deb = readdirSync(join(dir, 'debs')).find((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb'));
      if (!deb) throw new Error(`apt-get download ${pkg} left no .deb`);
      mkdirSync(out, { recursive: true });
      // Only the image: trixie's package also holds ~400 MB of modules, which the guest does not load.
      execFileSync('sh', [
        '-c',
        'dpkg-deb --fsys-tarfile "$1" | tar -x -C "$2" --wildcards "*vmlinuz*"',
        'sh',
        join(dir, 'debs', deb),
        out,
      ]);
      execFileSync('rm', ['-f', join(dir, 'debs', deb)]);
    }
    const vmlinuz = find();
    if (!vmlinuz) throw new Error(`${pkg} holds no vmlinuz`);
    return { spec, pkg, version, vmlinuz };
  });
}

/** boot/vmlinuz-* (trixie) or usr/lib/modules/<abi>/vmlinuz (sid's linux-binary). */
function findVmlinuz(root: string): string | undefined {
  if (!existsSync(root)) return undefined;
  const boot = join(root, 'boot');
  if (existsSync(boot)) {
    const f = readdirSync(boot).find((n) => n.startsWith('vmlinuz-'));
    if (f) return join(boot, f);
  }
  const mods = join(root, 'usr/lib/modules');
  if (existsSync(mods))
    for (const abi of readdirSync(mods))
      if (existsSync(join(mods, abi, 'vmlinuz'))) return join(mods, abi, 'vmlinuz');
  return undefined;
}
