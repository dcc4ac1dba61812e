import { type CSSProperties, useEffect, useState } from 'react';
import { EmbedApp } from './EmbedApp';
import { type DraftFound, readDraft, startDraftSync } from './state/draft';
import { useLab } from './state/hooks';
import { lookupBuiltin } from './state/library';
import { startPrefsSync } from './state/prefs';
import { readLast, rememberIn } from './state/resume';
import { labStore, selectStart, selectTheme } from './state/store';
import { linkOf, setEmbedMode, startUrlSync } from './state/url';
import { ColumnResizer } from './views/ColumnResizer';
import { CopyLink } from './views/CopyLink';
import { CompareBar } from './views/compare/CompareBar';
import { KernelControls } from './views/controls/KernelControls';
import { DraftBanner } from './views/DraftBanner';
import { DecisionPath } from './views/decision/DecisionPath';
import { EditScenario } from './views/EditScenario';
import { ExportMenu } from './views/ExportMenu';
import { Panel } from './views/Guard';
import { LinkBanner } from './views/LinkBanner';
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
import { StartView } from './views/start/StartView';
import { PageTableTrees } from './views/tree/PageTableTrees';
import { useStepKeys } from './views/useStepKeys';
import { VmaTables } from './views/vma/VmaTables';

/** The theme is a class on <html>, so every component's dark: styles and the colour tokens follow it. */
function useThemeClass(): void {
  const theme = useLab(selectTheme);
  useEffect(() => {
    document.documentElement.classList.toggle('dark', theme === 'dark');
  }, [theme]);
}

function safeStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

const storage = safeStorage();
// The theme and play speed as the user left them, before the first paint (kept for the page's life).
if (storage) startPrefsSync(labStore, storage);
/** The draft found when the page opened, read once. */
const initialDraft: DraftFound = storage ? readDraft(storage) : { kind: 'none' };
const openedWithLink = window.location.search !== '' || window.location.hash !== '';
if (initialDraft.kind === 'draft' && !openedWithLink)
  labStore.setState({ text: initialDraft.draft.text, scenarioId: null });

/**
 * Opens the view the address names; without one, the user's draft, or where the user was last time, or
 * the start view. Keeps the address equal to the view, remembers it, and keeps an edited scenario in
 * local storage.
 */
function useSync(): void {
  useEffect(() => {
    const restoredDraft = initialDraft.kind === 'draft' && !openedWithLink;
    const resume = storage && !restoredDraft ? readLast(storage) : undefined;
    const stopUrl = startUrlSync(labStore, window, lookupBuiltin, {
      plain: restoredDraft || embedded ? 'run' : 'start',
      ...(resume ? { resume } : {}),
      ...(storage && !embedded ? { remember: rememberIn(storage) } : {}),
    });
    const stopDraft = storage
      ? startDraftSync(labStore, storage, undefined, labStore.getState().setDraftError)
      : undefined;
    return () => {
      stopUrl();
      stopDraft?.();
    };
  }, []);
}

/** `?embed=1`: the reduced view for iframes. */
const embedded = new URLSearchParams(window.location.search).get('embed') === '1';
setEmbedMode(embedded);

const selectSetStart = (s: ReturnType<typeof labStore.getState>) => s.setStart;
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

const HEADER_BUTTON =
  'rounded border border-line bg-panel px-2 py-1 text-sm hover:bg-hover focus-visible:outline-2 focus-visible:outline-accent';

/**
 * The title, a way to the stories, and the settings: the kernel, the links, export and comparison. Below
 * 700 px the settings fold into a sheet under a "Settings" button, so the page never scrolls sideways.
 * The start view has no run to set, link or export: it shows the title alone.
 */
function Header({ start, onStories }: { start: boolean; onStories(): void }) {
  const [open, setOpen] = useState(false);
  const sheet = open ? 'flex' : 'hidden min-[700px]:flex';
  return (
    <header className="border-b border-line bg-panel">
      <div className="flex flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2">
        <div className="mr-auto min-[700px]:mr-0">
          <h1 className="text-lg font-semibold">ptlab</h1>
          <p className="text-xs text-muted">Linux page tables and vm_normal_page(), step by step</p>
        </div>
        {!start && (
          <>
            <button type="button" onClick={onStories} className={HEADER_BUTTON}>
              All stories
            </button>
            <button
              type="button"
              className={`${HEADER_BUTTON} min-[700px]:hidden`}
              aria-expanded={open}
              aria-controls="settings-sheet"
              onClick={() => setOpen(!open)}
            >
              Settings
            </button>
            <div
              id="settings-sheet"
              className={`${sheet} w-full flex-col gap-3 min-[700px]:w-auto min-[700px]:min-w-0 min-[700px]:flex-1 min-[700px]:flex-row min-[700px]:flex-wrap min-[700px]:items-center min-[700px]:gap-x-6`}
            >
              <Panel name="the kernel controls">
                <KernelControls />
              </Panel>
              <div className="flex flex-wrap items-center gap-2">
                <CopyLink />
                <ExportMenu />
                <QuizLink />
              </div>
            </div>
          </>
        )}
      </div>
      {!start && (
        <div className={open ? 'block' : 'hidden min-[700px]:block'}>
          <Panel name="the comparison bar">
            <CompareBar />
          </Panel>
        </div>
      )}
    </header>
  );
}

export function App() {
  useStepKeys();
  useThemeClass();
  useSync();
  const start = useLab(selectStart);
  const setStart = useLab(selectSetStart);
  if (embedded) return <EmbedApp />;
  return (
    <div className="min-h-screen bg-page text-fg">
      <Header start={start} onStories={() => setStart(true)} />
      <LinkBanner />
      <DraftBanner found={initialDraft} restored={!openedWithLink} />
      {start ? <StartView /> : <Lab />}
    </div>
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
function Lab() {
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
