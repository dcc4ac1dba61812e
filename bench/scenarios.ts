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

/** mulberry32: a small seeded generator, so the random scenario is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `n` random operations (seeded): reads and writes in a private anonymous mapping and in a shared /dev/mem
 * mapping of MMIO, forks up to four processes, munmap, mmap again and mprotect of 64 KiB chunks. Accesses
 * may fault, hit a PROT_NONE chunk or an unmapped one; all of that is the model's to answer.
 */
export function randomSteps(n: number, seed = 1): ScenarioJson {
  const rnd = seeded(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const ANON = 0x10000000;
  const ANON_LEN = 16 * MiB;
  const DEV = 0x40000000;
  const DEV_LEN = 2 * MiB;
  const CHUNK = 64 * 1024;
  const procs = ['A'];
  const steps: unknown[] = [
    {
      op: 'mmap',
      proc: 'A',
      addr: hex(ANON),
      length: hex(ANON_LEN),
      prot: ['read', 'write'],
      backing: { type: 'anon' },
    },
    {
      op: 'mmap',
      proc: 'A',
      addr: hex(DEV),
      length: hex(DEV_LEN),
      prot: ['read', 'write'],
      shared: true,
      backing: { type: 'devmem', openMode: 'rdwr' },
      offset: '0xfe000000',
    },
  ];
  const page = (base: number, len: number) => hex(base + Math.floor(rnd() * (len / 4096)) * 4096);
  const chunk = () => hex(ANON + Math.floor(rnd() * (ANON_LEN / CHUNK)) * CHUNK);
  for (let i = 0; steps.length < n; i++) {
    const proc = pick(procs);
    const r = rnd();
    if (r < 0.45) {
      const addr = page(ANON, ANON_LEN);
      steps.push(rnd() < 0.5 ? { op: 'read', proc, addr } : { op: 'write', proc, addr, value: `v${i}` });
    } else if (r < 0.6) {
      const addr = page(DEV, DEV_LEN);
      steps.push(rnd() < 0.5 ? { op: 'read', proc, addr } : { op: 'write', proc, addr, value: `d${i}` });
    } else if (r < 0.65 && procs.length < 4) {
      const child = String.fromCharCode(65 + procs.length);
      procs.push(child);
      steps.push({ op: 'fork', proc, child });
    } else if (r < 0.72) {
      steps.push({ op: 'munmap', proc, addr: chunk(), length: hex(CHUNK) });
    } else if (r < 0.79) {
      steps.push({
        op: 'mmap',
        proc,
        addr: chunk(),
        length: hex(CHUNK),
        prot: ['read', 'write'],
        backing: { type: 'anon' },
      });
    } else if (r < 0.86) {
      steps.push({
        op: 'mprotect',
        proc,
        addr: chunk(),
        length: hex(CHUNK),
        prot: pick([['read'], ['read', 'write'], []]),
      });
    } else {
      steps.push({ op: 'read', proc, addr: page(ANON, ANON_LEN) });
    }
  }
  return {
    version: 1,
    title: `${n} random operations (seed ${seed})`,
    kernel: { variant: 'v6.18' },
    processes: [{ name: 'A' }],
    steps,
  };
}
