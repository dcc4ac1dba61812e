/**
 * The physical address space as a strip: RAM with a memmap, device memory without struct pages, and the
 * holes between, each range given room by the log of its size (so an 8 MiB MMIO window next to 2 GiB of
 * RAM stays visible), and a symlog scale inside each range (so the zero page at pfn 0x42 and the huge
 * zero folio at 0x200 do not sit on top of each other).
 */
import type { MemLayout, RangeType } from '../../model/physmem';
import { hex } from '../../model/units';

export interface StripSegment {
  readonly start: number;
  /** One past the last pfn. */
  readonly end: number;
  readonly type: RangeType;
  readonly name: string;
  readonly x: number;
  readonly w: number;
}

export interface StripMarker {
  readonly kind: 'zero' | 'huge-zero' | 'highest' | 'hovered' | 'selected' | 'changed';
  readonly first: number;
  readonly last: number;
  readonly x: number;
  /** Width of the band (at least 2 px). */
  readonly w: number;
  readonly label: string;
  /** Row of the label below the strip, so labels do not overlap; -1 for no label. */
  readonly lane: number;
  /** Left edge of the label. */
  readonly labelX: number;
}

export interface Strip {
  readonly segments: readonly StripSegment[];
  readonly markers: readonly StripMarker[];
  readonly lanes: number;
  readonly width: number;
}

export interface StripInput {
  readonly layout: MemLayout;
  readonly width: number;
  readonly hovered?: readonly [number, number] | null;
  readonly selected?: readonly [number, number] | null;
  /** pfn ranges of folios changed in this step. */
  readonly changed?: readonly (readonly [number, number])[];
  /** Advance of one label character, px. */
  readonly charW?: number;
  /** The huge zero folio's head at this step (null: freed by the shrinker); the layout's when not given. */
  readonly hugeZero?: number | null;
}

/**
 * d3's `scaleSymlog().domain([0, n]).range([x0, x1])`, with its default constant 1 and no clamping, written
 * out (d3-scale symlog.js and continuous.js): x ↦ sign(x)·log1p(|x|), mapped linearly so 0 and n land on
 * x0 and x1. The d3-scale package would bring its tick formatting (d3-format) and interpolators into the
 * page's first chunk for this one line.
 */
export function symlog(n: number, x0: number, x1: number): (v: number) => number {
  const t = (v: number) => Math.sign(v) * Math.log1p(Math.abs(v));
  const tn = t(n);
  return (v) => {
    // d3's normalize: an empty domain maps everything to the middle.
    const u = tn ? t(v) / tn : 0.5;
    return x0 * (1 - u) + x1 * u;
  };
}

const TYPE_NAME: Record<RangeType, string> = { ram: 'RAM', device: 'device', hole: 'hole' };

/** The ranges in pfn order with the holes between them made explicit, reaching at least `upTo`. */
export function withHoles(
  layout: MemLayout,
  upTo = 0,
): { start: number; end: number; type: RangeType; name: string }[] {
  const rs = [...layout.ranges].sort((a, b) => a.start - b.start);
  const out: { start: number; end: number; type: RangeType; name: string }[] = [];
  let at = 0;
  for (const r of rs) {
    if (r.start > at) out.push({ start: at, end: r.start, type: 'hole', name: 'hole' });
    if (r.end > Math.max(at, r.start)) {
      const start = Math.max(at, r.start);
      out.push({ start, end: r.end, type: r.type, name: r.name ?? TYPE_NAME[r.type] });
    }
    at = Math.max(at, r.end);
  }
  if (upTo > at) out.push({ start: at, end: upTo, type: 'hole', name: 'hole' });
  return out;
}

function weight(type: RangeType, size: number): number {
  const l = Math.log2(size + 1);
  return type === 'hole' ? Math.max(3, 0.35 * l) : l + 3;
}

export function stripLayout(inp: StripInput): Strip {
  const { layout, width } = inp;
  const hz = inp.hugeZero === undefined ? layout.hugeZeroPfn : inp.hugeZero;
  const charW = inp.charW ?? 6.7;
  const interesting = [
    layout.zeroPfn,
    (hz ?? 0) + 511,
    layout.highestMemmapPfn,
    inp.hovered?.[1] ?? 0,
    inp.selected?.[1] ?? 0,
  ];
  const parts = withHoles(layout, Math.max(...interesting) + 1);
  const total = parts.reduce((a, p) => a + weight(p.type, p.end - p.start), 0);
  let x = 0;
  const segments = parts.map((p) => {
    const w = (weight(p.type, p.end - p.start) / total) * width;
    const s = { ...p, x, w };
    x += w;
    return s;
  });
  const scales = segments.map((s) => symlog(s.end - s.start, s.x, s.x + s.w));
  const pfnX = (p: number): number => {
    const i = segments.findIndex((s) => p >= s.start && p < s.end);
    if (i < 0) return p < 0 ? 0 : width;
    return (scales[i] as (n: number) => number)(p - (segments[i] as StripSegment).start);
  };
  const band = (kind: StripMarker['kind'], first: number, last: number, label: string) => {
    const x0 = pfnX(first);
    const x1 = pfnX(last + 1);
    return { kind, first, last, x: x0, w: Math.max(2, x1 - x0), label };
  };
  const raw = [
    band(
      'zero',
      layout.zeroPfn,
      layout.zeroPfn + (layout.zeroPages ?? 1) - 1,
      (layout.zeroPages ?? 1) > 1
        ? `${layout.zeroPages} zero pages from ${hex(layout.zeroPfn)}`
        : `zero page ${hex(layout.zeroPfn)}`,
    ),
    ...(hz === null ? [] : [band('huge-zero', hz, hz + 511, `huge zero ${hex(hz)}`)]),
    band(
      'highest',
      layout.highestMemmapPfn,
      layout.highestMemmapPfn,
      `highest_memmap_pfn ${hex(layout.highestMemmapPfn)}`,
    ),
    ...(inp.changed ?? []).map(([a, b]) => band('changed', a, b, '')),
    ...(inp.selected
      ? [band('selected', inp.selected[0], inp.selected[1], `selected ${hex(inp.selected[0])}`)]
      : []),
    ...(inp.hovered ? [band('hovered', inp.hovered[0], inp.hovered[1], '')] : []),
  ];
  // Labels go in lanes below the strip: left to right, each in the first lane where it fits.
  const laneEnds: number[] = [];
  const placed = new Map<(typeof raw)[number], { lane: number; labelX: number }>();
  for (const m of [...raw].filter((r) => r.label).sort((a, b) => a.x - b.x)) {
    const w = m.label.length * charW;
    const left = Math.min(Math.max(0, m.x + m.w / 2 - w / 2), Math.max(0, width - w));
    let lane = laneEnds.findIndex((end) => end + 8 <= left);
    if (lane < 0) lane = laneEnds.length;
    laneEnds[lane] = left + w;
    placed.set(m, { lane, labelX: left });
  }
  const markers: StripMarker[] = raw.map((m) => ({ ...m, ...(placed.get(m) ?? { lane: -1, labelX: m.x }) }));
  return { segments, markers, lanes: laneEnds.length, width };
}

/** "2 GiB", "8 MiB", "4 KiB" for a number of pages. */
export function sizeText(pages: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = pages * 4;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[i]}`;
}
