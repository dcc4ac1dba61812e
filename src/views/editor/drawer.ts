/**
 * The editor drawer's own state: whether it is open and which tab it shows. It is the page's view of the
 * editor, not the lab's (nothing here goes into a link or a run), so it lives beside the editor in a
 * small store of its own, which the opener and the drawer share.
 */
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { EditorTab } from './EditorTabs';

export interface DrawerState {
  readonly open: boolean;
  readonly tab: EditorTab;
}

export const drawerStore = createStore<DrawerState>()(() => ({ open: false, tab: 'json' }));

export function useDrawer<T>(select: (s: DrawerState) => T): T {
  return useStore(drawerStore, select);
}

export const selectOpen = (s: DrawerState) => s.open;
export const selectTab = (s: DrawerState) => s.tab;

export const DRAWER_ID = 'scenario-editor';
export const OPENER_ID = 'scenario-editor-opener';

/** Where focus was when the drawer opened: it goes back there when the drawer closes. */
let returnTo: HTMLElement | null = null;

export function openEditor(): void {
  if (drawerStore.getState().open) return;
  returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  drawerStore.setState({ open: true });
}

export function closeEditor(): void {
  if (drawerStore.getState().open) drawerStore.setState({ open: false });
}

/**
 * Once the drawer has closed, focus goes back to where it was when it opened; to the opener if
 * that is gone. Not before: while a modal drawer is open the page
 * behind it is inert and cannot take focus.
 */
export function returnFocus(): void {
  const back = returnTo?.isConnected ? returnTo : document.getElementById(OPENER_ID);
  returnTo = null;
  back?.focus();
}

export function setTab(tab: EditorTab): void {
  drawerStore.setState({ tab });
}
