/**
 * The rows of the folio table for one step: every folio of the snapshot with what this step's folio events
 * changed (before → after), folios freed in this step (no longer in the snapshot), and what to mark.
 */
import { type Folio, type FolioKind, snapshotFolios } from '../../model/physmem';
import type { TraceEvent } from '../../model/trace';
import type { Step } from '../lab';

type FolioEvent = Extract<TraceEvent, { t: 'folio' }>;
export type FolioField = 'refcount' | 'mapcount' | 'anonExclusive' | 'kind' | 'content';
type Value = string | number | boolean | null;

export interface FolioRow {
  readonly key: string;
  /** Head pfn and last pfn. */
  readonly pfn: number;
  readonly last: number;
  readonly order: number;
  readonly kind: FolioKind | string;
  readonly refcount: number | null;
  readonly mapcount: number | null;
  readonly anonExclusive: boolean | null;
  readonly content: string;
  readonly owner: string;
  /** Fields this step changed: the value before the step (the row holds the value after). */
  readonly before: Partial<Record<FolioField, Value>>;
  readonly allocated: boolean;
  /** A folio freed in this step: what it was ("anon order 0"), and how many folios the event covers. */
  readonly freed?: { readonly what: string; readonly count: number };
  readonly special?: 'zero' | 'huge-zero';
  /**
   * FOLL_PIN pins: a large folio's _pincount (with its value before the step when the step changed it), or,
   * for an order-0 folio, that its refcount has reached GUP_PIN_COUNTING_BIAS (folio_maybe_dma_pinned()).
   */
  readonly pins?: { readonly pincount?: number; readonly before?: number; readonly maybePinned: boolean };
}

/** include/linux/mm.h GUP_PIN_COUNTING_BIAS: an order-0 folio's refcount from this on may hold a pin. */
const GUP_PIN_COUNTING_BIAS = 1024;

function pinsOf(f: Folio, evs: readonly FolioEvent[]): FolioRow['pins'] {
  if (f.order > 0) {
    if (f.pincount === undefined) return undefined;
    const first = evs.find((e) => e.field === 'pincount');
    return {
      pincount: f.pincount,
      ...(first ? { before: Number(first.before) } : {}),
      maybePinned: f.pincount > 0,
    };
  }
  return f.refcount >= GUP_PIN_COUNTING_BIAS && f.kind !== 'zero' ? { maybePinned: true } : undefined;
}

/** "0x10000" or "0x100..0x2ff" with the event's count: the heads first, first + stride, ..., last. */
export function eventPfns(e: FolioEvent): { first: number; last: number; stride: number } {
  const [a, b] = e.pfn.split('..');
  const first = Number(a);
  const last = b === undefined ? first : Number(b);
  const n = e.count ?? 1;
  return { first, last, stride: n > 1 && last > first ? (last - first) / (n - 1) : 0 };
}

function covers(e: FolioEvent, lo: number, hi: number): boolean {
  const r = eventPfns(e);
  if (r.last < lo || r.first > hi) return false;
  if (r.stride <= 1) return true;
  const p = r.first + Math.max(0, Math.ceil((lo - r.first) / r.stride)) * r.stride;
  return p <= Math.min(hi, r.last);
}

const NUMERIC: readonly FolioField[] = ['refcount', 'mapcount'];
const FIELDS: readonly FolioField[] = ['refcount', 'mapcount', 'anonExclusive', 'kind', 'content'];

/** The value of each changed field before the step, from the events that touched the folio. */
function beforeOf(f: Folio, evs: readonly FolioEvent[]): Partial<Record<FolioField, Value>> {
  const out: Partial<Record<FolioField, Value>> = {};
  for (const field of FIELDS) {
    const mine = evs.filter((e) => e.field === field);
    if (mine.length === 0) continue;
    if (NUMERIC.includes(field)) {
      // A range event records one folio's before/after: the delta is what it did to each folio.
      const delta = mine.reduce((a, e) => a + (Number(e.after) - Number(e.before)), 0);
      out[field] = (f[field] as number) - delta;
    } else {
      out[field] = (mine[0] as FolioEvent).before;
    }
  }
  return out;
}

