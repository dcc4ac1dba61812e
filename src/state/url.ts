/**
 * Keeps the address bar equal to the current view and opens views from links. Choices the user makes
 * (scenario, kernel settings, comparison) push a history entry, so Back returns to the previous view;
 * stepping and selecting only replace the current entry, so playing a scenario never floods the history.
 */

import { parseJson } from '../scenario/json';
import { decodeLink, encodeLink, type LinkSettings, type LinkView, rememberFragment } from '../share/link';
import { DEFAULT_SETTINGS, type KernelSettings, settingsOf } from './settings';
import { type LabState, type LabStore, LINK_FIELDS, type LinkField, type StepRange } from './store';

/** Finds a built-in scenario's JSON text by id. */
export type ScenarioLookup = (id: string) => Promise<string | undefined> | string | undefined;

export interface WindowLike {
  location: { search: string; hash: string; pathname: string };
  history: {
    pushState(d: unknown, u: string, url: string): void;
    replaceState(d: unknown, u: string, url: string): void;
  };
  addEventListener(type: 'popstate' | 'pagehide', fn: () => void): void;
  removeEventListener(type: 'popstate' | 'pagehide', fn: () => void): void;
}

function linkSettings(s: KernelSettings, base: KernelSettings): LinkSettings {
  const out: LinkSettings = {};
  if (s.variant !== base.variant) out.variant = s.variant;
  if (s.preset !== base.preset) out.preset = s.preset;
  if (Object.keys(s.config).length) out.config = { ...s.config };
  return out;
}

function complete(s: LinkSettings | undefined, base: KernelSettings): KernelSettings {
  return {
    variant: s?.variant ?? base.variant,
    preset: s?.preset ?? base.preset,
    config: { ...(s?.config ?? {}) },
  };
}

/** What opening a link knows besides the link: the scenario's text and id, and its own settings. */
interface Opening {
  readonly text: string;
  readonly id: string | null;
  readonly base: KernelSettings;
}

/**
 * How each field a link carries (PERSIST's "link" fields) goes into a link and comes back out of one.
 * Typed over LinkField: marking a field "link" in PERSIST without saying how it travels does not compile.
 */
const LINK: {
  readonly [K in LinkField]: {
    write(s: LabState, view: LinkView): void;
    read(v: LinkView, o: Opening): Partial<LabState>;
  };
} = {
  scenarioId: {
    write: (s, view) => {
      if (s.scenarioId !== null) view.scenario = { kind: 'builtin', id: s.scenarioId };
    },
    read: (_v, o) => ({ scenarioId: o.id }),
  },
  // The text of the last run; a built-in scenario travels by its id instead (scenarioId, written first).
  ranText: {
    write: (s, view) => {
      if (view.scenario.kind === 'default' && s.ranText !== null)
        view.scenario = { kind: 'custom', json: null };
    },
    read: (_v, o) => ({ text: o.text, dirty: false }),
  },
  settings: {
    write: (s, view) => {
      view.settings = s.settings ? linkSettings(s.settings, s.scenarioSettings) : {};
    },
    read: (v, o) => ({ settings: Object.keys(v.settings).length ? complete(v.settings, o.base) : null }),
  },
  cursor: {
    write: (s, view) => {
      if (s.cursor > 0) view.step = s.cursor;
    },
    read: (v) => ({ cursor: v.step ?? 0 }),
  },
  // A range is the embed view's: the full page's link (linkOf(s, true), "Open in ptlab") leaves it out.
  range: {
    write: (s, view) => {
      if (s.range && embedMode) view.range = { ...s.range };
    },
    read: (v) => ({ range: v.embed && v.range ? { ...v.range } : null }),
  },
  selected: {
    write: (s, view) => {
      if (s.selected) view.entry = { ...s.selected };
    },
    read: (v) => ({ selected: v.entry ?? null }),
  },
  explain: {
    write: (s, view) => {
      if (s.explain !== 'reviewer') view.explain = s.explain;
    },
    read: (v) => ({ explain: v.explain ?? 'reviewer' }),
  },
  filter: {
    write: (s, view) => {
      if (s.filter.length) view.filter = [...s.filter];
    },
    read: (v) => ({ filter: v.filter ?? [] }),
  },
  compare: {
    write: (s, view) => {
      if (s.compare)
        view.compare = {
          variant: s.compare.variant,
          preset: s.compare.preset,
          ...(Object.keys(s.compare.config).length ? { config: { ...s.compare.config } } : {}),
        };
    },
    read: (v, o) => ({ compare: v.compare ? complete(v.compare, o.base) : null }),
  },
};

/** Whether the page is the embed view: its links keep saying so. */
let embedMode = false;
export function setEmbedMode(on: boolean): void {
  embedMode = on;
}

