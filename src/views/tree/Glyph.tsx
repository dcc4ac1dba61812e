import type { Badge } from '../../model/inspect';
import { BADGES, glyphPath } from '../badges';

/** A badge's shape, in its colour, centred on (x, y). */
export function Glyph({ badge, x, y, size = 10 }: { badge: Badge; x: number; y: number; size?: number }) {
  const b = BADGES[badge];
  return (
    <path
      d={glyphPath(b.shape, size, x, y)}
      className={b.text}
      fill={b.filled ? 'currentColor' : 'none'}
      stroke="currentColor"
      strokeWidth={1.6}
    />
  );
}

/** The same glyph as a small inline image, for HTML (legends, tables). */
export function GlyphIcon({ badge, size = 12 }: { badge: Badge; size?: number }) {
  return (
    <svg
      width={size + 4}
      height={size + 4}
      viewBox={`${-size / 2 - 2} ${-size / 2 - 2} ${size + 4} ${size + 4}`}
      aria-hidden="true"
      className="inline-block shrink-0 align-[-2px]"
    >
      <Glyph badge={badge} x={0} y={0} size={size} />
    </svg>
  );
}

/** The report marker: a pennant hanging off the left edge of a row. */
export function ReportFlag({ x, y }: { x: number; y: number }) {
  return (
    <path
      d={`M${x},${y - 7}V${y + 7}M${x},${y - 7}L${x + 9},${y - 3.5}L${x},${y}Z`}
      className="text-cls-bad"
      fill="currentColor"
      stroke="currentColor"
      strokeWidth={1.6}
    />
  );
}
