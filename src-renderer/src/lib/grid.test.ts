import { describe, expect, it } from 'vitest';
import { layout, matchLabel, matchPosition, move, scrollFor, visibleRange } from './grid';

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

describe('the part of a photo a search matched', () => {
  it('pans a square cell to the matched square of a wide or tall photo', () => {
    // 4:1 panorama, the leftmost square (x 0, w 0.25): the cell shows the left end.
    expect(matchPosition({ x: 0, y: 0, w: 0.25, h: 1 }, 8000, 2000)).toBe('0.0% 50%');
    expect(matchPosition({ x: 0.75, y: 0, w: 0.25, h: 1 }, 8000, 2000)).toBe('100.0% 50%');
    // 1:3 tall shot, the top square.
    expect(matchPosition({ x: 0, y: 0, w: 1, h: 1 / 3 }, 1000, 3000)).toBe('50% 0.0%');
    // 16:9, a square in the middle: centred.
    expect(matchPosition({ x: 0.21875, y: 0, w: 0.5625, h: 1 }, 1600, 900)).toBe('50.0% 50%');
    expect(matchPosition(undefined, 1600, 900)).toBeUndefined();
    expect(matchPosition({ x: 0, y: 0, w: 1, h: 1 }, 500, 500)).toBeUndefined();
  });

  it('names the part: left, right, top, bottom, or a moment of an animation', () => {
    expect(matchLabel({ kind: 'crop', region: { x: 0, y: 0, w: 0.25, h: 1 }, atMs: null }, 8000, 2000)?.key).toBe('photo.matchedWide.start');
    expect(matchLabel({ kind: 'crop', region: { x: 0, y: 0.66, w: 1, h: 0.34 }, atMs: null }, 1000, 3000)?.key).toBe('photo.matchedTall.end');
    expect(matchLabel({ kind: 'frame', region: { x: 0, y: 0, w: 1, h: 1 }, atMs: 3200 }, 320, 240)).toEqual({ key: 'photo.matchedFrame', vars: { seconds: '3.2' } });
    expect(matchLabel({ kind: 'centre', region: { x: 0.1, y: 0, w: 0.8, h: 1 }, atMs: null }, 320, 240)).toBeUndefined();
  });
});
