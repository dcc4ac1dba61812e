import type { MachineConfig } from './config';
import { Kernel, KernelBug, type KernelSnapshot } from './kernel';
import { applyOp } from './ops';
import type { Op, OpResult } from './ops/types';
import type { Folio, MemLayout } from './physmem';
import type { TraceEvent } from './trace';
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
 * Runs operations in order. Deterministic: no clock, randomness or iteration order leaks in. `onStep` is
 * told when each step's record is made (the benchmark times steps with it); it cannot change the run.
 */
export function runModel(input: ModelInput, onStep?: (index: number) => void): StepRecord[] {
  const k = new Kernel(input.variant, input.config, input.layout);
  for (const f of input.folios) k.mem.put(f);
  for (const p of input.processes) k.newProcess(p);
  const steps: StepRecord[] = [
    { index: 0, op: 'init', title: 'initial state', result: '', events: [], state: k.snapshot() },
  ];
  input.ops.forEach((o, i) => {
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
    const rec: StepRecord = {
      index: i + 1,
      op: o.op.op,
      title: o.title,
      result: r.result,
      events,
      state: k.snapshot(),
      ...(proc ? { proc } : {}),
      ...(o.note ? { note: o.note } : {}),
      ...(r.detail ? { detail: r.detail } : {}),
    };
    steps.push(rec);
    onStep?.(rec.index);
  });
  return steps;
}
