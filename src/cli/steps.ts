/**
 * The model's run, one step at a time, for the CLI's streamed trace. `runModel()` (model/run.ts) keeps every
 * step of a run, which is what the page needs; the CLI writes each step and lets it go, so its memory does
 * not grow with the number of steps. The loop is runModel()'s own, step for step; steps.test.ts checks that
 * the two agree on every built-in scenario.
 */
import { Kernel, KernelBug } from '../model/kernel';
import { applyOp } from '../model/ops';
import type { OpResult } from '../model/ops/types';
import type { ModelInput, StepRecord } from '../model/run';

export function* modelSteps(input: ModelInput): Generator<StepRecord, void, undefined> {
  const k = new Kernel(input.variant, input.config, input.layout);
  for (const f of input.folios) k.mem.put(f);
  for (const p of input.processes) k.newProcess(p);
  yield { index: 0, op: 'init', title: 'initial state', result: '', events: [], state: k.snapshot() };
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
    const events = k.trace.take();
    yield {
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
  }
}
