/** How big the tree's viewport is, how far it zooms, and how the layout first sits in it. */
import { M } from './metrics';

export const PAD = 12;
export const MIN_H = 120;
export const MAX_H = 560;
/**
 * The viewport grows with the tree in steps of this many pixels, not pixel by pixel: while a small tree
 * gains a row a step, the panels below it would otherwise move on every step, and the browser would lay
 * out and repaint them all (the first steps of a run were the slowest to draw).
 */
export const HEIGHT_STEP = 120;
/** Tree text is never drawn smaller than this, in CSS pixels: below it, monospace hex is hard to read. */
export const MIN_TEXT_PX = 11;
/** The largest zoom, well past the point where a run's text fills the viewport. */
export const MAX_SCALE = 3;

/**
 * The least zoom at which text laid out at `font` px is drawn at `minPx` px or more. Every limit of the
 * tree's zoom comes from MIN_SCALE below (fitting, Fit all, the wheel, the buttons), so a change to the
 * tree's font size moves them all together.
 */
export function minScale(font: number, minPx: number = MIN_TEXT_PX): number {
  return font > 0 ? Math.min(MAX_SCALE, minPx / font) : 1;
}

/** The tree's smallest text is its one size, M.font: at this zoom it is drawn at MIN_TEXT_PX. */
export const MIN_SCALE = minScale(M.font);
/** For d3-zoom: the wheel, a pinch and the buttons stay within it. */
export const SCALE_EXTENT: [number, number] = [MIN_SCALE, MAX_SCALE];

/** A zoom brought within SCALE_EXTENT (d3-zoom applies the extent to gestures, not to a transform set). */
export const clampScale = (k: number): number => Math.max(MIN_SCALE, Math.min(MAX_SCALE, k));

export interface FitView {
  readonly k: number;
  readonly x: number;
  readonly y: number;
  /** Height of the viewport, in CSS pixels. */
  readonly height: number;
}

export interface FitAllView extends FitView {
  /** The whole layout is in view; false when MIN_SCALE kept it larger than the viewport. */
  readonly fits: boolean;
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));
/** Fitting never enlarges a layout (unless MIN_SCALE itself is above 1). */
const FIT_MAX = Math.max(1, MIN_SCALE);

/**
 * Fits a layout of w x h to a viewport `vw` wide: scaled to the width (never below MIN_SCALE: a wider
 * tree pans), top-left aligned, in a viewport as tall as the tree rounded up to HEIGHT_STEP (within MIN_H
 * and MAX_H).
 */
export function fitView(w: number, h: number, vw: number): FitView {
  const k = w > 0 ? clamp((vw - 2 * PAD) / w, MIN_SCALE, FIT_MAX) : FIT_MAX;
  const height = clamp(Math.ceil((h * k + 2 * PAD) / HEIGHT_STEP) * HEIGHT_STEP, MIN_H, MAX_H);
  const y = h * k + 2 * PAD < MIN_H ? (MIN_H - h * k) / 2 : PAD;
  return { k, x: PAD, y, height };
}

/**
 * The whole layout in a viewport vw x vh, centred, as far as MIN_SCALE lets it shrink: a layout that is
 * still larger starts at its top left (`fits` false), and the rest is panned to.
 */
export function fitAll(w: number, h: number, vw: number, vh: number): FitAllView {
  const want = Math.min((vw - 2 * PAD) / Math.max(w, 1), (vh - 2 * PAD) / Math.max(h, 1));
  const k = clamp(want, MIN_SCALE, FIT_MAX);
  return {
    k,
    x: Math.max(PAD, (vw - w * k) / 2),
    y: Math.max(PAD, (vh - h * k) / 2),
    height: vh,
    fits: want >= k,
  };
}

/**
 * Where a plain wheel moves the view: along the content while it overflows the viewport, and not at all at
 * its ends (then the page scrolls instead). Never jumps: a view already beyond an end only moves back.
 */
export function wheelPan(
  t: { x: number; y: number; k: number },
  dx: number,
  dy: number,
  content: { w: number; h: number },
  view: { w: number; h: number },
): { x: number; y: number } {
  const axis = (pos: number, d: number, size: number, vsize: number) => {
    if (size * t.k + 2 * PAD <= vsize) return pos;
    const lo = Math.min(PAD, vsize - PAD - size * t.k);
    const want = pos - d;
    return clamp(want, Math.min(lo, pos), Math.max(PAD, pos));
  };
  return { x: axis(t.x, dx, content.w, view.w), y: axis(t.y, dy, content.h, view.h) };
}
