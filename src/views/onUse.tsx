import type { ComponentType } from 'react';
import { type ModuleLoader, moduleLoader, useLoaded } from './moduleLoader';

/**
 * A part of the page whose code loads the first time it is shown, not with the page: the editor's body,
 * the comparison summary, the export and embed code (docs/performance.md, the JavaScript to open). While
 * its chunk loads, the part's place says so; if the chunk fails to load (offline before the service
 * worker had it, or a deploy replaced the files), a message takes its place and the rest of the page
 * goes on working. `preload()` starts the load early, on a sign of intent (a pointer over the button
 * that shows the part), so the part is usually there by the time it is shown.
 *
 * Loaded through `moduleLoader()`, not React.lazy(): React holds back content that replaces a Suspense
 * fallback until 300 ms after the fallback showed, which kept the comparison summary waiting that long
 * after its button was pressed even with its code loaded.
 */
export interface OnUse<P> {
  readonly Part: ComponentType<P>;
  preload(): void;
}

export function onUse<P extends object>(what: string, load: () => Promise<ComponentType<P>>): OnUse<P> {
  const loader = moduleLoader(load);
  return {
    // biome-ignore lint/correctness/noComponentHookFactories: onUse() runs once per part, at module level, so Part keeps one identity.
    Part: (props: P) => <PartWhenLoaded loader={loader} what={what} props={props} />,
    preload: () => {
      loader.start().catch(() => {}); // the part shows the failure when shown
    },
  };
}

function PartWhenLoaded<P extends object>({
  loader,
  what,
  props,
}: {
  loader: ModuleLoader<ComponentType<P>>;
  what: string;
  props: P;
}) {
  const { mod: Part, error } = useLoaded(loader);
  if (Part) return <Part {...props} />;
  if (error !== undefined) return <LoadFailed what={what} error={error} />;
  return <Loading what={what} />;
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
