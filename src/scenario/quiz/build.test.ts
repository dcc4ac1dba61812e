/**
 * Every quiz answer is the model's outcome for that step in that kernel, over every story of the catalog
 * and every variant; and every wrong choice that names kernels is what those kernels' runs give.
 */
import { describe, expect, it } from 'vitest';
import { classifyCtx, inspectEntry } from '../../model/inspect';
import type { StepRecord } from '../../model/run';
import { VARIANT_IDS } from '../../model/variants';
import { stepFacts } from '../facts';
import { LIBRARY } from '../library';
import { CATALOG } from '../library/catalog';
import { runScenario } from '../run';
import type { Scenario } from '../schema';
import { validateScenario } from '../validate';
import { OWN, type QuizRunSpec, quizOf, quizRunSpecs } from './build';
import { cowOf, stepOutcome } from './outcome';

function scenarioOf(id: string): Scenario {
  const e = LIBRARY.find((l) => l.id === id);
  if (!e) throw new Error(`the catalog's story ${id} is not in the library`);
  const v = validateScenario(e.scenario);
  if (!v.ok) throw new Error(`story ${id} does not validate`);
  return v.scenario;
}

const withKernel = (s: Scenario, spec: QuizRunSpec): Scenario => ({
  ...s,
  kernel: { ...s.kernel, variant: spec.variant, config: { ...spec.config } },
});

/** Runs remembered by kernel, so one story's quizzes in every variant share them. */
function runsOf(s: Scenario) {
  const memo = new Map<string, readonly StepRecord[]>();
  return (spec: QuizRunSpec) => {
    const key = `${spec.variant}|${JSON.stringify(spec.config)}`;
    let r = memo.get(key);
    if (!r) {
      r = runScenario(withKernel(s, spec)).steps;
      memo.set(key, r);
    }
    return r;
  };
}

/** The outcome's id for a question, read from a step by other means than the quiz's own where possible. */
function expectedId(
  kind: string,
  step: StepRecord,
  spec: QuizRunSpec,
  subject: StepRecord['subjects'][number] | undefined,
): string | undefined {
  switch (kind) {
    case 'page': {
      if (!subject) return undefined;
      const proc = step.state.procs.find((p) => p.name === subject.proc);
      if (!proc) return undefined;
      const at = inspectEntry(
        classifyCtx(step.state, spec.variant, spec.config),
        proc,
        subject.v,
        subject.level,
        subject.asked,
      );
      const c = at.classification;
      if (at.entry?.kind !== 'leaf' || !c || c.missing) return undefined;
      return c.page !== null ? 'page' : c.bad ? 'bad' : 'null';
    }
    case 'cow':
      return cowOf(step);
    case 'counts': {
      // RSS from the step's facts (facts.ts: "A anon +1"), refcounts from its folio events.
      let rss = 0;
      for (const f of stepFacts(step).counters) {
        const m = / (anon|file) ([+-]\d+)$/.exec(f);
        if (m) rss += Number(m[2]);
      }
      return `${rss}/${stepOutcome(step, spec.variant, spec.config).counts.refcount}`;
    }
    case 'report': {
      const r = [...new Set(stepFacts(step).reports)];
      return r.length ? r.join('+') : 'none';
    }
  }
  return undefined;
}

describe('the quiz of every story, in every variant', () => {
  it.each(CATALOG.map((c) => c.id))(
    '%s: each answer is the model’s outcome, each named wrong choice another kernel’s',
    (id) => {
      const base = scenarioOf(id);
      const runOf = runsOf(base);
      let asked = 0;
      for (const variant of VARIANT_IDS) {
        const s: Scenario = { ...base, kernel: { ...base.kernel, variant } };
        const quiz = quizOf(s, runOf);
        const specs = quizRunSpecs(s);
        const bySpec = new Map(specs.map((sp) => [sp.label, sp]));
        const own = runOf(specs[0] as QuizRunSpec);
        expect(quiz.kernels[0]).toBe(OWN);
        for (const qs of quiz.steps) {
          const step = own[qs.step] as StepRecord;
          expect(qs.title).toBe(step.title);
          for (const q of qs.questions) {
            asked++;
            const where = `${id} ${variant} step ${q.step} ${q.kind}`;
            expect(expectedId(q.kind, step, specs[0] as QuizRunSpec, step.subjects[0]), where).toBe(q.answer);
            const ids = q.choices.map((c) => c.id);
            expect(new Set(ids).size, where).toBe(ids.length);
            expect(ids.length, where).toBeGreaterThanOrEqual(3);
            expect(ids.length, where).toBeLessThanOrEqual(4);
            const right = q.choices.find((c) => c.id === q.answer);
            expect(right?.where[0], where).toBe(OWN);
            for (const c of q.choices)
              for (const label of c.where) {
                const spec = bySpec.get(label);
                if (!spec) throw new Error(`${where}: no kernel "${label}"`);
                const other = runOf(spec)[q.step] as StepRecord;
                expect(expectedId(q.kind, other, spec, step.subjects[0]), `${where} under ${label}`).toBe(
                  c.id,
                );
              }
          }
          // A query of vm_normal_page*() says what it returned: NULL exactly when the quiz says NULL.
          const page = qs.questions.find((q) => q.kind === 'page');
          if (page && step.op === 'query' && /^vm_normal_page/.test(step.title.split(': ')[1] ?? ''))
            expect(step.result === 'NULL', `${id} ${variant} step ${qs.step}`).toBe(page.answer !== 'page');
        }
      }
      expect(asked).toBeGreaterThan(0);
    },
    // The 1 GiB story in every variant too: about a second a variant alone, more on a loaded machine.
    300_000,
  );

  it('story 02 asks about its write faults with choices from the model, and its reads’ huge zero PMD', () => {
    const quiz = quizOf(scenarioOf('thp-huge-zero'));
    expect(quiz.kernels.length).toBeGreaterThan(10);
    const write = quiz.steps.find((s) => s.title.startsWith('A: write 0x40001000'));
    expect(write?.questions.map((q) => q.kind)).toEqual(['page', 'cow', 'counts']);
    const cow = write?.questions.find((q) => q.kind === 'cow');
    expect(cow?.answer).toBe('copy');
    // HZWP-thp: a new THP of 512 pages replaces the huge zero PMD (do_huge_zero_wp_pmd()).
    expect(write?.questions.find((q) => q.kind === 'counts')?.answer).toBe('512/0');
  });
});
