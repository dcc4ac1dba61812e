/**
 * Operations checked against the kernel where a first model got them wrong (found in review). Each test
 * names the kernel function whose behaviour it pins.
 */
import { describe, expect, it } from 'vitest';
import { reports as allReports, runOk } from '../../scenario/lab';
import { summarizeState } from '../../scenario/summary';
import type { StepRecord } from '../run';
import type { ReportKind } from '../trace';

type Step = Record<string, unknown>;

function run(
  variant: string,
  preset: string,
  steps: Step[],
  extra: Record<string, unknown> = {},
): StepRecord[] {
  return [
    ...runOk({ version: 1, kernel: { variant, preset, ...extra }, processes: [{ name: 'A' }], steps }).steps,
  ];
}

const last = (s: StepRecord[]) => s[s.length - 1] as StepRecord;
/** Printed reports of a step (of one kind, or of every kind, "info" notes included). */
const reports = (s: StepRecord, kind?: ReportKind) => allReports(s, kind).filter((r) => !r.suppressed);
const runs = (s: StepRecord, proc = 'A') =>
  summarizeState(s.state).procs.find((p) => p.name === proc)?.mappings ?? [];

const MMAP = (
  addr: string,
  length: string,
  prot: string[],
  shared: boolean,
  backing: unknown,
  hugepage = false,
): Step => ({
  op: 'mmap',
  proc: 'A',
  addr,
  length,
  prot,
  shared,
  backing,
  hugepage,
});

describe('insert_page_into_pte_locked(): the zero folio is never made writable', () => {
  it('vmf_insert_page_mkwrite(zero page, write) on a CoW MIXEDMAP VMA maps it read-only and special', () => {
    const s = run('v6.18', 'x86-64', [
      MMAP('0x10000000', '0x4000', ['read', 'write'], false, { type: 'mixedmap-driver', pfnBase: '0xfe000' }),
      { op: 'vmf_insert_page_mkwrite', proc: 'A', addr: '0x10000000', pfn: '0x42', write: true },
    ]);
    expect(last(s).result).toBe('VM_FAULT_NOPAGE');
    expect(runs(last(s))[0]).toMatchObject({ pfn: '0x42', write: false, dirty: false, special: true });
  });
});

describe('vm_mixed_zeropage_allowed()', () => {
  it('refuses the zero page in a shared MIXEDMAP VMA that may become writable (VM_MAYWRITE)', () => {
    const s = run('v6.18', 'x86-64', [
      MMAP('0x10000000', '0x4000', ['read'], true, { type: 'mixedmap-driver', pfnBase: '0xfe000' }),
      { op: 'vmf_insert_mixed', proc: 'A', addr: '0x10000000', pfn: '0x42' },
    ]);
    expect(last(s).result).toBe('VM_FAULT_SIGBUS');
    expect(runs(last(s))).toHaveLength(0);
  });
  it('allows it in a CoW mapping', () => {
    const s = run('v6.18', 'x86-64', [
      MMAP('0x10000000', '0x4000', ['read'], false, { type: 'mixedmap-driver', pfnBase: '0xfe000' }),
      { op: 'vmf_insert_mixed', proc: 'A', addr: '0x10000000', pfn: '0x42' },
    ]);
    expect(last(s).result).toBe('VM_FAULT_NOPAGE');
  });
});

