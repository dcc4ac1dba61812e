import { type ReactNode, useLayoutEffect, useRef } from 'react';
import { closeEditor, DRAWER_ID, drawerStore, returnFocus, selectOpen, useDrawer } from './drawer';
import { tabId } from './EditorTabs';
import { ICON } from './styles';

/** From here the page is wide enough to keep the tree in view beside the drawer (the xl layout). */
const WIDE = '(min-width: 80rem)';
const TITLE_ID = 'scenario-editor-title';

/**
 * The editor in a drawer at the right edge, as wide as the form needs (56rem, or the whole width of a
 * narrower screen), so no field, message or button is cut as it was in the page's 20rem column.
 *
 * On a wide screen (80rem and up) it is a non-modal dialog, narrowed to leave the step list and the tree
 * beside it: the point of editing is to see the run change, so the page stays readable and usable (Run,
 * then step through the result). Below that it would cover the tree anyway, so it is modal: the page
 * behind is inert and dimmed, and Tab stays in the drawer. Either way Esc closes it and focus goes back
 * to where it was (returnFocus).
 */
export function EditorDrawer({ children }: { children: ReactNode }) {
  const open = useDrawer(selectOpen);
  const ref = useRef<HTMLDialogElement>(null);
  const wasOpen = useRef(false);
  // A layout effect, so the dialog is shown before the tabs' own effects run: a click on a problem
  // focuses its field from one of those, and a closed dialog's contents cannot take focus.
  useLayoutEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      if (window.matchMedia(WIDE).matches) d.show();
      else d.showModal();
      // Into the drawer, on the tab it shows; a click on a problem then moves on to its field.
      document.getElementById(tabId(drawerStore.getState().tab))?.focus();
    } else if (!open) {
      if (d.open) d.close();
      if (wasOpen.current) returnFocus();
    }
    wasOpen.current = open;
  }, [open]);
  return (
    <dialog
      ref={ref}
      id={DRAWER_ID}
      aria-labelledby={TITLE_ID}
      onCancel={(e) => {
        e.preventDefault();
        closeEditor();
      }}
      onKeyDown={(e) => {
        // A control that uses Esc itself (a process name being edited) calls preventDefault first.
        if (e.key !== 'Escape' || e.defaultPrevented) return;
        e.preventDefault();
        closeEditor();
      }}
      onClose={closeEditor}
      className="fixed inset-y-0 right-0 left-auto z-40 m-0 h-full max-h-none w-full overflow-hidden max-w-[56rem] flex-col border-l border-line bg-panel p-0 text-fg shadow-2xl open:flex backdrop:bg-black/40 xl:max-w-[max(30rem,min(56rem,100%_-_56rem))]"
    >
      <div className="flex items-center justify-between gap-2 border-b border-line px-3 py-2">
        <h2 id={TITLE_ID} className="font-semibold">
          Edit the scenario
        </h2>
        <button type="button" className={ICON} aria-label="Close the editor" onClick={closeEditor}>
          <span aria-hidden="true">✕</span>
        </button>
      </div>
      <div data-testid="drawer-body" className="relative min-h-0 flex-1 overflow-y-auto p-3">
        {children}
      </div>
    </dialog>
  );
}
