/**
 * The largest scenario ptlab accepts: every limit of LIMITS at once (64 processes, forks included, 5,000 steps,
 * the PTE tables that remap_pfn_range() and fork may fill, two mappings of LIMITS.mapBytes).
 * `node --import tsx bench/cli-memory.ts` runs it through the CLI; largest.test.ts keeps it accepted and at
 * the limits. A fixture, not part of the runner.
 */
import { LIMITS } from '../scenario/limits';

const GiB = 2 ** 30;
const hex = (n: number) => `0x${n.toString(16)}`;

export type ScenarioJson = Record<string, unknown> & { steps: unknown[] };

/**
 * 64 processes, `forks` of them forked; P00 maps 256 GiB of /dev/mem (67,108,864 PTEs, 256 PMD tables' worth) and
 * forks `forks` times (7 reaches LIMITS.pmdTables exactly); P01 and P02 each map a 512 GiB pfnmap BAR and fault in its 512 PUDs; every
 * process maps 64 MiB of anonymous memory; the remaining steps, up to LIMITS.steps, write into the anonymous
 * memory of the processes holding the 256 GiB mapping, so every step changes a process with 67,108,864 entries.
 */
export function largestScenario(forks = 7): ScenarioJson {
  // Forked processes count against LIMITS.processes like declared ones.
  const procs = Array.from({ length: LIMITS.processes - forks }, (_, i) => `P${String(i).padStart(2, '0')}`);
  const children = Array.from({ length: forks }, (_, i) => `Q${i + 1}`);
  const steps: unknown[] = [
    {
      op: 'mmap',
      proc: 'P00',
      addr: hex(GiB),
      length: hex(256 * GiB),
      prot: ['read', 'write'],
      shared: true,
      backing: { type: 'devmem', openMode: 'rdwr' },
      offset: '0x100000',
      name: 'devmem-256G',
    },
  ];
  for (const c of children) steps.push({ op: 'fork', proc: 'P00', child: c });
  for (const p of ['P01', 'P02'])
    steps.push({
      op: 'mmap',
      proc: p,
      addr: hex(LIMITS.mapBytes),
      length: hex(LIMITS.mapBytes),
      prot: ['read', 'write'],
      shared: true,
      backing: { type: 'pfnmap-driver', pfnBase: '0x1000000', fault: 'pud' },
      name: 'bar-512G',
    });
  const anon = 0x10000000;
  for (const p of [...procs, ...children])
    steps.push({
      op: 'mmap',
      proc: p,
      addr: hex(anon),
      length: hex(64 * 2 ** 20),
      prot: ['read', 'write'],
      backing: { type: 'anon' },
    });
  for (const p of ['P01', 'P02'])
    for (let i = 0; i < 512; i++)
      steps.push({ op: 'read', proc: p, addr: hex(LIMITS.mapBytes + i * GiB + 0x1000) });
  const busy = ['P00', ...children];
  for (let i = 0; steps.length < LIMITS.steps; i++) {
    const proc = busy[i % busy.length] as string;
    const addr = hex(anon + ((Math.floor(i / busy.length) * 0x41000) % (64 * 2 ** 20)));
    steps.push(i % 3 ? { op: 'write', proc, addr, value: `w${i}` } : { op: 'read', proc, addr });
  }
  return {
    version: 1,
    title: `the largest accepted scenario (256 GiB /dev/mem forked ${forks} times)`,
    kernel: { variant: 'v6.18', preset: 'x86-64' },
    memory: {
      ranges: [
        { start: 0, end: '0x1000000', type: 'ram' },
        { start: '0x1000000', end: '0x9000000', type: 'device' },
      ],
    },
    processes: procs.map((name) => ({ name })),
    steps,
  };
}
