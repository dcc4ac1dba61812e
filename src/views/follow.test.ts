import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { type FrameHost, follow } from './follow';

/** A page whose frames, tasks and visibility the test moves by hand. */
function fakePage() {
  const frames: (() => void)[] = [];
  const tasks: (() => void)[] = [];
  const hiddenListeners = new Set<() => void>();
  let hidden = false;
  const host: FrameHost = {
    requestFrame(f) {
      if (hidden) return false;
      frames.push(f);
      return true;
    },
    queueTask: (f) => tasks.push(f),
    onHidden(f) {
      hiddenListeners.add(f);
      return () => hiddenListeners.delete(f);
    },
  };
  return {
    host,
    frames,
    tasks,
    /** The next frame's animation callbacks, then its paint. */
    frame() {
      for (const f of frames.splice(0)) f();
    },
    /** The tasks queued so far, in order (those queued in a frame run after its paint). */
    runTasks() {
      for (const t of tasks.splice(0)) t();
    },
    hide() {
      hidden = true;
      for (const f of hiddenListeners) f();
    },
  };
}

function setup() {
  const page = fakePage();
  const source = createStore(() => ({ step: 0 }));
  const followed = follow(source, page.host);
  const seen: number[] = [];
  followed.store.subscribe((s) => seen.push(s.step));
  const shown = () => followed.store.getState().step;
  return { page, source, followed, seen, shown };
}

describe('follow(): a store as of the last painted frame', () => {
  it('starts with the source state', () => {
    expect(setup().shown()).toBe(0);
  });

  it('takes a change only after the frame that draws it has been painted', () => {
    const { page, source, shown } = setup();
    source.setState({ step: 1 });
    expect(shown()).toBe(0);
    expect(page.frames).toHaveLength(1);
    page.frame(); // the frame's animation callbacks: the change is drawn, not yet painted
    expect(shown()).toBe(0);
    page.runTasks(); // after its paint
    expect(shown()).toBe(1);
  });

  it('takes the state that frame drew, not a later change, which waits for its own frame', () => {
    const { page, source, shown, seen } = setup();
    source.setState({ step: 1 });
    page.frame();
    source.setState({ step: 2 }); // a click between the frame and the task after its paint
    page.runTasks();
    expect(shown()).toBe(1);
    expect(page.frames).toHaveLength(1);
    page.frame();
    page.runTasks();
    expect(shown()).toBe(2);
    expect(seen).toEqual([1, 2]);
  });

  it('makes one update of several changes before a frame', () => {
    const { page, source, seen } = setup();
    for (const step of [1, 2, 3]) source.setState({ step });
    expect(page.frames).toHaveLength(1);
    page.frame();
    page.runTasks();
    expect(seen).toEqual([3]);
  });

  it('in a hidden page, which draws no frames, takes changes from a task, one for several', () => {
    const { page, source, shown, seen } = setup();
    page.hide();
    source.setState({ step: 4 });
    source.setState({ step: 5 });
    expect(page.frames).toHaveLength(0);
    page.runTasks();
    expect(shown()).toBe(5);
    expect(seen).toEqual([5]);
  });

  it('takes a change at once when the page is hidden while its frame is awaited', () => {
    const { page, source, shown } = setup();
    source.setState({ step: 1 });
    page.hide(); // the awaited frame will not come while hidden
    expect(shown()).toBe(1);
    source.setState({ step: 2 }); // and later changes are not held up behind it
    page.runTasks();
    expect(shown()).toBe(2);
  });

  it('follows no more once stopped', () => {
    const { page, source, followed, shown } = setup();
    followed.stop();
    source.setState({ step: 1 });
    page.frame();
    page.runTasks();
    expect(shown()).toBe(0);
  });
});
