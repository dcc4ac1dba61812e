/**
 * Keeps the address bar equal to the current view and opens views from links. Choices the user makes
 * (scenario, kernel settings, comparison) push a history entry, so Back returns to the previous view;
 * stepping and selecting only replace the current entry, so playing a scenario never floods the history.
 */
import { decodeLink, encodeLink, type LinkSettings, type LinkView, rememberFragment } from '../share/link';
import { DEFAULT_SETTINGS, type KernelSettings, settingsOf } from './settings';
import type { LabState, LabStore } from './store';

/** Finds a built-in scenario's JSON text by id. */
export type ScenarioLookup = (id: string) => string | undefined;

export interface WindowLike {
  location: { search: string; hash: string; pathname: string };
  history: {
    pushState(d: unknown, u: string, url: string): void;
    replaceState(d: unknown, u: string, url: string): void;
  };
  addEventListener(type: 'popstate', fn: () => void): void;
  removeEventListener(type: 'popstate', fn: () => void): void;
}

function linkSettings(s: KernelSettings, base: KernelSettings): LinkSettings {
  const out: LinkSettings = {};
  if (s.variant !== base.variant) out.variant = s.variant;
  if (s.preset !== base.preset) out.preset = s.preset;
  if (Object.keys(s.config).length) out.config = { ...s.config };
  return out;
}

/** Whether the page is the embed view: its links keep saying so. */
let embedMode = false;
export function setEmbedMode(on: boolean): void {
  embedMode = on;
}

/** The link of the current view (query + fragment). With `full`, the full app's link even when embedded. */
export function linkOf(s: LabState, full = false): string {
  const view: LinkView = {
    scenario:
      s.scenarioId !== null
        ? { kind: 'builtin', id: s.scenarioId }
        : s.ranText !== null
          ? { kind: 'custom', json: null }
          : { kind: 'default' },
    settings: s.settings ? linkSettings(s.settings, s.scenarioSettings) : {},
  };
  if (s.cursor > 0) view.step = s.cursor;
  if (s.selected) view.entry = { ...s.selected };
  if (s.compare)
    view.compare = {
      variant: s.compare.variant,
      preset: s.compare.preset,
      ...(Object.keys(s.compare.config).length ? { config: { ...s.compare.config } } : {}),
    };
  if (embedMode && !full) view.embed = true;
  return encodeLink(view, view.scenario.kind === 'custom' ? (s.ranText ?? '') : undefined);
}

function complete(s: LinkSettings | undefined, base: KernelSettings): KernelSettings {
  return {
    variant: s?.variant ?? base.variant,
    preset: s?.preset ?? base.preset,
    config: { ...(s?.config ?? {}) },
  };
}

/** Opens the view a link describes. Returns an error message, or null when it opened. */
export async function openLink(
  store: LabStore,
  search: string,
  hash: string,
  lookup: ScenarioLookup,
): Promise<string | null> {
  const d = decodeLink(search, hash);
  if (!d.ok) return d.error;
  const v = d.view;
  let text: string | undefined;
  let id: string | null = null;
  if (v.scenario.kind === 'builtin') {
    text = lookup(v.scenario.id);
    if (text === undefined) return `there is no built-in scenario "${v.scenario.id}"`;
    id = v.scenario.id;
  } else if (v.scenario.kind === 'custom') {
    text = JSON.stringify(v.scenario.json, null, 2);
    rememberFragment(text, hash);
  }
  const st = store.getState();
  const scenarioText = text ?? st.text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(scenarioText);
  } catch {
    parsed = undefined;
  }
  const base = parsed === undefined ? DEFAULT_SETTINGS : settingsOf(parsed);
  const hasSettings = Object.keys(v.settings).length > 0;
  store.setState({
    text: scenarioText,
    scenarioId: id,
    dirty: false,
    settings: hasSettings ? complete(v.settings, base) : null,
    cursor: v.step ?? 0,
    selected: v.entry ?? null,
    linkError: null,
  });
  if (v.compare) void st.setCompare(complete(v.compare, base));
  else if (st.compare) void st.setCompare(null);
  await store.getState().run();
  const after = store.getState();
  if (after.status === 'invalid')
    return `the scenario in the link is not valid: ${after.problems
      .map((p) => `${p.path}: ${p.message}`)
      .join('; ')
      .slice(0, 400)}`;
  if (v.step !== undefined && v.step >= after.steps.length)
    return `the link asks for step ${v.step}, but the scenario has ${after.steps.length} steps`;
  return null;
}

/** The parts of the view whose change makes a new history entry (the rest replace the current one). */
type Choice = readonly [
  LabState['ranText'],
  LabState['scenarioId'],
  LabState['settings'],
  LabState['compare'],
];
function choiceKey(s: LabState): Choice {
  return [s.ranText, s.scenarioId, s.settings, s.compare];
}
/** Compared by identity: the store replaces these objects when they change. */
const sameChoice = (a: Choice, b: Choice) => a.every((x, i) => x === b[i]);

/**
 * Opens the page's link, then mirrors the store into the address bar. Returns a function that stops it.
 * A broken link leaves the default view and sets `linkError`.
 */
export function startUrlSync(store: LabStore, win: WindowLike, lookup: ScenarioLookup): () => void {
  let applying = true;
  let lastChoice: Choice = [null, null, null, null];
  const here = () => `${win.location.pathname}${win.location.search}${win.location.hash}`;
  const open = async () => {
    applying = true;
    const { search, hash } = win.location;
    if (search || hash) {
      const err = await openLink(store, search, hash, lookup);
      if (err) {
        store.getState().setLinkError(err);
        // An invalid scenario stays in the editor with its problems listed, for the user to fix; any
        // other broken link leaves the default view, so that the page works.
        if (store.getState().status !== 'invalid') {
          store.setState({ settings: null, cursor: 0, selected: null });
          await store.getState().run();
        }
      }
    } else {
      await store.getState().run();
    }
    applying = false;
    lastChoice = choiceKey(store.getState());
    const url = `${win.location.pathname}${linkOf(store.getState())}`;
    if (url !== here() && !store.getState().linkError) win.history.replaceState(null, '', url);
  };
  const ready = open();
  // Stepping only replaces the entry, and only once the user pauses: replaceState costs a few ms a call.
  // A choice (push) first writes the pending replacement, so Back returns to exactly the view left.
  let pendingReplace: ReturnType<typeof setTimeout> | undefined;
  let pendingUrl: string | undefined;
  const flush = () => {
    clearTimeout(pendingReplace);
    if (pendingUrl !== undefined && pendingUrl !== here()) win.history.replaceState(null, '', pendingUrl);
    pendingUrl = undefined;
  };
  const unsub = store.subscribe((s) => {
    if (applying || s.status === 'running') return;
    const choice = choiceKey(s);
    if (!sameChoice(choice, lastChoice)) {
      flush();
      lastChoice = choice;
      win.history.pushState(null, '', `${win.location.pathname}${linkOf(s)}`);
      return;
    }
    clearTimeout(pendingReplace);
    pendingUrl = `${win.location.pathname}${linkOf(s)}`;
    pendingReplace = setTimeout(flush, 120);
  });
  const onPop = () => {
    // The address is now the entry Back (or Forward) went to. A replacement still pending was meant
    // for the entry the user left: written now, it would turn this entry back into that one.
    clearTimeout(pendingReplace);
    pendingUrl = undefined;
    void open();
  };
  win.addEventListener('popstate', onPop);
  void ready;
  return () => {
    clearTimeout(pendingReplace);
    unsub();
    win.removeEventListener('popstate', onPop);
  };
}
