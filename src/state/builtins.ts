/** Built-in scenarios by id, for links (the library is bundled with the page). */
import { LIBRARY } from '../scenario/library';
import type { ScenarioLookup } from './url';

const byId = new Map(LIBRARY.map((s) => [s.id, s] as const));

export const lookupBuiltin: ScenarioLookup = (id) => {
  const s = byId.get(id);
  return s ? JSON.stringify(s.scenario, null, 2) : undefined;
};
