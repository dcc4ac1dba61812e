import { describe, expect, it, vi } from 'vitest';
import type { RunOutcome } from '../scenario/run';
import { createRunClient, type WorkerLike } from './client';
import { type Reply, type Request, SUPERSEDED, WATCHDOG, WORKER_CRASHED } from './protocol';

const answer = (message: string): RunOutcome => ({ ok: false, problems: [{ path: '$', message }] });

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
  reply(r: Reply) {
    this.onmessage?.({ data: r } as MessageEvent<Reply>);
  }
  die(message: string) {
    this.onerror?.({ message, preventDefault() {} } as ErrorEvent);
  }
}

function setup() {
  const workers: FakeWorker[] = [];
  const client = createRunClient({
    createWorker: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    runLocal: () => Promise.reject(new Error('must not run locally')),
  });
  return { client, workers };
}

describe('run client', () => {
  it('matches each reply to its request by id', async () => {
    const { client, workers } = setup();
    const p = client.run({ title: 'a' });
    const w = workers[0] as FakeWorker;
    expect(w.sent).toEqual([{ type: 'run', id: 1, input: { title: 'a' } }]);
    w.reply({ type: 'result', id: 99, outcome: answer('stray') });
    w.reply({ type: 'result', id: 1, outcome: answer('a') });
    await expect(p).resolves.toEqual(answer('a'));
  });

  it('rebuilds a worker error with its name', async () => {
    const { client, workers } = setup();
    const p = client.run({});
    workers[0]?.reply({ type: 'error', id: 1, error: { name: 'RangeError', message: 'too deep' } });
    await expect(p).rejects.toMatchObject({ name: 'RangeError', message: 'too deep' });
  });

  it('rejects an older call as superseded as soon as a newer one starts, replacing the busy worker', async () => {
    const { client, workers } = setup();
    const older = client.run('old');
    const newer = client.run('new');
    await expect(older).rejects.toMatchObject({ name: SUPERSEDED });
    // The worker was still busy with the old run: it is terminated, not waited for.
    expect(workers[0]?.terminated).toBe(true);
    expect(workers[1]?.sent).toEqual([{ type: 'run', id: 2, input: 'new' }]);
    workers[1]?.reply({ type: 'result', id: 2, outcome: answer('new') });
    await expect(newer).resolves.toEqual(answer('new'));
  });

  it('keeps an idle worker for the next run', async () => {
    const { client, workers } = setup();
    const a = client.run('a');
    workers[0]?.reply({ type: 'result', id: 1, outcome: answer('a') });
    await a;
    const b = client.run('b');
    workers[0]?.reply({ type: 'result', id: 2, outcome: answer('b') });
    await expect(b).resolves.toEqual(answer('b'));
    expect(workers).toHaveLength(1);
  });

  it('stops a run that takes too long (watchdog) and keeps working afterwards', async () => {
    vi.useFakeTimers();
    try {
      const workers: FakeWorker[] = [];
      const client = createRunClient({
        timeoutMs: 1000,
        createWorker: () => {
          const w = new FakeWorker();
          workers.push(w);
          return w;
        },
      });
      const slow = client.run('slow');
      vi.advanceTimersByTime(1001);
      await expect(slow).rejects.toMatchObject({
        name: WATCHDOG,
        message: expect.stringContaining('stopped after 1 s'),
      });
      expect(workers[0]?.terminated).toBe(true);
      const next = client.run('next');
      workers[1]?.reply({ type: 'result', id: 2, outcome: answer('next') });
      await expect(next).resolves.toEqual(answer('next'));
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects pending calls when the worker dies, and starts a new worker on the next call', async () => {
    const { client, workers } = setup();
    const p = client.run('x');
    workers[0]?.die('out of memory');
    await expect(p).rejects.toMatchObject({
      name: WORKER_CRASHED,
      message: expect.stringContaining('out of memory'),
    });
    expect(workers[0]?.terminated).toBe(true);
    const q = client.run('y');
    expect(workers).toHaveLength(2);
    workers[1]?.reply({ type: 'result', id: 2, outcome: answer('y') });
    await expect(q).resolves.toEqual(answer('y'));
  });

  it('runs on the main thread with a single warning when there is no Worker', async () => {
    const warn = vi.fn();
    const runLocal = vi.fn((i: unknown) => Promise.resolve(answer(String(i))));
    const client = createRunClient({ createWorker: () => undefined, runLocal, warn });
    await expect(client.run('a')).resolves.toEqual(answer('a'));
    await expect(client.run('b')).resolves.toEqual(answer('b'));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(runLocal).toHaveBeenCalledTimes(2);
  });

  it('falls back the same way when constructing the worker throws', async () => {
    const warn = vi.fn();
    const client = createRunClient({
      createWorker: () => {
        throw new Error('blocked by CSP');
      },
      runLocal: () => Promise.resolve(answer('local')),
      warn,
    });
    await expect(client.run({})).resolves.toEqual(answer('local'));
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('blocked by CSP'));
  });
});
