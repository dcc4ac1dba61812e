import { type RefObject, useEffect, useState } from 'react';

/** The content width of an element, following resizes. */
export function useWidth(ref: RefObject<HTMLElement | null>, initial = 600): number {
  const [w, setW] = useState(initial);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setW(el.clientWidth || initial);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver((es) => {
      const cw = es[0]?.contentRect.width;
      if (cw) setW(Math.round(cw));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, initial]);
  return w;
}
