import { useEffect, useState } from 'react';
import { embedCode, labCode } from './labCode';
import { type DraftFound, readDraft, startDraftSync } from './state/draft';
import { useLab } from './state/hooks';
import { lookupBuiltin } from './state/library';
import { startPrefsSync } from './state/prefs';
import { readLast, rememberIn } from './state/resume';
import { labStore, selectStart, selectTheme } from './state/store';
import { setEmbedMode, startUrlSync } from './state/url';
import { DraftBanner } from './views/DraftBanner';
import { HEADER_BUTTON } from './views/headerStyles';
import { LinkBanner } from './views/LinkBanner';
import { useLoaded } from './views/moduleLoader';
import { LoadFailed, Loading } from './views/onUse';
import { StartView } from './views/start/StartView';
import { useStepKeys } from './views/useStepKeys';

/** Starts loading the lab's code early: the start view calls it when idle and on a sign of intent. */
const preloadLab = () => {
  labCode.start().catch(() => {}); // the lab shows the failure when shown
};

/** The lab's main part: "Loading the lab…" until its code is there, or why it could not be loaded. */
function LabMain() {
  const { mod, error } = useLoaded(labCode);
  if (mod) return <mod.Lab />;
  // Inset as the lab's own columns are, rather than edge to edge.
  return (
    <div className="px-4 py-3">
      {error !== undefined ? <LoadFailed what="the lab" error={error} /> : <Loading what="the lab" />}
    </div>
  );
}

/** The header's parts of the lab: nothing until their code is there, nor if it fails (the lab says so). */
function LabTools() {
  const { mod } = useLoaded(labCode);
  return mod ? <mod.LabTools /> : null;
}

function LabCompareBar() {
  const { mod } = useLoaded(labCode);
  return mod ? <mod.LabCompareBar /> : null;
}

function EmbedMain() {
  const { mod, error } = useLoaded(embedCode);
  if (mod) return <mod.EmbedApp />;
  return (
    <div className="px-4 py-3">
      {error !== undefined ? (
        <LoadFailed what="the embedded view" error={error} />
      ) : (
        <Loading what="the embedded view" />
      )}
    </div>
  );
}

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
const restoredDraft = initialDraft.kind === 'draft' && !openedWithLink;
if (restoredDraft && initialDraft.kind === 'draft')
  labStore.setState({ text: initialDraft.draft.text, scenarioId: null });
/** `?embed=1`: the reduced view for iframes. */
const embedded = new URLSearchParams(window.location.search).get('embed') === '1';
setEmbedMode(embedded);
/** Where the user was last time, reopened on a plain address (state/resume.ts). */
const resume = storage && !restoredDraft ? readLast(storage) : undefined;
// What startUrlSync() will open for a plain address, known before the first render, so that a page
// opening on the start view never renders (and loads) the lab first.
if (!openedWithLink && !restoredDraft && !resume && !embedded) labStore.setState({ start: true });

/**
 * Starts loading the code of the view the page opens on, before its first render: the lab, or the
 * embedded view, unless the page opens on the start view. main.tsx calls it when it renders App (not for
 * the print and quiz views). A failure to load shows in the view itself.
 */
export function preloadFirstView(): void {
  if (labStore.getState().start) return;
  if (embedded) embedCode.start().catch(() => {});
  else labCode.start().catch(() => {});
}

/**
 * Opens the view the address names; without one, the user's draft, or where the user was last time, or
 * the start view. Keeps the address equal to the view, remembers it, and keeps an edited scenario in
 * local storage.
 */
function useSync(): void {
  useEffect(() => {
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

const selectSetStart = (s: ReturnType<typeof labStore.getState>) => s.setStart;
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
              <LabTools />
            </div>
          </>
        )}
      </div>
      {!start && (
        <div className={open ? 'block' : 'hidden min-[700px]:block'}>
          <LabCompareBar />
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
  if (embedded) return <EmbedMain />;
  return (
    <div className="min-h-screen bg-page text-fg">
      <Header start={start} onStories={() => setStart(true)} />
      <LinkBanner />
      <DraftBanner found={initialDraft} restored={!openedWithLink} />
      {start ? <StartView preloadLab={preloadLab} /> : <LabMain />}
    </div>
  );
}
