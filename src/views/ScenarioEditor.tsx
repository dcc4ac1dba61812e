import { useState } from 'react';
import { useLab } from '../state/hooks';
import { selectRun } from '../state/store';
import { type EditorTab, EditorTabs, panelId, TABS, tabId } from './editor/EditorTabs';
import { FormEditor } from './editor/FormEditor';
import { ImportExport } from './editor/ImportExport';
import { JSON_TEXT_ID, JsonText } from './editor/JsonText';

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
          {t.id === tab && (t.id === 'json' ? <JsonText /> : <FormEditor onShowJson={showJson} />)}
        </div>
      ))}
      <ImportExport />
    </form>
  );
}
