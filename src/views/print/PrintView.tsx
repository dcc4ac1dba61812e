import { useMemo } from 'react';
import { clausesFor, type Kernel, kernelLabel, storyOf } from '../../scenario/narration';
import { useLab, useLabShallow } from '../../state/hooks';
import { captionOf } from '../../state/read/caption';
import { type HandoutStep, handoutOf } from '../../state/read/handout';
import { effectiveConfig } from '../../state/settings';
import { type LabState, selectSettings, selectStatus, selectSteps } from '../../state/store';
import { linkOf } from '../../state/url';
import { decidingCheck, returnText } from '../decision/decision';
import { Clauses } from '../narration/Clauses';
import { derivedLine } from '../narration/derived';

const selectRanText = (s: LabState) => s.ranText;
const selectLearner = (s: LabState) => s.explain === 'learner';
const selectLink = (s: LabState) => `${window.location.origin}${window.location.pathname}${linkOf(s, true)}`;

const BTN =
  'rounded border border-line bg-panel px-3 py-1 text-sm hover:bg-hover focus-visible:outline-2 focus-visible:outline-accent';

/**
 * A whole story on paper, for handouts and mail: each step's narration (at the reader's level, for the
 * kernel shown), the decision path of the entry it is about, and the entries it changed. The browser's
 * print to PDF gives one clean document: the buttons are not printed, and no step is cut in two.
 */
export function PrintView() {
  const steps = useLab(selectSteps);
  const status = useLab(selectStatus);
  const settings = useLab(selectSettings);
  const text = useLab(selectRanText);
  const learner = useLab(selectLearner);
  const link = useLab(selectLink);
  const c = useLabShallow(captionOf);
  const handout = useMemo(() => handoutOf(steps, settings), [steps, settings]);
  const story = storyOf(text);
  const told = story.steps + 1 === steps.length ? story : null;
  const kernel: Kernel = { variant: settings.variant, config: effectiveConfig(settings) };
  return (
    <main className="mx-auto max-w-3xl bg-page p-6 text-fg print:max-w-none print:p-0">
      <header className="mb-4 border-b border-line pb-3">
        <p className="text-xs text-muted">ptlab: Linux page tables and vm_normal_page(), step by step</p>
        <h1 className="text-xl font-semibold">{c.title}</h1>
        <p className="text-sm">
          Kernel {c.kernel}; {c.config}. Told {learner ? 'in plain words' : 'in kernel detail'}.
        </p>
        <p className="break-all text-xs text-muted">{link}</p>
        <div className="mt-2 flex gap-2 print:hidden">
          <button type="button" className={BTN} onClick={() => window.print()}>
            Print
          </button>
          <a className={BTN} href={link}>
            Back to the lab
          </a>
        </div>
      </header>
      {steps.length === 0 && (
        <p role="status">{status === 'running' ? 'Running…' : 'Nothing to print yet.'}</p>
      )}
      <ol aria-label="Steps" className="flex flex-col gap-4">
        {handout.map((h) => {
          const n = told?.narration.get(h.index);
          const note = told ? told.notes.get(h.index) : steps[h.index]?.note;
          const step = steps[h.index];
          return (
            <li
              key={h.index}
              className="break-inside-avoid rounded border border-line p-3 print:rounded-none print:border-0 print:border-t print:px-0"
            >
              <h2 className="text-base font-semibold">
                <span className="font-mono text-muted">Step {h.index}:</span> {h.title}
                {h.result && <span className="ml-2 font-mono text-sm font-normal">→ {h.result}</span>}
              </h2>
              <div className="mt-1 text-sm">
                {h.index === 0 ? (
                  <p className="text-muted">The initial state, before any operation.</p>
                ) : n ? (
                  <>
                    <p className="text-xs text-muted">For {kernelLabel(kernel)}:</p>
                    <Clauses clauses={clausesFor(learner ? n.learner : n.clauses, kernel).here} />
                  </>
                ) : note ? (
                  <p>{note}</p>
                ) : step ? (
                  <p>
                    <span className="mr-1 rounded border border-line px-1 text-xs text-muted">
                      from the trace
                    </span>
                    {derivedLine(step)}
                  </p>
                ) : null}
              </div>
              <HandoutDetail h={h} />
            </li>
          );
        })}
      </ol>
    </main>
  );
}

function HandoutDetail({ h }: { h: HandoutStep }) {
  const d = h.decision;
  const decides = d ? decidingCheck(d) : -1;
  return (
    <div className="mt-2 grid gap-2 text-sm">
      {d && (
        <section aria-label={`Decision path of step ${h.index}`}>
          <h3 className="text-xs font-medium text-muted">
            Decision path: {d.entry}, {d.fn}() decided in {d.impl}() at {d.branch}
          </h3>
          <ol className="ml-5 list-decimal font-mono text-xs">
            {d.checks.map((k, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a decision path is a fixed sequence
              <li key={i} className={i === decides ? 'font-bold' : ''}>
                {k.cond}: {k.value ? 'true' : 'false'}
                {k.id ? ` (${k.id})` : ''}
                {i === decides ? ' ← decides' : ''}
              </li>
            ))}
          </ol>
          <p className="font-mono text-xs">
            returns {returnText(d)}
            {d.bad ? '; prints "Bad page map"' : ''}
          </p>
        </section>
      )}
      {h.entries.length > 0 && (
        <section aria-label={`Entries step ${h.index} changed`}>
          <h3 className="text-xs font-medium text-muted">Entries changed</h3>
          <ul className="ml-5 list-disc font-mono text-xs">
            {h.entries.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </section>
      )}
      {h.reports.length > 0 && (
        <p className="text-xs">
          <span className="font-medium text-muted">Kernel reports: </span>
          {h.reports.join(', ')}
        </p>
      )}
    </div>
  );
}
