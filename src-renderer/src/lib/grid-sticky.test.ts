// The grid's columns at a phone's width, and the sticky header's section (lib/grid.ts layout, stickyAt, underSticky).
import { describe, expect, it } from 'vitest';
import { layout, place, stickyAt, underSticky } from './grid';

describe('columns', () => {
  it('follow the whole width: the scrubber shrinks the cells, not the number of columns', () => {
    const withScrubber = layout(640 - 38.5, 100, 160, 6, 640);
    expect(withScrubber.columns).toBe(layout(640, 100).columns);
    expect(withScrubber.cell).toBeLessThan(layout(640, 100).cell);
  });

  it('are two on a phone, with or without the scrubber', () => {
    expect(layout(339, 100).columns).toBe(2); // 360 px phone, search
    expect(layout(300.5, 100, 160, 6, 339).columns).toBe(2); // the same phone, timeline
    expect(layout(262, 100, 160, 6, 299).columns).toBe(2); // 320 px phone, timeline
    expect(layout(150, 100).columns).toBe(1); // too narrow for two usable cells
  });
});

describe('the sticky header', () => {
  // 6 columns; each day: one header line (40 px) and one row; the first day also has a month line.
  const l = layout(1000, 100);
  const H = 40;
  const gap = l.rowHeight - l.cell;
  const p = place(l, [{ start: 0, end: 6, headers: 2 }, { start: 6, end: 12, headers: 1 }, { start: 12, end: 18, headers: 1 }], 18, H);
  const second = p.sections[1]!.top;

  it('does not show at the top, nor while a section\'s first header line sits exactly at the top', () => {
    expect(stickyAt(p, 0, H).shown).toBe(false);
    expect(stickyAt(p, second, H)).toEqual({ section: 1, shown: false });
  });

  it('names the section of the first row below it, not one whose rows are hidden under it', () => {
    expect(stickyAt(p, 100, H)).toEqual({ section: 0, shown: true });
    // The first day's last row ends under the band: the next day is what shows below it.
    expect(stickyAt(p, second - H - gap + 1, H)).toEqual({ section: 1, shown: true });
    expect(stickyAt(p, second - H - gap - 1, H)).toEqual({ section: 0, shown: true });
    expect(stickyAt(p, second + 10, H)).toEqual({ section: 1, shown: true });
  });

  it('hides a header line whose words the band would cut, and keeps one below it or just touching it', () => {
    expect(underSticky(second, H, second - 20, H)).toBe(true); // half under the band
    expect(underSticky(second, H, second + 10, H)).toBe(true); // cut by the top
    expect(underSticky(second, H, second - H, H)).toBe(false); // right below the band
    expect(underSticky(second, H, second - H + 0.1 * H, H)).toBe(false); // only its empty upper part is covered
    expect(underSticky(second, H, second + H, H)).toBe(false); // scrolled away
  });
});