describe('wp_huge_pmd()/do_fault(): a write to a private driver mapping is a CoW, never a write to the device', () => {
  it('a private PFNMAP PMD is split and the write CoWs one page (RFC 11, where CoW PFNMAP PMDs may exist)', () => {
    const s = run('rfc-11', 'x86-64', [
      MMAP(
        '0x40000000',
        '0x200000',
        ['read', 'write'],
        false,
        { type: 'pfnmap-driver', pfnBase: '0xfe000', fault: 'pmd' },
        true,
      ),
      { op: 'read', proc: 'A', addr: '0x40000000' },
      { op: 'write', proc: 'A', addr: '0x40001000', value: 'mine' },
    ]);
    const read = s[2] as StepRecord;
    expect(runs(read)[0]).toMatchObject({ level: 'pmd', pfn: '0xfe000', write: false });
    const w = last(s);
    expect(w.result).toBe('0');
    expect(w.events.some((e) => e.t === 'branch' && e.id === 'WPH-split')).toBe(true);
    const m = runs(w);
    expect(m.every((r) => r.level === 'pte')).toBe(true);
    const written = m.find((r) => r.from === '0x40001000');
    expect(written?.pfn).not.toBe('0xfe001');
    expect(written).toMatchObject({ write: true, special: false });
    expect(summarizeState(w.state).procs[0]?.counters.anon).toBe(1);
  });
  it('a shared PFNMAP PMD is made writable by ->huge_fault()', () => {
    const s = run('v6.18', 'x86-64', [
      MMAP(
        '0x40000000',
        '0x200000',
        ['read', 'write'],
        true,
        { type: 'pfnmap-driver', pfnBase: '0xfe000', fault: 'pmd' },
        true,
      ),
      { op: 'read', proc: 'A', addr: '0x40000000' },
      { op: 'write', proc: 'A', addr: '0x40001000' },
    ]);
    expect(runs(last(s))[0]).toMatchObject({ level: 'pmd', pfn: '0xfe000', write: true });
  });
  it('a private MIXEDMAP write fault inserts read-only, then the retry CoWs into an anon page', () => {
    const s = run('v6.18', 'x86-64', [
      MMAP('0x10000000', '0x4000', ['read', 'write'], false, { type: 'mixedmap-driver', pfnBase: '0xfe000' }),
      { op: 'write', proc: 'A', addr: '0x10000000', value: 'v' },
    ]);
    const m = runs(last(s));
    expect(m[0]).toMatchObject({ write: true, special: false });
    expect(m[0]?.pfn).not.toBe('0xfe000');
    expect(summarizeState(last(s).state).procs[0]?.counters.anon).toBe(1);
  });
});

describe('do_wp_page(): shared mappings are handled before anon reuse', () => {
  it('a write to a read-only shared file page makes it writable in place (wp_page_shared)', () => {
    const s = run('v6.18', 'x86-64', [
      MMAP('0x10000000', '0x1000', ['read', 'write'], true, { type: 'file', file: 'f' }),
      { op: 'read', proc: 'A', addr: '0x10000000' },
      { op: 'mprotect', proc: 'A', addr: '0x10000000', length: '0x1000', prot: ['read'] },
      { op: 'mprotect', proc: 'A', addr: '0x10000000', length: '0x1000', prot: ['read', 'write'] },
    ]);
    expect(last(s).result).toBe('0');
  });
});

describe('zap_huge_pmd(): DAX PMDs are folios, not "special huge" (fs/dax refcounting, v6.15)', () => {
  it('munmap of a DAX PMD folio drops its reference, mapcount and MM_FILEPAGES', () => {
    const s = run(
      'v6.18',
      'x86-64',
      [
        MMAP('0x40000000', '0x200000', ['read'], true, { type: 'dax', file: 'pmem' }),
        { op: 'vmf_insert_folio_pmd', proc: 'A', addr: '0x40000000', folio: '0x20000' },
        { op: 'munmap', proc: 'A', addr: '0x40000000', length: '0x200000' },
        { op: 'exit', proc: 'A' },
      ],
      {},
    );
    const inserted = summarizeState((s[2] as StepRecord).state);
    expect(inserted.procs[0]?.counters.file).toBe(0); // no folio at 0x20000 yet: SIGBUS
    expect((s[2] as StepRecord).result).toBe('VM_FAULT_SIGBUS');
  });
  it('with a PMD-order file folio placed at 0x20000, the zap balances every counter', () => {
    const r = runOk({
      version: 1,
      kernel: { variant: 'v6.18' },
      memory: { folios: [{ pfn: '0x20000', order: 9, kind: 'file', refcount: 1 }] },
      processes: [{ name: 'A' }],
      steps: [
        MMAP('0x40000000', '0x200000', ['read'], true, { type: 'dax', file: 'pmem' }),
        { op: 'vmf_insert_folio_pmd', proc: 'A', addr: '0x40000000', folio: '0x20000' },
        { op: 'munmap', proc: 'A', addr: '0x40000000', length: '0x200000' },
        { op: 'exit', proc: 'A' },
      ],
    });
    const afterInsert = summarizeState((r.steps[2] as StepRecord).state);
    expect(afterInsert.procs[0]?.counters.file).toBe(512);
    expect(afterInsert.folios.find((f) => f.pfn === '0x20000')).toMatchObject({ refcount: 2, mapcount: 1 });
    const end = last([...r.steps]);
    expect(summarizeState(end.state).folios.find((f) => f.pfn === '0x20000')).toMatchObject({
      refcount: 1,
      mapcount: 0,
    });
    expect(reports(end, 'bad_rss')).toHaveLength(0);
  });
});

