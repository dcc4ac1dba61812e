// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ModuleLoader, moduleLoader, useLoaded } from './moduleLoader';
import { type Dom, dropRoot, newRoot, pending } from './react.fixture';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

interface LabModule {
  readonly title: string;
}

function View({ loader }: { loader: ModuleLoader<LabModule> }) {
  const { mod, error } = useLoaded(loader);
  if (mod) return <p>{mod.title}</p>;
  if (error !== undefined) return <p>failed: {String(error)}</p>;
  return <p>loading</p>;
}

describe('moduleLoader and useLoaded (the lab, loaded once, without Suspense)', () => {
  let dom: Dom;
  beforeEach(() => {
    dom = newRoot();
  });
  afterEach(() => dropRoot(dom));

  function setup() {
    let loads = 0;
    const chunk = pending<LabModule>();
    const loader = moduleLoader(() => {
      loads++;
      return chunk.promise;
    });
    return { loader, chunk, loads: () => loads };
  }

  it('loads nothing until started or shown, then once, however many components read it', async () => {
    const { loader, chunk, loads } = setup();
    await act(async () => dom.root.render(<p>the start view</p>));
    expect(loads()).toBe(0);
    const started = loader.start();
    expect(loads()).toBe(1);
    await act(async () =>
      dom.root.render(
        <>
          <View loader={loader} />
          <View loader={loader} />
        </>,
      ),
    );
    expect(dom.host.textContent).toBe('loadingloading');
    await act(async () => chunk.resolve({ title: 'the lab' }));
    expect(dom.host.textContent).toBe('the labthe lab');
    expect(loads()).toBe(1);
    await expect(started).resolves.toEqual({ title: 'the lab' });
    expect(loader.loaded).toEqual({ title: 'the lab' });
  });

  it('shows the module at the first render once it has loaded (no loading state shown again)', async () => {
    const { loader, chunk } = setup();
    chunk.resolve({ title: 'the lab' });
    await loader.start();
    const seen: string[] = [];
    await act(async () => dom.root.render(<View loader={loader} />));
    seen.push(dom.host.textContent ?? '');
    expect(seen).toEqual(['the lab']);
  });

  it('starts the load when first shown, and says why it failed', async () => {
    const { loader, chunk, loads } = setup();
    await act(async () => dom.root.render(<View loader={loader} />));
    expect(loads()).toBe(1);
    await act(async () => chunk.reject(new Error('offline')));
    expect(dom.host.textContent).toBe('failed: Error: offline');
  });

  it('tries again where it is next shown after a failure, and then loads', async () => {
    let loads = 0;
    let fail = true;
    const loader = moduleLoader(async () => {
      loads++;
      if (fail) throw new Error('offline');
      return { title: 'the lab' };
    });
    await act(async () => dom.root.render(<View loader={loader} />));
    expect(dom.host.textContent).toBe('failed: Error: offline');
    fail = false;
    // The same component keeps its message; a new one (another story opened) loads again.
    await act(async () => dom.root.render(<View key="again" loader={loader} />));
    expect(dom.host.textContent).toBe('the lab');
    expect(loads).toBe(2);
  });
});
