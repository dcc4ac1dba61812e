import { useLab } from './state/hooks';
import type { LabState } from './state/store';
import { linkOf } from './state/url';
import { DecisionPath } from './views/decision/DecisionPath';
import { Panel } from './views/Guard';
import { Narration } from './views/library/Narration';
import { RunStatus } from './views/RunStatus';
import { StepNav } from './views/StepNav';
import { PageTableTrees } from './views/tree/PageTableTrees';

/** The embed view for iframes in articles: the tree, the timeline and the decision path, and a way out. */
const selectFullLink = (s: LabState) => `${window.location.pathname}${linkOf(s, true)}`;

export function EmbedApp() {
  const href = useLab(selectFullLink);
  return (
    <div className="flex min-h-screen flex-col gap-3 bg-page p-3 text-fg">
      <header className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm font-semibold">ptlab</p>
        <a
          href={href}
          target="_blank"
          rel="noopener"
          className="rounded border border-line px-2 py-1 text-sm hover:bg-hover"
        >
          Open in ptlab
        </a>
      </header>
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
