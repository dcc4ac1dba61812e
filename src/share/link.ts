/**
 * Share links: the exact view (scenario, kernel settings, step, selected entry, comparison) in a URL that
 * keeps opening after later releases. Readable parameters a person can edit by hand live in the query;
 * a custom scenario rides in the fragment, lz-string compressed when that pays (Compiler Explorer's rule:
 * only if it saves more than 20%). Decoding returns a value or a message, never throws.
 *
 *   ?v=1&s=dev-mem-cow&variant=rfc-11&pte_special=0&step=3&entry=A:pte:0x20001000&cmp=rfc-10
 *   ?v=1&variant=v6.18&step=2#z=3b1f0a9c.N4Ig... (custom scenario, compressed, with its CRC-32)
 *   ?v=1&variant=v6.18&step=2#z=N4Ig...          (the same as older links wrote it, without a checksum)
 *   ?v=1#j=%7B%22version%22...                   (custom scenario, plain JSON, editable by hand)
 *
 * A compressed scenario carries the CRC-32 of its text before the data, where a link cut short in a mail
 * still has it: a scenario that does not match was damaged in transit, and what could be read is offered
 * rather than opened. Decompression stops as soon as its output passes MAX_SCENARIO_TEXT (lz.ts), and the
 * text is refused past MAX_JSON_DEPTH before anything recursive reads it.
 */
// lz-string is CommonJS: a default import works in Node's ESM loader and in the bundle alike.
import LZString from 'lz-string';
import { ARCH_PRESETS, type ArchPresetId, type MachineConfig } from '../model/config';
import type { Level } from '../model/entry';
import { isVariantId, type VariantId } from '../model/variants';
import { parseJson } from '../scenario/json';
import { crc32 } from './checksum';
import { decompressBounded } from './lz';
import { nearestPreset, nearestVariant } from './nearest';

export const LINK_VERSION = 1;
/** The largest seed of a random scenario quiz (scenario/quiz/random.ts MAX_SEED). */
export const MAX_QUIZ_SEED = 999_999_999;
/** Longest fragment accepted, and longest decompressed scenario: a link is never allowed to freeze the tab. */
export const MAX_FRAGMENT = 200_000;
export const MAX_SCENARIO_TEXT = 2_000_000;

export interface LinkSettings {
  variant?: VariantId;
  preset?: ArchPresetId;
  config?: Partial<MachineConfig>;
}

export interface LinkView {
  scenario: { kind: 'builtin'; id: string } | { kind: 'custom'; json: unknown } | { kind: 'default' };
  settings: LinkSettings;
  step?: number;
  entry?: { proc: string; level: Level; v: number };
  compare?: LinkSettings;
  /**
   * The steps the embed view plays and steps within (`from`, `to`, both included): a cover letter or a
   * slide shows those steps only. Either end may be absent: the run's first or last step.
   */
  range?: { from?: number; to?: number };
  /** The embed view (tree, timeline and decision path only), for iframes in articles. */
  embed?: boolean;
  /** The quiz ("predict, then reveal") of the linked scenario, or of the random scenario of `seed`. */
  quiz?: boolean;
  /** The seed of a random scenario quiz (1 to MAX_QUIZ_SEED): the same seed, the same questions. */
  seed?: number;
  /** How steps are explained: in plain words (learner) or with functions and branches (reviewer). */
  explain?: ExplainLevel;
  /** Entries the tree highlights, by class and attribute (FILTER_TERMS). */
  filter?: FilterTerm[];
}

export type ExplainLevel = 'learner' | 'reviewer';

/** What entries can be filtered by: their class under vm_normal_page*(), and their state. */
export const FILTER_TERMS = [
  'normal',
  'special',
  'zero',
  'huge-zero',
  'bad',
  'writable',
  'dirty',
  'written',
  'differs',
] as const;
export type FilterTerm = (typeof FILTER_TERMS)[number];
const isFilterTerm = (x: string): x is FilterTerm => (FILTER_TERMS as readonly string[]).includes(x);

export type Decoded =
  /**
   * `replaced`: what the link named that ptlab does not know, each with the value opened instead
   * ("kernel variant "v9.99" is not one ptlab models: showing v6.18, the nearest"). Absent when none.
   */
  | { ok: true; view: LinkView; replaced?: string[] }
  /** `salvage`: the scenario text that could be read from a damaged link, for the user to open or not. */
  | { ok: false; error: string; salvage?: string };

