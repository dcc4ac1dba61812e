/**
 * A process's VMAs and mm counters as the VMA table shows them, each marked when it changed since the
 * previous step. Pure.
 */
import type { ProcSnapshot } from '../../model/mm';
import { isCowMapping, type Vma } from '../../model/vma';
import { type VmaSummary, vmaSummary } from '../../scenario/summary';

export interface VmaRow {
  readonly key: string;
  readonly vma: Vma;
  readonly summary: VmaSummary;
  readonly cow: boolean;
  /** New or changed since the previous step. */
  readonly changed: boolean;
}

export interface CounterRow {
  readonly key: 'anon' | 'file' | 'pgtables' | 'hugeZeroRef' | 'status';
  /** The kernel's name. */
  readonly name: string;
  readonly title: string;
  readonly value: string;
  readonly changed: boolean;
}

/**
 * `prev`: the process at the previous step; null when it did not exist then; undefined when there is no
 * previous step (nothing is marked).
 */
export function vmaRows(
  cur: ProcSnapshot,
  prev: ProcSnapshot | null | undefined,
): { rows: VmaRow[]; removed: VmaSummary[] } {
  const before = new Map((prev?.vmas ?? []).map((v) => [v.id, v]));
  const rows = cur.vmas.map((vma) => {
    const summary = vmaSummary(vma);
    const old = before.get(vma.id);
    const changed =
      prev !== undefined && (!old || JSON.stringify(vmaSummary(old)) !== JSON.stringify(summary));
    return { key: `${vma.id}:${vma.start}`, vma, summary, cow: isCowMapping(vma.flags), changed };
  });
  const now = new Set(cur.vmas.map((v) => v.id));
  const removed = (prev?.vmas ?? []).filter((v) => !now.has(v.id)).map(vmaSummary);
  return { rows, removed };
}

export function procStatus(p: ProcSnapshot): string {
  if (p.oopsed) return 'oopsed (killed by a kernel BUG)';
  if (p.exited) return 'exited';
  return 'running';
}

export function counterRows(cur: ProcSnapshot, prev: ProcSnapshot | null | undefined): CounterRow[] {
  const ch = (a: unknown, b: unknown) => prev !== undefined && (prev === null || a !== b);
  return [
    {
      key: 'anon',
      name: 'MM_ANONPAGES',
      title: 'get_mm_counter(mm, MM_ANONPAGES): anon pages mapped (RSS)',
      value: String(cur.counters.anon),
      changed: ch(cur.counters.anon, prev?.counters.anon),
    },
    {
      key: 'file',
      name: 'MM_FILEPAGES',
      title: 'get_mm_counter(mm, MM_FILEPAGES): file pages mapped (RSS)',
      value: String(cur.counters.file),
      changed: ch(cur.counters.file, prev?.counters.file),
    },
    {
      key: 'pgtables',
      name: 'page-table pages',
      title: 'mm_pgtables_bytes(mm) / PAGE_SIZE, including the PGD (mm_inc_nr_ptes() and friends)',
      value: String(cur.counters.pgtables),
      changed: ch(cur.counters.pgtables, prev?.counters.pgtables),
    },
    {
      key: 'hugeZeroRef',
      name: 'MMF_HUGE_ZERO_PAGE',
      title: 'mm_get_huge_zero_folio(): this mm holds a reference on the huge zero folio',
      value: cur.hugeZeroRef ? 'set' : 'clear',
      changed: ch(cur.hugeZeroRef, prev?.hugeZeroRef),
    },
    {
      key: 'status',
      name: 'status',
      title: 'whether the process still runs',
      value: procStatus(cur),
      changed: ch(procStatus(cur), prev && procStatus(prev)),
    },
  ];
}

/** What the decision panel says of the VMA an entry falls in: its summary and is_cow_mapping(). */
export function vmaFacts(vma: Vma): { summary: VmaSummary; cow: boolean } {
  return { summary: vmaSummary(vma), cow: isCowMapping(vma.flags) };
}
