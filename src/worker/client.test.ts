import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { ImpactOutcome } from '../scenario/library/impact';
import type { RunOutcome } from '../scenario/run';
import { createTaskClient, type Requester, type WorkerLike } from './client';
import {
  BAD_REPLY,
  type Outcome,
  type Request,
  type StepperOutcome,
  SUPERSEDED,
  type TaskName,
  WATCHDOG,
  type WireReply,
  WORKER_CRASHED,
} from './protocol';

const answer = (message: string) => ({ ok: false as const, problems: [{ path: '$', message }] });

class FakeWorker implements WorkerLike {
  sent: Request[] = [];
  terminated = false;
  onmessage: WorkerLike['onmessage'] = null;
  onerror: WorkerLike['onerror'] = null;
  onmessageerror: WorkerLike['onmessageerror'] = null;
  postMessage(m: Request) {
    this.sent.push(m);
  }
  terminate() {
    this.terminated = true;
  }
  raw(data: unknown) {
    this.onmessage?.({ data } as MessageEvent<unknown>);
  }
  reply(r: WireReply) {
    this.raw(r);
  }
  start(id: number) {
    this.reply({ type: 'started', id });
  }
  /** Starts request `id` and answers it with a refused run (a result that needs no packing). */
  finish(id: number, task: 'run' | 'compare', message: string) {
    this.start(id);
    this.reply({ type: 'result', id, task, outcome: answer(message) });
  }
  ready() {
    this.raw({ type: 'ready' });
  }
  die(message: string) {
    this.onerror?.({ message, preventDefault() {} } as ErrorEvent);
  }
}

function setup(timeoutMs?: number, more: { livenessMs?: number; startupMs?: number } = {}) {
  const workers: FakeWorker[] = [];
  const warn = vi.fn();
  const client = createTaskClient({
    ...(timeoutMs ? { timeoutMs } : {}),
    ...more,
    createWorker: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    runLocal: () => Promise.reject(new Error('must not run locally')),
    warn,
  });
  const worker = (i: number) => workers[i] as FakeWorker;
  return { client, workers, worker, warn };
}