describe('copy_huge_pmd() special shortcut of RFC 08-14: the child has no deposited table', () => {
  const steps: Step[] = [
    MMAP('0x40000000', '0x200000', ['read', 'write'], false, { type: 'anon' }, true),
    { op: 'read', proc: 'A', addr: '0x40000000' },
    { op: 'fork', proc: 'A', child: 'B' },
    { op: 'munmap', proc: 'B', addr: '0x40000000', length: '0x200000' },
  ];
  it('rfc-08: zapping the child huge zero PMD withdraws from an empty list: NULL pointer oops', () => {
    const s = run('rfc-08', 'x86-64', steps);
    expect(last(s).result).toBe('BUG');
    expect(reports(last(s), 'bug')[0]?.lines.join('\n')).toContain('BUG: kernel NULL pointer dereference');
  });
  it('v6.18: the shortcut excludes the huge zero PMD, the child has its deposit, the zap is clean', () => {
    const s = run('v6.18', 'x86-64', steps);
    expect(last(s).result).toBe('0');
    expect(reports(last(s))).toHaveLength(0);
  });
});

describe('mm-2026: zap_huge_pmd() through vm_normal_folio_pmd() exposes the missing PMD special bit (S13)', () => {
  const steps: Step[] = [
    MMAP('0x40000000', '0x200000', ['read'], false, { type: 'anon' }, true),
    { op: 'read', proc: 'A', addr: '0x40000000' },
    { op: 'exit', proc: 'A' },
  ];
  it('x86-32 with THP: VM_WARN in __vm_normal_page, then "Bad rss-counter state" at exit', () => {
    const s = run('mm-2026', 'x86-32-thp', steps);
    const kinds = reports(last(s)).map((r) => r.kind);
    expect(kinds).toContain('vm_warn');
    expect(kinds).toContain('bad_rss');
  });
  it('the 2026 fix: clean', () => {
    const s = run('fix-2026', 'x86-32-thp', steps);
    expect(reports(last(s)).filter((r) => r.kind !== 'info')).toHaveLength(0);
  });
  it('v6.18 (zap tests is_huge_zero_pmd itself): clean at zap', () => {
    const s = run('v6.18', 'x86-32-thp', steps);
    expect(reports(last(s)).filter((r) => r.kind !== 'info')).toHaveLength(0);
  });
});

describe('get_locked_pte()/remap_pmd_range() under a huge PMD', () => {
  const base: Step[] = [
    MMAP(
      '0x40000000',
      '0x200000',
      ['read', 'write'],
      true,
      { type: 'pfnmap-driver', pfnBase: '0xfe000', fault: 'pmd' },
      true,
    ),
    { op: 'read', proc: 'A', addr: '0x40000000' },
  ];
  it('vmf_insert_pfn: VM_BUG_ON with DEBUG_VM', () => {
    const s = run('v6.18', 'x86-64', [
      ...base,
      { op: 'vmf_insert_pfn', proc: 'A', addr: '0x40001000', pfn: '0xfe100' },
    ]);
    expect(last(s).result).toBe('BUG');
  });
  it('vmf_insert_pfn: VM_FAULT_OOM without DEBUG_VM', () => {
    const s = run(
      'v6.18',
      'x86-64',
      [...base, { op: 'vmf_insert_pfn', proc: 'A', addr: '0x40001000', pfn: '0xfe100' }],
      {
        config: { debugVm: false },
      },
    );
    expect(last(s).result).toBe('VM_FAULT_OOM');
  });
  it('remap_pfn_range: -ENOMEM without DEBUG_VM', () => {
    const s = run(
      'v6.18',
      'x86-64',
      [...base, { op: 'remap_pfn_range', proc: 'A', addr: '0x40000000', pfn: '0xfe000', length: '0x1000' }],
      {
        config: { debugVm: false },
      },
    );
    expect(last(s).result).toBe('-ENOMEM');
  });
});

