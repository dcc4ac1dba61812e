import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';

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

/** A React root on an element of its own in the document: `newRoot()` before a test, `dropRoot()` after. */
export interface Dom {
  readonly host: HTMLElement;
  readonly root: Root;
}

export function newRoot(): Dom {
  const host = document.createElement('div');
  document.body.append(host);
  return { host, root: createRoot(host) };
}

export function dropRoot(dom: Dom): void {
  act(() => dom.root.unmount());
  dom.host.remove();
}
