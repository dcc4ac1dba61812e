import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { useLab, useLabShallow } from './state/hooks';
import { createQuizStore, quizLink } from './state/quiz';
import { captionOf } from './state/read/caption';
import { type LabState, labStore } from './state/store';
import { linkOf } from './state/url';
import { BUTTON } from './views/controls/styles';
import { DecisionPath } from './views/decision/DecisionPath';
import { Panel } from './views/Guard';
import { LinkBanner } from './views/LinkBanner';
import { Narration } from './views/library/Narration';
import { AnswerKey, QuizCard } from './views/quiz/QuizCard';
import { PageTableTrees } from './views/tree/PageTableTrees';

function safeStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

const quiz = createQuizStore({ storage: safeStorage() });
let opened = false;

const selectLabLink = (s: LabState) => `${window.location.pathname}${linkOf(s, true)}`;

/** A seed for a new random quiz: any will do, and the link then carries it. */
const newSeed = () => 1 + Math.floor(Math.random() * 999_999);

/**
 * `?quiz=1`: predict, then reveal. The quiz of the linked story or scenario, or (`seed=N`) of the small
 * random scenario made from the seed, so a teacher hands a class the same quiz by its link. Loaded only
 * when asked for.
 */
export default function QuizApp() {
  const s = useStore(quiz);
  const c = useLabShallow(captionOf);
  const labLink = useLab(selectLabLink);
  const revealed = s.quiz ? s.revealed.includes(s.quiz.steps[s.at]?.step ?? -1) : false;
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    if (opened) return;
    opened = true;
    void quiz.actions.open(window.location.search, window.location.hash).then((r) => {
      labStore.getState().setLinkReplaced(r.replaced);
      if (!r.ok) setFailure(r.message ?? 'the link could not be opened');
    });
  }, []);
  const kept = s.kept[s.key];
  const thisLink = `${window.location.pathname}${quizLink(labLink.slice(window.location.pathname.length), s.seed)}`;
  return (
    <div className="min-h-screen bg-page text-fg">
      <header className="flex flex-wrap items-center gap-x-6 gap-y-2 border-b border-line bg-panel px-4 py-2">
        <div className="mr-auto min-w-0">
          <h1 className="text-lg font-semibold">Quiz: {c.title}</h1>
          <p className="text-xs text-muted">
            Kernel {c.kernel}; {c.config}
            {s.seed !== null && `; seed ${s.seed}`}
          </p>
        </div>
        <p data-testid="quiz-score" aria-live="polite" className="text-sm font-medium">
          Score: {s.score.right} of {s.score.asked}
          {kept && s.score.asked === 0 && (
            <span className="font-normal text-muted">
              {' '}
              (last time {kept.right} of {kept.asked})
            </span>
          )}
        </p>
        <button
          type="button"
          className={BUTTON}
          onClick={() => quiz.actions.toggleKey()}
          aria-pressed={s.showKey}
        >
          Answer key
        </button>
        <button type="button" className={BUTTON} onClick={() => quiz.actions.restart()}>
          Start again
        </button>
        <a className={BUTTON} href={`${window.location.pathname}?v=1&quiz=1&seed=${newSeed()}`}>
          New random quiz
        </a>
        <a className={BUTTON} href={labLink}>
          Back to the lab
        </a>
      </header>
      <LinkBanner />
      {failure && (
        <p role="alert" className="mx-4 mt-3 text-sm text-cls-bad">
          This quiz could not be opened: {failure}
        </p>
      )}
      <main className="grid gap-4 px-4 py-3 lg:grid-cols-[minmax(0,28rem)_minmax(0,1fr)]">
        <div className="flex min-w-0 flex-col gap-3">
          {s.status === 'running' && <p role="status">Running the scenario in every kernel…</p>}
          {s.status === 'failed' && (
            <p role="alert" className="text-cls-bad">
              The quiz could not be made: {s.error}
            </p>
          )}
          {s.quiz && s.quiz.steps.length === 0 && <p>This scenario has no step to predict.</p>}
          {s.quiz && (
            <p className="text-xs text-muted">
              {s.quiz.kernels.length > 1
                ? `The choices are this step's outcomes in ${s.quiz.kernels.length} kernels (every variant of the series, and this one with two options flipped), or neighbouring outcomes where they all agree.`
                : 'This scenario is too large to run in every kernel: the wrong choices are neighbouring outcomes.'}{' '}
              Link to this quiz:{' '}
              <a className="text-accent underline" href={thisLink}>
                {thisLink.slice(0, 80)}
              </a>
            </p>
          )}
          <QuizCard store={quiz} />
          <AnswerKey store={quiz} />
          {revealed && (
            <Panel name="the narration">
              <Narration />
            </Panel>
          )}
        </div>
        <div className="flex min-w-0 flex-col gap-3">
          <Panel name="the page-table tree">
            <PageTableTrees />
          </Panel>
          {revealed && (
            <Panel name="the decision path">
              <DecisionPath />
            </Panel>
          )}
        </div>
      </main>
    </div>
  );
}
