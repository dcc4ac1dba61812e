import { describe, expect, it } from 'vitest';
import type { ImpactOutcome } from '../scenario/library/impact';
import type { RunOutcome } from '../scenario/run';
import type { Reply, StepperOutcome } from './protocol';
import { createServer, type ServeDeps } from './serve';

const outcome = (title: string): RunOutcome => ({ ok: false, problems: [{ path: '$', message: title }] });
const stepped: StepperOutcome = { ok: true, steps: [] };
const impact: ImpactOutcome = { ok: false, error: 'no such patch' };

function harness(run: (input: unknown) => RunOutcome) {
  const replies: Reply[] = [];
  const tasks: (() => void)[] = [];
  const ran: unknown[] = [];
  const record =
    (name: string, r: (input: unknown) => unknown) =>
    (input: unknown): never => {
      ran.push(`${name}:${String(input)}`);
      return r(input) as never;
    };
  const deps: ServeDeps = {
    tasks: {
      run: record('run', run),
      compare: record('compare', run),
      stepper: record('stepper', () => stepped),
      impact: record('impact', () => impact),
      quiz: record('quiz', () => ({ ok: true, quiz: { steps: [], kernels: [] } })),
    },
    post: (r) => replies.push(r),
    defer: (t) => tasks.push(t),
  };
  const serve = createServer(deps);
  const flush = () => {
    while (tasks.length) tasks.shift()?.();
  };
  return { serve, replies, ran, flush };
}

/** The replies other than "started". */
const answers = (rs: readonly Reply[]) => rs.filter((r) => r.type !== 'started');

describe('worker request loop', () => {
  it('announces a run, then answers it with its id and type', () => {
    const h = harness(() => outcome('x'));
    h.serve({ type: 'run', id: 7, input: 'a' });
    h.flush();
    expect(h.replies).toEqual([
      { type: 'started', id: 7 },
      { type: 'result', id: 7, task: 'run', outcome: outcome('x') },
    ]);
  });

  it('sends a thrown model error as {name, message}', () => {
    const h = harness(() => {
      throw new TypeError('not implemented: mmap');
    });
    h.serve({ type: 'run', id: 1, input: {} });
    h.flush();
    expect(answers(h.replies)).toEqual([
      { type: 'error', id: 1, error: { name: 'TypeError', message: 'not implemented: mmap' } },
    ]);
  });

  it('runs only the newest waiting request of a type, answering the older ones of that type superseded', () => {
    const h = harness((i) => outcome(String(i)));
    h.serve({ type: 'run', id: 1, input: 'one' });
    h.serve({ type: 'compare', id: 2, input: 'cmp' });
    h.serve({ type: 'run', id: 3, input: 'two' });
    h.serve({ type: 'run', id: 4, input: 'three' });
    h.flush();
    expect(h.ran).toEqual(['run:three', 'compare:cmp']);
    expect(answers(h.replies)).toEqual([
      { type: 'superseded', id: 1 },
      { type: 'superseded', id: 3 },
      { type: 'result', id: 4, task: 'run', outcome: outcome('three') },
      { type: 'result', id: 2, task: 'compare', outcome: outcome('cmp') },
    ]);
  });

  it('serves the waiting types in order: run, compare, stepper, impact', () => {
    const h = harness((i) => outcome(String(i)));
    h.serve({ type: 'impact', id: 1, input: { patch: 'x', scenarios: [] } });
    h.serve({ type: 'stepper', id: 2, input: 's' });
    h.serve({ type: 'compare', id: 3, input: 'c' });
    h.serve({ type: 'run', id: 4, input: 'r' });
    h.flush();
    expect(h.ran).toEqual(['run:r', 'compare:c', 'stepper:s', 'impact:[object Object]']);
    expect(answers(h.replies).map((r) => r.type === 'result' && r.task)).toEqual([
      'run',
      'compare',
      'stepper',
      'impact',
    ]);
  });

  it('answers a request of an unknown type with an error naming it', () => {
    const h = harness(() => outcome('x'));
    h.serve({ type: 'mine', id: 5, input: {} });
    h.flush();
    expect(h.replies).toEqual([
      { type: 'error', id: 5, error: { name: 'TypeError', message: 'unknown request type mine' } },
    ]);
    expect(h.ran).toEqual([]);
  });

  it('answers with an error when the result cannot be posted', () => {
    const replies: Reply[] = [];
    const serve = createServer({
      tasks: {
        run: () => outcome('x'),
        compare: () => outcome('x'),
        stepper: () => stepped,
        impact: () => impact,
        quiz: () => ({ ok: true, quiz: { steps: [], kernels: [] } }),
      },
      post: (r) => {
        if (r.type === 'result') throw new Error('could not be cloned');
        replies.push(r);
      },
      defer: (t) => t(),
    });
    serve({ type: 'run', id: 4, input: {} });
    expect(answers(replies)).toEqual([
      { type: 'error', id: 4, error: { name: 'Error', message: 'could not be cloned' } },
    ]);
  });
});
