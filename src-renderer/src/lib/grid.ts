// The arithmetic of the virtualised photo grid: how many columns fit, which rows are on screen,
// and where the arrow keys move the selection. Pure functions, so the grid stays simple and tested.

/** The smallest cell a phone's two columns may have (a 320 px phone with the scrubber still gets two). */
export const MIN_PHONE_CELL = 100;

export interface GridLayout {
  columns: number;
  cell: number; // side of a square cell, px
  rowHeight: number; // cell + gap
  rows: number;
  height: number; // total scroll height
}

/**
 * The grid for `width` px of cells. `columnsFor`: the width that decides how many columns (the whole grid's,
 * scrubber included), so the timeline (with a scrubber) and a search (without) show as many columns in the same
 * window. A phone gets two columns even where two 160 px cells do not fit (down to MIN_PHONE_CELL each).
 */
export function layout(width: number, count: number, minCell = 160, gap = 6, columnsFor = width): GridLayout {
  const fit = Math.max(1, Math.floor((columnsFor + gap) / (minCell + gap)));
  const columns = fit < 2 && width >= 2 * MIN_PHONE_CELL + gap ? 2 : fit;
  const cell = Math.max(1, Math.floor((width - gap * (columns - 1)) / columns));
  const rows = Math.ceil(count / columns);
  return { columns, cell, rowHeight: cell + gap, rows, height: Math.max(0, rows * (cell + gap) - gap) };
}

/** The items to render for a viewport: whole rows on screen plus `overscan` rows either side. */
export function visibleRange(l: GridLayout, scrollTop: number, viewportHeight: number, count: number, overscan = 2): { start: number; end: number } {
  const firstRow = Math.max(0, Math.floor(scrollTop / l.rowHeight) - overscan);
  const lastRow = Math.min(l.rows, Math.ceil((scrollTop + viewportHeight) / l.rowHeight) + overscan);
  return { start: firstRow * l.columns, end: Math.min(count, lastRow * l.columns) };
}

export type NavKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 'Home' | 'End' | 'PageUp' | 'PageDown';

/** The selection after a navigation key, clamped to the results. */
export function move(index: number, key: NavKey, columns: number, count: number, pageRows = 4): number {
  if (count === 0) return -1;
  if (index < 0) return 0;
  const next = {
    ArrowLeft: index - 1,
    ArrowRight: index + 1,
    ArrowUp: index - columns,
    ArrowDown: index + columns,
    Home: 0,
    End: count - 1,
    PageUp: index - columns * pageRows,
    PageDown: index + columns * pageRows,
  }[key];
  return Math.min(count - 1, Math.max(0, next));
}

/** The scrollTop that brings item `index` fully into view (unchanged when it already is). */
export function scrollFor(l: GridLayout, index: number, scrollTop: number, viewportHeight: number): number {
  const top = Math.floor(index / l.columns) * l.rowHeight;
  if (top < scrollTop) return top;
  if (top + l.cell > scrollTop + viewportHeight) return top + l.cell - viewportHeight;
  return scrollTop;
}

