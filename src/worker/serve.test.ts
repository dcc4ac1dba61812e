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

describe('worker request loop, with a task that answers later (its code loads on first use)', () => {
  /** A task whose answer the test releases; the loop must wait for it before starting the next request. */
  function gate<T>() {
    let open: (v: T) => void = () => undefined;
    let fail: (e: unknown) => void = () => undefined;
    const promise = new Promise<T>((res, rej) => {
      open = res;
      fail = rej;
    });
    return { promise, open, fail };
  }
  const settle = () => new Promise<void>((r) => setTimeout(r, 0));

  function loop(quiz: () => Promise<never>) {
    const replies: Reply[] = [];
    const ran: string[] = [];
    const serve = createServer({
      tasks: {
        run: (i) => {
          ran.push(`run:${String(i)}`);
          return outcome(String(i));
        },
        compare: (i) => {
          ran.push(`compare:${String(i)}`);
          return outcome(String(i));
        },
        stepper: () => stepped,
        impact: () => impact,
        quiz: () => {
          ran.push('quiz');
          return quiz();
        },
      },
      post: (r) => replies.push(r),
      defer: (t) => setTimeout(t, 0),
    });
    return { serve, replies, ran };
  }

  it('starts no other request until the late answer is posted, then serves the waiting ones in order', async () => {
    const g = gate<never>();
    const h = loop(() => g.promise);
    h.serve({ type: 'quiz', id: 1, input: 'q' });
    await settle();
    expect(h.replies).toEqual([{ type: 'started', id: 1 }]);
    h.serve({ type: 'compare', id: 2, input: 'c' });
    h.serve({ type: 'run', id: 3, input: 'r' });
    await settle();
    await settle();
    expect(h.ran).toEqual(['quiz']);
    expect(h.replies).toEqual([{ type: 'started', id: 1 }]);
    const quiz = { ok: true, quiz: { steps: [], kernels: [] } };
    g.open(quiz as never);
    for (let i = 0; i < 4; i++) await settle();
    expect(h.ran).toEqual(['quiz', 'run:r', 'compare:c']);
    expect(h.replies).toEqual([
      { type: 'started', id: 1 },
      { type: 'result', id: 1, task: 'quiz', outcome: quiz },
      { type: 'started', id: 3 },
      { type: 'result', id: 3, task: 'run', outcome: outcome('r') },
      { type: 'started', id: 2 },
      { type: 'result', id: 2, task: 'compare', outcome: outcome('c') },
    ]);
  });

  it('answers a late failure (a chunk that did not load) as an error, and goes on', async () => {
    const g = gate<never>();
    const h = loop(() => g.promise);
    h.serve({ type: 'quiz', id: 1, input: 'q' });
    h.serve({ type: 'run', id: 2, input: 'r' });
    await settle();
    // The run goes first (TASK_NAMES order); the quiz then waits on its code.
    expect(h.ran).toEqual(['run:r']);
    await settle();
    expect(h.ran).toEqual(['run:r', 'quiz']);
    h.serve({ type: 'run', id: 3, input: 's' });
    g.fail(new TypeError('Failed to fetch dynamically imported module'));
    for (let i = 0; i < 4; i++) await settle();
    expect(answers(h.replies)).toEqual([
      { type: 'result', id: 2, task: 'run', outcome: outcome('r') },
      {
        type: 'error',
        id: 1,
        error: { name: 'TypeError', message: 'Failed to fetch dynamically imported module' },
      },
      { type: 'result', id: 3, task: 'run', outcome: outcome('s') },
    ]);
  });

  it('supersedes a waiting request of the late task type, never the one already started', async () => {
    const g = gate<never>();
    const h = loop(() => g.promise);
    h.serve({ type: 'quiz', id: 1, input: 'q' });
    await settle();
    h.serve({ type: 'quiz', id: 2, input: 'q2' });
    h.serve({ type: 'quiz', id: 3, input: 'q3' });
    const quiz = { ok: true, quiz: { steps: [], kernels: [] } };
    g.open(quiz as never);
    for (let i = 0; i < 4; i++) await settle();
    expect(h.replies.map((r) => `${r.type} ${r.id}`)).toEqual([
      'started 1',
      'superseded 2',
      'result 1',
      'started 3',
      'result 3',
    ]);
  });
});
