/**
 * DAX PMD faults on a hole (fs/dax.c dax_iomap_pmd_fault()): dax_pmd_load_hole() is reached only where the
 * kernel reaches it. A PTE-order entry in the PMD's range makes grab_mapping_entry(..., PMD_ORDER) fall back,
 * and a PMD populated by a PTE table returns 0 before dax_fault_iter(); both hold in every variant. Only a
 * race on an existing huge PMD gets to dax_pmd_load_hole(), where RFC 07 changes the answer. kernel-semantics.md
 * §3.14, §4.3; Alistair Popple 2025-06-24 and 2025-07-07, David Hildenbrand 2025-07-04.
 */
import { describe, expect, it } from 'vitest';
import { runScenarioInput } from '../../scenario/run';
import type { ScenarioInput } from '../../scenario/schema';
import { entryAtAddress, summarizeState } from '../../scenario/summary';
import type { StepRecord } from '../run';
import { VARIANT_IDS, type VariantId, variantInfo } from '../variants';

const DAX = { type: 'dax', file: 'pmem.img' } as const;

function runSteps(variant: VariantId, steps: ScenarioInput['steps'], procs = ['A']): StepRecord[] {
  const r = runScenarioInput({
    version: 1,
    kernel: { variant, preset: 'x86-64' },
    processes: procs.map((name) => ({ name })),
    steps,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return [...r.run.steps];
}

const calls = (st: StepRecord) => st.events.flatMap((e) => (e.t === 'call' ? [e.fn] : []));
const branches = (st: StepRecord) => st.events.flatMap((e) => (e.t === 'branch' ? [e.id] : []));

const entryAt = (st: StepRecord, proc: string, vaddr: number) =>
  entryAtAddress(summarizeState(st.state), proc, vaddr);

describe('dax_iomap_pmd_fault(): a PMD populated by a PTE table never reaches dax_pmd_load_hole()', () => {
  for (const v of VARIANT_IDS) {
    it(`${v}: the racing PMD fault returns 0 before dax_fault_iter(), the PTE stays`, () => {
      const s = runSteps(v, [
        {
          op: 'mmap',
          proc: 'A',
          addr: '0x40000000',
          length: '0x200000',
          prot: ['read'],
          shared: true,
          backing: DAX,
        },
        { op: 'vmf_insert_page_mkwrite', proc: 'A', addr: '0x40000000', pfn: '0x42', write: false },
        { op: 'dax_pmd_load_hole', proc: 'A', addr: '0x40000000' },
      ]);
      const st = s[3] as StepRecord;
      expect(calls(st)).toContain('dax_iomap_pmd_fault');
      expect(calls(st)).not.toContain('dax_pmd_load_hole');
      expect(branches(st)).toContain('DAX-pmd-table');
      expect(st.result).toBe('0');
      expect(entryAt(st, 'A', 0x40000000)).toMatchObject({ level: 'pte', pfn: 0x42 });
    });
  }
});

describe('grab_mapping_entry(..., PMD_ORDER) falls back on the PTE-order entry dax_load_hole() left', () => {
  // B maps 1 MiB of the file at offset 2 MiB: its PMD would reach outside the VMA, so its read fault is a PTE
  // fault and dax_load_hole() leaves a PTE-order zero entry for page 0x200 of the file.
  const steps: ScenarioInput['steps'] = [
    {
      op: 'mmap',
      proc: 'B',
      addr: '0x40200000',
      length: '0x100000',
      prot: ['read'],
      shared: true,
      offset: '0x200000',
      backing: DAX,
    },
    { op: 'read', proc: 'B', addr: '0x40200000' },
    {
      op: 'mmap',
      proc: 'A',
      addr: '0x40000000',
      length: '0x400000',
      prot: ['read'],
      shared: true,
      backing: DAX,
    },
    { op: 'read', proc: 'A', addr: '0x40200000' },
    { op: 'dax_pmd_load_hole', proc: 'A', addr: '0x40200000' },
  ];
  for (const v of VARIANT_IDS) {
    it(`${v}: A's PMD fault falls back to a PTE fault; a racing one falls back too`, () => {
      const s = runSteps(v, steps, ['A', 'B']);
      const bRead = s[2] as StepRecord;
      expect(calls(bRead)).not.toContain('dax_iomap_pmd_fault');
      expect(branches(bRead)).toContain('DAX-pte-hole');
      const aRead = s[4] as StepRecord;
      expect(aRead.result).toBe('0');
      expect(calls(aRead)).toContain('dax_iomap_pmd_fault');
      expect(calls(aRead)).not.toContain('dax_pmd_load_hole');
      expect(branches(aRead)).toContain('DAX-entry-conflict');
      expect(branches(aRead)).toContain('DAX-pte-hole');
      expect(entryAt(aRead, 'A', 0x40200000)).toMatchObject({ level: 'pte', pfn: 0x42 });
      const race = s[5] as StepRecord;
      expect(race.result).toBe('VM_FAULT_FALLBACK');
      expect(calls(race)).not.toContain('dax_pmd_load_hole');
      expect(branches(race)).toContain('DAX-entry-conflict');
      expect(entryAt(race, 'A', 0x40200000)).toMatchObject({ level: 'pte', pfn: 0x42 });
    });
  }
});

describe('a race on the huge zero PMD reaches dax_pmd_load_hole(): RFC 07 changes FALLBACK to NOPAGE', () => {
  for (const v of VARIANT_IDS) {
    const nopage = variantInfo(v).features.daxUsesFolioPmd;
    it(`${v}: ${nopage ? 'VM_FAULT_NOPAGE, the PMD stays' : 'VM_FAULT_FALLBACK, split_huge_pmd() zaps the PMD'}`, () => {
      const s = runSteps(v, [
        {
          op: 'mmap',
          proc: 'A',
          addr: '0x40000000',
          length: '0x200000',
          prot: ['read'],
          shared: true,
          backing: DAX,
        },
        { op: 'read', proc: 'A', addr: '0x40000000' },
        { op: 'dax_pmd_load_hole', proc: 'A', addr: '0x40000000' },
      ]);
      expect(entryAt(s[2] as StepRecord, 'A', 0x40000000)).toMatchObject({ level: 'pmd', pfn: 0x200 });
      const st = s[3] as StepRecord;
      expect(calls(st)).toContain('dax_pmd_load_hole');
      expect(st.result).toBe(nopage ? 'VM_FAULT_NOPAGE' : 'VM_FAULT_FALLBACK');
      if (nopage) expect(entryAt(st, 'A', 0x40000000)).toMatchObject({ level: 'pmd', pfn: 0x200 });
      else expect(entryAt(st, 'A', 0x40000000)).toBeUndefined();
    });
  }
});
