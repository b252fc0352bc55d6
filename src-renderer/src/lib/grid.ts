// The arithmetic of the virtualised photo grid: how many columns fit, which rows are on screen,
// and where the arrow keys move the selection. Pure functions, so the grid stays simple and tested.

export interface GridLayout {
  columns: number;
  cell: number; // side of a square cell, px
  rowHeight: number; // cell + gap
  rows: number;
  height: number; // total scroll height
}

export function layout(width: number, count: number, minCell = 160, gap = 6): GridLayout {
  const columns = Math.max(1, Math.floor((width + gap) / (minCell + gap)));
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