/** The part of a photo a search matched (src-shared/api.ts PhotoHit.match): fractions of the upright photo. */
export interface MatchedRegion {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * The CSS object-position that shows `region` of a `width` x `height` photo in a square cell drawn with
 * object-fit: cover (which shows a square of the shorter side): the visible square centred on the region, kept
 * inside the photo. Undefined (the default, centred) without a region or the photo's size.
 */
export function matchPosition(region: MatchedRegion | undefined, width: number | null, height: number | null): string | undefined {
  if (!region || !width || !height || width === height) return undefined;
  const landscape = width > height;
  const visible = landscape ? height / width : width / height; // the cell's share of the long side
  const centre = landscape ? region.x + region.w / 2 : region.y + region.h / 2;
  const at = Math.min(1, Math.max(0, (centre - visible / 2) / (1 - visible)));
  const percent = `${(at * 100).toFixed(1)}%`;
  return landscape ? `${percent} 50%` : `50% ${percent}`;
}

/** Where a matched region lies along the photo's long side: start (left or top), middle or end (right or bottom). */
export function matchSide(region: MatchedRegion, width: number | null, height: number | null): 'start' | 'middle' | 'end' {
  const landscape = (width ?? 1) >= (height ?? 1);
  const centre = landscape ? region.x + region.w / 2 : region.y + region.h / 2;
  return centre < 0.4 ? 'start' : centre > 0.6 ? 'end' : 'middle';
}

/** The i18n key and values that say which part of a photo matched (PhotoHit.match), for a caption or a tooltip. */
export function matchLabel(match: { kind: string; region: MatchedRegion; atMs: number | null } | undefined, width: number | null, height: number | null): { key: string; vars?: Record<string, string> } | undefined {
  if (!match || match.kind === 'centre') return undefined;
  if (match.kind === 'frame') return { key: 'photo.matchedFrame', vars: { seconds: ((match.atMs ?? 0) / 1000).toFixed(1) } };
  return { key: `photo.matched${(width ?? 1) >= (height ?? 1) ? 'Wide' : 'Tall'}.${matchSide(match.region, width, height)}` };
}

// Sections: the timeline's days and months, a search's "Best matches" and "More results". Each section starts on
// a new row under its header lines; with none, the placement is exactly `layout`'s.

/** Items `start` to `end` (exclusive) under `headers` header lines. */
export interface GridSection {
  start: number;
  end: number;
  headers: number;
}

export interface PlacedSection extends GridSection {
  top: number; // y of its first header line
  rowsTop: number; // y of its first row of cells
  rows: number;
}

export interface Placement {
  columns: number;
  cell: number;
  rowHeight: number;
  headerHeight: number;
  height: number; // total scroll height
  sections: PlacedSection[];
}

/** Places `sections` (in order, covering 0..count) on the grid `l`; none: one section without headers. */
export function place(l: GridLayout, sections: readonly GridSection[], count: number, headerHeight: number): Placement {
  const given = sections.length ? sections : count ? [{ start: 0, end: count, headers: 0 }] : [];
  let y = 0;
  const placed = given.map((s) => {
    const rows = Math.ceil((s.end - s.start) / l.columns);
    const p = { ...s, top: y, rowsTop: y + s.headers * headerHeight, rows };
    y = p.rowsTop + rows * l.rowHeight;
    return p;
  });
  const gap = l.rowHeight - l.cell;
  return { columns: l.columns, cell: l.cell, rowHeight: l.rowHeight, headerHeight, height: Math.max(0, y - gap), sections: placed };
}

/** The section holding item `index` (binary search). */
export function sectionAt(p: Placement, index: number): number {
  let lo = 0;
  let hi = p.sections.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (p.sections[mid]!.start <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Where item `index` is drawn: its cell's top-left corner. */
export function cellAt(p: Placement, index: number): { x: number; y: number } {
  const s = p.sections[sectionAt(p, index)]!;
  const k = index - s.start;
  return { x: (k % p.columns) * p.rowHeight, y: s.rowsTop + Math.floor(k / p.columns) * p.rowHeight };
}

/** The section shown at height `y` (the last one starting at or above it). */
export function sectionAtY(p: Placement, y: number): number {
  let lo = 0;
  let hi = p.sections.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (p.sections[mid]!.top <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The items and sections to render for a viewport: those on screen plus `overscan` rows either side. */
export function visibleIn(p: Placement, scrollTop: number, viewportHeight: number, count: number, overscan = 2): { start: number; end: number; firstSection: number; lastSection: number } {
  if (!p.sections.length) return { start: 0, end: 0, firstSection: 0, lastSection: -1 };
  const top = scrollTop - overscan * p.rowHeight;
  const bottom = scrollTop + viewportHeight + overscan * p.rowHeight;
  const firstSection = sectionAtY(p, Math.max(0, top));
  const lastSection = sectionAtY(p, bottom);
  const first = p.sections[firstSection]!;
  const last = p.sections[lastSection]!;
  const firstRow = Math.max(0, Math.floor((top - first.rowsTop) / p.rowHeight));
  const lastRow = Math.max(0, Math.ceil((bottom - last.rowsTop) / p.rowHeight));
  return {
    start: Math.min(first.end, first.start + firstRow * p.columns),
    end: Math.min(count, last.end, last.start + lastRow * p.columns),
    firstSection,
    lastSection,
  };
}

/** The selection after a navigation key, moving by the rows drawn (a section's last row may be short). */
export function moveIn(p: Placement, index: number, key: NavKey, count: number, pageRows = 4): number {
  if (count === 0) return -1;
  if (index < 0) return 0;
  const down = (i: number): number => {
    const si = sectionAt(p, i);
    const s = p.sections[si]!;
    const k = i - s.start;
    if (Math.floor(k / p.columns) < s.rows - 1) return Math.min(s.end - 1, i + p.columns);
    const next = p.sections[si + 1];
    return next ? Math.min(next.end - 1, next.start + (k % p.columns)) : count - 1;
  };
  const up = (i: number): number => {
    const si = sectionAt(p, i);
    const s = p.sections[si]!;
    const k = i - s.start;
    if (k >= p.columns) return i - p.columns;
    const prev = p.sections[si - 1];
    return prev ? Math.min(prev.end - 1, prev.start + (prev.rows - 1) * p.columns + k) : 0;
  };
  const repeat = (f: (i: number) => number, n: number) => Array.from({ length: n }).reduce<number>((i) => f(i), index);
  const next = {
    ArrowLeft: index - 1,
    ArrowRight: index + 1,
    ArrowUp: up(index),
    ArrowDown: down(index),
    Home: 0,
    End: count - 1,
    PageUp: repeat(up, pageRows),
    PageDown: repeat(down, pageRows),
  }[key];
  return Math.min(count - 1, Math.max(0, next));
}

/**
 * The scrollTop that brings item `index` fully into view below a band of `inset` px at the top (the sticky
 * header), unchanged when it already is; a section's first row brings its headers along.
 */
export function scrollIn(p: Placement, index: number, scrollTop: number, viewportHeight: number, inset = 0): number {
  const s = p.sections[sectionAt(p, index)]!;
  const { y } = cellAt(p, index);
  const top = y === s.rowsTop ? s.top : y - inset;
  if (top < scrollTop) return Math.max(0, top);
  if (y + p.cell > scrollTop + viewportHeight) return y + p.cell - viewportHeight;
  return scrollTop;
}

/**
 * The sticky header over the grid scrolled to `scrollTop`, `band` px tall: the section of the first row visible
 * below it (the section at the band's lower edge, a row gap included, so a row hidden under the band never
 * names it), and whether it shows: not at the very top, and not while that section's own first header line
 * sits exactly at the top (a scrubber's jump), where the header itself shows.
 */
export function stickyAt(p: Placement, scrollTop: number, band: number): { section: number; shown: boolean } {
  if (!p.sections.length) return { section: 0, shown: false };
  const section = sectionAtY(p, scrollTop + band + (p.rowHeight - p.cell));
  const shown = scrollTop >= 1 && Math.abs(p.sections[section]!.top - scrollTop) >= 1;
  return { section, shown };
}

/** Whether a header line at `top` (`height` tall) has its words under the sticky band: it is then hidden, not cut. */
export function underSticky(top: number, height: number, scrollTop: number, band: number): boolean {
  // The words sit in the line's lower part (padding above them): a line whose upper 15% alone is covered still reads.
  return top + height > scrollTop && top + 0.15 * height < scrollTop + band;
}