export function folioRows(folios: readonly Folio[], events: readonly TraceEvent[]): FolioRow[] {
  const fev = events.filter((e): e is FolioEvent => e.t === 'folio');
  const rows: FolioRow[] = folios.map((f) => {
    const last = f.pfn + 2 ** f.order - 1;
    const evs = fev.filter((e) => covers(e, f.pfn, f.pfn));
    const differing = f.pageContent ? Object.keys(f.pageContent).length : 0;
    const pins = pinsOf(f, evs);
    // By kind: after the shrinker frees the huge zero folio the next one may be elsewhere (§3.19).
    const special = f.kind === 'zero' ? 'zero' : f.kind === 'huge_zero' ? 'huge-zero' : undefined;
    return {
      key: `f${f.pfn}`,
      pfn: f.pfn,
      last,
      order: f.order,
      kind: f.kind,
      refcount: f.refcount,
      mapcount: f.mapcount,
      anonExclusive: f.anonExclusive,
      content: differing ? `${f.content} (+${differing} pages differ)` : f.content,
      owner: f.owner ?? '',
      before: beforeOf(f, evs),
      allocated: evs.some((e) => e.field === 'allocated'),
      ...(special ? { special } : {}),
      ...(pins ? { pins } : {}),
    };
  });
  const present = (p: number) => folios.some((f) => f.pfn === p);
  fev.forEach((e, i) => {
    if (e.field !== 'freed') return;
    const r = eventPfns(e);
    if (r.first === r.last && present(r.first)) return;
    const what = String(e.before ?? '');
    const order = Number(/order (\d+)/.exec(what)?.[1] ?? 0);
    rows.push({
      key: `freed${i}`,
      pfn: r.first,
      last: r.last + 2 ** order - 1,
      order,
      kind: what.split(' ')[0] ?? '',
      refcount: null,
      mapcount: null,
      anonExclusive: null,
      content: '',
      owner: '',
      before: {},
      allocated: false,
      freed: { what, count: e.count ?? 1 },
    });
  });
  return rows.sort((a, b) => a.pfn - b.pfn || (a.freed ? 1 : 0) - (b.freed ? 1 : 0));
}

export const changed = (r: FolioRow): boolean =>
  r.allocated || !!r.freed || Object.keys(r.before).length > 0 || r.pins?.before !== undefined;

export const overlaps = (r: FolioRow, range: readonly [number, number] | null | undefined): boolean =>
  !!range && r.pfn <= range[1] && r.last >= range[0];

/**
 * The rows to list when there are many: the zero page, the huge zero folio, rows changed in this step and
 * rows under the selection or the pointer always; the others in pfn order up to `cap`.
 */
export function visibleRows(
  rows: readonly FolioRow[],
  cap: number,
  keep: (r: FolioRow) => boolean,
): { rows: FolioRow[]; hidden: number } {
  if (rows.length <= cap) return { rows: [...rows], hidden: 0 };
  const must = rows.filter((r) => r.special || changed(r) || keep(r));
  let room = Math.max(0, cap - must.length);
  const out = rows.filter((r) => {
    if (r.special || changed(r) || keep(r)) return true;
    if (room > 0) {
      room--;
      return true;
    }
    return false;
  });
  return { rows: out, hidden: rows.length - out.length };
}

const rowsOfStep = new WeakMap<Step, FolioRow[]>();

/** The folio rows of a step: its folios, what its events did to them, in its memory layout. Once per step. */
/** Where the huge zero folio is at this step, or null while the shrinker has freed it. */
export function hugeZeroHeadOf(step: Step): number | null {
  return stepFolioRows(step).find((r) => r.special === 'huge-zero')?.pfn ?? null;
}

export function stepFolioRows(step: Step): FolioRow[] {
  let rows = rowsOfStep.get(step);
  if (!rows) {
    rows = folioRows(snapshotFolios(step.state.folios), step.events);
    rowsOfStep.set(step, rows);
  }
  return rows;
}
