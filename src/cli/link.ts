/** `ptlab link` and `ptlab unlink`: a scenario file to a share link and back. */

import { validateScenario } from '../scenario/validate';
import { decodeLink, encodeLink } from '../share/link';

export const DEFAULT_BASE = 'http://127.0.0.1:5173/';

/** A link to a scenario (validated first). Returns the link, or the problems. */
export function scenarioToLink(
  text: string,
  base: string,
): { ok: true; link: string } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not valid JSON: ${(e as Error).message}` };
  }
  const v = validateScenario(json);
  if (!v.ok)
    return {
      ok: false,
      error: `not a valid scenario:\n${v.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`,
    };
  return {
    ok: true,
    link: `${base.replace(/[?#].*$/, '')}${encodeLink({ scenario: { kind: 'custom', json }, settings: {} }, JSON.stringify(json))}`,
  };
}

/**
 * The scenario a link carries, with the link's kernel settings written into its `kernel` field. A link to a
 * built-in scenario needs `lookup` to find it.
 */
export function linkToScenario(
  link: string,
  lookup: (id: string) => string | undefined,
): { ok: true; scenario: unknown; note?: string } | { ok: false; error: string } {
  let url: URL;
  try {
    url = new URL(link, DEFAULT_BASE);
  } catch {
    return { ok: false, error: 'not a URL' };
  }
  const d = decodeLink(url.search, url.hash);
  if (!d.ok) return { ok: false, error: d.error };
  const v = d.view;
  let scenario: Record<string, unknown>;
  if (v.scenario.kind === 'custom') scenario = v.scenario.json as Record<string, unknown>;
  else if (v.scenario.kind === 'builtin') {
    const text = lookup(v.scenario.id);
    if (!text) return { ok: false, error: `there is no built-in scenario "${v.scenario.id}"` };
    scenario = JSON.parse(text) as Record<string, unknown>;
  } else return { ok: false, error: 'the link names no scenario (it opens the default example)' };
  const kernel = { ...((scenario.kernel as Record<string, unknown>) ?? {}) };
  if (v.settings.variant) kernel.variant = v.settings.variant;
  if (v.settings.preset) kernel.preset = v.settings.preset;
  if (v.settings.config)
    kernel.config = { ...((kernel.config as Record<string, unknown>) ?? {}), ...v.settings.config };
  const extra = [
    v.step !== undefined ? `step ${v.step}` : '',
    v.entry ? `entry ${v.entry.proc}:${v.entry.level}` : '',
    v.compare ? 'a comparison' : '',
  ]
    .filter(Boolean)
    .join(', ');
  const notes = [
    ...(d.replaced ?? []),
    ...(extra ? [`the link also selects ${extra}; a scenario file does not keep those`] : []),
  ];
  return { ok: true, scenario: { ...scenario, kernel }, ...(notes.length ? { note: notes.join('; ') } : {}) };
}