describe('zap of a folio whose mapcount underflows', () => {
  it('PTE: "Bad page map" with the page dumped, and no BUG for the refcount (mmu_gather frees without VM_BUG_ON)', () => {
    const r = runOk({
      version: 1,
      kernel: { variant: 'v6.18', preset: 'x86-64' },
      memory: { folios: [{ pfn: '0x5000', kind: 'anon', refcount: 0, mapcount: 0 }] },
      processes: [{ name: 'A' }],
      steps: [
        MMAP('0x10000000', '0x1000', ['read', 'write'], false, { type: 'anon' }),
        {
          op: 'inject',
          proc: 'A',
          addr: '0x10000000',
          level: 'pte',
          entry: { type: 'leaf', pfn: '0x5000', write: true },
        },
        { op: 'munmap', proc: 'A', addr: '0x10000000', length: '0x1000' },
      ],
    });
    const end = last([...r.steps]);
    expect(end.result).toBe('0');
    const bad = reports(end, 'bad_page_map')[0];
    expect(bad?.lines.join('\n')).toContain('page dumped because: bad page map');
    expect(reports(end, 'bug')).toHaveLength(0);
  });
});

describe('gntdev_mmap()', () => {
  it('refuses a private writable mapping with -EINVAL', () => {
    const s = run('v6.18', 'x86-64', [
      MMAP('0x10000000', '0x1000', ['read', 'write'], false, { type: 'gntdev', pages: ['0x6000'] }),
    ]);
    expect(last(s).result).toBe('-EINVAL');
    expect(summarizeState(last(s).state).procs[0]?.vmas).toHaveLength(0);
  });
});

describe('"Bad page map" wording', () => {
  it('v6.18 prints the level and the upper tables down to the leaf, with a folded p4d', () => {
    const s = run('v6.18', 'x86-64', [
      MMAP('0x10000000', '0x1000', ['read', 'write'], false, { type: 'anon' }),
      { op: 'inject', proc: 'A', addr: '0x10000000', level: 'pte', entry: { type: 'leaf', pfn: '0x123456' } },
      { op: 'query', proc: 'A', addr: '0x10000000', fn: 'vm_normal_page' },
    ]);
    const lines = reports(last(s), 'bad_page_map')[0]?.lines ?? [];
    expect(lines[0]).toMatch(/^BUG: Bad page map in process A {2}pte:[0-9a-f]{8,}$/);
    expect(lines[1]).toMatch(/^pgd:[0-9a-f]+ p4d:[0-9a-f]+ pud:[0-9a-f]+ pmd:[0-9a-f]+$/);
  });
  it('the baseline prints pte: and pmd: on one line', () => {
    const s = run('baseline', 'x86-64', [
      MMAP('0x10000000', '0x1000', ['read', 'write'], false, { type: 'anon' }),
      { op: 'inject', proc: 'A', addr: '0x10000000', level: 'pte', entry: { type: 'leaf', pfn: '0x123456' } },
      { op: 'query', proc: 'A', addr: '0x10000000', fn: 'vm_normal_page' },
    ]);
    const lines = reports(last(s), 'bad_page_map')[0]?.lines ?? [];
    expect(lines[0]).toMatch(/^BUG: Bad page map in process A {2}pte:[0-9a-f]+ pmd:[0-9a-f]+$/);
    expect(lines.some((l) => l.startsWith('file:(null) fault:0x0 mmap:0x0 read_folio:0x0'))).toBe(true);
  });
});
