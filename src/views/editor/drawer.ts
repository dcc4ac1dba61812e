/**
 * The editor drawer's own state: whether it is open, which tab it shows, and the field a click on a
 * problem asked for. It is the page's view of the editor, not the lab's (nothing here goes into a link or
 * a run), so it lives beside the editor in a small store of its own; the problem list outside the drawer
 * and the drawer itself share it.
 */
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { EditorTab } from './EditorTabs';
import { shownInForm } from './shown';

/** A field to show and focus, by JSON path (a new object per click, so a second click acts again). */
export interface Goal {
  readonly path: string;
  readonly tab: EditorTab;
}

export interface DrawerState {
  readonly open: boolean;
  readonly tab: EditorTab;
  readonly goal: Goal | null;
}

export const drawerStore = createStore<DrawerState>()(() => ({ open: false, tab: 'json', goal: null }));

export function useDrawer<T>(select: (s: DrawerState) => T): T {
  return useStore(drawerStore, select);
}

export const selectOpen = (s: DrawerState) => s.open;
export const selectTab = (s: DrawerState) => s.tab;
export const selectGoal = (s: DrawerState) => s.goal;

export const DRAWER_ID = 'scenario-editor';
export const OPENER_ID = 'scenario-editor-opener';

/** Where focus was when the drawer opened: it goes back there when the drawer closes. */
let returnTo: HTMLElement | null = null;

export function openEditor(): void {
  if (drawerStore.getState().open) return;
  returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  drawerStore.setState({ open: true, goal: null });
}

export function closeEditor(): void {
  if (drawerStore.getState().open) drawerStore.setState({ open: false, goal: null });
}

/**
 * Once the drawer has closed, focus goes back to where it was when it opened (the opener, or the problem
 * that was clicked); to the opener if that is gone. Not before: while a modal drawer is open the page
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

/**
 * Opens the drawer at the field of a problem: in the Form tab when the form shows that path, else at its
 * line in the JSON tab (a syntax error, "$", is only in the text).
 */
export function goToProblem(path: string): void {
  const tab: EditorTab = path !== '$' && shownInForm(path) ? 'form' : 'json';
  goTo(path, tab);
}

export function goTo(path: string, tab: EditorTab): void {
  openEditor();
  drawerStore.setState({ tab, goal: { path, tab } });
}

/** The goal has been reached (or given up on): later renders leave focus alone. */
export function clearGoal(g: Goal): void {
  if (drawerStore.getState().goal === g) drawerStore.setState({ goal: null });
}
