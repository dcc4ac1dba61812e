import { useState } from 'react';
import { scenarioAsC } from '../state/conformance';
import { captionLines, captionOf } from '../state/read/caption';
import { traceJson } from '../state/read/trace';
import { type LabState, labStore } from '../state/store';
import { linkOf } from '../state/url';
import { download } from './download';
import { combineSvgs, exportableSvgs, svgToPng } from './exporting';
import { usePopover } from './usePopover';

const BTN =
  'rounded border border-line bg-panel px-2 py-1 text-sm hover:bg-hover focus-visible:outline-2 focus-visible:outline-accent';

function baseName(): string {
  const s = labStore.getState();
  const settings = s.settings ?? s.scenarioSettings;
  const name = s.scenarioId ?? 'scenario';
  return `ptlab-${name}-${settings.variant}-step${s.cursor}`;
}

/** The caption an exported picture carries: what it shows, and the link that opens the same view. */
function caption(): string[] {
  const s = labStore.getState();
  const link = `${window.location.origin}${window.location.pathname}${linkOf(s, true)}`;
  return captionLines(captionOf(s), link);
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
  const svg = () => {
    const list = exportableSvgs();
    if (list.length === 0) throw new Error('there is no tree or memory view to export yet');
    const body = getComputedStyle(document.body);
    return combineSvgs(list, body.backgroundColor || '#ffffff', {
      lines: caption(),
      color: body.color || '#000000',
    });
  };
  const act = (f: () => Promise<void> | void) => async () => {
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <details ref={ref} className="relative" onKeyDown={onKeyDown}>
      <summary className={`${BTN} cursor-pointer list-none`}>Export</summary>
      <div className="absolute right-0 z-20 mt-1 flex w-56 flex-col gap-1 rounded border border-line bg-panel p-2 shadow">
        <button
          type="button"
          className={BTN}
          onClick={act(() =>
            download(`${baseName()}.svg`, new Blob([svg().text], { type: 'image/svg+xml' })),
          )}
        >
          Trees and memory as SVG
        </button>
        <button
          type="button"
          className={BTN}
          onClick={act(async () => download(`${baseName()}.png`, await svgToPng(svg())))}
        >
          Trees and memory as PNG
        </button>
        <button
          type="button"
          className={BTN}
          onClick={act(() => {
            const s = labStore.getState();
            const settings = s.settings ?? s.scenarioSettings;
            download(
              `${baseName()}-trace.json`,
              new Blob([traceJson(s.scenarioId ?? 'scenario', settings.variant, s.steps)], {
                type: 'application/json',
              }),
            );
          })}
        >
          Trace as JSON
        </button>
        <button
          type="button"
          className={BTN}
          onClick={act(async () => {
            const s = labStore.getState();
            const r = await scenarioAsC(s.text);
            if (!r.ok) throw new Error(`This scenario cannot be exported ${r.message}`);
            download(`ptlab-${s.scenarioId ?? 'scenario'}.c`, new Blob([r.c], { type: 'text/x-csrc' }));
          })}
        >
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
