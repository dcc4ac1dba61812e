// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Guard } from './Guard';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let broken = true;
function Fragile({ label }: { label: string }) {
  if (broken) throw new Error(`cannot draw ${label}`);
  return <p>{label} drawn</p>;
}

describe('Guard (a panel that fails to render)', () => {
  let host: HTMLElement;
  beforeEach(() => {
    host = document.createElement('div');
    document.body.append(host);
    vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => {
    host.remove();
    vi.restoreAllMocks();
  });

  it('says what failed and why, keeps the rest, tries again on request and on a new run', async () => {
    broken = true;
    const root = createRoot(host);
    const page = (key: number) => (
      <div>
        <p>the controls</p>
        <Guard name="the page-table tree" resetKey={key}>
          <Fragile label="tree" />
        </Guard>
      </div>
    );
    await act(async () => root.render(page(1)));
    expect(host.textContent).toContain('the controls');
    expect(host.querySelector('[role="alert"]')?.textContent).toContain(
      'The page-table tree could not be shown: cannot draw tree',
    );
    broken = false;
    const tryAgain = [...host.querySelectorAll('button')].find((b) => b.textContent === 'Try again');
    await act(async () => tryAgain?.click());
    expect(host.textContent).toContain('tree drawn');

    broken = true;
    await act(async () => root.render(page(2)));
    expect(host.querySelector('[role="alert"]')).not.toBeNull();
    broken = false;
    await act(async () => root.render(page(3))); // a new run: the panel is drawn again
    expect(host.textContent).toContain('tree drawn');
    await act(async () => root.unmount());
  });
});
