import { describe, expect, it } from 'vitest';
import { type MemLayout, memLayout } from '../../model/physmem';
import { sizeText, stripLayout, symlog, withHoles } from './strip';

const LAYOUT: MemLayout = memLayout({
  ranges: [
    { start: 0, end: 0x80000, type: 'ram', name: 'System RAM' },
    { start: 0xfe000, end: 0x100000, type: 'device', name: 'MMIO' },
  ],
  zeroPfn: 0x42,
  hugeZeroPfn: 0x200,
  highestMemmapPfn: 0x7ffff,
  allocStart: 0x10000,
});

describe('withHoles()', () => {
  it('makes the holes between ranges explicit, and reaches a pfn beyond them', () => {
    expect(withHoles(LAYOUT).map((s) => [s.type, s.start, s.end])).toEqual([
      ['ram', 0, 0x80000],
      ['hole', 0x80000, 0xfe000],
      ['device', 0xfe000, 0x100000],
    ]);
    expect(withHoles(LAYOUT, 0x123457).at(-1)).toMatchObject({
      type: 'hole',
      start: 0x100000,
      end: 0x123457,
    });
    const gap = memLayout({ ...LAYOUT, ranges: [{ start: 0x100, end: 0x200, type: 'ram' as const }] });
    expect(withHoles(gap)[0]).toMatchObject({ type: 'hole', start: 0, end: 0x100 });
  });
});

describe('stripLayout()', () => {
  it('fills the width, keeps the small MMIO range visible, and orders the markers by pfn', () => {
    const s = stripLayout({ layout: LAYOUT, width: 800 });
    expect(s.segments[0]?.x).toBe(0);
    const last = s.segments.at(-1);
    expect((last?.x ?? 0) + (last?.w ?? 0)).toBeCloseTo(800);
    const mmio = s.segments.find((x) => x.type === 'device');
    expect(mmio?.w).toBeGreaterThan(100);
    const x = (k: string) => s.markers.find((m) => m.kind === k)?.x ?? -1;
    expect(x('zero')).toBeGreaterThan(20);
    expect(x('huge-zero')).toBeGreaterThan(x('zero') + 20);
    expect(x('highest')).toBeGreaterThan(x('huge-zero'));
    expect(x('highest')).toBeLessThanOrEqual((s.segments[0]?.x ?? 0) + (s.segments[0]?.w ?? 0));
  });

  it('marks the huge zero folio where it is at the step, and not at all once the shrinker freed it', () => {
    const moved = stripLayout({ layout: LAYOUT, width: 800, hugeZero: 0x20000 });
    expect(moved.markers.find((m) => m.kind === 'huge-zero')).toMatchObject({
      first: 0x20000,
      last: 0x201ff,
      label: 'huge zero 0x20000',
    });
    const freed = stripLayout({ layout: LAYOUT, width: 800, hugeZero: null });
    expect(freed.markers.some((m) => m.kind === 'huge-zero')).toBe(false);
  });

  it('puts labels in lanes so that none overlaps another', () => {
    const s = stripLayout({
      layout: LAYOUT,
      width: 300,
      selected: [0x43, 0x43],
      hovered: [0x10000, 0x10000],
    });
    const labelled = s.markers.filter((m) => m.lane >= 0);
    expect(labelled.map((m) => m.kind).sort()).toEqual(['highest', 'huge-zero', 'selected', 'zero']);
    for (const a of labelled) {
      for (const b of labelled) {
        if (a === b || a.lane !== b.lane) continue;
        const apart =
          a.labelX + a.label.length * 6.7 <= b.labelX || b.labelX + b.label.length * 6.7 <= a.labelX;
        expect(apart, `${a.label} / ${b.label}`).toBe(true);
      }
    }
    expect(s.lanes).toBeGreaterThan(1);
  });

  it('extends the strip to show a selected pfn beyond all memory (a corrupted PTE)', () => {
    const s = stripLayout({ layout: LAYOUT, width: 600, selected: [0x123456, 0x123456] });
    const sel = s.markers.find((m) => m.kind === 'selected');
    expect(sel?.x).toBeGreaterThan(s.segments.find((x) => x.type === 'device')?.x ?? 600);
    expect(sel?.x).toBeLessThan(600);
  });
});

describe('sizeText()', () => {
  it('names sizes of pages in binary units', () => {
    expect(sizeText(1)).toBe('4 KiB');
    expect(sizeText(0x80000)).toBe('2 GiB');
    expect(sizeText(0x2000)).toBe('32 MiB');
    expect(sizeText(0x7e000)).toBe('2.0 GiB');
  });
});

describe("symlog, d3's scaleSymlog written out", () => {
  it('gives what d3-scale gives, over small and huge domains, inside and outside them', async () => {
    const { scaleSymlog } = await import('d3');
    for (const [n, x0, x1] of [
      [1, 0, 10],
      [511, 12.5, 400],
      [2 ** 21, 100, 900],
      [2 ** 40, 0, 1],
      [0, 3, 7],
    ] as const) {
      const d3 = scaleSymlog().domain([0, n]).range([x0, x1]);
      const ours = symlog(n, x0, x1);
      for (const v of [0, 1, 0x42, 0x200, n / 3, n - 1, n, n + 5, -1]) expect(ours(v)).toBe(d3(v));
    }
  });
});
