import { useState } from 'react';
import { type LabState, labStore } from '../state/store';
import { linkOf } from '../state/url';
import { usePopover } from './usePopover';

const BTN =
  'rounded border border-line bg-panel px-2 py-1 text-sm hover:bg-hover focus-visible:outline-2 focus-visible:outline-accent';

type Actions = typeof import('./exportActions');

/**
 * The export code (the SVG copy with its computed styles and caption, the PNG, the trace, the C) loads
 * when the menu first opens, or when an entry is chosen if it has not loaded by then. A chunk that fails
 * to load is said in the menu, as any export error is.
 */
let actions: Promise<Actions> | undefined;
function loadActions(): Promise<Actions> {
  actions ??= import('./exportActions').catch((e: unknown) => {
    actions = undefined; // a later choice tries again
    throw new Error(
      `The export code could not be loaded (${e instanceof Error ? e.message : String(e)}). Reload the page to try again.`,
    );
  });
  return actions;
}

/** The printable view of the whole story, at the same kernel and level of explanation. */
const printLinkOf = (s: LabState) => {
  const link = linkOf(s, true);
  return `${window.location.pathname}${link.replace(/^\?/, '?print=1&')}`;
};

/** Export the trees and memory view (SVG, PNG), each with its caption, and the trace (JSON). */
export function ExportMenu() {
  const [error, setError] = useState<string | null>(null);
  const { ref, onKeyDown } = usePopover();
  const act = (f: (a: Actions) => Promise<void> | void) => async () => {
    setError(null);
    try {
      await f(await loadActions());
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <details
      ref={ref}
      className="relative"
      onKeyDown={onKeyDown}
      onToggle={() => {
        if (ref.current?.open) void loadActions().catch(() => undefined);
      }}
    >
      <summary className={`${BTN} cursor-pointer list-none`}>Export</summary>
      <div className="absolute right-0 z-20 mt-1 flex w-56 flex-col gap-1 rounded border border-line bg-panel p-2 shadow">
        <button type="button" className={BTN} onClick={act((a) => a.exportSvg())}>
          Trees and memory as SVG
        </button>
        <button type="button" className={BTN} onClick={act((a) => a.exportPng())}>
          Trees and memory as PNG
        </button>
        <button type="button" className={BTN} onClick={act((a) => a.exportTrace())}>
          Trace as JSON
        </button>
        <button type="button" className={BTN} onClick={act((a) => a.exportC())}>
          Scenario as C (a reproducer)
        </button>
        <button
          type="button"
          className={BTN}
          onClick={() => window.open(printLinkOf(labStore.getState()), '_blank', 'noopener')}
        >
          Printable story (for PDF)
        </button>
        {error && (
          <p role="alert" className="text-sm text-cls-bad">
            {error}
          </p>
        )}
      </div>
    </details>
  );
}
