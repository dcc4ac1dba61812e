/** Built-in scenarios by id, for links (the library is bundled with the page). */
import type { ScenarioLookup } from './url';

const byId = new Map<string, string>();

/** Registers the built-in scenarios (called once by the page with the library). */
export function registerBuiltins(list: readonly { id?: string }[]): void {
  for (const s of list) if (s.id) byId.set(s.id, JSON.stringify(s, null, 2));
}

export const lookupBuiltin: ScenarioLookup = (id) => byId.get(id);
