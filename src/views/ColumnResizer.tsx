import type { KeyboardEvent, PointerEvent } from 'react';
import { useRef } from 'react';
import { useLab } from '../state/hooks';
import { STEPS_WIDTH } from '../state/prefs';
import { type LabState, selectStepsWidth } from '../state/store';

const selectSet = (s: LabState) => s.setStepsWidth;
/** One arrow key press; with Shift, four. */
const STEP = 16;

/**
 * The handle on the right edge of the steps column: drag it, or focus it and use the arrow keys (Home and
 * End for the narrowest and widest). The width is kept with the preferences. A window splitter in ARIA
 * terms: a focusable separator with its value.
 */
export function ColumnResizer({ controls }: { controls: string }) {
  const width = useLab(selectStepsWidth);
  const setWidth = useLab(selectSet);
  const drag = useRef<{ x: number; w: number } | null>(null);
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    drag.current = { x: e.clientX, w: width };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (drag.current) setWidth(drag.current.w + e.clientX - drag.current.x);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const by = e.shiftKey ? 4 * STEP : STEP;
    const to =
      e.key === 'ArrowLeft'
        ? width - by
        : e.key === 'ArrowRight'
          ? width + by
          : e.key === 'Home'
            ? STEPS_WIDTH.min
            : e.key === 'End'
              ? STEPS_WIDTH.max
              : null;
    if (to === null) return;
    e.preventDefault();
    e.stopPropagation(); // the arrows here resize; they do not step through the run
    setWidth(to);
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: an <hr> cannot be focused or dragged; this is the ARIA window splitter pattern
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label="Width of the steps column"
      aria-controls={controls}
      aria-valuenow={width}
      aria-valuemin={STEPS_WIDTH.min}
      aria-valuemax={STEPS_WIDTH.max}
      aria-valuetext={`${width} pixels`}
      tabIndex={0}
      title="Drag, or use the arrow keys, to widen or narrow the steps column"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={() => {
        drag.current = null;
      }}
      onKeyDown={onKeyDown}
      className="absolute top-0 -right-3 hidden h-full w-2 cursor-col-resize touch-none rounded hover:bg-accent/40 focus-visible:bg-accent/60 focus-visible:outline-2 focus-visible:outline-accent lg:block"
    />
  );
}
