import { useLayoutEffect, useRef } from 'react';
import { useLab } from '../../state/hooks';
import { type LabState, selectProblems, selectRun, selectShowingStale, selectSteps } from '../../state/store';
import { moduleLoader, useLoaded } from '../moduleLoader';
import { drawerStore, selectTab, setTab, useDrawer } from './drawer';
import { EditorTabs, panelId, TABS, tabId } from './EditorTabs';
import { ImportExport } from './ImportExport';
import { JSON_TEXT_ID, JsonText } from './JsonText';
import { BUTTON } from './styles';

type FormProps = { onShowJson(): void };

/**
 * The form is loaded when its tab is first opened: it reads the zod schemas (field lists, validation), and
 * zod alone was about a tenth of the page's script (docs/performance.md). The JSON tab, the default, needs
 * none of it. A chunk that fails to load (offline, or replaced by a deploy) shows a message in the panel
 * instead of taking the page down. Not React.lazy() (see moduleLoader.ts: a Suspense reveal waits 300 ms).
 */
const formCode = moduleLoader(() => import('./FormEditor').then((m) => m.FormEditor));

function FormWhenLoaded(props: FormProps) {
  const { mod: Form, error } = useLoaded(formCode);
  if (Form) return <Form {...props} />;
  if (error !== undefined) return <FormLoadFailed error={error} {...props} />;
  return FORM_LOADING;
}

function FormLoadFailed({ error, onShowJson }: FormProps & { error: unknown }) {
  return (
    <div role="alert" className="flex flex-col items-start gap-2 rounded border border-cls-bad p-2 text-sm">
      <p className="text-cls-bad">
        The form could not be loaded ({error instanceof Error ? error.message : String(error)}). Reload the
        page to try again.
      </p>
      <button type="button" className={BUTTON} onClick={onShowJson}>
        Edit in the JSON tab
      </button>
    </div>
  );
}

const FORM_LOADING = (
  <p role="status" className="p-2 text-sm text-muted">
    Loading the form…
  </p>
);

const selectOutcome = (s: LabState) => s.status;

/**
 * What the last Run did, said inside the drawer: on a narrow screen the drawer covers the page's own
 * status line and problem list, and a modal drawer makes them inert. Polite, and not a second "status"
 * role: the page has one.
 */
function RunOutcome() {
  const status = useLab(selectOutcome);
  const steps = useLab(selectSteps);
  const problems = useLab(selectProblems);
  const stale = useLab(selectShowingStale);
  const n = problems.length;
  const count = n === 1 ? '1 problem' : `${n} problems`;
  const text =
    status === 'running'
      ? 'Running…'
      : status === 'done'
        ? `Ran ${steps.length - 1} ${steps.length === 2 ? 'operation' : 'operations'}.`
        : status === 'invalid'
          ? `Not run: ${count} in the scenario${stale ? '. The page keeps showing the last good run' : ''}.`
          : status === 'failed'
            ? 'The run failed: the page says why.'
            : '';
  return (
    <p aria-live="polite" className={`text-sm ${status === 'invalid' ? 'text-cls-bad' : 'text-muted'}`}>
      {text}
    </p>
  );
}

/**
 * The scenario: a form and the JSON text over one text in the store, Run, import and export. The drawer's
 * body, loaded when the drawer first opens (EditScenario.tsx): the drawer put focus on the current tab as
 * it opened, and that tab was not there yet, so the body takes it once it is, unless a click on a problem
 * has already sent focus to a field inside (the tabs' own effects, which run first).
 */
export function ScenarioEditor() {
  const run = useLab(selectRun);
  const tab = useDrawer(selectTab);
  const ref = useRef<HTMLFormElement>(null);
  useLayoutEffect(() => {
    if (!drawerStore.getState().open || ref.current?.contains(document.activeElement)) return;
    document.getElementById(tabId(drawerStore.getState().tab))?.focus();
  }, []);
  const showJson = () => {
    setTab('json');
    requestAnimationFrame(() => document.getElementById(JSON_TEXT_ID)?.focus());
  };
  return (
    <form
      ref={ref}
      className="flex flex-col gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        void run();
      }}
    >
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-line">
        <EditorTabs tab={tab} onChange={setTab} />
        <button
          type="submit"
          className="mb-1 rounded bg-accent px-4 py-1.5 font-medium text-panel hover:opacity-90 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
        >
          Run
        </button>
      </div>
      <RunOutcome />
      {TABS.map((t) => (
        <div
          key={t.id}
          role="tabpanel"
          id={panelId(t.id)}
          aria-labelledby={tabId(t.id)}
          hidden={t.id !== tab}
        >
          {t.id === tab && (t.id === 'json' ? <JsonText /> : <FormWhenLoaded onShowJson={showJson} />)}
        </div>
      ))}
      <ImportExport />
    </form>
  );
}
