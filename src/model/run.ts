import type { MachineConfig } from './config';
import { entryBase } from './geometry';
import { Kernel, KernelBug, type KernelSnapshot, type Subject } from './kernel';
import { applyOp } from './ops';
import type { Op, OpResult } from './ops/types';
import type { Folio, MemLayout } from './physmem';
import type { TraceEvent } from './trace';
import type { Vpn } from './units';
import type { VariantId } from './variants';

/** One step of a run: what ran, what the kernel answered, the events in order, and the state after it. */
export interface StepRecord {
  /** 0 is the initial state, before any operation. */
  readonly index: number;
  readonly op: Op['op'] | 'init';
  readonly title: string;
  readonly proc?: string;
  readonly note?: string;
  readonly result: string;
  readonly detail?: string;
  readonly events: readonly TraceEvent[];
  readonly state: KernelSnapshot;
  /**
   * The entries the step is about, first the one it is mainly about: for a fault, a query or a walk the
   * entry at its address (the lowest level that maps it); then, in the order the step reached them, those
   * vm_normal_page*() decided about, those written and those a report points at. At most 8.
   */
  readonly subjects: readonly Subject[];
  /** More entries were touched than `subjects` lists. */
  readonly subjectsMore?: boolean;
}

export interface ModelInput {
  readonly variant: VariantId;
  readonly config: MachineConfig;
  readonly layout: MemLayout;
  readonly folios: readonly Folio[];
  readonly processes: readonly string[];
  readonly ops: readonly { op: Op; title: string; note?: string }[];
}

/**
 * Runs operations in order, one step at a time: the CLI writes each step and lets it go, so its memory does
 * not grow with the number of steps. Deterministic: no clock, randomness or iteration order leaks in.
 */
export function* modelSteps(input: ModelInput): Generator<StepRecord, void, undefined> {
  const k = new Kernel(input.variant, input.config, input.layout);
  for (const f of input.folios) k.mem.put(f);
  for (const p of input.processes) k.newProcess(p);
  yield {
    index: 0,
    op: 'init',
    title: 'initial state',
    result: '',
    events: [],
    state: k.snapshot(),
    subjects: [],
  };
  for (const [i, o] of input.ops.entries()) {
    const proc = 'proc' in o.op ? o.op.proc : undefined;
    k.current = proc ? k.procs.get(proc) : undefined;
    let r: OpResult;
    try {
      r = applyOp(k, o.op);
    } catch (e) {
      if (!(e instanceof KernelBug)) throw e;
      k.recordBug(e);
      r = {
        result: 'BUG',
        detail: `kernel BUG in ${e.where}: ${e.cond}; ${k.current?.name ?? 'the process'} was killed (oops)`,
      };
    }
    const events: TraceEvent[] = k.trace.take();
    const touched = k.takeSubjects();
    const at =
      proc && AT_ADDRESS.has(o.op.op) && 'addr' in o.op
        ? leafAt(k, proc, o.op.addr.vpn, ASKED_AT.has(o.op.op))
        : undefined;
    const subjects = at
      ? [at, ...touched.subjects.filter((s) => !(s.proc === at.proc && s.level === at.level && s.v === at.v))]
      : touched.subjects;
    yield {
      index: i + 1,
      op: o.op.op,
      title: o.title,
      result: r.result,
      events,
      state: k.snapshot(),
      subjects,
      ...(touched.more ? { subjectsMore: true } : {}),
      ...(proc ? { proc } : {}),
      ...(o.note ? { note: o.note } : {}),
      ...(r.detail ? { detail: r.detail } : {}),
    };
  }
}

/** Every step of a run, kept: what the page needs. `onStep` is told when each step's record is made
 * (the benchmark times steps with it); it cannot change the run. */
export function runModel(input: ModelInput, onStep?: (index: number) => void): StepRecord[] {
  const steps: StepRecord[] = [];
  for (const st of modelSteps(input)) {
    steps.push(st);
    if (st.index > 0) onStep?.(st.index);
  }
  return steps;
}

/** Operations about one address: their subject is the entry there, whatever they touched on the way. */
const AT_ADDRESS: ReadonlySet<Op['op']> = new Set([
  'read',
  'write',
  'query',
  'folio_walk_start',
  'dax_pmd_load_hole',
  'pin_user_pages',
  'unpin_user_pages',
]);

/** The entry that maps `v` after the step: the leaf (or non-present entry) at the lowest level holding one. */
/** The lookups whose answer depends on the address inside a huge entry they were given. */
const ASKED_AT: ReadonlySet<Op['op']> = new Set(['query', 'folio_walk_start']);

function leafAt(k: Kernel, proc: string, v: number, asked: boolean): Subject | undefined {
  const mm = k.procs.get(proc);
  if (!mm) return undefined;
  const w = mm.pt.walk(v as Vpn);
  const level = w.level === 'pte' || w.level === 'pmd' || w.level === 'pud' ? w.level : undefined;
  if (!level || !w.entry) return undefined; // nothing maps it (a fault that failed, an empty query)
  const base = entryBase(v, level, mm.pt.nlevels);
  return { proc, level, v: base, ...(asked && v !== base ? { asked: v } : {}) };
}
