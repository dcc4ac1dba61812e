/**
 * The scenarios the benchmarks run, as plain JSON (what a share link carries), shared by the Node and the
 * browser benchmarks.
 */
import { devmemRemap as sharedDevmemRemap } from '../src/scenario/fixtures';
import { encodeLink } from '../src/share/link';

export const MiB = 2 ** 20;
export const GiB = 2 ** 30;
const hex = (n: number) => `0x${n.toString(16)}`;

export type ScenarioJson = Record<string, unknown> & { steps: unknown[] };

/** mmap of /dev/mem MAP_SHARED over `bytes` at 1 GiB, shared with the tests. */
export function devmemRemap(bytes: number, extra: unknown[] = []): ScenarioJson {
  return sharedDevmemRemap(bytes, extra);
}

/** The browser cases of devmemRemap: the mmap, then a read at the start and one at the end (no faults). */
export function devmemDraw(bytes: number): ScenarioJson {
  return devmemRemap(bytes, [
    { op: 'read', proc: 'A', addr: '0x40000000' },
    { op: 'read', proc: 'A', addr: hex(GiB + bytes - 0x1000) },
  ]);
}

/** The largest mapping one operation may make (LIMITS.mapBytes) and one PUD table's worth of entries. */
export const PUD_SPAN = 512 * GiB;

/**
 * A pfnmap driver's 512 GiB BAR (device pfns, no struct pages) mmapped MAP_SHARED at 512 GiB, with a
 * ->huge_fault() that inserts PUDs; one read per GiB faults in 512 special PUD leaves, one per step.
 */
export function pudPfnmap512(): ScenarioJson {
  const base = PUD_SPAN;
  const steps: unknown[] = [
    {
      op: 'mmap',
      proc: 'A',
      addr: hex(base),
      length: hex(PUD_SPAN),
      prot: ['read', 'write'],
      shared: true,
      backing: { type: 'pfnmap-driver', pfnBase: '0x1000000', fault: 'pud' },
      name: 'bar-512G',
    },
  ];
  for (let i = 0; i < 512; i++) steps.push({ op: 'read', proc: 'A', addr: hex(base + i * GiB + 0x1000) });
  return {
    version: 1,
    title: 'PUD-level PFNMAP of 512 GiB, 512 faults',
    kernel: { variant: 'v6.18', preset: 'x86-64' },
    memory: {
      ranges: [
        { start: 0, end: '0x80000', type: 'ram' },
        { start: '0x1000000', end: '0x9000000', type: 'device' },
      ],
    },
    processes: [{ name: 'A' }],
    steps,
  };
}

/**
 * A private anonymous mapping and `n` accesses, alternately write and read, 260 KiB apart: every step
 * faults a page in (a write allocates an anon page, a read maps the shared zero page), filling 26 PTE
 * tables by the end.
 */
export function anonSteps(n: number): ScenarioJson {
  const base = 0x10000000;
  const steps: unknown[] = [
    {
      op: 'mmap',
      proc: 'A',
      addr: hex(base),
      length: hex(64 * MiB),
      prot: ['read', 'write'],
      backing: { type: 'anon' },
      name: 'anon-64M',
    },
  ];
  for (let i = 0; i < n; i++) {
    const addr = hex(base + i * 0x41000);
    steps.push(i % 2 ? { op: 'read', proc: 'A', addr } : { op: 'write', proc: 'A', addr, value: `w${i}` });
  }
  return {
    version: 1,
    title: `anon mmap and ${n} accesses`,
    kernel: { variant: 'v6.18' },
    processes: [{ name: 'A' }],
    steps,
  };
}

/** The page's link (query and fragment) to a custom scenario, opened at step `step`. */
export function linkTo(json: ScenarioJson, step?: number): string {
  return encodeLink(
    { scenario: { kind: 'custom', json }, settings: {}, ...(step === undefined ? {} : { step }) },
    JSON.stringify(json),
  );
}
