/**
 * Builds the exported programs statically, packs them with busybox into an initramfs, boots a kernel under
 * QEMU (TCG: there is no KVM here) with an ivshmem-plain device and iomem=relaxed, and reads back each
 * program's lines from the serial console. One QEMU at a time.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Program {
  readonly name: string;
  readonly c: string;
}

/** Compiles each program; returns the binaries and the programs gcc refused (with its message). */
export function buildAll(
  dir: string,
  progs: readonly Program[],
): { built: string[]; failed: Map<string, string> } {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const built: string[] = [];
  const failed = new Map<string, string>();
  for (const p of progs) {
    const src = join(dir, `${p.name}.c`);
    writeFileSync(src, p.c);
    // -static-pie: the binary loads high (ELF_ET_DYN_BASE), leaving low addresses to the scenario's MAP_FIXED.
    const r = spawnSync('gcc', ['-static-pie', '-O1', '-Wall', '-Werror', '-o', join(dir, p.name), src], {
      encoding: 'utf8',
    });
    if (r.status === 0) built.push(p.name);
    else failed.set(p.name, `${r.stderr}`.slice(0, 2000));
  }
  return { built, failed };
}

const INIT = `#!/bin/busybox sh
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t devtmpfs dev /dev
/bin/busybox mount -t sysfs sys /sys
# ptlab models THP in "madvise" mode; Debian builds TRANSPARENT_HUGEPAGE_ALWAYS.
echo madvise > /sys/kernel/mm/transparent_hugepage/enabled
# khugepaged must not collapse PTE-mapped ranges behind a scenario's back.
echo 3600000 > /sys/kernel/mm/transparent_hugepage/khugepaged/scan_sleep_millisecs
echo 0 > /proc/sys/kernel/randomize_va_space
# The programs write to the second serial port: the kernel's console messages stay on the first, so
# they never land in the middle of a JSON line.
for p in /p/*; do
  n=\${p#/p/}
  echo "===PTLAB BEGIN $n" > /dev/ttyS1
  $p > /dev/ttyS1 2>&1
  echo "===PTLAB END $n $?" > /dev/ttyS1
done
echo "===PTLAB DONE" > /dev/ttyS1
/bin/busybox poweroff -f
`;

export function initramfs(dir: string, bins: readonly string[], buildDir: string): string {
  const root = join(dir, 'root');
  rmSync(root, { recursive: true, force: true });
  for (const d of ['bin', 'proc', 'dev', 'sys', 'p']) mkdirSync(join(root, d), { recursive: true });
  copyFileSync('/bin/busybox', join(root, 'bin/busybox'));
  chmodSync(join(root, 'bin/busybox'), 0o755);
  for (const b of bins) copyFileSync(join(buildDir, b), join(root, 'p', b));
  for (const b of bins) chmodSync(join(root, 'p', b), 0o755);
  writeFileSync(join(root, 'init'), INIT);
  chmodSync(join(root, 'init'), 0o755);
  const out = join(dir, 'initrd.gz');
  execFileSync('sh', [
    '-c',
    'cd "$1" && find . | cpio -o -H newc 2>/dev/null | gzip -1 > "$2"',
    'sh',
    root,
    out,
  ]);
  return out;
}

export interface BootResult {
  /** Each program's output lines, by name. */
  readonly programs: Map<string, { lines: string[]; exit: number | null }>;
  readonly done: boolean;
  readonly seconds: number;
  readonly console: string;
}

export function boot(vmlinuz: string, initrd: string, timeoutSeconds: number, workDir: string): BootResult {
  const t0 = Date.now();
  const outFile = join(workDir, 'programs.txt');
  rmSync(outFile, { force: true });
  const r = spawnSync(
    'timeout',
    [
      String(timeoutSeconds),
      'qemu-system-x86_64',
      '-accel',
      'tcg',
      '-m',
      '1024',
      '-smp',
      '1',
      '-display',
      'none',
      '-serial',
      'stdio',
      '-serial',
      `file:${outFile}`,
      '-no-reboot',
      '-kernel',
      vmlinuz,
      '-initrd',
      initrd,
      '-append',
      'console=ttyS0 iomem=relaxed quiet loglevel=1 panic=-1 transparent_hugepage=madvise',
      // ivshmem-plain: a 1 GiB BAR 2 of RAM-backed MMIO (64-bit, placed above 4 GiB), the device memory the
      // /dev/mem steps map.
      '-object',
      'memory-backend-ram,id=ptlabmmio,size=1G',
      '-device',
      'ivshmem-plain,memdev=ptlabmmio',
    ],
    { encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const text = existsSync(outFile) ? readFileSync(outFile, 'utf8').replace(/\r/g, '') : '';
  const programs = new Map<string, { lines: string[]; exit: number | null }>();
  let cur: { lines: string[]; exit: number | null } | undefined;
  for (const line of text.split('\n')) {
    const b = line.match(/===PTLAB BEGIN (\S+)/);
    const e = line.match(/===PTLAB END (\S+) (\d+)/);
    if (b) {
      cur = { lines: [], exit: null };
      programs.set(b[1] as string, cur);
    } else if (e && cur) {
      cur.exit = Number(e[2]);
      cur = undefined;
    } else if (cur) cur.lines.push(line);
  }
  return {
    programs,
    done: text.includes('===PTLAB DONE'),
    seconds: (Date.now() - t0) / 1000,
    console: `${text}${r.stderr ?? ''}`,
  };
}
