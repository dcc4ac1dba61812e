/**
 * The built-in stories as the page gets them: the catalog (ids and titles) is bundled, and a story's JSON
 * is fetched as its own small chunk when it is opened. Opening the page then costs the catalog, not the
 * fifteen stories (about 21 kB of JavaScript, gzipped, for the first fourteen).
 */
import { AUDIENCES, CATALOG } from '../scenario/library/catalog';
import type { LibraryScenario } from '../scenario/library/index';
import type { ScenarioInput } from '../scenario/schema';

export { AUDIENCES, CATALOG };

// Vite makes one chunk per file; each is imported only when asked for.
const FILES = import.meta.glob<ScenarioInput>('../scenario/library/*.json', { import: 'default' });

const loaded = new Map<string, Promise<LibraryScenario | undefined>>();

/** The built-in story with this id, or undefined when there is none. */
export function loadBuiltin(id: string): Promise<LibraryScenario | undefined> {
  let p = loaded.get(id);
  if (!p) {
    const entry = CATALOG.find((e) => e.id === id);
    const load = entry && FILES[`../scenario/library/${entry.file}`];
    p = load ? load().then((scenario) => ({ id, file: entry.file, scenario })) : Promise.resolve(undefined);
    loaded.set(id, p);
  }
  return p;
}

/** Every built-in story, in reading order ("what changed in a patch" replays them all). */
export async function loadAllBuiltins(): Promise<LibraryScenario[]> {
  const all = await Promise.all(CATALOG.map((e) => loadBuiltin(e.id)));
  return all.filter((s): s is LibraryScenario => s !== undefined);
}

/** A built-in story's JSON text as the editor shows it, for links (`?s=id`). */
export async function lookupBuiltin(id: string): Promise<string | undefined> {
  const s = await loadBuiltin(id);
  return s ? JSON.stringify(s.scenario, null, 2) : undefined;
}
