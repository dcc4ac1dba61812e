import { describe, expect, it } from 'vitest';
import { namedError, SUPERSEDED } from '../worker/protocol';
import { describeError, latestOnly } from './latest';

/** A promise and the functions that settle it, to answer requests in any order. */
function later<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('latestOnly()', () => {
  it('hands only the newest answer on; an older one arriving later is stale', async () => {
    const line = latestOnly();
    const a = later<string>();
    const b = later<string>();
    const first = line.run(() => a.promise);
    const second = line.run(() => b.promise);
    b.resolve('new');
    a.resolve('old');
    await expect(second).resolves.toEqual({ kind: 'fresh', value: 'new' });
    await expect(first).resolves.toEqual({ kind: 'stale' });
  });

  it('reports a failure of the newest request, and treats a superseded one as stale', async () => {
    const line = latestOnly();
    await expect(line.run(() => Promise.reject(new Error('boom')))).resolves.toMatchObject({
      kind: 'failed',
      error: { message: 'boom' },
    });
    await expect(line.run(() => Promise.reject(namedError(SUPERSEDED, 'replaced')))).resolves.toEqual({
      kind: 'stale',
    });
  });

  it('drop() makes the request on its way stale', async () => {
    const line = latestOnly();
    const a = later<number>();
    const p = line.run(() => a.promise);
    line.drop();
    a.resolve(1);
    await expect(p).resolves.toEqual({ kind: 'stale' });
  });

  it('describes an error by name and message', () => {
    expect(describeError(namedError('WatchdogError', 'stopped'))).toBe('WatchdogError: stopped');
    expect(describeError(new Error('plain'))).toBe('plain');
    expect(describeError('text')).toBe('text');
  });
});
