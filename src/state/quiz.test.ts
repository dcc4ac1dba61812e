import { describe, expect, it } from 'vitest';
import { LIBRARY } from '../scenario/library';
import { runScenarioInput } from '../scenario/run';
import { runQuiz } from '../worker/tasks';
import { answerKey, createQuizStore, quizLink } from './quiz';
import { createLabStore } from './store';

function stores() {
  const lab = createLabStore({ runner: async (i) => runScenarioInput(i) });
  const data = new Map<string, string>();
  const storage = {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
  } as unknown as Storage;
  const quiz = createQuizStore({
    lab,
    storage,
    request: (async (task: string, input: unknown) => {
      if (task === 'quiz') return runQuiz(input);
      throw new Error(`unexpected ${task}`);
    }) as never,
  });
  return { lab, quiz, data };
}

describe('the quiz on the page', () => {
  it('asks story 02 step by step, reveals each step, scores right and wrong, and keeps the score', async () => {
    const { lab, quiz, data } = stores();
    const story = LIBRARY.find((l) => l.id === 'thp-huge-zero');
    await lab.getState().loadScenario(JSON.stringify(story?.scenario), 'thp-huge-zero');
    quiz.setState({ key: 'thp-huge-zero' });
    await quiz.actions.load();
    const s = quiz.getState();
    expect(s.status).toBe('done');
    const first = s.quiz?.steps[0];
    if (!first) throw new Error('no question');
    // Before the reveal the lab shows the state before the step.
    expect(lab.getState().cursor).toBe(first.step - 1);
    const [q1, q2] = first.questions;
    if (!q1 || !q2) throw new Error('the first step has fewer than two questions');
    quiz.actions.choose(q1, q1.answer);
    quiz.actions.choose(q2, q2.choices.find((c) => c.id !== q2.answer)?.id ?? '');
    quiz.actions.reveal();
    expect(lab.getState().cursor).toBe(first.step);
    // One right, one wrong, and any further question of the step left unanswered (wrong).
    expect(quiz.getState().score).toEqual({ right: 1, asked: first.questions.length });
    // An answer after the reveal changes nothing.
    quiz.actions.choose(q2, q2.answer);
    expect(quiz.getState().answers[answerKey(q2)]).not.toBe(q2.answer);
    expect(JSON.parse(data.get('ptlab.quiz.scores') ?? '{}')['thp-huge-zero']).toEqual(quiz.getState().score);
    quiz.actions.next();
    const second = quiz.getState().quiz?.steps[1];
    expect(lab.getState().cursor).toBe((second?.step ?? 0) - 1);
  });

  it('opens a seeded quiz link twice with the same questions', async () => {
    const a = stores();
    const b = stores();
    await a.quiz.actions.open('?v=1&quiz=1&seed=4242', '');
    await b.quiz.actions.open('?v=1&quiz=1&seed=4242', '');
    expect(a.quiz.getState().quiz?.steps.length).toBeGreaterThan(0);
    expect(JSON.stringify(a.quiz.getState().quiz)).toBe(JSON.stringify(b.quiz.getState().quiz));
    expect(a.quiz.getState().key).toBe('seed-4242');
    expect(quizLink('', 4242)).toBe('?v=1&quiz=1&seed=4242');
    expect(quizLink('?v=1&s=zero-page&variant=rfc-08&step=2&entry=A%3Apte%3A0x10001000', null)).toBe(
      '?quiz=1&v=1&s=zero-page&variant=rfc-08',
    );
    expect(quizLink('?v=1&step=2#z=abc.def', null)).toBe('?quiz=1&v=1#z=abc.def');
  });
});
