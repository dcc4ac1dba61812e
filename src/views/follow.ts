import { createStore, type StoreApi } from 'zustand/vanilla';

/** What following a store needs from the page; tests drive frames, tasks and visibility by hand. */
export interface FrameHost {
  /** Calls `f` in the next frame's animation callback; false where no frame will come (hidden, no DOM). */
  requestFrame(f: () => void): boolean;
  /** Queues `f` as a task. Queued from an animation callback, it runs after that frame's paint. */
  queueTask(f: () => void): void;
  /** Calls `f` whenever the page is hidden; returns what stops it. */
  onHidden(f: () => void): () => void;
  close?(): void;
}

export interface Follower<S> {
  /** The source's state as of the last painted frame. */
  readonly store: StoreApi<S>;
  stop(): void;
}

/**
 * A copy of `source` that takes its state once the frame showing it has been painted: the state is read
 * in the animation callback of the frame after a change (what that frame draws) and set from a task that
 * callback queues, which runs after the paint. Changes before that frame make one update. Where no frame
 * will come (a hidden page), the change is set from a task at once, and a page hidden while a frame is
 * awaited sets the state then, so a hidden page never stalls.
 */
export function follow<S>(source: StoreApi<S>, host: FrameHost): Follower<S> {
  const store = createStore<S>(() => source.getState());
  let queued = false;
  let painted: { state: S } | undefined;
  const show = () => {
    const state = painted ? painted.state : source.getState();
    painted = undefined;
    store.setState(state, true);
  };
  const frame = () => {
    queued = false;
    painted = { state: source.getState() };
    host.queueTask(show);
  };
  const unsubscribe = source.subscribe(() => {
    if (queued) return;
    queued = true;
    if (host.requestFrame(frame)) return;
    host.queueTask(() => {
      queued = false;
      show();
    });
  });
  const stopHidden = host.onHidden(() => {
    if (!queued) return;
    queued = false;
    show();
  });
  return {
    store,
    stop() {
      unsubscribe();
      stopHidden();
      host.close?.();
    },
  };
}

/**
 * The page's frames and tasks. Tasks go through a MessageChannel: a message task runs right after the
 * current frame's paint when queued from its animation callback, and, unlike a timer, is not throttled
 * in a hidden page.
 */
export function browserHost(): FrameHost {
  let channel: MessageChannel | undefined;
  const tasks: (() => void)[] = [];
  const hasDom = typeof document !== 'undefined';
  return {
    requestFrame(f) {
      if (!hasDom || typeof requestAnimationFrame !== 'function' || document.hidden) return false;
      requestAnimationFrame(f);
      return true;
    },
    queueTask(f) {
      if (!channel) {
        channel = new MessageChannel();
        channel.port1.onmessage = () => tasks.shift()?.();
      }
      tasks.push(f);
      channel.port2.postMessage(null);
    },
    onHidden(f) {
      if (!hasDom) return () => {};
      const h = () => {
        if (document.hidden) f();
      };
      document.addEventListener('visibilitychange', h);
      return () => document.removeEventListener('visibilitychange', h);
    },
    close() {
      channel?.port1.close();
      channel = undefined;
    },
  };
}
