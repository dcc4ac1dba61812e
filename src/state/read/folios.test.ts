import { describe, expect, it } from 'vitest';
import type { KernelSnapshot } from '../../model/kernel';
import { snapshotFolios } from '../../model/physmem';
import { anonMapping } from '../../scenario/fixtures';
import { lab } from '../../scenario/lab';
import S59 from '../../scenario/worked/S-59-munmap-anon.json';
import { EXAMPLE_TEXT } from '../example';
import { changed, folioRows, visibleRows } from './folios';

function rowsAt(input: object, i: number) {
  const step = lab(input).run().step(i);
  const s = step.state as KernelSnapshot;
  return folioRows(snapshotFolios(s.folios), step.events);
}

describe('folioRows()', () => {
  it('the example write: a new anon folio, mapcount and content before → after; the zero folios listed', () => {
    const rows = rowsAt(JSON.parse(EXAMPLE_TEXT), 3);
    expect(rows.map((r) => [r.pfn, r.special ?? r.kind])).toEqual([
      [0x42, 'zero'],
      [0x200, 'huge-zero'],
      [0x10000, 'anon'],
    ]);
    const anon = rows[2];
    expect(anon).toMatchObject({ allocated: true, mapcount: 1, content: 'hello', owner: 'A' });
    expect(anon?.before).toEqual({ mapcount: 0, content: 'zeroes' });
    expect(rows[1]?.last).toBe(0x3ff);
    expect(rows.filter(changed)).toHaveLength(1);
  });

  it('fork of four anon pages: each folio gets its own before, from a range event', () => {
    const rows = rowsAt(
      anonMapping([
        ...[0, 1, 2, 3].map((i) => ({ op: 'write', proc: 'A', addr: `0x1000${i}000` })),
        { op: 'fork', proc: 'A', child: 'B' },
      ]),
      6,
    );
    const anon = rows.filter((r) => r.kind === 'anon');
    expect(anon).toHaveLength(4);
    for (const r of anon) {
      expect(r).toMatchObject({ refcount: 2, mapcount: 2, anonExclusive: false });
      expect(r.before).toEqual({ refcount: 1, mapcount: 1, anonExclusive: true });
    }
  });

  it('pins: an order-0 folio is maybe pinned from refcount 1024; a large one shows _pincount before → after', () => {
    const pinned = rowsAt(
      anonMapping([{ op: 'pin_user_pages', proc: 'A', addr: '0x10000000', nrPages: 1, write: true }]),
      2,
    ).find((r) => r.kind === 'anon');
    expect(pinned).toMatchObject({ refcount: 1025, pins: { maybePinned: true } });
    expect(pinned?.pins?.pincount).toBeUndefined();
    const thp = {
      version: 1,
      kernel: { variant: 'v6.18' },
      processes: [{ name: 'A' }],
      steps: [
        {
          op: 'mmap',
          addr: '0x40000000',
          length: '0x200000',
          prot: ['read', 'write'],
          backing: { type: 'anon' },
          hugepage: true,
        },
        { op: 'write', addr: '0x40000000' },
        { op: 'pin_user_pages', addr: '0x40001000', nrPages: 2 },
        { op: 'unpin_user_pages', addr: '0x40001000' },
      ],
    };
    const after = rowsAt(thp, 3).find((r) => r.kind === 'anon');
    expect(after?.pins).toEqual({ pincount: 2, before: 0, maybePinned: true });
    expect(after && changed(after)).toBe(true);
    expect(rowsAt(thp, 4).find((r) => r.kind === 'anon')?.pins).toEqual({
      pincount: 0,
      before: 2,
      maybePinned: false,
    });
    // Never pinned: no pin information at all.
    expect(rowsAt(thp, 2).find((r) => r.kind === 'anon')?.pins).toBeUndefined();
  });

  it('munmap frees the anon page: it is listed as freed in this step (S-59)', () => {
    const rows = rowsAt(S59, 5);
    const freed = rows.filter((r) => r.freed);
    expect(freed).toHaveLength(1);
    expect(freed[0]?.freed?.what).toBe('anon order 0');
    expect(changed(freed[0] as (typeof rows)[number])).toBe(true);
  });
});

describe('visibleRows()', () => {
  it('caps long lists but keeps the zero folios, changed rows and kept rows', () => {
    const rows = rowsAt(JSON.parse(EXAMPLE_TEXT), 3);
    expect(visibleRows(rows, 10, () => false)).toMatchObject({ hidden: 0 });
    const v = visibleRows(rows, 1, () => false);
    expect(v.rows.map((r) => r.pfn)).toEqual([0x42, 0x200, 0x10000]);
    const unchanged = rowsAt(JSON.parse(EXAMPLE_TEXT), 0);
    expect(visibleRows(unchanged, 0, () => false).rows).toHaveLength(2);
  });
});
