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
