import { useEffect, useState } from 'react';

/**
 * A module loaded once, on first use, and read by components through `useLoaded()`: the lab and the
 * embedded view (App.tsx), which a page opening on a run needs at once, and every part loaded on use
 * (onUse.tsx, the editor's form).
 *
 * Not React.lazy() under a Suspense boundary: React holds back content that replaces a Suspense fallback
 * until 300 ms after the fallback showed (its throttle against flicker), which delayed a link's first
 * drawn tree by as much in the bench, and the comparison summary's showing after its button. A state set
 * when the module arrives renders at once.
 */
export interface ModuleLoader<M> {
  /**
   * Starts loading, once while it loads or after it has loaded; after a failure, again. A page that will
   * show the module calls this before its first render.
   */
  start(): Promise<M>;
  /** The module, if it has loaded. */
  readonly loaded: M | undefined;
}

export function moduleLoader<M>(load: () => Promise<M>): ModuleLoader<M> {
  let loading: Promise<M> | undefined;
  const loader = {
    loaded: undefined as M | undefined,
    start(): Promise<M> {
      loading ??= load().then(
        (m) => {
          loader.loaded = m;
          return m;
        },
        (e: unknown) => {
          // Not kept: the next start() tries again (the network may be back), as the message asks.
          loading = undefined;
          throw e;
        },
      );
      return loading;
    },
  };
  return loader;
}

/**
 * The module once loaded, or why it could not be; neither while it loads. Starts the load. A component
 * that saw a failure keeps showing it; one shown later tries again.
 */
export function useLoaded<M>(loader: ModuleLoader<M>): { readonly mod?: M; readonly error?: unknown } {
  const [state, setState] = useState<{ mod?: M; error?: unknown }>(() =>
    loader.loaded ? { mod: loader.loaded } : {},
  );
  const done = state.mod !== undefined || state.error !== undefined;
  useEffect(() => {
    if (done) return;
    let live = true;
    loader.start().then(
      (mod) => {
        if (live) setState({ mod });
      },
      (error: unknown) => {
        if (live) setState({ error });
      },
    );
    return () => {
      live = false;
    };
  }, [done, loader]);
  return state;
}
