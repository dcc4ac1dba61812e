import { type ArchPresetId, type MachineConfig, presetConfig } from '../model/config';
import type { LeafLevel } from '../model/entry';
import type { Addr, InjectSpec, MmapBacking, Op, Prot } from '../model/ops/types';
import type { Folio, MemLayout, PhysRange } from '../model/physmem';
import type { ModelInput } from '../model/run';
import { asPfn, hex, parseNum, type Vpn } from '../model/units';
import { flagsFromNames, type VmFlagName } from '../model/vma';
import { DEFAULT_ALLOC_START, DEFAULT_HUGE_ZERO_PFN, DEFAULT_RANGES, DEFAULT_ZERO_PFN } from './defaults';
import { narrationText, type StepNarration } from './narration/when';
import type { Scenario, StepSpec } from './schema';
import { stepTitle } from './titles';

const num = (v: unknown): number => {
  const n = parseNum(v);
  if (n === undefined || n > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`not a number: ${String(v)}`);
  return Number(n);
};

/** A number the scenario gives as a pfn. */
const pfnNum = (x: unknown) => asPfn(num(x as never));

function addr(v: unknown): Addr {
  const n = parseNum(v) ?? 0n;
  return { vpn: Number(n >> 12n) as Vpn, off: Number(n & 0xfffn) };
}

function prot(p: readonly string[]): Prot {
  return { read: p.includes('read'), write: p.includes('write'), exec: p.includes('exec') };
}

export function configOf(s: Scenario): MachineConfig {
  return { ...presetConfig(s.kernel.preset as ArchPresetId), ...s.kernel.config } as MachineConfig;
}

export function layoutOf(s: Scenario): MemLayout {
  const m = s.memory;
  const ranges: PhysRange[] = m.ranges
    ? m.ranges.map((r) => ({
        start: pfnNum(r.start),
        end: pfnNum(r.end),
        type: r.type,
        ...(r.name ? { name: r.name } : {}),
      }))
    : [...DEFAULT_RANGES];
  const ramEnds = ranges.filter((r) => r.type === 'ram').map((r) => r.end);
  const lastRam = asPfn(ramEnds.length ? Math.max(...ramEnds) - 1 : 0);
  return {
    ranges,
    zeroPfn: m.zeroPfn !== undefined ? pfnNum(m.zeroPfn) : DEFAULT_ZERO_PFN,
    ...(m.zeroPages !== undefined && m.zeroPages > 1 ? { zeroPages: m.zeroPages } : {}),
    hugeZeroPfn: m.hugeZeroPfn !== undefined ? pfnNum(m.hugeZeroPfn) : DEFAULT_HUGE_ZERO_PFN,
    highestMemmapPfn: m.highestMemmapPfn !== undefined ? pfnNum(m.highestMemmapPfn) : lastRam,
    allocStart: m.allocStart !== undefined ? pfnNum(m.allocStart) : DEFAULT_ALLOC_START,
  };
}

function backing(b: Extract<StepSpec, { op: 'mmap' }>['backing']): MmapBacking {
  switch (b.type) {
    case 'anon':
      return { type: 'anon' };
    case 'devmem':
      return { type: 'devmem', openMode: b.openMode };
    case 'file':
      return { type: 'file', file: b.file };
    case 'dax':
      return { type: 'dax', file: b.file };
    case 'pfnmap-driver':
      return { type: 'pfnmap-driver', pfnBase: pfnNum(b.pfnBase), fault: b.fault };
    case 'mixedmap-driver':
      return { type: 'mixedmap-driver', pfnBase: pfnNum(b.pfnBase) };
    case 'gntdev':
      return { type: 'gntdev', pages: b.pages.map((p) => (p === null ? null : pfnNum(p))) };
    case 'raw':
      return {
        type: 'raw-flags',
        flags: flagsFromNames(b.flags as VmFlagName[]),
        pgoff: num(b.pgoff),
        ...(b.findPage ? { findPage: b.findPage.map((p) => (p === null ? null : pfnNum(p))) } : {}),
      };
  }
}

function inject(e: Extract<StepSpec, { op: 'inject' }>['entry']): InjectSpec {
  if (e.type === 'none') return { type: 'none' };
  if (e.type === 'leaf')
    return {
      type: 'leaf',
      pfn: pfnNum(e.pfn),
      special: e.special,
      write: e.write,
      dirty: e.dirty,
      young: e.young,
    };
  return { type: e.type, offset: num(e.offset), write: e.write };
}

