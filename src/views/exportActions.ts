/**
 * What Export's entries do: the trees and memory as SVG or PNG with their caption, the trace as JSON, the
 * scenario as C. Loaded when the Export menu first opens (ExportMenu.tsx), not with the page: the page
 * needs none of it to show a run.
 */
import { scenarioAsC } from '../state/conformance';
import { captionLines, captionOf } from '../state/read/caption';
import { traceJson } from '../state/read/trace';
import { labStore } from '../state/store';
import { linkOf } from '../state/url';
import { download } from './download';
import { combineSvgs, exportableSvgs, svgToPng } from './exporting';

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

function svg() {
  const list = exportableSvgs();
  if (list.length === 0) throw new Error('there is no tree or memory view to export yet');
  const body = getComputedStyle(document.body);
  return combineSvgs(list, body.backgroundColor || '#ffffff', {
    lines: caption(),
    color: body.color || '#000000',
  });
}

export function exportSvg(): void {
  download(`${baseName()}.svg`, new Blob([svg().text], { type: 'image/svg+xml' }));
}

export async function exportPng(): Promise<void> {
  download(`${baseName()}.png`, await svgToPng(svg()));
}

export function exportTrace(): void {
  const s = labStore.getState();
  const settings = s.settings ?? s.scenarioSettings;
  download(
    `${baseName()}-trace.json`,
    new Blob([traceJson(s.scenarioId ?? 'scenario', settings.variant, s.steps)], {
      type: 'application/json',
    }),
  );
}

export async function exportC(): Promise<void> {
  const s = labStore.getState();
  const r = await scenarioAsC(s.text);
  if (!r.ok) throw new Error(`This scenario cannot be exported ${r.message}`);
  download(`ptlab-${s.scenarioId ?? 'scenario'}.c`, new Blob([r.c], { type: 'text/x-csrc' }));
}
