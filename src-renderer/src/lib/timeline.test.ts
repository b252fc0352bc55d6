import { describe, expect, it } from 'vitest';
import type { PhotoHit, SearchResult } from '../../../src-shared/api';
import { arrange, bestCount, byDate, dateBlocks, headersAt, headerText } from './timeline';

const hit = (id: number, takenAt: number | null, score = 0): PhotoHit => ({
  id, name: `${id}.jpg`, path: `/p/${id}.jpg`, score, width: 4, height: 3, takenAt, dateSource: takenAt === null ? null : 'exif-original', camera: null, unavailable: null,
});
const at = (y: number, m: number, d: number, h = 12) => Date.UTC(y, m - 1, d, h);
const result = (hits: PhotoHit[], floor: number | null): SearchResult => ({ hits, noGoodMatch: false, bestScore: hits[0]?.score ?? null, floor });

describe('timeline', () => {
  it('groups the library by day, a month header where the month changes, undated last', () => {
    const hits = [hit(1, at(2024, 6, 3, 20)), hit(2, at(2024, 6, 3, 8)), hit(3, at(2024, 6, 1)), hit(4, at(2024, 5, 30)), hit(5, at(2023, 5, 30)), hit(6, null), hit(7, null)];
    const blocks = dateBlocks(hits);
    expect(blocks.map((b) => [b.start, b.end, b.headers.map((h) => h.kind).join('+')])).toEqual([
      [0, 2, 'month+day'], [2, 3, 'day'], [3, 4, 'month+day'], [4, 5, 'month+day'], [5, 7, 'undated'],
    ]);
    expect(blocks[0]!.headers[0]).toEqual({ kind: 'month', at: Date.UTC(2024, 5, 1) });
    expect(headerText(blocks[0]!.headers[0]!)).toBe('June 2024');
    expect(headerText(blocks[1]!.headers[0]!)).toBe('Sat, Jun 1'); // the wall-clock date, read as UTC
    expect(arrange(result(hits, null), { browsing: true, sort: 'relevance' }).blocks).toEqual(blocks);
  });

  it('splits a search at half way from the floor to the best score', () => {
    const hits = [0.6, 0.58, 0.51, 0.5, 0.45].map((s, i) => hit(i + 1, at(2024, 1, 1 + i), s));
    expect(bestCount(result(hits, 0.44))).toBe(2); // the line: 0.44 + (0.6 - 0.44) / 2 = 0.52
    const a = arrange(result(hits, 0.44), { browsing: false, sort: 'relevance' });
    expect(a.hits.map((h) => h.id)).toEqual([1, 2, 3, 4, 5]);
    expect(a.blocks).toEqual([{ start: 0, end: 2, headers: [{ kind: 'best' }] }, { start: 2, end: 5, headers: [{ kind: 'more' }] }]);
    // No floor (a tag, a photo query), or nothing below the line: one plain list.
    expect(arrange(result(hits, null), { browsing: false, sort: 'relevance' }).blocks).toEqual([]);
    expect(arrange(result(hits.slice(0, 1), 0.44), { browsing: false, sort: 'relevance' }).blocks).toEqual([]);
  });

  it('sorts by date only what the search returned, newest first, undated last', () => {
    const hits = [hit(1, at(2022, 1, 1), 0.6), hit(2, null, 0.59), hit(3, at(2024, 3, 1), 0.5), hit(4, at(2023, 7, 1), 0.49)];
    expect(byDate(hits).map((h) => h.id)).toEqual([3, 4, 1, 2]);
    const a = arrange(result(hits, 0.44), { browsing: false, sort: 'date' });
    expect(a.hits.map((h) => h.id)).toEqual([3, 4, 1, 2]);
    expect(a.blocks.map((b) => b.headers[0]!.kind)).toEqual(['month', 'month', 'month', 'undated']);
    expect(arrange(null, { browsing: true, sort: 'date' })).toEqual({ hits: [], blocks: [] });
  });
});

describe('sticky header', () => {
  it('names the month and day a block is in, or its relevance section', () => {
    const blocks = dateBlocks([hit(1, at(2024, 6, 3)), hit(2, at(2024, 6, 1)), hit(3, at(2024, 5, 30)), hit(4, null)]);
    expect(headersAt(blocks, 1).map(headerText)).toEqual(['June 2024', 'Sat, Jun 1']);
    expect(headersAt(blocks, 2).map(headerText)).toEqual(['May 2024', 'Thu, May 30']);
    expect(headersAt(blocks, 3).map((h) => h.kind)).toEqual(['undated']);
    expect(headersAt([{ start: 0, end: 2, headers: [{ kind: 'best' }] }, { start: 2, end: 5, headers: [{ kind: 'more' }] }], 1)).toEqual([{ kind: 'more' }]);
    expect(headersAt([], 0)).toEqual([]);
  });
});
