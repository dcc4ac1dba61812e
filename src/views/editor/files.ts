/** Import and export of the scenario as a .json file: the checks and names, without the DOM. */
import { parseDoc } from './doc';

/** Larger files are refused before they are read: the largest valid scenario is far smaller. */
export const MAX_IMPORT_BYTES = 8 * 2 ** 20;

export type Imported = { ok: true; text: string } | { ok: false; message: string };

/** Checks a chosen file's text: it must be JSON and a JSON object (the run then lists schema problems). */
export function checkImport(name: string, text: string): Imported {
  const p = parseDoc(text);
  if (!p.ok) return { ok: false, message: `${name} was not imported: ${p.message}` };
  return { ok: true, text };
}

export function checkImportSize(name: string, bytes: number): string | null {
  return bytes > MAX_IMPORT_BYTES
    ? `${name} was not imported: it is ${(bytes / 2 ** 20).toFixed(1)} MiB, more than the ${MAX_IMPORT_BYTES / 2 ** 20} MiB a scenario may be`
    : null;
}

/** A file name for the scenario: its id, else its title, as a slug; "scenario.json" when it has neither. */
export function exportName(text: string): string {
  const p = parseDoc(text);
  const doc = p.ok ? p.doc : {};
  const pick = [doc.id, doc.title].find((v) => typeof v === 'string' && v.trim() !== '');
  const slug = String(pick ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 60);
  return `${slug || 'scenario'}.json`;
}
