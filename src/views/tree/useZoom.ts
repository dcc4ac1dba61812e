/**
 * The one imperative piece of the tree: d3-zoom, created once per <svg> in one effect, writing its
 * transform back to React state (as xyflow's XYPanZoom does). Ctrl/⌘ + wheel (or a pinch) zooms, dragging
 * pans, the buttons go through the same behaviour; a plain wheel pans a tree taller (or wider) than its
 * viewport and scrolls the page once the tree's end is reached.
 *
 * d3-zoom's code (with d3-selection, and the d3-transition, d3-interpolate and d3-color it imports) is a
 * chunk of its own, loaded as the first tree is drawn (zoomCode.ts): the page's first load does without
 * it. Until it arrives, the view is placed by code alone (the first fit, a reveal), with the same
 * transform arithmetic (transform.ts), and d3-zoom starts from that view once it is there.
 */
import type { ZoomBehavior, ZoomTransform } from 'd3';
import { type RefObject, useCallback, useEffect, useRef, useState } from 'react';
import { zoomIdentity } from './transform';
import { clampScale, SCALE_EXTENT, wheelPan } from './viewport';

type ZoomCode = typeof import('./zoomCode');
let zoomCode: Promise<ZoomCode> | undefined;
/** Loads d3-zoom's chunk once (again after a failure, with the next tree). */
function loadZoomCode(): Promise<ZoomCode> {
  zoomCode ??= import('./zoomCode').catch((e: unknown) => {
    zoomCode = undefined;
    throw e;
  });
  return zoomCode;
}

export interface ZoomApi {
  readonly transform: ZoomTransform;
  /** True once the user zoomed or panned (then automatic fitting stops). */
  readonly touched: boolean;
  zoomBy(k: number): void;
  /** Moves the view (its scale kept within SCALE_EXTENT); `hold` stops automatic fitting as a user's zoom does. */
  set(t: ZoomTransform, hold?: boolean): void;
  /** Lets automatic fitting take over again (the Fit button). */
  release(): void;
  /** Pans the least needed to bring a rectangle (layout coordinates) into the viewport. */
  reveal(x: number, y: number, w: number, h: number, vw: number, vh: number): void;
}

