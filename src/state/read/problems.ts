/**
 * The problems of a refused scenario named as the form names things: `$.steps[1].addr` is "Step 2 › addr"
 * (the form and the run's step list count operations from 1), `$.memory.folios[0].pfn` is
 * "Memory › folio 1 › pfn". The JSON path stays beside the name for those who edit the JSON. Pure.
 */
import type { Problem } from '../lab';

export type PathPart = string | number;

export interface NamedProblem {
  /** Where, as the form says it: "Step 2 › addr". */
  readonly place: string;
  /** The JSON path validate.ts reported: "$.steps[1].addr". */
  readonly path: string;
  /** The path's parts, or null when the path is not one validate.ts writes. */
  readonly parts: readonly PathPart[] | null;
  readonly message: string;
}

const PART = /\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;

/** The parts of a JSON path as validate.ts's jsonPath() writes it ("$.steps[3].addr", '$["a b"]'). */
export function parseJsonPath(path: string): PathPart[] | null {
  if (!path.startsWith('$')) return null;
  const parts: PathPart[] = [];
  const re = new RegExp(PART);
  re.lastIndex = 1;
  while (re.lastIndex < path.length) {
    const m = re.exec(path);
    if (!m) return null;
    if (m[1] !== undefined) parts.push(m[1]);
    else if (m[2] !== undefined) parts.push(Number(m[2]));
    else parts.push(JSON.parse(m[3] as string) as string);
  }
  return parts;
}

/** A top-level section by the form's name for it. */
const SECTIONS: Readonly<Record<string, string>> = {
  kernel: 'Kernel',
  memory: 'Memory',
  processes: 'Processes',
  steps: 'Steps',
};

/** What one item of a list is called, as the form's rows and legends say it ("Step 2", "folio 1"). */
const ITEMS: Readonly<Record<string, string>> = {
  steps: 'Step',
  processes: 'Process',
  narration: 'Narration entry',
  context: 'Context entry',
  references: 'Reference',
  ranges: 'range',
  folios: 'folio',
};

/** "Step 2 › backing › type" for ["steps", 1, "backing", "type"]; "The scenario" for the whole. */
export function placeOf(parts: readonly PathPart[]): string {
  if (parts.length === 0) return 'The scenario';
  const names: string[] = [];
  parts.forEach((p, i) => {
    const list = parts[i - 1];
    if (typeof p === 'string') {
      names.push((i === 0 && SECTIONS[p]) || p);
      return;
    }
    const noun = typeof list === 'string' ? ITEMS[list] : undefined;
    // The list's name gives way to its item's: "steps", 1 → "Step 2"; "memory", "folios", 0 → "Memory ›
    // folio 1".
    if (noun) names[names.length - 1] = `${noun} ${p + 1}`;
    else names.push(`item ${p + 1}`);
  });
  return names.join(' › ');
}

export function nameProblem(p: Problem): NamedProblem {
  const parts = parseJsonPath(p.path);
  return { place: parts ? placeOf(parts) : p.path, path: p.path, parts, message: p.message };
}