/** Config options with short, hand-editable names in links. */
const OPTION_PARAMS: Record<keyof MachineConfig, string> = {
  pteSpecial: 'pte_special',
  pmdPfnmap: 'pmd_pfnmap',
  pudPfnmap: 'pud_pfnmap',
  debugVm: 'debug_vm',
  thp: 'thp',
  useZeroPage: 'use_zero_page',
  findNormalPage: 'find_normal_page',
  pgtableLevels: 'levels',
  thpAllocSucceeds: 'thp_alloc',
};

function encodeOption(k: keyof MachineConfig, v: unknown): string {
  if (k === 'pgtableLevels') return String(v);
  return v ? '1' : '0';
}

function setSettings(q: URLSearchParams, s: LinkSettings, prefix = ''): void {
  if (s.variant) q.set(`${prefix}variant`, s.variant);
  if (s.preset) q.set(`${prefix}preset`, s.preset);
  for (const [k, v] of Object.entries(s.config ?? {}) as [keyof MachineConfig, unknown][]) {
    if (v !== undefined) q.set(`${prefix}${OPTION_PARAMS[k]}`, encodeOption(k, v));
  }
}

/** The last scenario text compressed, and its fragment: stepping re-encodes the link, not the scenario. */
let lastText: string | undefined;
let lastHash = '';

/**
 * Tells encodeLink() that `hash` (a fragment that opened, "#z=…" or "#j=…") carries `text`. The address
 * then keeps the fragment the link came with, and opening a link of a long scenario does not compress it
 * again: about 20 ms for a 513-step scenario, on the path from the run's answer to the drawn tree.
 */
export function rememberFragment(text: string, hash: string): void {
  lastText = text;
  lastHash = hash;
}

function fragmentOf(text: string): string {
  if (text === lastText) return lastHash;
  const plain = encodeURIComponent(text);
  const packed = LZString.compressToEncodedURIComponent(text);
  lastText = text;
  lastHash = packed.length < plain.length * 0.8 ? `#z=${crc32(text)}.${packed}` : `#j=${plain}`;
  return lastHash;
}

/** Builds the query and fragment (without the page's origin and path). */
export function encodeLink(view: LinkView, scenarioText?: string): string {
  const q = new URLSearchParams();
  q.set('v', String(LINK_VERSION));
  if (view.scenario.kind === 'builtin') q.set('s', view.scenario.id);
  setSettings(q, view.settings);
  if (view.step !== undefined) q.set('step', String(view.step));
  if (view.entry)
    q.set('entry', `${view.entry.proc}:${view.entry.level}:0x${(BigInt(view.entry.v) << 12n).toString(16)}`);
  if (view.range?.from !== undefined) q.set('from', String(view.range.from));
  if (view.range?.to !== undefined) q.set('to', String(view.range.to));
  if (view.compare) setSettings(q, view.compare, 'cmp_');
  if (view.embed) q.set('embed', '1');
  if (view.quiz) q.set('quiz', '1');
  if (view.seed !== undefined) q.set('seed', String(view.seed));
  if (view.explain) q.set('explain', view.explain);
  if (view.filter?.length) q.set('filter', view.filter.join(','));
  let hash = '';
  if (view.scenario.kind === 'custom') hash = fragmentOf(scenarioText ?? JSON.stringify(view.scenario.json));
  return `?${q.toString()}${hash}`;
}

function parseBool(name: string, v: string): boolean | string {
  if (v === '1' || v === 'true' || v === 'y') return true;
  if (v === '0' || v === 'false' || v === 'n') return false;
  return `${name}=${quote(v, 20)} is not 0 or 1`;
}

const quote = (v: string, n = 40) => `"${v.slice(0, n)}"`;

/**
 * Kernel settings from the query (`prefix` "cmp_" for the compared run). A value ptlab does not know is
 * replaced by the nearest it does (share/nearest.ts), or left to the scenario's own, and `replaced` says so.
 */
