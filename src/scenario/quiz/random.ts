/**
 * A small scenario made from a seed, for the random quiz: a mapping or two (anonymous memory, a private
 * /dev/mem mapping, a CoW mapping that a driver fills with remap_pfn_range()), then faults, queries of
 * vm_normal_page() and a fork. The same seed makes the same scenario on every machine (a seeded PRNG, no
 * clock), so a teacher hands a class the same quiz by its link, as the OSTEP simulators do with `-s`.
 * Pure and small: the page imports it to open a seeded quiz link.
 */
import type { ScenarioInput } from '../schema';

/** Seeds are whole numbers from 1 to MAX_SEED. */
export const MAX_SEED = 999_999_999;

/** mulberry32: a 32-bit seeded PRNG, uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Step = ScenarioInput['steps'][number];

interface Mapping {
  readonly name: string;
  readonly base: number;
  readonly steps: (proc: string) => Step[];
}

const hex = (n: number) => `0x${n.toString(16)}`;
const PAGES = 4;
const LEN = hex(PAGES * 0x1000);

/** The mappings a random scenario picks from; each is set up by its own steps. */
const MAPPINGS: readonly Mapping[] = [
  {
    name: 'N',
    base: 0x10000000,
    steps: (proc) => [
      {
        op: 'mmap',
        proc,
        addr: hex(0x10000000),
        length: LEN,
        prot: ['read', 'write'],
        backing: { type: 'anon' },
        name: 'N',
      } as Step,
    ],
  },
  {
    name: 'P',
    base: 0x20000000,
    steps: (proc) => [
      {
        op: 'mmap',
        proc,
        addr: hex(0x20000000),
        length: LEN,
        prot: ['read', 'write'],
        backing: { type: 'devmem', openMode: 'rdwr' },
        offset: '0x4000000',
        name: 'P',
      } as Step,
    ],
  },
  {
    name: 'C',
    base: 0x30000000,
    steps: (proc) => [
      {
        op: 'mmap',
        proc,
        addr: hex(0x30000000),
        length: LEN,
        prot: ['read', 'write'],
        backing: { type: 'raw', flags: ['READ', 'WRITE', 'MAYREAD', 'MAYWRITE', 'MAYEXEC'], pgoff: '0x0' },
        name: 'C',
      } as Step,
      { op: 'remap_pfn_range', proc, addr: hex(0x30000000), length: LEN, pfn: '0x7000' } as Step,
    ],
  },
];

/** Kernels a random scenario runs on: before the series, RFC 11 (CoW PFNMAP pages) and v6.18. */
const KERNELS = ['baseline', 'rfc-11', 'v6.18'] as const;
const PRESETS = ['x86-64', 'no-pte-special'] as const;

/** The scenario of a seed (a whole number; others are taken modulo MAX_SEED). */
export function randomScenario(seed: number): ScenarioInput {
  const s = Math.abs(Math.trunc(seed)) % (MAX_SEED + 1);
  const rnd = mulberry32(s);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const maps = MAPPINGS.filter(() => rnd() < 0.6);
  if (maps.length === 0) maps.push(pick(MAPPINGS));
  const steps: Step[] = maps.flatMap((m) => m.steps('A'));
  const procs = ['A'];
  const ops = 3 + Math.floor(rnd() * 3);
  let forked = false;
  for (let i = 0; i < ops; i++) {
    const r = rnd();
    if (!forked && i > 0 && r < 0.2) {
      steps.push({ op: 'fork', proc: 'A', child: 'B' } as Step);
      procs.push('B');
      forked = true;
      continue;
    }
    const proc = pick(procs);
    const m = pick(maps);
    const addr = hex(m.base + Math.floor(rnd() * PAGES) * 0x1000);
    if (r < 0.45) steps.push({ op: 'write', proc, addr, value: `${proc} data ${i}` } as Step);
    else if (r < 0.75) steps.push({ op: 'read', proc, addr } as Step);
    else steps.push({ op: 'query', proc, addr, fn: 'vm_normal_page' } as Step);
  }
  return {
    version: 1,
    title: `Random scenario, seed ${s}`,
    kernel: { variant: pick(KERNELS), preset: pick(PRESETS) },
    processes: [{ name: 'A' }],
    steps,
  } as ScenarioInput;
}
