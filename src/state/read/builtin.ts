/**
 * What the page says about the built-in story that is open: its summary and references, read from the
 * editor's text (which is the story's JSON while the story is unedited), so nothing of the library has
 * to be bundled to show it.
 */
import { parseJson } from '../../scenario/json';
import type { LabState } from '../lab';

export interface Reference {
  readonly patch?: number;
  readonly subject?: string;
  readonly author?: string;
  readonly date?: string;
  readonly note?: string;
}

export interface BuiltinAbout {
  readonly summary: string;
  readonly references: readonly Reference[];
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

let last: { text: string; about: BuiltinAbout | null } | undefined;

/** The open story's summary and references, or null when the scenario is not an unedited built-in one. */
export function selectBuiltinAbout(s: LabState): BuiltinAbout | null {
  if (s.scenarioId === null) return null;
  if (last?.text === s.text) return last.about;
  const p = parseJson(s.text);
  const v =
    p.ok && typeof p.value === 'object' && p.value !== null ? (p.value as Record<string, unknown>) : null;
  const refs = Array.isArray(v?.references) ? (v.references as unknown[]) : [];
  const about: BuiltinAbout | null = v
    ? {
        summary: str(v.summary) ?? '',
        references: refs.flatMap((r): Reference[] => {
          if (typeof r !== 'object' || r === null) return [];
          const o = r as Record<string, unknown>;
          const ref: { -readonly [K in keyof Reference]: Reference[K] } = {};
          if (typeof o.patch === 'number') ref.patch = o.patch;
          for (const k of ['subject', 'author', 'date', 'note'] as const) {
            const x = str(o[k]);
            if (x !== undefined) ref[k] = x;
          }
          return [ref];
        }),
      }
    : null;
  last = { text: s.text, about };
  return about;
}
