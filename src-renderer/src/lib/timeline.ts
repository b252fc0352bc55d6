// How the Photos view orders and groups what it shows: the library by date (newest first) under month and
// day headers when the search box is empty; a search's results as "Best matches" then "More results", or by
// date. The engine already cut the results at the model's relevance floor (src-shared/api.ts SearchResult), so
// sorting by date never lets a photo below the floor in. Pure functions, tested beside this file.
import type { PhotoHit, SearchResult } from '../../../src-shared/api';
import { locale, t } from './i18n';

export type SortOrder = 'relevance' | 'date';

/** One header line above a block: a month, a day, photos with no date, or a relevance section. */
export type Header = { kind: 'month' | 'day'; at: number } | { kind: 'undated' | 'best' | 'more' };

/** Photos `start` to `end` (exclusive) of the arranged list, starting on a new row under `headers`. */
export interface Block {
  start: number;
  end: number;
  headers: Header[];
}

export interface Arranged {
  hits: PhotoHit[];
  blocks: Block[]; // empty: one plain grid, no headers
}

const DAY_MS = 86_400_000;

/**
 * "Best matches" are the results in the upper half between the relevance floor and the best score: the engine
 * returns only results above the floor, and CLIP's scores are close together, so a share of that range (not a
 * fixed score) separates the clear matches from the weaker ones for any model.
 */
export const BEST_SHARE = 0.5;

/**
 * The list to show and its headers. `browsing`: the latest photos (an empty search box), already newest first.
 * A query with a relevance floor is split into best and more; sorted by date, any list gets month and day headers.
 */
export function arrange(result: SearchResult | null, opts: { browsing: boolean; sort: SortOrder }): Arranged {
  const hits = result?.hits ?? [];
  if (!hits.length) return { hits, blocks: [] };
  if (opts.browsing) return { hits, blocks: dateBlocks(hits) };
  if (opts.sort === 'date') {
    const sorted = byDate(hits);
    return { hits: sorted, blocks: dateBlocks(sorted) };
  }
  const cut = bestCount(result!);
  if (cut === 0 || cut === hits.length) return { hits, blocks: [] };
  return {
    hits,
    blocks: [
      { start: 0, end: cut, headers: [{ kind: 'best' }] },
      { start: cut, end: hits.length, headers: [{ kind: 'more' }] },
    ],
  };
}

/** How many of the results (best first) are best matches; all of them when there is no floor. */
export function bestCount(result: SearchResult): number {
  const { floor, bestScore, hits } = result;
  if (floor === null || bestScore === null) return hits.length;
  const line = floor + (bestScore - floor) * BEST_SHARE;
  const below = hits.findIndex((h) => h.score < line);
  return below < 0 ? hits.length : below;
}

/** Newest first; photos with no date last, in the order they came. */
export function byDate(hits: readonly PhotoHit[]): PhotoHit[] {
  return hits
    .map((hit, i) => ({ hit, i }))
    .sort((a, b) => (b.hit.takenAt ?? -Infinity) - (a.hit.takenAt ?? -Infinity) || a.i - b.i)
    .map((e) => e.hit);
}

/** A month's first moment (UTC: dates are the wall-clock time read as UTC). */
function monthOf(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** Blocks of one day each, newest first as given, with a month header where the month changes. */
export function dateBlocks(hits: readonly PhotoHit[]): Block[] {
  const blocks: Block[] = [];
  let month: number | null = null;
  let day: number | null | undefined;
  hits.forEach((hit, i) => {
    const at = hit.takenAt;
    const thisDay = at === null ? null : Math.floor(at / DAY_MS);
    if (i > 0 && thisDay === day) {
      blocks[blocks.length - 1]!.end = i + 1;
      return;
    }
    day = thisDay;
    const headers: Header[] = [];
    if (at === null) headers.push({ kind: 'undated' });
    else {
      if (monthOf(at) !== month) headers.push({ kind: 'month', at: monthOf(at) });
      headers.push({ kind: 'day', at: thisDay! * DAY_MS });
      month = monthOf(at);
    }
    blocks.push({ start: i, end: i + 1, headers });
  });
  return blocks;
}

const monthFormat = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' });
const dayFormat = new Intl.DateTimeFormat(locale, { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' });
const yearFormat = new Intl.DateTimeFormat(locale, { year: 'numeric', timeZone: 'UTC' });
const spokenFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });

/**
 * The day a photo was taken, in words for a screen reader ("April 20, 2024", "2024년 4월 20일"): the timeline's
 * headers are drawn for the eye only, so each photo says its own date. `takenAt`: ms since epoch, the wall-clock
 * time read as UTC (src-shared/api.ts); null (undated) gives undefined.
 */
export function spokenDay(takenAt: number | null): string | undefined {
  return takenAt === null ? undefined : spokenFormat.format(takenAt);
}

/** A header in words, in the UI's language. */
export function headerText(h: Header): string {
  switch (h.kind) {
    case 'month':
      return monthFormat.format(h.at);
    case 'day':
      return dayFormat.format(h.at);
    case 'undated':
      return t('timeline.undated');
    case 'best':
      return t('timeline.best');
    case 'more':
      return t('timeline.more');
  }
}

export function yearText(ms: number): string {
  return yearFormat.format(ms);
}

/**
 * The headers in effect at block `b`, for the sticky header: its relevance section, or its month and day (a day's
 * block carries no month header after the month's first day: the month is the latest one above it).
 */
export function headersAt(blocks: readonly Block[], b: number): Header[] {
  const own = blocks[Math.min(b, blocks.length - 1)]?.headers ?? [];
  const last = own[own.length - 1];
  if (!last || last.kind !== 'day') return last ? [last] : [];
  for (let i = Math.min(b, blocks.length - 1); i >= 0; i--) {
    const month = blocks[i]!.headers.find((h) => h.kind === 'month');
    if (month) return [month, last];
  }
  return [last];
}
