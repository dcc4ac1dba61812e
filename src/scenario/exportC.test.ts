import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportC, namedPages, tokenWord } from './exportC';
import { libraryScenario } from './library';
import type { Scenario } from './schema';
import { validateScenario } from './validate';

const scenario = (input: unknown): Scenario => {
  const v = validateScenario(input);
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.scenario;
};

const anonFork = scenario({
  version: 1,
  id: 't-anon-fork',
  title: 'anon write, fork, CoW in the child',
  kernel: { variant: 'v6.18' },
  processes: [{ name: 'A' }],
  steps: [
    { op: 'mmap', addr: '0x10000000', length: '0x4000', prot: ['read', 'write'], backing: { type: 'anon' } },
    { op: 'write', addr: '0x10000000', value: 'p', note: 'An anon page p, exclusive.' },
    { op: 'read', addr: '0x10002000' },
    { op: 'fork', child: 'B' },
    { op: 'write', proc: 'B', addr: '0x10000000', value: 'q' },
    { op: 'mprotect', addr: '0x10000000', length: '0x1000', prot: ['read'] },
    { op: 'munmap', proc: 'B', addr: '0x10000000', length: '0x4000' },
    { op: 'exit', proc: 'B' },
  ],
});

/** madvise(2) is a system call: exported as one, each advice by its MADV_ name. */
const advised = scenario({
  version: 1,
  kernel: { variant: 'v6.18' },
  processes: [{ name: 'A' }],
  steps: [
    {
      op: 'mmap',
      addr: '0x40000000',
      length: '0x400000',
      prot: ['read', 'write'],
      backing: { type: 'anon' },
    },
    { op: 'madvise', addr: '0x40000000', length: '0x400000', advice: 'hugepage' },
    { op: 'write', addr: '0x40000000' },
    { op: 'madvise', addr: '0x40000000', length: '0x200000', advice: 'collapse' },
    { op: 'madvise', addr: '0x40200000', length: '0x200000', advice: 'nohugepage' },
    { op: 'madvise', addr: '0x40000000', length: '0x1000', advice: 'dontneed' },
  ],
});

const devmem = scenario({
  version: 1,
  kernel: { variant: 'v6.18' },
  processes: [{ name: 'A' }],
  steps: [
    {
      op: 'mmap',
      addr: '0x20000000',
      length: '0x2000',
      prot: ['read', 'write'],
      backing: { type: 'devmem' },
      offset: '0xfe000000',
    },
    {
      op: 'mmap',
      addr: '0x30000000',
      length: '0x1000',
      prot: ['read'],
      shared: true,
      backing: { type: 'devmem' },
      offset: '0xfe001000',
    },
    { op: 'write', addr: '0x20001000', value: 'copy' },
  ],
});

