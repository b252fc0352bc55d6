import { describe, expect, it } from 'vitest';
import { formatRoute, HOME, historyStep, parseRoute, QUERY_SETTLE_MS, type Route } from './route';

const route = (r: Partial<Route>): Route => ({ ...HOME, filters: {}, ...r });
const DAY = 86_400_000;

describe('routes in the address hash', () => {
  it('round-trips the query, every filter, the sort and the open photo', () => {
    const r = route({
      q: 'dog & cat: "beach" + ./x.jpg #1 100%',
      filters: { folder: '/home/me/Pictures/2024 (summer)', from: Date.UTC(2024, 0, 1), to: Date.UTC(2024, 0, 31) + DAY, camera: 'Canon EOS R5', available: true },
      sort: 'date',
      photo: 123,
    });
    const hash = formatRoute(r);
    expect(hash).toMatch(/^#\/search\?q=dog%20%26%20cat/);
    expect(hash).toContain('from=2024-01-01&to=2024-01-31'); // calendar days, the last one included
    expect(hash).toContain('photo=123');
    expect(parseRoute(hash)).toEqual(r);
  });

  it('keeps a date that is not a whole day as milliseconds', () => {
    const r = route({ filters: { from: Date.UTC(2024, 5, 1, 12) } });
    expect(formatRoute(r)).toBe(`#/photos?from=${Date.UTC(2024, 5, 1, 12)}`);
    expect(parseRoute(formatRoute(r))).toEqual(r);
  });

  it('names each view: the latest photos, an album, more like a photo, the library, duplicates', () => {
    expect(formatRoute(HOME)).toBe('#/photos');
    expect(formatRoute(route({ view: 'album', album: 'Beach / days?', photo: 4 }))).toBe('#/album/Beach%20%2F%20days%3F?photo=4');
    expect(parseRoute('#/album/Beach%20%2F%20days%3F?photo=4')).toEqual(route({ view: 'album', album: 'Beach / days?', photo: 4 }));
    expect(parseRoute(formatRoute(route({ similar: 12, filters: { camera: 'X' } })))).toEqual(route({ similar: 12, filters: { camera: 'X' } }));
    expect(formatRoute(route({ view: 'library', q: 'ignored there' }))).toBe('#/library');
    expect(parseRoute('#/duplicates?photo=9')).toEqual(route({ view: 'duplicates', photo: 9 }));
  });

  it('falls back to the photos view for anything malformed', () => {
    expect(parseRoute('')).toEqual(HOME);
    expect(parseRoute('#')).toEqual(HOME);
    expect(parseRoute('#/nowhere?photo=abc&from=soon')).toEqual(HOME);
    expect(parseRoute('#/photos?photo=0')).toEqual(HOME);
    expect(parseRoute('#/album/%E0%A4%A')).toEqual(HOME); // broken percent-encoding
    expect(parseRoute('#/album/')).toEqual(HOME);
    expect(parseRoute('#/similar/-3')).toEqual(HOME);
    expect(parseRoute('#/search?q=%20red%20')).toEqual(route({ q: ' red ' })); // the query as typed
  });

  it('gives a new history entry to a new place, and rewrites the entry for small steps', () => {
    const results = route({ q: 'red' });
    expect(historyStep(results, results, 0)).toBe('none');
    expect(historyStep(results, { ...results, photo: 5 }, 0)).toBe('push'); // Back closes the photo
    expect(historyStep({ ...results, photo: 5 }, { ...results, photo: 6 }, 0)).toBe('replace'); // next photo
    expect(historyStep({ ...results, photo: 6 }, results, 0)).toBe('replace'); // closed
    expect(historyStep(results, route({ q: 'red c' }), 100)).toBe('replace'); // typing
    expect(historyStep(results, route({ q: 'blue' }), QUERY_SETTLE_MS + 1)).toBe('push'); // a new search after a pause
    expect(historyStep(results, { ...results, filters: { camera: 'X' } }, 0)).toBe('push');
    expect(historyStep(results, route({ view: 'library' }), 0)).toBe('push');
    expect(historyStep({ ...results, photo: 6 }, route({ view: 'library' }), 0)).toBe('push');
  });
});
