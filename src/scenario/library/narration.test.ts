/**
 * Every kernel function a story's step names is in that step's trace: a function named in its narration
 * (any clause, for any kernel, and the plain-words line; written "name()") must occur in the events the step
 * records in some variant (the story's own preset and config),
 * as a traced function, a report's site, or a call written in an event's text; the step's own operation
 * counts. A function named for contrast or for what the model leaves out is listed in the story's
 * `context` for that step instead, and a context entry must not be in the trace (it would hide nothing).
 * README.md "Adding a story" has the checklist this enforces.
 */
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../model/trace';
import { VARIANT_IDS } from '../../model/variants';
import { runScenarioInput } from '../run';
import type { ScenarioInput } from '../schema';
import { LIBRARY } from './index';

const CALL = /([A-Za-z_][A-Za-z0-9_]*)\(/g;

/** The functions a note names: every identifier written with "(" after it. */
function namedFunctions(note: string): string[] {
  return [...new Set([...note.matchAll(CALL)].map((m) => m[1] as string))];
}

/** Everything a step says, in every clause for every kernel. */
function told(s: ScenarioInput, i: number): string {
  const n = s.narration?.find((e) => e.step === i + 1);
  const texts = [s.steps[i]?.note ?? ''];
  if (n) {
    texts.push(...n.clauses.map((c) => c.text));
    texts.push(...(typeof n.learner === 'string' ? [n.learner] : n.learner.map((c) => c.text)));
  }
  return texts.join(' ');
}

function traced(e: TraceEvent): string[] {
  const out: string[] = [];
  const texts: string[] = [];
  switch (e.t) {
    case 'call':
      out.push(e.fn);
      texts.push(e.args);
      break;
    case 'branch':
      out.push(e.fn);
      texts.push(e.text);
      break;
    case 'vma':
      out.push(e.fn);
      texts.push(e.text);
      break;
    case 'report':
      if (e.site) out.push(...e.site.split(':').slice(1));
      texts.push(...e.lines);
      break;
    default:
      out.push(e.fn);
  }
  for (const t of texts) for (const m of t.matchAll(CALL)) out.push(m[1] as string);
  return out;
}

describe('every function a step names is in its trace, or listed as context', () => {
  for (const e of LIBRARY) {
    // The 1 GiB story takes seconds per variant: the variants it is told for are enough.
    const variants = e.id === 'scale-1gib-remap' ? (['baseline', 'rfc-11', 'v6.18'] as const) : VARIANT_IDS;
    it(e.id, () => {
      const s = e.scenario;
      const seen = s.steps.map(() => new Set<string>());
      for (const variant of variants) {
        const r = runScenarioInput({ ...s, kernel: { ...s.kernel, variant } });
        if (!r.ok) throw new Error(JSON.stringify(r.problems));
        r.run.steps.slice(1).forEach((st, i) => {
          seen[i]?.add(st.op);
          for (const ev of st.events) for (const n of traced(ev)) seen[i]?.add(n);
        });
      }
      const context = new Map((s.context ?? []).map((c) => [c.step, new Set(c.functions)]));
      const missing: string[] = [];
      const stale: string[] = [];
      s.steps.forEach((_, i) => {
        const ctx = context.get(i + 1) ?? new Set<string>();
        for (const fn of namedFunctions(told(s, i)))
          if (!seen[i]?.has(fn) && !ctx.has(fn)) missing.push(`step ${i + 1}: ${fn}()`);
        for (const fn of ctx) if (seen[i]?.has(fn)) stale.push(`step ${i + 1}: ${fn}() is in the trace`);
      });
      expect(missing, 'named in a note, neither traced nor context').toEqual([]);
      expect(stale, 'context entries that the trace shows').toEqual([]);
    }, 60_000);
  }
});
