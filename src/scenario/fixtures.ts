/**
 * Scenarios used by more than one test suite and the benchmarks, as plain JSON (what a file or a link
 * carries). Not part of the app.
 */

/**
 * mmap of /dev/mem MAP_SHARED over `bytes` at 1 GiB: mmap_mem() -> remap_pfn_range() writes every PTE.
 * `extra` steps follow.
 */
export function devmemRemap(
  bytes: number | string,
  extra: unknown[] = [],
): Record<string, unknown> & { steps: unknown[] } {
  return {
    version: 1,
    title: `remap ${bytes} bytes`,
    kernel: { variant: 'v6.18' },
    memory: { ranges: [{ start: 0, end: '0x1000000', type: 'ram' }] },
    processes: [{ name: 'A' }],
    steps: [
      {
        op: 'mmap',
        proc: 'A',
        addr: '0x40000000',
        length: bytes,
        prot: ['read', 'write'],
        shared: true,
        backing: { type: 'devmem', openMode: 'rdwr' },
        offset: '0x100000',
      },
      ...extra,
    ],
  };
}

/**
 * A read-only anonymous mapping of `length` bytes at `base` (0x10000000 unless given), then a read at each
 * offset: each read maps the shared zero page, so the PTEs sit exactly where the offsets say.
 */
export function anonReads(
  length: number,
  offsets: readonly number[],
  base = 0x10000000,
): Record<string, unknown> & { steps: unknown[] } {
  const hex = (n: number) => `0x${n.toString(16)}`;
  return {
    version: 1,
    title: `anon ${hex(length)}, ${offsets.length} reads`,
    kernel: { variant: 'v6.18' },
    processes: [{ name: 'A' }],
    steps: [
      {
        op: 'mmap',
        proc: 'A',
        addr: hex(base),
        length: hex(length),
        prot: ['read'],
        backing: { type: 'anon' },
      },
      ...offsets.map((off) => ({ op: 'read', proc: 'A', addr: hex(base + off) })),
    ],
  };
}

/**
 * Process A with a private anonymous read-write mapping of 4 pages at 0x10000000, then `extra` steps: the
 * smallest scenario with a zero-page read, a CoW write or a fork in it. `over` replaces top-level fields.
 */
export function anonMapping(
  extra: unknown[] = [],
  over: Record<string, unknown> = {},
): Record<string, unknown> & { steps: unknown[] } {
  return {
    version: 1,
    kernel: { variant: 'v6.18' },
    processes: [{ name: 'A' }],
    ...over,
    steps: [
      {
        op: 'mmap',
        proc: 'A',
        addr: '0x10000000',
        length: '0x4000',
        prot: ['read', 'write'],
        backing: { type: 'anon' },
      },
      ...extra,
    ],
  };
}