/**
 * The link of the current view (query + fragment). With `full`, the full app's link even when embedded.
 * The start view has none: its address is the page's own.
 */
export function linkOf(s: LabState, full = false): string {
  if (s.start && !full) return '';
  const view: LinkView = { scenario: { kind: 'default' }, settings: {} };
  for (const k of LINK_FIELDS) LINK[k].write(s, view);
  if (embedMode && !full) view.embed = true;
  if (full) delete view.range;
  return encodeLink(view, view.scenario.kind === 'custom' ? (s.ranText ?? '') : undefined);
}

/** The link of the embed view of the current view: at the current step, or playing `range` only. */
export function embedLinkOf(s: LabState, range: StepRange | null): string {
  const view: LinkView = { scenario: { kind: 'default' }, settings: {} };
  for (const k of LINK_FIELDS) LINK[k].write(s, view);
  delete view.range;
  if (range) view.range = { ...range };
  view.embed = true;
  return encodeLink(view, view.scenario.kind === 'custom' ? (s.ranText ?? '') : undefined);
}

/** The size of an embed's iframe, in CSS pixels, unless the user chooses another. */
export const EMBED_SIZE = { width: 960, height: 640 } as const;

/** The HTML to paste into an article: an iframe of the embed view at `url`. */
export function embedCode(url: string, title: string, width: number, height: number): string {
  const attr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<iframe src="${attr(url)}" width="${width}" height="${height}" title="${attr(`ptlab: ${title}`)}" loading="lazy"></iframe>`;
}

/**
 * How opening a link went: it opened, perhaps with values replaced by the nearest valid ones (each named);
 * or it did not, with the reason and what could be read of a damaged scenario.
 */
export type LinkOpened =
  | { readonly ok: true; readonly replaced: readonly string[] }
  | { readonly ok: false; readonly message: string; readonly salvage?: string };

/** Opens the view a link describes. */
export async function openLink(
  store: LabStore,
  search: string,
  hash: string,
  lookup: ScenarioLookup,
): Promise<LinkOpened> {
  const d = decodeLink(search, hash);
  if (!d.ok)
    return { ok: false, message: d.error, ...(d.salvage !== undefined ? { salvage: d.salvage } : {}) };
  const v = d.view;
  const replaced = [...(d.replaced ?? [])];
  let text: string | undefined;
  let id: string | null = null;
  if (v.scenario.kind === 'builtin') {
    text = await lookup(v.scenario.id);
    if (text === undefined) return { ok: false, message: `there is no built-in scenario "${v.scenario.id}"` };
    id = v.scenario.id;
  } else if (v.scenario.kind === 'custom') {
    text = JSON.stringify(v.scenario.json, null, 2);
    rememberFragment(text, hash);
  }
  const st = store.getState();
  const scenarioText = text ?? st.text;
  const p = parseJson(scenarioText);
  const parsed = p.ok ? p.value : undefined;
  const opening: Opening = {
    text: scenarioText,
    id,
    base: parsed === undefined ? DEFAULT_SETTINGS : settingsOf(parsed),
  };
  const { compare, ...fields } = Object.assign(
    {},
    ...LINK_FIELDS.map((k) => LINK[k].read(v, opening)),
  ) as Partial<LabState>;
  store.setState({ ...fields, linkError: null, start: false });
  // The comparison is a run of its own: set through its action, which starts it.
  if (compare || st.compare) void st.setCompare(compare ?? null);
  await store.getState().run();
  const after = store.getState();
  if (after.status === 'invalid')
    return {
      ok: false,
      message: `the scenario in the link is not valid: ${after.problems
        .map((p) => `${p.path}: ${p.message}`)
        .join('; ')
        .slice(0, 400)}`,
    };
  const lastStep = after.steps.length - 1;
  const range = after.range;
  if (range && lastStep >= 0) replaced.push(...fitRange(store, range, lastStep));
  if (v.step !== undefined && v.step > lastStep && lastStep >= 0) {
    store.getState().select(lastStep);
    replaced.push(`step ${v.step} is past the run's last step: showing step ${lastStep}, the last`);
  } else if (range && v.step !== undefined && store.getState().cursor !== v.step) {
    const at = store.getState().cursor;
    replaced.push(`step ${v.step} is outside the range: showing step ${at}, the nearest in it`);
  } else if (range && v.step === undefined) store.getState().first();
  return { ok: true, replaced };
}

/**
 * Brings a range's ends within the run (an end past the last step is the last step), says so, and puts
 * the cursor inside it. Returns what was replaced.
 */
