import { describe, expect, it } from 'vitest';
import { LIST_H, ROW_H, scrollToRow, visibleRows, WINDOW_FROM } from './StepList';

describe('the step list window', () => {
  it('renders every row of a short run', () => {
    expect(visibleRows(WINDOW_FROM, 5000)).toEqual({ from: 0, to: WINDOW_FROM });
  });

  it('renders the rows in view and eight on either side of a long run', () => {
    // 384 px of 48 px rows: 8 in view.
    expect(LIST_H / ROW_H).toBe(8);
    expect(visibleRows(5000, 0)).toEqual({ from: 0, to: 16 });
    expect(visibleRows(5000, 100 * ROW_H)).toEqual({ from: 92, to: 116 });
    expect(visibleRows(5000, 4991 * ROW_H)).toEqual({ from: 4983, to: 5000 });
  });

  it('scrolls only when the row is out of view, by as little as brings it in', () => {
    expect(scrollToRow(3, 0)).toBe(0);
    expect(scrollToRow(9, 0)).toBe(10 * ROW_H - LIST_H); // just below: its bottom edge at the list's
    expect(scrollToRow(2, 5 * ROW_H)).toBe(2 * ROW_H); // above: its top edge at the list's
    expect(scrollToRow(200, 0)).toBe(201 * ROW_H - LIST_H);
  });
});
