/**
 * Which part of a tree's layout is drawn in full. A tree with dozens of tables shows two or three of them
 * in its viewport; the browser still lays out, pre-paints and paints every SVG element on each change
 * (the SVG is one paint layer), so a step's cost would grow with the whole tree. Tables outside the
 * drawing window are drawn bare instead: their frame and their focusable rows, without titles, glyphs
 * or row text (a note row, such as a table's "no entries", keeps its text: it is the row's only content
 * for a screen reader). The tables' and rows' accessible names are the same either way; what a bare
 * table does not have is its title as text, for find-in-page.
 *
 * The window is the viewport plus a margin, snapped outward to a grid, so that panning redraws only when
 * the view crosses a grid line, not on every pixel. The window follows the zoom transform in the same
 * render, so no frame shows a bare table in view; the margin draws ahead so that a slow pan does not
 * redraw on every move.
 */

/** A rectangle in layout coordinates. */
export interface Window {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/**
 * Grid the window snaps to: this many screen pixels at a zoom of 1, and between one and two times it at
 * others (it is scaled by the zoom rounded down to a power of two).
 */
export const CULL_GRID = 128;
/** Drawn beyond each edge of the viewport, in screen pixels. */
export const CULL_MARGIN = 128;

const snapDown = (v: number, g: number) => Math.floor(v / g) * g;
const snapUp = (v: number, g: number) => Math.ceil(v / g) * g;

/**
 * The drawing window of a view: transform `t` (screen = layout × k + x) over a viewport `vw` × `vh`
 * screen pixels.
 */
export function drawWindow(t: { x: number; y: number; k: number }, vw: number, vh: number): Window {
  const k = t.k > 0 ? t.k : 1;
  // Snapped in layout units to a grid of CULL_GRID screen pixels at a power-of-two scale, so that a zoom
  // that moves k a little does not move every grid line.
  const g = CULL_GRID / 2 ** Math.floor(Math.log2(k));
  const m = CULL_MARGIN / k;
  return {
    x0: snapDown((0 - t.x) / k - m, g),
    y0: snapDown((0 - t.y) / k - m, g),
    x1: snapUp((vw - t.x) / k + m, g),
    y1: snapUp((vh - t.y) / k + m, g),
  };
}

/** Whether the rectangle at (x, y), w × h, overlaps the window. */
export function meets(win: Window, x: number, y: number, w: number, h: number): boolean {
  return x < win.x1 && x + w > win.x0 && y < win.y1 && y + h > win.y0;
}
