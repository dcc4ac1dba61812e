import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach } from 'vitest';

/** A promise the test settles by hand: a module load still on its way (onUse, moduleLoader tests). */
export function pending<T>() {
  let resolve: (v: T) => void = () => undefined;
  let reject: (e: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * A React root on an element of its own in the document, made afresh before each test of the describe
 * block that calls this and unmounted after it. Read `host` and `root` inside the tests.
 */
export function reactRoot(): { readonly host: HTMLElement; readonly root: Root } {
  const r = {} as { host: HTMLElement; root: Root };
  beforeEach(() => {
    r.host = document.createElement('div');
    document.body.append(r.host);
    r.root = createRoot(r.host);
  });
  afterEach(() => {
    act(() => r.root.unmount());
    r.host.remove();
  });
  return r;
}
