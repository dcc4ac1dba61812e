import { lazy, Suspense, useState } from 'react';
import { useLab } from '../state/hooks';
import { selectRun } from '../state/store';
import { type EditorTab, EditorTabs, panelId, TABS, tabId } from './editor/EditorTabs';
import { ImportExport } from './editor/ImportExport';
import { JSON_TEXT_ID, JsonText } from './editor/JsonText';
import { BUTTON } from './editor/styles';

type FormProps = { onShowJson(): void };

/**
 * The form is loaded when its tab is first opened: it reads the zod schemas (field lists, validation), and
 * zod alone was about a tenth of the page's script (docs/performance.md). The JSON tab, the default, needs
 * none of it. A chunk that fails to load (offline, or replaced by a deploy) shows a message in the panel
 * instead of taking the page down: there is no error boundary above it.
 */
const FormEditor = lazy(() =>
  import('./editor/FormEditor').then(
    (m) => ({ default: m.FormEditor }),
    (e: unknown) => ({ default: (props: FormProps) => <FormLoadFailed error={e} {...props} /> }),
  ),
);

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

/** The scenario: a form and the JSON text over one text in the store, Run, import and export. */
export function ScenarioEditor() {
  const run = useLab(selectRun);
  const [tab, setTab] = useState<EditorTab>('json');
  const showJson = () => {
    setTab('json');
    requestAnimationFrame(() => document.getElementById(JSON_TEXT_ID)?.focus());
  };
  return (
    <form
      className="flex flex-col gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        void run();
      }}
    >
      <div className="flex items-center justify-between gap-2 border-b border-line">
        <EditorTabs tab={tab} onChange={setTab} />
        <button
          type="submit"
          className="mb-1 rounded bg-accent px-4 py-1.5 font-medium text-panel hover:opacity-90 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
        >
          Run
        </button>
      </div>
      {TABS.map((t) => (
        <div
          key={t.id}
          role="tabpanel"
          id={panelId(t.id)}
          aria-labelledby={tabId(t.id)}
          hidden={t.id !== tab}
        >
          {t.id === tab &&
            (t.id === 'json' ? (
              <JsonText />
            ) : (
              <Suspense fallback={FORM_LOADING}>
                <FormEditor onShowJson={showJson} />
              </Suspense>
            ))}
        </div>
      ))}
      <ImportExport />
    </form>
  );
}