describe('exportC', () => {
  it('writes one case per step, each with a comment giving its label and narration', () => {
    const r = exportC(anonFork);
    if (!r.ok) throw new Error(r.problems.map((p) => p.message).join());
    for (let i = 1; i <= anonFork.steps.length; i++) expect(r.c).toContain(`case ${i}: /*`);
    expect(r.c).toMatch(/Step 2: A: write 0x10000000[^\n]*\n\t \*\n\t \* An anon page p, exclusive\./);
    expect(r.c).toContain('MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS');
    expect(r.c).toContain(`sig = touch(0x10000000UL, 1, 0x${tokenWord('p').toString(16)}U, &value);`);
    expect(r.c).toContain('child_pid = fork();');
    expect(r.c).toContain('me = 1; /* B */');
    expect(r.c).toContain('mprotect((void *)0x10000000UL, 0x1000UL, PROT_READ)');
    expect(r.c).toContain('static const char *const proc_name[NPROC] = { "A", "B" };');
    expect(r.c).toContain('#define NINITIAL 1');
  });

  it('observes every page the scenario names', () => {
    expect(namedPages(anonFork)).toEqual([0x10000000n, 0x10002000n]);
    const r = exportC(anonFork);
    expect(r.ok && r.c).toContain('page_addr[NPAGES + 1] = { 0x10000000UL, 0x10002000UL, 0 }');
  });

  it('maps /dev/mem at the MMIO base plus the offset from the first device range, with a shadow view', () => {
    const r = exportC(devmem);
    if (!r.ok) throw new Error(r.problems.map((p) => p.message).join());
    expect(r.c).toContain('fd = open("/dev/mem", O_RDWR | O_SYNC);');
    expect(r.c).toContain('MAP_PRIVATE | MAP_FIXED, fd, mmio_base + 0x0UL)');
    expect(r.c).toContain('MAP_SHARED | MAP_FIXED, fd, mmio_base + 0x1000UL)');
    expect(r.c).toContain('add_shadow(0x20000000UL, 0x2000UL, mmio_base + 0x0UL)');
    expect(r.c).toContain('#define MMIO_USED 0x2000UL');
  });

  it('refuses operations userspace cannot perform, naming each step', () => {
    const s = scenario({
      version: 1,
      kernel: { variant: 'v6.18' },
      processes: [{ name: 'A' }],
      steps: [
        {
          op: 'mmap',
          addr: '0x10000000',
          length: '0x1000',
          prot: ['read'],
          backing: { type: 'pfnmap-driver', pfnBase: '0xfe000' },
        },
        { op: 'vmf_insert_pfn', addr: '0x10000000', pfn: '0xfe000' },
        { op: 'query', addr: '0x10000000', fn: 'vm_normal_page' },
        { op: 'inject', addr: '0x10000000', level: 'pte', entry: { type: 'none' } },
        { op: 'tick', seconds: 5 },
        { op: 'dax_pmd_load_hole', addr: '0x10000000' },
        { op: 'write', addr: '0x10000000', allocPfn: '0x5000' },
        { op: 'pin_user_pages', addr: '0x10000000', nrPages: 1 },
        { op: 'unpin_user_pages', addr: '0x10000000' },
        { op: 'shrink' },
        { op: 'mremap', addr: '0x10000000', oldLength: '0x1000', newLength: '0x1000', flags: [] },
      ],
    });
    const r = exportC(s);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(r.problems[10]?.message).toMatch(/^step 11 \(mremap\): mremap\(\) is not exported yet/);
    expect(r.problems[7]?.message).toMatch(
      /^step 8 \(pin_user_pages\): pin_user_pages\(\) is a driver's call/,
    );
    expect(r.problems[9]?.message).toMatch(/^step 10 \(shrink\): the huge zero shrinker/);
    expect(r.problems[1]?.message).toMatch(
      /^step 2 \(vmf_insert_pfn\): vmf_insert_pfn\(\) is a driver's call/,
    );
    expect(r.problems[2]?.message).toMatch(
      /^step 3 \(query\): vm_normal_page\(\) is called from inside the kernel/,
    );
    expect(r.problems[4]?.message).toMatch(/^step 5 \(tick\)/);
  });

  it('refuses addresses where the program itself lives, and device ranges beyond the MMIO window', () => {
    const s = scenario({
      version: 1,
      kernel: { variant: 'v6.18' },
      processes: [{ name: 'A' }],
      steps: [
        { op: 'mmap', addr: '0x7ff000000000', length: '0x1000', prot: ['read'], backing: { type: 'anon' } },
        {
          op: 'mmap',
          addr: '0x10000000',
          length: '0x1000',
          prot: ['read'],
          backing: { type: 'devmem' },
          offset: 0,
        },
        {
          op: 'mmap',
          addr: '0x20000000',
          length: '0x1000',
          prot: ['read'],
          backing: { type: 'devmem' },
          offset: '0x40000000',
        },
      ],
    });
    const r = exportC(s);
    expect(r.ok ? [] : r.problems.map((p) => p.step)).toEqual([1, 3]);
  });

  it('exports a lookup as an observation point only when asked', () => {
    const s = scenario(libraryScenario('zero-page')?.scenario);
    expect(exportC(s).ok).toBe(false);
    const r = exportC(s, { lookupsAsObservations: true });
    if (!r.ok) throw new Error(r.problems.map((p) => p.message).join());
    expect(r.observeOnly.length).toBeGreaterThan(0);
    expect(r.c).toContain('no syscall; pagemap below reads the entry the kernel would look up');
  });

  it('keeps comment terminators and non-ASCII text out of the C', () => {
    const s = scenario({
      ...anonFork,
      title: 'a */ title — with a dash',
      steps: [{ ...anonFork.steps[0], note: 'ends */ here' }],
    });
    const r = exportC(s);
    if (!r.ok) throw new Error('refused');
    expect(r.c).not.toContain('—');
    const body = r.c.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
    expect(body).not.toContain('title');
    expect(body).not.toContain('ends');
  });

  it('exports madvise() as the system call, with each advice', () => {
    const r = exportC(advised);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    for (const a of ['MADV_HUGEPAGE', 'MADV_COLLAPSE', 'MADV_NOHUGEPAGE', 'MADV_DONTNEED'])
      expect(r.c).toMatch(
        new RegExp(`res = madvise\\(\\(void \\*\\)0x40[0-9a-f]+UL, 0x[0-9a-f]+UL, ${a}\\) \\? errno : 0;`),
      );
  });

  const gcc = spawnSync('gcc', ['--version']).status === 0;
  it.skipIf(!gcc)('compiles with gcc -Wall -Werror', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ptlab-export-c-'));
    for (const [name, s] of [
      ['anon', anonFork],
      ['devmem', devmem],
      ['madvise', advised],
    ] as const) {
      const r = exportC(s);
      if (!r.ok) throw new Error('refused');
      const f = join(dir, `${name}.c`);
      writeFileSync(f, r.c);
      const cc = spawnSync('gcc', ['-fsyntax-only', '-Wall', '-Wextra', '-Werror', f], { encoding: 'utf8' });
      expect(cc.stderr).toBe('');
      expect(cc.status).toBe(0);
    }
  });
});
