import type { CSSProperties } from 'react';
import { useLab } from './state/hooks';
import { labStore } from './state/store';
import { linkOf } from './state/url';
import { ColumnResizer } from './views/ColumnResizer';
import { CopyLink } from './views/CopyLink';
import { CompareBar } from './views/compare/CompareBar';
import { KernelControls } from './views/controls/KernelControls';
import { DecisionPath } from './views/decision/DecisionPath';
import { EditScenario } from './views/EditScenario';
import { ExportMenu } from './views/ExportMenu';
import { Panel } from './views/Guard';
import { HEADER_BUTTON } from './views/headerStyles';
import { LibraryPicker } from './views/library/LibraryPicker';
import { Narration } from './views/library/Narration';
import { PatchImpact } from './views/library/PatchImpact';
import { PatchStepper } from './views/library/PatchStepper';
import { PhysicalMemory } from './views/memory/PhysicalMemory';
import { ProblemList, useStaleMark } from './views/ProblemList';
import { RunStatus } from './views/RunStatus';
import { StepDetail } from './views/StepDetail';
import { StepList } from './views/StepList';
import { StepNav } from './views/StepNav';
import { PageTableTrees } from './views/tree/PageTableTrees';
import { VmaTables } from './views/vma/VmaTables';

/*
 * The lab: everything the page shows once a scenario runs. App.tsx loads this module when the lab is to
 * be shown (at once when the page opens on a link, a draft or the last visit), so the start view, which a
 * first visit opens on, loads without it (docs/performance.md, what the page loads to open).
 */

/** The quiz of the scenario on screen, at its kernel, from its first question (QuizApp, `quiz=1`). */
const selectQuizHref = (s: ReturnType<typeof labStore.getState>) =>
  `${window.location.pathname}${linkOf(s, true)
    .replace(/^\?/, '?quiz=1&')
    .replace(/&step=\d+/, '')}`;

/** Opens the quiz view in place of the lab (Back returns here). */
function QuizLink() {
  return (
    <button
      type="button"
      className={HEADER_BUTTON}
      onClick={() => window.location.assign(selectQuizHref(labStore.getState()))}
    >
      Quiz me
    </button>
  );
}

/** The header's settings for a run: the kernel, the link, export, the quiz. */
export function LabTools() {
  return (
    <>
      <Panel name="the kernel controls">
        <KernelControls />
      </Panel>
      <div className="flex flex-wrap items-center gap-2">
        <CopyLink />
        <ExportMenu />
        <QuizLink />
      </div>
    </>
  );
}

/** The comparison bar under the header. */
export function LabCompareBar() {
  return (
    <Panel name="the comparison bar">
      <CompareBar />
    </Panel>
  );
}

/**
 * Where each part of the lab goes when the page is one column (below lg, 1024 px): the step's narration,
 * its tree and its decision path first, then the rest. From lg up the three sections are columns and
 * these orders do nothing (each section is a flex column of its own, in source order).
 */
const ORDER = {
  narration: 'max-lg:order-1',
  tree: 'max-lg:order-2',
  decision: 'max-lg:order-3',
  scenario: 'max-lg:order-4',
  steps: 'max-lg:order-5',
  detail: 'max-lg:order-6',
  vma: 'max-lg:order-7',
  memory: 'max-lg:order-8',
  stepper: 'max-lg:order-9',
  impact: 'max-lg:order-10',
  // The step buttons stay in reach: a bar at the foot of the screen while the lab scrolls past.
  nav: 'max-lg:order-11 max-lg:sticky max-lg:bottom-0 max-lg:z-10 max-lg:-mx-4 max-lg:border-t max-lg:border-line max-lg:bg-panel max-lg:px-4 max-lg:py-2',
} as const;

/** A section that is a column from lg up and lets its parts into the one-column order below it. */
const COLUMN = 'contents lg:flex lg:min-w-0 lg:flex-col';