function readSettings(q: URLSearchParams, prefix: string, replaced: string[]): LinkSettings {
  const s: LinkSettings = {};
  const whose = prefix ? 'compared run’s ' : '';
  const own = prefix ? 'the compared run keeps the scenario’s own' : 'showing the scenario’s own';
  const variant = q.get(`${prefix}variant`);
  if (variant !== null) {
    if (isVariantId(variant)) s.variant = variant;
    else {
      const n = nearestVariant(variant);
      if (n) s.variant = n;
      replaced.push(
        `${whose}kernel variant ${quote(variant)} is not one ptlab models: ${n ? `${prefix ? 'compared with' : 'showing'} ${n}, the nearest` : own}`,
      );
    }
  }
  const preset = q.get(`${prefix}preset`);
  if (preset !== null) {
    if (ARCH_PRESETS.some((p) => p.id === preset)) s.preset = preset as ArchPresetId;
    else {
      const n = nearestPreset(preset);
      if (n) s.preset = n;
      replaced.push(
        `${whose}architecture preset ${quote(preset)} is not one ptlab has: ${n ? `${prefix ? 'compared with' : 'showing'} ${n}, the nearest` : own}`,
      );
    }
  }
  const config: Partial<MachineConfig> = {};
  for (const [k, name] of Object.entries(OPTION_PARAMS) as [keyof MachineConfig, string][]) {
    const raw = q.get(`${prefix}${name}`);
    if (raw === null) continue;
    if (k === 'pgtableLevels') {
      if (raw === '4' || raw === '5') config.pgtableLevels = Number(raw) as 4 | 5;
      else replaced.push(`${prefix}${name}=${quote(raw, 20)} is not 4 or 5: ${own} value`);
      continue;
    }
    const b = parseBool(`${prefix}${name}`, raw);
    if (typeof b === 'string') replaced.push(`${b}: ${own} value`);
    else (config as Record<string, boolean>)[k] = b;
  }
  if (Object.keys(config).length) s.config = config;
  return s;
}

/** Reads a link's query and fragment. Unknown parameters are ignored (newer links stay openable). */
export function decodeLink(search: string, hash: string): Decoded {
  if (search.length + hash.length > MAX_FRAGMENT) {
    return {
      ok: false,
      error: `the link is too long (${search.length + hash.length} characters; at most ${MAX_FRAGMENT})`,
    };
  }
  const q = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const version = q.get('v');
  if (version !== null && version !== String(LINK_VERSION)) {
    const n = Number(version);
    if (!Number.isInteger(n) || n < 1)
      return { ok: false, error: `unknown link version "${version.slice(0, 20)}"` };
    if (n > LINK_VERSION)
      return {
        ok: false,
        error: `this link was made by a newer ptlab (link version ${n}); this one reads up to ${LINK_VERSION}`,
      };
  }
  const errors: string[] = [];
  const replaced: string[] = [];
  const view: LinkView = { scenario: { kind: 'default' }, settings: readSettings(q, '', replaced) };
  const s = q.get('s');
  if (s !== null) {
    if (/^[a-z0-9-]{1,64}$/.test(s)) view.scenario = { kind: 'builtin', id: s };
    else errors.push('the scenario id in the link is not valid');
  }
  const step = q.get('step');
  if (step !== null) {
    // A step past the run's last is kept here and brought back to the last once the run is known.
    if (/^\d{1,12}$/.test(step)) view.step = Number(step);
    else replaced.push(`step ${quote(step, 20)} is not a step number: showing the first step`);
  }
  const range = readRange(q, replaced);
  if (range) view.range = range;
  const entry = q.get('entry');
  if (entry !== null) {
    const m = /^([A-Za-z0-9_.-]{1,64}):(pgd|p4d|pud|pmd|pte):(0x[0-9a-fA-F]{1,15})$/.exec(entry);
    if (m)
      view.entry = { proc: m[1] as string, level: m[2] as Level, v: Number(BigInt(m[3] as string) >> 12n) };
    else
      replaced.push(
        `the selected entry ${quote(entry)} is not "process:level:0xaddress": no entry is selected`,
      );
  }
  if ([...q.keys()].some((k) => k.startsWith('cmp_'))) view.compare = readSettings(q, 'cmp_', replaced);
  if (q.get('embed') === '1') view.embed = true;
  if (q.get('quiz') === '1') view.quiz = true;
  const seed = q.get('seed');
  if (seed !== null) {
    const n = /^\d{1,9}$/.test(seed) ? Number(seed) : Number.NaN;
    if (n >= 1 && n <= MAX_QUIZ_SEED) view.seed = n;
    else {
      view.seed = 1;
      replaced.push(`seed ${quote(seed, 20)} is not a whole number from 1 to ${MAX_QUIZ_SEED}: seed 1`);
    }
  }
  const explain = q.get('explain');
  if (explain !== null) {
    if (explain === 'learner' || explain === 'reviewer') view.explain = explain;
    else
      replaced.push(`explain ${quote(explain, 20)} is not "learner" or "reviewer": explaining for reviewers`);
  }
  const filter = q.get('filter');
  if (filter !== null) {
    const terms = filter.split(',').filter((t) => t !== '');
    const bad = terms.filter((t) => !isFilterTerm(t));
    const good = terms.filter(isFilterTerm);
    if (bad.length)
      replaced.push(
        `unknown filter ${bad
          .map((t) => quote(t, 20))
          .join(', ')
          .slice(0, 120)} (known: ${FILTER_TERMS.join(', ')}): left out`,
      );
    if (good.length) view.filter = [...new Set(good)];
  }
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (h) {
    const text = scenarioFromFragment(h);
    if (typeof text === 'object') return { ok: false, ...text };
    const parsed = parseJson(text);
    if (!parsed.ok)
      return { ok: false, error: `the scenario in the link is ${parsed.message.slice(0, 160)}` };
    view.scenario = { kind: 'custom', json: parsed.value };
  }
  if (errors.length) return { ok: false, error: errors.join('; ') };
  return replaced.length ? { ok: true, view, replaced } : { ok: true, view };
}

