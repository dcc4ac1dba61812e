// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { onUse } from './onUse';
import { type Dom, dropRoot, newRoot, pending } from './react.fixture';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function Summary({ n }: { n: number }) {
  return <p>{n} steps differ</p>;
}

describe('onUse (a part of the page loaded the first time it is shown)', () => {
  let dom: Dom;
  beforeEach(() => {
    dom = newRoot();
  });
  afterEach(() => dropRoot(dom));

  it('loads nothing until shown or preloaded, says it is loading, then shows the part with its props', async () => {
    let loads = 0;
    const chunk = pending<typeof Summary>();
    const part = onUse('the comparison summary', () => {
      loads++;
      return chunk.promise;
    });
    await act(async () => dom.root.render(<p>the page</p>));
    expect(loads).toBe(0);
    await act(async () => dom.root.render(<part.Part n={3} />));
    expect(dom.host.textContent).toBe('Loading the comparison summary…');
    part.preload();
    expect(loads).toBe(1);
    await act(async () => chunk.resolve(Summary));
    expect(dom.host.textContent).toBe('3 steps differ');
    expect(loads).toBe(1);
  });

  it('preload starts the load once, before the part is shown', async () => {
    let loads = 0;
    const part = onUse('the comparison summary', async () => {
      loads++;
      return Summary;
    });
    part.preload();
    part.preload();
    expect(loads).toBe(1);
    await act(async () => dom.root.render(<part.Part n={1} />));
    expect(dom.host.textContent).toBe('1 steps differ');
    expect(loads).toBe(1);
  });

  it('says so in place of the part when its chunk fails to load, and the rest of the page stays', async () => {
    const chunk = pending<typeof Summary>();
    const part = onUse('the scenario editor', () => chunk.promise);
    await act(async () =>
      dom.root.render(
        <div>
          <p>the tree</p>
          <part.Part n={0} />
        </div>,
      ),
    );
    await act(async () => chunk.reject(new TypeError('Failed to fetch dynamically imported module')));
    expect(dom.host.querySelector('p')?.textContent).toBe('the tree');
    expect(dom.host.querySelector('[role="alert"]')?.textContent).toBe(
      'The scenario editor could not be loaded (Failed to fetch dynamically imported module). Reload the page to try again.',
    );
  });
});