describe('task client', () => {
  it('matches each reply to its request by id', async () => {
    const { client, worker } = setup();
    const p = client.request('run', { title: 'a' });
    expect(worker(0).sent).toEqual([{ type: 'run', id: 1, input: { title: 'a' } }]);
    worker(0).reply({ type: 'result', id: 99, task: 'run', outcome: answer('stray') });
    worker(0).finish(1, 'run', 'a');
    await expect(p).resolves.toEqual(answer('a'));
  });

  it('rebuilds a worker error with its name', async () => {
    const { client, worker } = setup();
    const p = client.request('run', {});
    worker(0).reply({ type: 'error', id: 1, error: { name: 'RangeError', message: 'too deep' } });
    await expect(p).rejects.toMatchObject({ name: 'RangeError', message: 'too deep' });
  });

  it('rejects an older request as superseded as soon as a newer one of its type starts, replacing the busy worker', async () => {
    const { client, workers, worker } = setup();
    const older = client.request('run', 'old');
    const newer = client.request('run', 'new');
    await expect(older).rejects.toMatchObject({ name: SUPERSEDED });
    // The worker may be running the old request: it is terminated, not waited for.
    expect(worker(0).terminated).toBe(true);
    expect(worker(1).sent).toEqual([{ type: 'run', id: 2, input: 'new' }]);
    worker(1).finish(2, 'run', 'new');
    await expect(newer).resolves.toEqual(answer('new'));
    expect(workers).toHaveLength(2);
  });

  it('serves a run and a comparison on one worker without either superseding the other', async () => {
    const { client, workers, worker } = setup();
    const run = client.request('run', 'r');
    const cmp = client.request('compare', 'c');
    expect(worker(0).sent.map((m) => m.type)).toEqual(['run', 'compare']);
    worker(0).finish(1, 'run', 'r');
    worker(0).finish(2, 'compare', 'c');
    await expect(run).resolves.toEqual(answer('r'));
    await expect(cmp).resolves.toEqual(answer('c'));
    expect(workers).toHaveLength(1);
  });

  it('keeps the worker when the superseded request is only queued behind another type', async () => {
    const { client, workers, worker } = setup();
    const cmp = client.request('compare', 'c');
    worker(0).start(1);
    const older = client.request('run', 'old');
    const newer = client.request('run', 'new');
    await expect(older).rejects.toMatchObject({ name: SUPERSEDED });
    expect(workers).toHaveLength(1);
    worker(0).finish(1, 'compare', 'c');
    worker(0).reply({ type: 'superseded', id: 2 });
    worker(0).finish(3, 'run', 'new');
    await expect(cmp).resolves.toEqual(answer('c'));
    await expect(newer).resolves.toEqual(answer('new'));
  });

  it('posts the other types again to the worker that replaces a busy one', async () => {
    const { client, worker } = setup();
    const cmp = client.request('compare', 'c');
    const run = client.request('run', 'r1');
    worker(0).start(2);
    const run2 = client.request('run', 'r2');
    await expect(run).rejects.toMatchObject({ name: SUPERSEDED });
    expect(worker(0).terminated).toBe(true);
    expect(worker(1).sent).toEqual([
      { type: 'compare', id: 1, input: 'c' },
      { type: 'run', id: 3, input: 'r2' },
    ]);
    worker(1).finish(3, 'run', 'r2');
    worker(1).finish(1, 'compare', 'c');
    await expect(run2).resolves.toEqual(answer('r2'));
    await expect(cmp).resolves.toEqual(answer('c'));
  });

  it('keeps an idle worker for the next request', async () => {
    const { client, workers, worker } = setup();
    const a = client.request('run', 'a');
    worker(0).finish(1, 'run', 'a');
    await a;
    const b = client.request('run', 'b');
    worker(0).finish(2, 'run', 'b');
    await expect(b).resolves.toEqual(answer('b'));
    expect(workers).toHaveLength(1);
  });

  it('stops a request that runs too long (watchdog, timed from its start) and serves the others on a new worker', async () => {
    vi.useFakeTimers();
    try {
      const { client, worker } = setup(1000);
      const slow = client.request('stepper', 'slow');
      const run = client.request('run', 'r');
      vi.advanceTimersByTime(5000); // nothing started yet: nothing is timed
      expect(worker(0).terminated).toBe(false);
      worker(0).start(1);
      vi.advanceTimersByTime(1001);
      await expect(slow).rejects.toMatchObject({
        name: WATCHDOG,
        message: expect.stringContaining('stopped after 1 s'),
      });
      expect(worker(0).terminated).toBe(true);
      expect(worker(1).sent).toEqual([{ type: 'run', id: 2, input: 'r' }]);
      worker(1).finish(2, 'run', 'r');
      await expect(run).resolves.toEqual(answer('r'));
    } finally {
      vi.useRealTimers();
    }
  });

  it('fails the running request when the worker dies, posts the others again, and starts a new worker', async () => {
    const { client, workers, worker } = setup();
    const p = client.request('run', 'x');
    const q = client.request('compare', 'y');
    worker(0).start(1);
    worker(0).die('out of memory');
    await expect(p).rejects.toMatchObject({
      name: WORKER_CRASHED,
      message: expect.stringContaining('out of memory'),
    });
    expect(worker(0).terminated).toBe(true);
    expect(workers).toHaveLength(2);
    worker(1).finish(2, 'compare', 'y');
    await expect(q).resolves.toEqual(answer('y'));
  });

  it('fails every request when the worker dies before it started any (it would die again)', async () => {
    const { client, workers, worker } = setup();
    const p = client.request('run', 'x');
    const q = client.request('compare', 'y');
    worker(0).die('the script did not load');
    await expect(p).rejects.toMatchObject({ name: WORKER_CRASHED });
    await expect(q).rejects.toMatchObject({ name: WORKER_CRASHED });
    expect(workers).toHaveLength(1);
    const r = client.request('run', 'z');
    worker(1).finish(3, 'run', 'z');
    await expect(r).resolves.toEqual(answer('z'));
  });

  it('refuses a reply of the wrong shape with a message naming what is wrong, never casting it', async () => {
    const { client, worker } = setup();
    const p = client.request('run', 'a');
    worker(0).raw({ type: 'result', id: 1, task: 'run', outcome: { ok: true, run: { steps: [] } } });
    await expect(p).rejects.toMatchObject({
      name: BAD_REPLY,
      message: expect.stringContaining('not packed as "tables-v3"'),
    });
    const q = client.request('stepper', 's');
    worker(0).raw({ type: 'result', id: 2, task: 'run', outcome: answer('x') });
    await expect(q).rejects.toMatchObject({
      name: BAD_REPLY,
      message: 'the worker answered a "stepper" request with a "run" result',
    });
    const r = client.request('impact', { patch: 'rfc-01', scenarios: [] });
    worker(0).raw({ type: 'result', id: 3, task: 'impact', outcome: { ok: true } });
    await expect(r).rejects.toMatchObject({ message: expect.stringContaining('lacks its variant') });
  });

  it('refuses a message of an unknown type: its request fails, or the page is warned when it names none', async () => {
    const { client, worker, warn } = setup();
    const p = client.request('run', 'a');
    worker(0).raw({ type: 'progress', id: 1 });
    await expect(p).rejects.toMatchObject({
      name: BAD_REPLY,
      message: 'the worker sent a message of unknown type "progress"',
    });
    worker(0).raw('hello');
    worker(0).raw({ type: 'result' });
    expect(warn.mock.calls.map((c) => c[0])).toEqual([
      'ptlab: the worker sent a message that is not an object',
      'ptlab: the worker sent a message without a request id (type result)',
    ]);
  });

  describe('liveness', () => {
    /** Runs `body` with fake timers and a client whose worker loaded ("ready"). */
    async function withTimers(body: (t: ReturnType<typeof setup>) => Promise<void>) {
      vi.useFakeTimers();
      try {
        await body(setup(20_000, { livenessMs: 1000, startupMs: 5000 }));
      } finally {
        vi.useRealTimers();
      }
    }

    it('takes a ready worker that does not announce a request within 1 s for gone, and says it stopped', () =>
      withTimers(async ({ client, workers, worker }) => {
        const first = client.request('run', 'a');
        worker(0).ready();
        worker(0).finish(1, 'run', 'a');
        await first;
        // The worker closes itself: the next request is never announced.
        const p = client.request('run', 'b');
        vi.advanceTimersByTime(999);
        expect(worker(0).terminated).toBe(false);
        vi.advanceTimersByTime(2);
        await expect(p).rejects.toMatchObject({
          name: WORKER_CRASHED,
          message: expect.stringMatching(/stopped unexpectedly \(it did not answer within 1 s/),
        });
        expect(worker(0).terminated).toBe(true);
        const q = client.request('run', 'c');
        expect(workers).toHaveLength(2);
        worker(1).ready();
        worker(1).finish(3, 'run', 'c');
        await expect(q).resolves.toEqual(answer('c'));
      }));

    it('waits as long as it likes while another request runs, and expects the next one once that is done', () =>
      withTimers(async ({ client, worker }) => {
        const slow = client.request('stepper', 's');
        worker(0).ready();
        worker(0).start(1);
        const run = client.request('run', 'r');
        vi.advanceTimersByTime(10_000); // the stepper runs; the run waits its turn
        expect(worker(0).terminated).toBe(false);
        worker(0).reply({ type: 'result', id: 1, task: 'stepper', outcome: { ok: true, steps: [] } });
        await expect(slow).resolves.toEqual({ ok: true, steps: [] });
        vi.advanceTimersByTime(1001); // ... and is never announced
        await expect(run).rejects.toMatchObject({ name: WORKER_CRASHED });
      }));

    it('gives a new worker until it says ready, and fails what waits when it never does', () =>
      withTimers(async ({ client, worker }) => {
        const p = client.request('run', 'a');
        vi.advanceTimersByTime(4000); // loading: no liveness check yet
        expect(worker(0).terminated).toBe(false);
        vi.advanceTimersByTime(1001);
        await expect(p).rejects.toMatchObject({
          name: WORKER_CRASHED,
          message: expect.stringContaining('did not start within 5 s'),
        });
      }));

    it('a request announced in time is not taken for gone however long it runs (the watchdog times it)', () =>
      withTimers(async ({ client, worker }) => {
        const p = client.request('run', 'a');
        worker(0).ready();
        vi.advanceTimersByTime(500);
        worker(0).start(1);
        vi.advanceTimersByTime(15_000);
        expect(worker(0).terminated).toBe(false);
        worker(0).reply({ type: 'result', id: 1, task: 'run', outcome: answer('a') });
        await expect(p).resolves.toEqual(answer('a'));
      }));
  });

  it('runs on the main thread with a single warning when there is no Worker', async () => {
    const warn = vi.fn();
    const runLocal = vi.fn(((_task: TaskName, i: unknown) =>
      Promise.resolve(answer(String(i)))) as unknown as Requester);
    const client = createTaskClient({ createWorker: () => undefined, runLocal, warn });
    await expect(client.request('run', 'a')).resolves.toEqual(answer('a'));
    await expect(client.request('compare', 'b')).resolves.toEqual(answer('b'));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(runLocal).toHaveBeenCalledTimes(2);
    expect(runLocal).toHaveBeenLastCalledWith('compare', 'b');
  });

  it('falls back the same way when constructing the worker throws', async () => {
    const warn = vi.fn();
    const client = createTaskClient({
      createWorker: () => {
        throw new Error('blocked by CSP');
      },
      runLocal: (() => Promise.resolve(answer('local'))) as unknown as Requester,
      warn,
    });
    await expect(client.request('run', {})).resolves.toEqual(answer('local'));
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('blocked by CSP'));
  });

  it('types each request by its type: the input it takes and the outcome it gives', () => {
    const { client } = setup();
    expectTypeOf(client.request<'run'>).returns.resolves.toEqualTypeOf<RunOutcome>();
    expectTypeOf(client.request<'compare'>).returns.resolves.toEqualTypeOf<RunOutcome>();
    expectTypeOf(client.request<'stepper'>).returns.resolves.toEqualTypeOf<StepperOutcome>();
    expectTypeOf(client.request<'impact'>).returns.resolves.toEqualTypeOf<ImpactOutcome>();
    expectTypeOf<Outcome<'impact'>>().toEqualTypeOf<ImpactOutcome>();
    expectTypeOf(client.request<'impact'>)
      .parameter(1)
      .toEqualTypeOf<{
        readonly patch: string;
        readonly scenarios: readonly { readonly id: string; readonly scenario: unknown }[];
      }>();
    // A request type the protocol does not declare is a type error.
    // @ts-expect-error: "mine" is not a request type
    expectTypeOf(client.request).toBeCallableWith('mine', {});
    client.dispose();
  });
});