/**
 * The range of steps, `from` and `to`. A value that is not a step number is left out (that end is the
 * run's own), and a range given backwards is read forwards; each replacement is named. An end past the
 * run's last step is brought back once the run is known (state/url.ts), as `step` is.
 */
function readRange(q: URLSearchParams, replaced: string[]): LinkView['range'] {
  const out: { from?: number; to?: number } = {};
  for (const [name, own] of [
    ['from', 'the first step'],
    ['to', 'the last step'],
  ] as const) {
    const raw = q.get(name);
    if (raw === null) continue;
    if (/^\d{1,12}$/.test(raw)) out[name] = Number(raw);
    else replaced.push(`${name} ${quote(raw, 20)} is not a step number: the range goes to ${own}`);
  }
  if (out.from !== undefined && out.to !== undefined && out.from > out.to) {
    replaced.push(`the range ${out.from}–${out.to} is backwards: showing steps ${out.to}–${out.from}`);
    [out.from, out.to] = [out.to, out.from];
  }
  return out.from === undefined && out.to === undefined ? undefined : out;
}

/** Checksummed compressed data: 8 hex digits of CRC-32, a dot, the lz-string data (which has no dot). */
const CHECKED = /^([0-9a-f]{8})\.(.*)$/s;

function scenarioFromFragment(h: string): string | { error: string; salvage?: string } {
  if (h.startsWith('z=')) {
    const checked = CHECKED.exec(h.slice(2));
    const data = checked ? (checked[2] as string) : h.slice(2);
    const out = decompressBounded(data, MAX_SCENARIO_TEXT);
    if (!out.ok && out.reason === 'too-large')
      return { error: `the scenario in the link is too large (over ${MAX_SCENARIO_TEXT} characters)` };
    if (checked) {
      const text = out.ok ? out.text : out.partial;
      if (out.ok && crc32(text) === checked[1]) return text;
      return {
        error:
          'the scenario in the link was damaged in transit: it does not match the checksum it was sent with' +
          (out.ok ? '' : ', and it was cut short'),
        ...(text ? { salvage: text } : {}),
      };
    }
    if (!out.ok)
      return {
        error:
          'the scenario in the link is damaged (it does not decompress); the link may have been cut short',
      };
    return out.text;
  }
  if (h.startsWith('j=')) {
    try {
      return decodeURIComponent(h.slice(2));
    } catch {
      return { error: 'the scenario in the link is damaged (bad %-encoding)' };
    }
  }
  return { error: 'the part of the link after # is not a ptlab scenario' };
}
