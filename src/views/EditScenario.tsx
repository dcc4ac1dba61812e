import { useEffect, useState } from 'react';
import { EditorDrawer } from './editor/Drawer';
import { closeEditor, DRAWER_ID, OPENER_ID, openEditor, selectOpen, useDrawer } from './editor/drawer';
import { FOCUS } from './editor/styles';
import { Panel } from './Guard';
import { onUse } from './onUse';
import { whenIdle } from './whenIdle';

/**
 * The drawer's body (the tabs, the JSON text, import and export, and through them the form) is not code
 * the first view needs: it loads once the page has drawn and is idle, or at once when the editor is
 * asked for first (the button, a problem to go to, "Write your own scenario"), or as the pointer comes
 * over the button. Not only on opening: the closed drawer holds the scenario's JSON text, which the
 * end-to-end tests read (and fill) without opening it.
 */
const EDITOR = 'the scenario editor';
const Editor = onUse(EDITOR, () => import('./editor/ScenarioEditor').then((m) => m.ScenarioEditor));

/** "Edit the scenario": the one button that opens the editor's drawer, and the drawer. */
export function EditScenario() {
  const open = useDrawer(selectOpen);
  const [mounted, setMounted] = useState(open);
  if (open && !mounted) setMounted(true);
  useEffect(() => {
    if (mounted) return;
    return whenIdle(() => setMounted(true));
  }, [mounted]);
  return (
    <>
      <button
        id={OPENER_ID}
        type="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={DRAWER_ID}
        onClick={open ? closeEditor : openEditor}
        onPointerEnter={Editor.preload}
        onFocus={Editor.preload}
        className={`rounded border border-line bg-panel px-3 py-1.5 text-sm font-medium hover:bg-hover ${FOCUS}`}
      >
        Edit the scenario
      </button>
      <EditorDrawer>
        {mounted && (
          <Panel name={EDITOR}>
            <Editor.Part />
          </Panel>
        )}
      </EditorDrawer>
    </>
  );
}
