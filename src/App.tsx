import { useEffect } from 'react';
import { EmbedApp } from './EmbedApp';
import { type DraftFound, readDraft, startDraftSync } from './state/draft';
import { useLab } from './state/hooks';
import { lookupBuiltin } from './state/library';
import { startPrefsSync } from './state/prefs';
import { labStore, selectTheme } from './state/store';
import { setEmbedMode, startUrlSync } from './state/url';
import { CopyLink } from './views/CopyLink';
import { CompareBar } from './views/compare/CompareBar';
import { KernelControls } from './views/controls/KernelControls';
import { DraftBanner } from './views/DraftBanner';
import { DecisionPath } from './views/decision/DecisionPath';
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
import { EditScenario } from './views/ScenarioEditor';
import { StepDetail } from './views/StepDetail';
import { StepList } from './views/StepList';
import { StepNav } from './views/StepNav';
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
 * Opens the view the address names (or the user's draft, or the example), keeps the address equal to the
 * view, and keeps an edited scenario in local storage.
 */
function useSync(): void {
  useEffect(() => {
    const stopUrl = startUrlSync(labStore, window, lookupBuiltin);
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

export function App() {
  useStepKeys();
  useThemeClass();
  useSync();
  const staleMark = useStaleMark();
  if (embedded) return <EmbedApp />;
  return (
    <div className="min-h-screen bg-page text-fg">
      <header className="border-b border-line bg-panel">
        <div className="flex flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2">
          <div>
            <h1 className="text-lg font-semibold">ptlab</h1>
            <p className="text-xs text-muted">Linux page tables and vm_normal_page(), step by step</p>
          </div>
          <Panel name="the kernel controls">
            <KernelControls />
          </Panel>
          <CopyLink />
          <ExportMenu />
        </div>
        <Panel name="the comparison bar">
          <CompareBar />
        </Panel>
      </header>
      <LinkBanner />
      <DraftBanner found={initialDraft} restored={!openedWithLink} />
      {/* items-start: the columns keep their own heights. Stretched to the row, every column was laid out
          again whenever the tallest one changed height, as the tree does while stepping. */}
      <main className="grid items-start gap-4 px-4 py-3 xl:grid-cols-[20rem_minmax(0,1fr)_24rem] lg:grid-cols-[18rem_minmax(0,1fr)]">
        <section aria-label="Scenario and steps" className="flex min-w-0 flex-col gap-3">
          <Panel name="the scenario picker">
            <LibraryPicker />
          </Panel>
          <RunStatus />
          <ProblemList />
          <h2 id="steps-heading" className="text-sm font-medium">
            Steps
          </h2>
          <StepNav />
          <Panel name="the step list">
            <StepList />
          </Panel>
          <EditScenario />
        </section>
        <section
          aria-label="Page tables and memory"
          {...staleMark}
          className="flex min-w-0 flex-col gap-4 data-stale:grayscale data-stale:rounded data-stale:outline-2 data-stale:outline-offset-4 data-stale:outline-dashed data-stale:outline-muted"
        >
          <Panel name="the narration">
            <Narration />
          </Panel>
          <Panel name="the page-table tree">
            <PageTableTrees />
          </Panel>
          <Panel name="the VMA table">
            <VmaTables />
          </Panel>
          <Panel name="physical memory">
            <PhysicalMemory />
          </Panel>
        </section>
        <section
          aria-label="Decision path and events"
          {...staleMark}
          className="flex min-w-0 flex-col gap-4 lg:col-span-2 xl:col-span-1 data-stale:grayscale data-stale:rounded data-stale:outline-2 data-stale:outline-offset-4 data-stale:outline-dashed data-stale:outline-muted"
        >
          <Panel name="the decision path">
            <DecisionPath />
          </Panel>
          <Panel name="the step detail">
            <StepDetail />
          </Panel>
          <Panel name="the patch stepper">
            <PatchStepper />
          </Panel>
          <Panel name="the patch impact">
            <PatchImpact />
          </Panel>
        </section>
      </main>
    </div>
  );
}
