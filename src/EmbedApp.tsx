import { useLab, useLabShallow } from './state/hooks';
import { captionOf } from './state/read/caption';
import type { LabState } from './state/store';
import { linkOf } from './state/url';
import { DecisionPath } from './views/decision/DecisionPath';
import { Panel } from './views/Guard';
import { LinkBanner } from './views/LinkBanner';
import { Narration } from './views/library/Narration';
import { RunStatus } from './views/RunStatus';
import { StepNav } from './views/StepNav';
import { PageTableTrees } from './views/tree/PageTableTrees';

/** The full page at the same step and settings: a range is the embed's own (url.ts leaves it out). */
const selectFullLink = (s: LabState) => `${window.location.pathname}${linkOf(s, true)}`;

/**
 * The embed view for iframes in articles, cover letters and slides: a header that says what is shown
 * (the story, the kernel, the configuration and the step), the step control (within the link's range of
 * steps, if it names one), the tree and the decision path, and a way out to the full page.
 */
export function EmbedApp() {
  const href = useLab(selectFullLink);
  const c = useLabShallow(captionOf);
  return (
    <div className="flex min-h-screen flex-col gap-3 bg-page p-3 text-fg">
      <header className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h1 className="text-sm font-semibold">
            <span className="text-muted">ptlab:</span> {c.title}
          </h1>
          <p data-testid="embed-caption" className="text-xs text-muted">
            Kernel {c.kernel}; {c.config}; step {c.step}
            {c.stepLabel ? `: ${c.stepLabel}` : ''}
          </p>
        </div>
        <a
          href={href}
          target="_blank"
          rel="noopener"
          className="rounded border border-line px-2 py-1 text-sm hover:bg-hover"
        >
          Open in ptlab
        </a>
      </header>
      <LinkBanner />
      <RunStatus />
      <StepNav />
      <Panel name="the narration">
        <Narration />
      </Panel>
      <main className="grid gap-3 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <Panel name="the page-table tree">
          <PageTableTrees />
        </Panel>
        <Panel name="the decision path">
          <DecisionPath />
        </Panel>
      </main>
    </div>
  );
}