/** `content`: the size of what is drawn, in layout units (for wheel panning). */
export function useZoom(svgRef: RefObject<SVGSVGElement | null>, content: { w: number; h: number }): ZoomApi {
  const size = useRef(content);
  size.current = content;
  const [transform, setTransform] = useState<ZoomTransform>(zoomIdentity);
  const [touched, setTouched] = useState(false);
  const behaviour = useRef<{ z: ZoomBehavior<SVGSVGElement, unknown>; d3: ZoomCode } | null>(null);
  /** Where code placed the view before d3-zoom's code loaded: d3-zoom starts from it. */
  const placed = useRef<ZoomTransform | null>(null);
  /**
   * Set while the view is moved by code: d3-zoom reuses a gesture still open from a recent wheel (for
   * 150 ms), so such a move can arrive carrying the user's wheel event.
   */
  const byCode = useRef(false);

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    let live = true;
    let detach: (() => void) | undefined;
    loadZoomCode().then(
      (d3) => {
        if (!live) return;
        const z = d3
          .zoom<SVGSVGElement, unknown>()
          .scaleExtent(SCALE_EXTENT)
          .filter((e: Event) => {
            if (e.type === 'wheel') return (e as WheelEvent).ctrlKey || (e as WheelEvent).metaKey;
            return !(e as MouseEvent).button && !(e as MouseEvent).ctrlKey;
          })
          // d3's default multiplies Ctrl+wheel by 10 (meant for pinches): one mouse notch would zoom 4x.
          .wheelDelta((e) => -e.deltaY * (e.deltaMode === 1 ? 0.05 : e.deltaMode ? 1 : 0.002))
          .clickDistance(4)
          .on('zoom', (e: { transform: ZoomTransform; sourceEvent: Event | null }) => {
            if (e.sourceEvent && !byCode.current) setTouched(true);
            setTransform(e.transform);
          });
        const sel = d3.select(svg);
        sel.call(z).on('dblclick.zoom', null);
        const start = placed.current;
        placed.current = null;
        if (start) {
          byCode.current = true;
          try {
            sel.call(z.transform, d3.zoomIdentity.translate(start.x, start.y).scale(start.k));
          } finally {
            byCode.current = false;
          }
        }
        const onWheel = (e: WheelEvent) => {
          if (e.ctrlKey || e.metaKey) return;
          const t = d3.zoomTransform(svg);
          const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? svg.clientHeight : 1;
          const [dx, dy] =
            e.shiftKey && !e.deltaX ? [e.deltaY * unit, 0] : [e.deltaX * unit, e.deltaY * unit];
          const view = { w: svg.clientWidth, h: svg.clientHeight };
          const to = wheelPan(t, dx, dy, size.current, view);
          if (to.x === t.x && to.y === t.y) return;
          e.preventDefault();
          setTouched(true);
          sel.call(z.translateBy, (to.x - t.x) / t.k, (to.y - t.y) / t.k);
        };
        svg.addEventListener('wheel', onWheel, { passive: false });
        behaviour.current = { z, d3 };
        detach = () => {
          svg.removeEventListener('wheel', onWheel);
          sel.on('.zoom', null);
          behaviour.current = null;
        };
      },
      (e: unknown) => console.warn('ptlab: the tree cannot be zoomed or panned: its code did not load', e),
    );
    return () => {
      live = false;
      detach?.();
    };
  }, [svgRef]);

  /** Where the view is: d3-zoom's transform once it is there, else where code placed it. */
  const current = useCallback((svg: SVGSVGElement): ZoomTransform => {
    const b = behaviour.current;
    return b ? b.d3.zoomTransform(svg) : (placed.current ?? zoomIdentity);
  }, []);

  /** Moves the view by code: through d3-zoom, or, before its code has loaded, kept for it. */
  const place = useCallback(
    (t: ZoomTransform) => {
      const svg = svgRef.current;
      if (!svg) return;
      const b = behaviour.current;
      if (!b) {
        placed.current = t;
        setTransform(t);
        return;
      }
      byCode.current = true;
      try {
        b.d3.select(svg).call(b.z.transform, b.d3.zoomIdentity.translate(t.x, t.y).scale(t.k));
      } finally {
        byCode.current = false;
      }
    },
    [svgRef],
  );

  const zoomBy = useCallback(
    (k: number) => {
      const svg = svgRef.current;
      const b = behaviour.current;
      if (svg && b) {
        setTouched(true);
        b.d3.select(svg).call(b.z.scaleBy, k);
      }
    },
    [svgRef],
  );

  const set = useCallback(
    (t: ZoomTransform, hold = false) => {
      if (hold) setTouched(true);
      const k = clampScale(t.k);
      place(k === t.k ? t : zoomIdentity.translate(t.x, t.y).scale(k));
    },
    [place],
  );

  const reveal = useCallback(
    (x: number, y: number, w: number, h: number, vw: number, vh: number) => {
      const svg = svgRef.current;
      if (!svg) return;
      const t = current(svg);
      const dx = shift(t.applyX(x), t.applyX(x + w), vw);
      const dy = shift(t.applyY(y), t.applyY(y + h), vh);
      if (!dx && !dy) return;
      place(t.translate(dx / t.k, dy / t.k));
    },
    [svgRef, current, place],
  );

  const release = useCallback(() => setTouched(false), []);

  return { transform, touched, zoomBy, set, reveal, release };
}

/** How far to move [a, b] (screen pixels) to bring it into [0, size]; its start stays in view. */
function shift(a: number, b: number, size: number): number {
  const m = 8;
  if (a < m) return m - a;
  if (b > size - m) return -Math.min(b - (size - m), a - m);
  return 0;
}
