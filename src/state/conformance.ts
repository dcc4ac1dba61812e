/**
 * What the page knows of real kernels: the results file `npm run conformance` writes (never written by
 * hand), loaded when a story asks, and a scenario as a C reproducer (src/scenario/exportC.ts). Both load
 * lazily, out of the page's first bundle.
 */
import type { ConformanceResults, ObservedCheck, StoryResult } from '../scenario/conformance/results';

let results: Promise<ConformanceResults> | undefined;

export function loadConformance(): Promise<ConformanceResults> {
  results ??= import('../scenario/conformance/results.json').then(
    (m) => m.default as unknown as ConformanceResults,
  );
  return results;
}

export type { ConformanceResults, ObservedCheck, StoryResult };

/** One row of a step's comparison: the model's value and each real kernel's. */
export interface ObservedRow {
  readonly what: string;
  readonly model: string;
  /** Kernel label -> what it showed and whether that agrees. */
  readonly real: Readonly<Record<string, { value: string; verdict: ObservedCheck['verdict'] }>>;
}

/** A step's checks as rows, one per thing observed, with every kernel's value side by side. */
export function observedRows(story: StoryResult, step: number): ObservedRow[] {
  const rows = new Map<
    string,
    {
      what: string;
      model: string;
      real: Record<string, { value: string; verdict: ObservedCheck['verdict'] }>;
    }
  >();
  for (const c of story.steps[step] ?? []) {
    const row = rows.get(c.what) ?? { what: c.what, model: c.model, real: {} };
    row.real[c.kernel] = { value: c.real, verdict: c.verdict };
    rows.set(c.what, row);
  }
  return [...rows.values()];
}

/**
 * The scenario text as a C program, as the conformance run exports it: `query` and `folio_walk_start`
 * become observation points (pagemap reads the entry they would look up); any other operation userspace
 * cannot perform refuses the export, each such step named.
 */
export async function scenarioAsC(
  text: string,
): Promise<{ ok: true; c: string } | { ok: false; message: string }> {
  const [{ validateScenario }, { exportC }] = await Promise.all([
    import('../scenario/validate'),
    import('../scenario/exportC'),
  ]);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: 'the scenario is not valid JSON' };
  }
  const v = validateScenario(json);
  if (!v.ok) return { ok: false, message: 'the scenario is not valid: see the editor' };
  const r = exportC(v.scenario, { lookupsAsObservations: true });
  if (!r.ok) return { ok: false, message: `not as C: ${r.problems.map((p) => p.message).join('; ')}` };
  return { ok: true, c: r.c };
}