/** Compiles one validated step into a model operation. */
export function compileStep(st: StepSpec, defaultProc: string): Op {
  const proc = 'proc' in st && st.proc ? st.proc : defaultProc;
  switch (st.op) {
    case 'mmap':
      return {
        op: 'mmap',
        proc,
        addr: addr(st.addr),
        bytes: num(st.length),
        prot: prot(st.prot),
        shared: st.shared,
        backing: backing(st.backing),
        offsetBytes: num(st.offset),
        hugepage: st.hugepage,
        ...(st.name ? { name: st.name } : {}),
      };
    case 'remap_pfn_range':
      return { op: st.op, proc, addr: addr(st.addr), pfn: pfnNum(st.pfn), bytes: num(st.length) };
    case 'vmf_insert_pfn':
      return { op: st.op, proc, addr: addr(st.addr), pfn: pfnNum(st.pfn) };
    case 'vmf_insert_pfn_pmd':
    case 'vmf_insert_pfn_pud':
      return { op: st.op, proc, addr: addr(st.addr), pfn: pfnNum(st.pfn), write: st.write };
    case 'vmf_insert_mixed':
      return { op: st.op, proc, addr: addr(st.addr), pfn: pfnNum(st.pfn), mkwrite: st.mkwrite };
    case 'vmf_insert_page_mkwrite':
      return { op: st.op, proc, addr: addr(st.addr), pfn: pfnNum(st.pfn), write: st.write };
    case 'vmf_insert_folio_pmd':
      return {
        op: st.op,
        proc,
        addr: addr(st.addr),
        folio: st.folio === 'huge_zero' ? 'huge_zero' : pfnNum(st.folio),
        write: st.write,
      };
    case 'read':
      return { op: 'read', proc, addr: addr(st.addr) };
    case 'write':
      return {
        op: 'write',
        proc,
        addr: addr(st.addr),
        ...(st.value !== undefined ? { value: st.value } : {}),
        ...(st.allocPfn !== undefined ? { allocPfn: pfnNum(st.allocPfn) } : {}),
      };
    case 'fork':
      return { op: 'fork', proc, child: st.child };
    case 'munmap':
      return { op: 'munmap', proc, addr: addr(st.addr), bytes: num(st.length) };
    case 'madvise':
      return { op: 'madvise', proc, addr: addr(st.addr), bytes: num(st.length), advice: st.advice };
    case 'mremap':
      return {
        op: 'mremap',
        proc,
        addr: addr(st.addr),
        oldBytes: num(st.oldLength),
        newBytes: num(st.newLength),
        maymove: st.flags.includes('maymove'),
        fixed: st.flags.includes('fixed'),
        dontunmap: st.flags.includes('dontunmap'),
        ...(st.newAddr !== undefined ? { newAddr: addr(st.newAddr) } : {}),
      };
    case 'mprotect':
      return { op: 'mprotect', proc, addr: addr(st.addr), bytes: num(st.length), prot: prot(st.prot) };
    case 'folio_walk_start':
      return {
        op: st.op,
        proc,
        addr: addr(st.addr),
        zeropage: st.flags.includes('zeropage'),
        migration: st.flags.includes('migration'),
      };
    case 'inject':
      return {
        op: 'inject',
        proc,
        addr: addr(st.addr),
        level: st.level as LeafLevel,
        entry: inject(st.entry),
      };
    case 'query':
      return { op: 'query', proc, addr: addr(st.addr), fn: st.fn };
    case 'dax_pmd_load_hole':
      return { op: st.op, proc, addr: addr(st.addr) };
    case 'pin_user_pages':
      return {
        op: st.op,
        proc,
        addr: addr(st.addr),
        nrPages: st.nrPages,
        write: st.write,
        longterm: st.longterm,
      };
    case 'unpin_user_pages':
      return { op: st.op, proc, addr: addr(st.addr) };
    case 'tick':
      return { op: 'tick', seconds: st.seconds };
    case 'shrink':
      return { op: 'shrink' };
    case 'exit':
      return { op: 'exit', proc };
  }
}

export function folioOf(f: Scenario['memory']['folios'][number]): Folio {
  return {
    pfn: pfnNum(f.pfn),
    order: f.order,
    kind: f.kind,
    refcount: f.refcount ?? 1,
    mapcount: f.mapcount ?? 0,
    anonExclusive: false,
    content: f.content ?? `${f.kind}@${hex(num(f.pfn))}`,
    ...(f.owner ? { owner: f.owner } : {}),
  };
}

export function compileScenario(s: Scenario): ModelInput {
  const first = s.processes[0]?.name ?? 'init';
  const config = configOf(s);
  // A step's record carries the narration that holds for this run's kernel (the exported trace file).
  const told = new Map((s.narration ?? []).map((n) => [n.step, n as StepNarration]));
  const noteOf = (st: StepSpec, i: number) => {
    const n = told.get(i + 1);
    return (n && narrationText(n, { variant: s.kernel.variant, config })) ?? st.note;
  };
  return {
    variant: s.kernel.variant,
    config,
    layout: layoutOf(s),
    folios: s.memory.folios.map(folioOf),
    processes: s.processes.map((p) => p.name),
    ops: s.steps.map((st, i) => {
      const note = noteOf(st, i);
      return { op: compileStep(st, first), title: stepTitle(st, first), ...(note ? { note } : {}) };
    }),
  };
}
