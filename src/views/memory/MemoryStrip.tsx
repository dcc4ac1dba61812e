import { useMemo, useRef } from 'react';
import type { MemLayout } from '../../model/physmem';
import { hex } from '../../model/units';
import { useWidth } from '../tree/useWidth';
import { type StripMarker, type StripSegment, sizeText, stripLayout } from './strip';

const SEG_FILL: Record<StripSegment['type'], string> = {
  ram: 'fill-cls-normal/15 stroke-cls-normal',
  device: 'fill-cls-special/15 stroke-cls-special',
  hole: 'fill-page stroke-line',
};

const MARK_CLASS: Record<StripMarker['kind'], string> = {
  zero: 'text-cls-zero',
  'huge-zero': 'text-cls-hugezero',
  highest: 'text-fg',
  hovered: 'text-accent',
  selected: 'text-accent',
  changed: 'text-cls-warn',
};

const BAR_Y = 18;
const BAR_H = 26;
const LANE_H = 14;

export function segmentText(s: {
  start: number;
  end: number;
  type: StripSegment['type'];
  name: string;
}): string {
  const what = s.type === 'ram' ? 'with memmap' : s.type === 'device' ? 'no struct pages' : 'no memory';
  return `${s.name} ${hex(s.start)}-${hex(s.end - 1)} (${sizeText(s.end - s.start)}, ${what})`;
}

/** The pfn ranges as a strip, with the zero page, the huge zero folio, highest_memmap_pfn and highlights. */
export function MemoryStrip(props: {
  layout: MemLayout;
  hovered: readonly [number, number] | null;
  selected: readonly [number, number] | null;
  changed: readonly (readonly [number, number])[];
  /** The huge zero folio's head at this step, null once the shrinker freed it. */
  hugeZero: number | null;
}) {
  const wrap = useRef<HTMLDivElement>(null);
  const width = useWidth(wrap);
  const { layout, hovered, selected, changed, hugeZero } = props;
  const strip = useMemo(
    () => stripLayout({ layout, width, hovered, selected, changed, hugeZero }),
    [layout, width, hovered, selected, changed, hugeZero],
  );
  const height = BAR_Y + BAR_H + 6 + strip.lanes * LANE_H + 4;
  return (
    <div ref={wrap} className="min-w-0">
      <svg width={width} height={height} role="img" aria-label="Physical address space" className="block">
        {strip.segments.map((s) => (
          <g key={s.start}>
            <title>{segmentText(s)}</title>
            <rect
              x={s.x + 0.5}
              y={BAR_Y}
              width={Math.max(1, s.w - 1)}
              height={BAR_H}
              className={SEG_FILL[s.type]}
              strokeDasharray={s.type === 'hole' ? '3 2' : undefined}
            />
            {s.w > 60 && (
              <text x={s.x + 4} y={12} fontSize={11} className="fill-fg">
                {fitText(`${s.name} ${sizeText(s.end - s.start)}`, s.w - 6)}
              </text>
            )}
          </g>
        ))}
        {strip.markers.map((m) => (
          <Marker key={`${m.kind}${m.first}`} m={m} />
        ))}
      </svg>
    </div>
  );
}

function fitText(t: string, w: number): string {
  const n = Math.floor(w / 6.5);
  return t.length <= n ? t : `${t.slice(0, Math.max(0, n - 1))}…`;
}

function Marker({ m }: { m: StripMarker }) {
  const cls = MARK_CLASS[m.kind];
  const ly = BAR_Y + BAR_H + 6 + m.lane * LANE_H + 10;
  const cx = m.x + m.w / 2;
  const shape =
    m.kind === 'highest' ? (
      <line
        x1={cx}
        x2={cx}
        y1={BAR_Y - 4}
        y2={BAR_Y + BAR_H + 4}
        stroke="currentColor"
        strokeWidth={2}
        strokeDasharray="3 2"
      />
    ) : m.kind === 'changed' ? (
      <rect x={m.x} y={BAR_Y + BAR_H - 6} width={m.w} height={6} fill="currentColor" />
    ) : m.kind === 'hovered' || m.kind === 'selected' ? (
      <rect
        x={m.x - 1}
        y={BAR_Y - 3}
        width={m.w + 2}
        height={BAR_H + 6}
        fill="none"
        stroke="currentColor"
        strokeWidth={m.kind === 'selected' ? 2.5 : 1.5}
      />
    ) : (
      <rect x={m.x} y={BAR_Y + 2} width={m.w} height={BAR_H - 4} fill="currentColor" />
    );
  return (
    <g className={cls}>
      {shape}
      {m.lane >= 0 && (
        <>
          <line x1={cx} x2={cx} y1={BAR_Y + BAR_H} y2={ly - 9} stroke="currentColor" strokeWidth={1} />
          <text x={m.labelX} y={ly} fontSize={11} className="fill-fg font-mono">
            {m.label}
          </text>
        </>
      )}
    </g>
  );
}
