import { jsonDepth, MAX_JSON_DEPTH } from '../scenario/json';
import type { Problem } from '../scenario/validate';
import { type KernelSettings, settingsOf, withSettings } from './settings';

export type Parsed = { ok: true; value: unknown } | { ok: false; problems: Problem[] };

/** Parses the editor's text. A syntax error is a problem at "$" that says where it is. */
export function parseScenarioJson(text: string): Parsed {
  if (text.trim() === '') return { ok: false, problems: [{ path: '$', message: 'the scenario is empty' }] };
  if (jsonDepth(text) > MAX_JSON_DEPTH)
    return {
      ok: false,
      problems: [
        { path: '$', message: `nested more than ${MAX_JSON_DEPTH} levels deep (no scenario needs that)` },
      ],
    };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, problems: [{ path: '$', message: `not valid JSON: ${withLine(text, message)}` }] };
  }
}

export type Prepared =
  | { ok: true; input: unknown; scenarioSettings: KernelSettings }
  | { ok: false; problems: Problem[] };

/**
 * The input a run of the editor's text gets: the text parsed, with the kernel settings `choose` picks
 * (given the scenario's own) written into it, or as written when it picks none: the validator (the
 * worker's) must see the scenario's own `kernel`, wrong values and all, to report them.
 */
export function prepareRun(text: string, choose: (own: KernelSettings) => KernelSettings | null): Prepared {
  const parsed = parseScenarioJson(text);
  if (!parsed.ok) return parsed;
  const scenarioSettings = settingsOf(parsed.value);
  const chosen = choose(scenarioSettings);
  return { ok: true, input: chosen ? withSettings(parsed.value, chosen) : parsed.value, scenarioSettings };
}

/** Adds "line L, column C" when the engine reports only a character position (older V8, Firefox differ). */
function withLine(text: string, message: string): string {
  if (/line \d+/i.test(message)) return message;
  const m = /position (\d+)/.exec(message);
  if (!m) return message;
  const pos = Number(m[1]);
  const before = text.slice(0, pos).split('\n');
  return `${message} (line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1})`;
}