/**
 * The last good run, shown while the scenario is refused (useStaleMark): its section is outlined as a
 * whole from lg up, and each part is greyed. Per part, because below lg a section is `display: contents`
 * and has no box to grey or outline.
 */
const STALE_SECTION =
  'lg:data-stale:rounded lg:data-stale:outline-2 lg:data-stale:outline-offset-4 lg:data-stale:outline-dashed lg:data-stale:outline-muted';
const STALE_PART = 'in-data-stale:grayscale';

const selectStepsW = (s: ReturnType<typeof labStore.getState>) => s.stepsWidth;

/** The lab: the scenario and its steps, the trees and memory, the decision path and the rest. */
export function Lab() {
  const stepsWidth = useLab(selectStepsW);
  const staleMark = useStaleMark();
  return (
    // items-start: the columns keep their own heights. Stretched to the row, every column was laid out
    // again whenever the tallest one changed height, as the tree does while stepping.
    <main
      className="flex flex-col gap-4 px-4 py-3 lg:grid lg:grid-cols-[var(--steps-w)_minmax(0,1fr)] lg:items-start xl:grid-cols-[var(--steps-w)_minmax(0,1fr)_24rem]"
      style={{ '--steps-w': `${stepsWidth}px` } as CSSProperties}
    >
      <section id="steps-column" aria-label="Scenario and steps" className={`${COLUMN} relative gap-3`}>
        <div className={`flex min-w-0 flex-col gap-3 ${ORDER.scenario}`}>
          <Panel name="the scenario picker">
            <LibraryPicker />
          </Panel>
          <EditScenario />
          <RunStatus />
          <ProblemList />
        </div>
        <div className={`flex min-w-0 flex-col gap-3 ${ORDER.nav}`}>
          <h2 id="steps-heading" className="text-sm font-medium max-lg:sr-only">
            Steps
          </h2>
          <StepNav />
        </div>
        <div className={`min-w-0 ${ORDER.steps}`}>
          <Panel name="the step list">
            <StepList />
          </Panel>
        </div>
        <ColumnResizer controls="steps-column" />
      </section>
      <section
        aria-label="Page tables and memory"
        {...staleMark}
        className={`${COLUMN} gap-4 ${STALE_SECTION}`}
      >
        <div className={`min-w-0 ${ORDER.narration} ${STALE_PART}`}>
          <Panel name="the narration">
            <Narration />
          </Panel>
        </div>
        <div className={`min-w-0 ${ORDER.tree} ${STALE_PART}`}>
          <Panel name="the page-table tree">
            <PageTableTrees />
          </Panel>
        </div>
        <div className={`min-w-0 ${ORDER.vma} ${STALE_PART}`}>
          <Panel name="the VMA table">
            <VmaTables />
          </Panel>
        </div>
        <div className={`min-w-0 ${ORDER.memory} ${STALE_PART}`}>
          <Panel name="physical memory">
            <PhysicalMemory />
          </Panel>
        </div>
      </section>
      <section
        aria-label="Decision path and events"
        {...staleMark}
        className={`${COLUMN} gap-4 lg:col-span-2 xl:col-span-1 ${STALE_SECTION}`}
      >
        <div className={`min-w-0 ${ORDER.decision} ${STALE_PART}`}>
          <Panel name="the decision path">
            <DecisionPath />
          </Panel>
        </div>
        <div className={`min-w-0 ${ORDER.detail} ${STALE_PART}`}>
          <Panel name="the step detail">
            <StepDetail />
          </Panel>
        </div>
        <div className={`min-w-0 ${ORDER.stepper} ${STALE_PART}`}>
          <Panel name="the patch stepper">
            <PatchStepper />
          </Panel>
        </div>
        <div className={`min-w-0 ${ORDER.impact} ${STALE_PART}`}>
          <Panel name="the patch impact">
            <PatchImpact />
          </Panel>
        </div>
      </section>
    </main>
  );
}
