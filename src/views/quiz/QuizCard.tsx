import { useStore } from 'zustand';
import { answerKey, type QuizQuestion, type QuizStore } from '../../state/quiz';
import { BUTTON, FOCUS } from '../controls/styles';

const KIND_LABEL: Record<QuizQuestion['kind'], string> = {
  page: 'vm_normal_page*()',
  cow: 'CoW or reuse',
  counts: 'RSS and refcount',
  report: 'Kernel report',
};

const PRIMARY = `${BUTTON} px-3 font-medium`;

/** Where a choice is the outcome: the kernels that give it, or "a neighbour" when none does. */
function whereText(where: readonly string[]): string {
  if (where.length === 0) return 'no kernel here: a neighbouring outcome';
  const shown = where.slice(0, 4).join('; ');
  return where.length > 4 ? `${shown} and ${where.length - 4} more` : shown;
}

/**
 * One step of the quiz: its questions as choices, then, once revealed, each answer marked right or
 * wrong with the kernels each choice is the outcome in. The tree and the decision path beside it show
 * the state before the step, then the step itself.
 */
export function QuizCard({ store }: { store: QuizStore }) {
  const s = useStore(store);
  const step = s.quiz?.steps[s.at];
  if (!s.quiz || !step) return null;
  const revealed = s.revealed.includes(step.step);
  const answeredAll = step.questions.every((q) => s.answers[answerKey(q)] !== undefined);
  const last = s.at >= s.quiz.steps.length - 1;
  return (
    <section
      aria-labelledby="quiz-step"
      className="flex flex-col gap-3 rounded border border-line bg-panel p-3"
    >
      <h2 id="quiz-step" className="text-base font-semibold">
        <span className="text-muted">
          Question {s.at + 1} of {s.quiz.steps.length}:
        </span>{' '}
        step {step.step}, {step.title}
      </h2>
      <p className="text-sm text-muted">
        {revealed
          ? 'Revealed: the tree and the decision path now show this step.'
          : `Predict the step's outcome; the tree shows the state before it (step ${step.step - 1}).`}
      </p>
      {step.questions.map((q) => {
        const chosen = s.answers[answerKey(q)];
        return (
          <fieldset key={answerKey(q)} className="flex flex-col gap-1 rounded border border-line p-2">
            <legend className="px-1 text-sm font-medium">
              <span className="text-muted">{KIND_LABEL[q.kind]}: </span>
              {q.prompt}
            </legend>
            {q.choices.map((c) => {
              const right = c.id === q.answer;
              const mark = revealed && (right ? 'right' : chosen === c.id ? 'wrong' : null);
              return (
                <label
                  key={c.id}
                  data-mark={mark || undefined}
                  className="flex items-start gap-2 rounded px-1 py-0.5 text-sm data-[mark=right]:bg-selected data-[mark=wrong]:outline data-[mark=wrong]:outline-cls-bad"
                >
                  <input
                    type="radio"
                    name={answerKey(q)}
                    className={`mt-1 ${FOCUS}`}
                    checked={chosen === c.id}
                    disabled={revealed}
                    onChange={() => store.actions.choose(q, c.id)}
                  />
                  <span>
                    {c.text}
                    {mark === 'right' && (
                      <strong className="ml-1">✓ the answer{chosen === c.id ? ', yours' : ''}</strong>
                    )}
                    {mark === 'wrong' && <strong className="ml-1 text-cls-bad">✗ your answer</strong>}
                    {revealed && <span className="block text-xs text-muted">In: {whereText(c.where)}</span>}
                  </span>
                </label>
              );
            })}
          </fieldset>
        );
      })}
      <div className="flex flex-wrap items-center gap-2">
        {!revealed ? (
          <button
            type="button"
            className={PRIMARY}
            disabled={!answeredAll}
            onClick={() => store.actions.reveal()}
          >
            Reveal step {step.step}
          </button>
        ) : last ? (
          <p className="text-sm font-medium">
            The end: {s.score.right} of {s.score.asked} right.
          </p>
        ) : (
          <button type="button" className={PRIMARY} onClick={() => store.actions.next()}>
            Next question
          </button>
        )}
        {!answeredAll && !revealed && (
          <span className="text-xs text-muted">Answer each question to reveal.</span>
        )}
      </div>
    </section>
  );
}

/** The answer key of the whole quiz, for a teacher to check a class's answers (OSTEP's `-c`). */
export function AnswerKey({ store }: { store: QuizStore }) {
  const s = useStore(store);
  if (!s.quiz || !s.showKey) return null;
  return (
    <section aria-label="Answer key" className="rounded border border-line bg-panel p-3 text-sm">
      <h2 className="mb-1 font-semibold">Answer key</h2>
      <ol className="flex flex-col gap-1">
        {s.quiz.steps.map((st, i) => (
          <li key={st.step}>
            <span className="font-medium">
              {i + 1}. Step {st.step}, {st.title}:
            </span>{' '}
            {st.questions
              .map(
                (q) => `${KIND_LABEL[q.kind]}: ${q.choices.find((c) => c.id === q.answer)?.text ?? q.answer}`,
              )
              .join('; ')}
          </li>
        ))}
      </ol>
    </section>
  );
}
