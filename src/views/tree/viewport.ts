/** How big the tree's viewport is and how the layout first sits in it. */

export const PAD = 12;
export const MIN_H = 120;
export const MAX_H = 560;
/**
 * The viewport grows with the tree in steps of this many pixels, not pixel by pixel: while a small tree
 * gains a row a step, the panels below it would otherwise move on every step, and the browser would lay
 * out and repaint them all (the first steps of a run were the slowest to draw).
 */
export const HEIGHT_STEP = 120;
/** Fitting never shrinks text below this scale (11 px text at 0.8 is about 9 px); wider trees pan. */
export const MIN_FIT = 0.78;

export interface FitView {
  readonly k: number;
  readonly x: number;
  readonly y: number;
  /** Height of the viewport, in CSS pixels. */
  readonly height: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/**
 * Fits a layout of w x h to a viewport `vw` wide: scaled to the width (within limits), top-left aligned,
 * in a viewport as tall as the tree rounded up to HEIGHT_STEP (within MIN_H and MAX_H).
 */
export function fitView(w: number, h: number, vw: number): FitView {
  const k = w > 0 ? clamp((vw - 2 * PAD) / w, MIN_FIT, 1) : 1;
  const height = clamp(Math.ceil((h * k + 2 * PAD) / HEIGHT_STEP) * HEIGHT_STEP, MIN_H, MAX_H);
  const y = h * k + 2 * PAD < MIN_H ? (MIN_H - h * k) / 2 : PAD;
  return { k, x: PAD, y, height };
}

/** The whole layout in a viewport vw x vh (an overview: any scale down to `minK`), centred. */
export function fitAll(w: number, h: number, vw: number, vh: number, minK = 0.2): FitView {
  const k = clamp(Math.min((vw - 2 * PAD) / Math.max(w, 1), (vh - 2 * PAD) / Math.max(h, 1)), minK, 1);
  return { k, x: Math.max(PAD, (vw - w * k) / 2), y: Math.max(PAD, (vh - h * k) / 2), height: vh };
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
