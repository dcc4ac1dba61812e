import { describe, expect, it } from 'vitest';
import type { RunOutcome } from '../scenario/run';
import type { Reply } from './protocol';
import { createServer } from './serve';

const outcome = (title: string): RunOutcome => ({ ok: false, problems: [{ path: '$', message: title }] });

function harness(run: (input: unknown) => RunOutcome) {
  const replies: Reply[] = [];
  const tasks: (() => void)[] = [];
  const ran: unknown[] = [];
  const serve = createServer({
    run: (input) => {
      ran.push(input);
      return run(input);
    },
    post: (r) => replies.push(r),
    defer: (t) => tasks.push(t),
  });
  const flush = () => {
    while (tasks.length) tasks.shift()?.();
  };
  return { serve, replies, ran, flush };
}

describe('worker request loop', () => {
  it('answers a run with its id', () => {
    const h = harness(() => outcome('x'));
    h.serve({ type: 'run', id: 7, input: { a: 1 } });
    h.flush();
    expect(h.replies).toEqual([{ type: 'result', id: 7, outcome: outcome('x') }]);
  });

  it('sends a thrown model error as {name, message}', () => {
    const h = harness(() => {
      throw new TypeError('not implemented: mmap');
    });
    h.serve({ type: 'run', id: 1, input: {} });
    h.flush();
    expect(h.replies).toEqual([
      { type: 'error', id: 1, error: { name: 'TypeError', message: 'not implemented: mmap' } },
    ]);
  });

  it('runs only the newest of the requests waiting, answering the others superseded', () => {
    const h = harness((i) => outcome(String(i)));
    h.serve({ type: 'run', id: 1, input: 'one' });
    h.serve({ type: 'run', id: 2, input: 'two' });
    h.serve({ type: 'run', id: 3, input: 'three' });
    h.flush();
    expect(h.ran).toEqual(['three']);
    expect(h.replies).toEqual([
      { type: 'superseded', id: 1 },
      { type: 'superseded', id: 2 },
      { type: 'result', id: 3, outcome: outcome('three') },
    ]);
  });

  it('answers with an error when the result cannot be posted', () => {
    const replies: Reply[] = [];
    const serve = createServer({
      run: () => outcome('x'),
      post: (r) => {
        if (r.type === 'result') throw new Error('could not be cloned');
        replies.push(r);
      },
      defer: (t) => t(),
    });
    serve({ type: 'run', id: 4, input: {} });
    expect(replies).toEqual([
      { type: 'error', id: 4, error: { name: 'Error', message: 'could not be cloned' } },
    ]);
  });
});
