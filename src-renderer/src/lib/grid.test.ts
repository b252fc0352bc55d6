import { describe, expect, it } from 'vitest';
import { layout, move, scrollFor, visibleRange } from './grid';

describe('grid arithmetic', () => {
  it('fits as many columns of at least 160 px as the width allows', () => {
    expect(layout(1000, 100).columns).toBe(6); // 6 * 160 + 5 * 6 = 990 <= 1000 < 7 * 160 + 6 * 6
    expect(layout(100, 100).columns).toBe(1);
    const l = layout(1000, 100);
    expect(l.cell * l.columns + 6 * (l.columns - 1)).toBeLessThanOrEqual(1000);
    expect(l.rows).toBe(17);
  });

  it('renders a bounded window of a 10,000-photo result, wherever it is scrolled', () => {
    const l = layout(1200, 10_000);
    for (const top of [0, 50_000, l.height - 800]) {
      const r = visibleRange(l, top, 800, 10_000);
      expect(r.end - r.start).toBeLessThanOrEqual(l.columns * (Math.ceil(800 / l.rowHeight) + 5));
      expect(r.start).toBeLessThanOrEqual(Math.floor(top / l.rowHeight) * l.columns);
    }
    expect(visibleRange(l, l.height, 800, 10_000).end).toBe(10_000);
  });

  it('moves the selection with the arrow keys and stays inside the results', () => {
    expect(move(-1, 'ArrowRight', 5, 12)).toBe(0);
    expect(move(0, 'ArrowLeft', 5, 12)).toBe(0);
    expect(move(3, 'ArrowDown', 5, 12)).toBe(8);
    expect(move(8, 'ArrowDown', 5, 12)).toBe(11);
    expect(move(8, 'ArrowUp', 5, 12)).toBe(3);
    expect(move(4, 'End', 5, 12)).toBe(11);
    expect(move(4, 'Home', 5, 12)).toBe(0);
    expect(move(0, 'PageDown', 5, 100, 4)).toBe(20);
    expect(move(0, 'ArrowDown', 5, 0)).toBe(-1);
  });

  it('scrolls just enough to show the selected photo', () => {
    const l = layout(1000, 100);
    expect(scrollFor(l, 0, 500, 400)).toBe(0);
    expect(scrollFor(l, l.columns * 10, 0, 400)).toBe(10 * l.rowHeight + l.cell - 400); // row 10, below
    expect(scrollFor(l, l.columns, l.rowHeight, 400)).toBe(l.rowHeight); // row 1, already visible
  });
});
