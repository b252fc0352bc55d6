import { describe, expect, it } from 'vitest';
import { cellAt, layout, moveIn, place, scrollIn, sectionAt, visibleIn, visibleRange } from './grid';

describe('grid sections', () => {
  const l = layout(1000, 100); // 6 columns, rowHeight = cell + 6
  const H = 40;

  it('places like the plain grid without sections', () => {
    const p = place(l, [], 100, H);
    expect(p.height).toBe(l.height);
    expect(cellAt(p, 13)).toEqual({ x: 1 * l.rowHeight, y: 2 * l.rowHeight });
    const top = 5 * l.rowHeight;
    const plain = visibleRange(l, top, 600, 100);
    const v = visibleIn(p, top, 600, 100);
    expect([v.start, v.end]).toEqual([plain.start, plain.end]);
  });

  it('starts each section on a new row under its headers', () => {
    // 8 photos on one day under month + day headers, 3 on the next day under a day header.
    const p = place(l, [{ start: 0, end: 8, headers: 2 }, { start: 8, end: 11, headers: 1 }], 11, H);
    expect(p.sections[0]).toMatchObject({ top: 0, rowsTop: 2 * H, rows: 2 });
    expect(p.sections[1]).toMatchObject({ top: 2 * H + 2 * l.rowHeight, rowsTop: 3 * H + 2 * l.rowHeight, rows: 1 });
    expect(cellAt(p, 7)).toEqual({ x: 1 * l.rowHeight, y: 2 * H + l.rowHeight });
    expect(cellAt(p, 8)).toEqual({ x: 0, y: 3 * H + 2 * l.rowHeight });
    expect(p.height).toBe(3 * H + 3 * l.rowHeight - (l.rowHeight - l.cell));
    expect(sectionAt(p, 0)).toBe(0);
    expect(sectionAt(p, 10)).toBe(1);
  });

  it('renders a bounded window of 10,000 photos in 300 days, wherever it is scrolled', () => {
    const sections = Array.from({ length: 300 }, (_, i) => ({ start: Math.floor((i * 10_000) / 300), end: Math.floor(((i + 1) * 10_000) / 300), headers: i % 30 === 0 ? 2 : 1 }));
    const p = place(l, sections, 10_000, H);
    for (const top of [0, 123_456, p.height - 800]) {
      const v = visibleIn(p, top, 800, 10_000);
      expect(v.end - v.start).toBeLessThanOrEqual(l.columns * (Math.ceil(800 / l.rowHeight) + 6));
      expect(v.end).toBeGreaterThan(v.start);
      // Every item on screen is rendered.
      for (let i = v.start; i < v.end; i++) expect(cellAt(p, i).y).toBeGreaterThan(top - 3 * l.rowHeight - H * 2);
      if (v.start > 0) expect(cellAt(p, v.start - 1).y + l.cell).toBeLessThan(top);
      if (v.end < 10_000) expect(cellAt(p, v.end).y).toBeGreaterThan(top + 800);
    }
    expect(visibleIn(p, p.height - 800, 800, 10_000).end).toBe(10_000);
  });

  it('moves up and down by the rows drawn, across sections and short rows', () => {
    const p = place(l, [{ start: 0, end: 8, headers: 1 }, { start: 8, end: 11, headers: 1 }, { start: 11, end: 20, headers: 1 }], 20, H);
    expect(moveIn(p, 1, 'ArrowDown', 20)).toBe(7); // row 2 of the first section
    expect(moveIn(p, 4, 'ArrowDown', 20)).toBe(7); // its short last row: its last photo
    expect(moveIn(p, 7, 'ArrowDown', 20)).toBe(9); // same column in the next section
    expect(moveIn(p, 6, 'ArrowDown', 20)).toBe(8);
    expect(moveIn(p, 10, 'ArrowDown', 20)).toBe(13);
    expect(moveIn(p, 9, 'ArrowUp', 20)).toBe(7); // up into the short row above
    expect(moveIn(p, 13, 'ArrowUp', 20)).toBe(10);
    expect(moveIn(p, 8, 'ArrowUp', 20)).toBe(6);
    expect(moveIn(p, 2, 'ArrowUp', 20)).toBe(0);
    expect(moveIn(p, 19, 'ArrowDown', 20)).toBe(19);
    expect(moveIn(p, 0, 'PageDown', 20, 2)).toBe(8);
    expect(moveIn(p, 5, 'ArrowRight', 20)).toBe(6);
    expect(moveIn(p, -1, 'ArrowDown', 20)).toBe(0);
    expect(moveIn(p, 0, 'End', 0)).toBe(-1);
  });

  it('scrolls a photo into view below the sticky header, with its section headers for a first row', () => {
    const p = place(l, [{ start: 0, end: 30, headers: 2 }, { start: 30, end: 60, headers: 1 }], 60, H);
    const s1 = p.sections[1]!;
    expect(scrollIn(p, 30, 0, 500, H)).toBe(s1.rowsTop + l.cell - 500); // below: to the bottom edge
    expect(scrollIn(p, 30, s1.rowsTop + 100, 500, H)).toBe(s1.top); // above, first row: headers too
    expect(scrollIn(p, 36, s1.rowsTop + 300, 500, H)).toBe(s1.rowsTop + l.rowHeight - H);
    expect(scrollIn(p, 31, s1.top, 500, H)).toBe(s1.top); // already in view
  });
});
