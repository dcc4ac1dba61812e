/**
 * "Run, and drop stale replies", written once for every request the store makes (the scenario's run, the
 * comparison, the patch stepper, a patch's impact): only the newest request of a line may write its
 * answer, however late an older one arrives; a request the worker superseded is stale, not an error.
 */
import { isSuperseded } from '../worker/protocol';

export type Answer<T> =
  | { readonly kind: 'fresh'; readonly value: T }
  | { readonly kind: 'failed'; readonly error: unknown }
  | { readonly kind: 'stale' };

export interface Latest {
  /** Starts a request; its answer is `stale` when another one started on this line before it answered. */
  run<T>(start: () => Promise<T>): Promise<Answer<T>>;
  /** Makes every request still on its way stale. */
  drop(): void;
}

export function latestOnly(): Latest {
  let seq = 0;
  return {
    async run(start) {
      const mine = ++seq;
      try {
        const value = await start();
        return mine === seq ? { kind: 'fresh', value } : { kind: 'stale' };
      } catch (error) {
        return mine !== seq || isSuperseded(error) ? { kind: 'stale' } : { kind: 'failed', error };
      }
    },
    drop() {
      seq++;
    },
  };
}

/** How a failure reads on the page: "Name: message", or just the message for a plain Error. */
export function describeError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  return e.name && e.name !== 'Error' ? `${e.name}: ${e.message}` : e.message;
}