function fitRange(store: LabStore, range: StepRange, lastStep: number): string[] {
  const out: string[] = [];
  const fitted: { from?: number; to?: number } = { ...range };
  for (const end of ['from', 'to'] as const) {
    const at = fitted[end];
    if (at !== undefined && at > lastStep) {
      fitted[end] = lastStep;
      out.push(`the range's ${end} ${at} is past the run's last step: ${end} step ${lastStep}, the last`);
    }
  }
  store.getState().setRange(fitted);
  return out;
}

/** The parts of the view whose change makes a new history entry (the rest replace the current one). */
type Choice = readonly [
  LabState['ranText'],
  LabState['scenarioId'],
  LabState['settings'],
  LabState['compare'],
  LabState['start'],
];
function choiceKey(s: LabState): Choice {
  return [s.ranText, s.scenarioId, s.settings, s.compare, s.start];
}
/** Compared by identity: the store replaces these objects when they change. */
const sameChoice = (a: Choice, b: Choice) => a.every((x, i) => x === b[i]);

/** How the page opens an address without a query or fragment, and what it is told of each address. */
export interface UrlSyncOptions {
  /**
   * What a plain address shows: the start view, or a run of the store's text (the default example, or a
   * draft the page restored). Default "run".
   */
  plain?: 'start' | 'run';
  /** For the page's first address, when it is plain: the link the user was at last time, reopened. */
  resume?: string;
  /** Called with each address written (query + fragment; '' for the start view), to be resumed later. */
  remember?(link: string): void;
}

/**
 * Opens the page's link, then mirrors the store into the address bar. Returns a function that stops it.
 * A broken link leaves the default view and sets `linkError` (the address keeps the link, to be copied
 * and reported); a link with values replaced opens with `linkReplaced` naming them, and the address
 * then says what is shown.
 */
export function startUrlSync(
  store: LabStore,
  win: WindowLike,
  lookup: ScenarioLookup,
  opts: UrlSyncOptions = {},
): () => void {
  let applying = true;
  let lastChoice: Choice = [null, null, null, null, false];
  let resume = opts.resume;
  const here = () => `${win.location.pathname}${win.location.search}${win.location.hash}`;
  const write = (how: 'push' | 'replace', url: string) => {
    if (how === 'push') win.history.pushState(null, '', url);
    else win.history.replaceState(null, '', url);
    opts.remember?.(`${win.location.search}${win.location.hash}`);
  };
  const openAddress = async (search: string, hash: string) => {
    const err = await openLink(store, search, hash, lookup);
    store.getState().setLinkReplaced(err.ok ? err.replaced : []);
    if (!err.ok) {
      store.getState().setLinkError(err.message, err.salvage ?? null);
      // An invalid scenario stays in the editor with its problems listed, for the user to fix; any
      // other broken link leaves the default view, so that the page works.
      if (store.getState().status !== 'invalid') {
        store.setState({ settings: null, cursor: 0, selected: null });
        await store.getState().run();
      }
    }
  };
  const open = async () => {
    applying = true;
    const { search, hash } = win.location;
    const resumed = resume;
    resume = undefined; // only the first address resumes; Back to a plain address is the start
    if (search || hash) await openAddress(search, hash);
    else if (resumed) {
      const u = new URL(resumed, 'http://resume.invalid/');
      await openAddress(u.search, u.hash);
    } else if (opts.plain === 'start') store.getState().setStart(true);
    else await store.getState().run();
    applying = false;
    lastChoice = choiceKey(store.getState());
    // A link that could not be opened keeps its address (to be copied and reported), and is not resumed.
    if (store.getState().linkError) return;
    const url = `${win.location.pathname}${linkOf(store.getState())}`;
    if (url !== here()) write('replace', url);
    else opts.remember?.(`${win.location.search}${win.location.hash}`);
  };
  const ready = open();
  // Stepping only replaces the entry, and only once the user pauses: replaceState costs a few ms a call.
  // A choice (push) first writes the pending replacement, so Back returns to exactly the view left.
  let pendingReplace: ReturnType<typeof setTimeout> | undefined;
  let pendingUrl: string | undefined;
  const flush = () => {
    clearTimeout(pendingReplace);
    if (pendingUrl !== undefined && pendingUrl !== here()) write('replace', pendingUrl);
    pendingUrl = undefined;
  };
  const unsub = store.subscribe((s) => {
    if (applying || s.status === 'running') return;
    const choice = choiceKey(s);
    if (!sameChoice(choice, lastChoice)) {
      flush();
      lastChoice = choice;
      write('push', `${win.location.pathname}${linkOf(s)}`);
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
  // Leaving the page writes the step it was at (and remembers it), even within the pause.
  win.addEventListener('pagehide', flush);
  void ready;
  return () => {
    clearTimeout(pendingReplace);
    unsub();
    win.removeEventListener('popstate', onPop);
    win.removeEventListener('pagehide', flush);
  };
}
