import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode, Suspense } from 'react';

/**
 * A part of the page whose code loads the first time it is shown, not with the page: the editor's body,
 * the comparison summary, the export and embed code (docs/performance.md, the JavaScript to open). While
 * its chunk loads, the part's place says so; if the chunk fails to load (offline before the service
 * worker had it, or a deploy replaced the files), a message takes its place and the rest of the page
 * goes on working. `preload()` starts the load early, on a sign of intent (a pointer over the button
 * that shows the part), so the part is usually there by the time it is shown. The part is rendered inside
 * `<Loaded what=…>`, which shows the wait.
 */
export interface OnUse<P> {
  readonly Part: LazyExoticComponent<ComponentType<P>>;
  preload(): void;
}

export function onUse<P extends object>(what: string, load: () => Promise<ComponentType<P>>): OnUse<P> {
  let loading: Promise<{ default: ComponentType<P> }> | undefined;
  const start = () => {
    loading ??= load().then(
      (c) => ({ default: c }),
      (e: unknown) => ({ default: () => <LoadFailed what={what} error={e} /> }),
    );
    return loading;
  };
  return {
    Part: lazy(start),
    preload: () => {
      void start();
    },
  };
}

/** Where a part loaded on use is shown: "Loading …" until its code is there. */
export function Loaded({ what, children }: { what: string; children: ReactNode }) {
  return <Suspense fallback={<Loading what={what} />}>{children}</Suspense>;
}

export function Loading({ what }: { what: string }) {
  // Not role="status": the page has one status line (the run's), and this is only a moment's wait.
  return (
    <p aria-busy="true" className="p-2 text-sm text-muted">
      Loading {what}…
    </p>
  );
}

export function LoadFailed({ what, error }: { what: string; error: unknown }) {
  return (
    <p role="alert" className="rounded border border-cls-bad p-2 text-sm text-cls-bad">
      {capitalise(what)} could not be loaded ({error instanceof Error ? error.message : String(error)}).
      Reload the page to try again.
    </p>
  );
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
