// Where the person is, as the address's hash: the view, the query, the filters, the sort and the open
// photo, so Back/Forward and a reload bring them back. Pure functions (parse, format, and whether a
// change deserves its own history entry), so the wiring in App.svelte stays a few lines.
//
//   #/photos                      the latest photos          #/search?q=red&folder=/p&from=2024-01-01&photo=12
//   #/album/Beach%20days?photo=3  an album                   #/similar/12   photos like photo 12
//   #/library   #/duplicates
import type { Filters } from '../../../src-shared/api';

export type RouteView = 'photos' | 'library' | 'duplicates' | 'album';

export interface Route {
  view: RouteView;
  q: string;
  filters: Filters;
  sort: string | null; // the results' order when not the default (e.g. 'date'); kept as given
  album: string | null; // view 'album'
  similar: number | null; // "more like this" photo, in the photos view
  photo: number | null; // the photo open in the viewer
}

export const HOME: Route = { view: 'photos', q: '', filters: {}, sort: null, album: null, similar: null, photo: null };

const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A date filter in the address: a calendar day when it falls on one (readable), else milliseconds. */
function dayOrMs(ms: number, exclusiveEnd: boolean): string {
  const at = exclusiveEnd ? ms - DAY_MS : ms;
  return at % DAY_MS === 0 ? new Date(at).toISOString().slice(0, 10) : String(ms);
}

function msOf(value: string | null, exclusiveEnd: boolean): number | undefined {
  if (!value) return undefined;
  if (DAY.test(value)) {
    const at = Date.parse(`${value}T00:00:00Z`);
    return Number.isNaN(at) ? undefined : at + (exclusiveEnd ? DAY_MS : 0);
  }
  return /^-?\d+$/.test(value) ? Number(value) : undefined;
}

function positiveId(value: string | null | undefined): number | null {
  if (!value || !/^\d{1,15}$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 ? n : null;
}

/** The route a hash names; anything unknown or malformed falls back to the photos view. */
export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const at = raw.indexOf('?');
  const path = (at < 0 ? raw : raw.slice(0, at)).replace(/^\/+/, '');
  const params = new URLSearchParams(at < 0 ? '' : raw.slice(at + 1));
  const [head = '', ...rest] = path.split('/');
  const tail = rest.join('/');
  const route: Route = { ...HOME, filters: {} };

  if (head === 'library' || head === 'duplicates') route.view = head;
  else if (head === 'album' && tail) {
    route.view = 'album';
    try {
      route.album = decodeURIComponent(tail);
    } catch {
      route.view = 'photos';
    }
  } else if (head === 'similar') route.similar = positiveId(tail);

  route.q = params.get('q') ?? '';
  const filters: Filters = {};
  const folder = params.get('folder');
  if (folder) filters.folder = folder;
  const from = msOf(params.get('from'), false);
  if (from !== undefined) filters.from = from;
  const to = msOf(params.get('to'), true);
  if (to !== undefined) filters.to = to;
  const camera = params.get('camera');
  if (camera) filters.camera = camera;
  if (params.get('available') === '1') filters.available = true;
  route.filters = filters;
  route.sort = params.get('sort') || null;
  route.photo = positiveId(params.get('photo'));
  return route;
}

/** The hash for a route (with its leading '#'); one spelling per route, so equal routes compare equal. */
export function formatRoute(r: Route): string {
  const params = new URLSearchParams();
  const photosView = r.view === 'photos' && r.similar === null;
  if (r.q && photosView) params.set('q', r.q);
  if (photosView || r.similar !== null) {
    const f = r.filters;
    if (f.folder) params.set('folder', f.folder);
    if (f.from !== undefined) params.set('from', dayOrMs(f.from, false));
    if (f.to !== undefined) params.set('to', dayOrMs(f.to, true));
    if (f.camera) params.set('camera', f.camera);
    if (f.available) params.set('available', '1');
    if (r.sort && photosView) params.set('sort', r.sort);
  }
  if (r.photo !== null) params.set('photo', String(r.photo));
  const path =
    r.view === 'library' || r.view === 'duplicates' ? r.view
    : r.view === 'album' && r.album !== null ? `album/${encodeURIComponent(r.album)}`
    : r.similar !== null ? `similar/${r.similar}`
    : r.q ? 'search'
    : 'photos';
  const query = params.toString().replace(/\+/g, '%20');
  return `#/${path}${query ? `?${query}` : ''}`;
}

export type HistoryStep = 'none' | 'push' | 'replace';

/** Typing pauses longer than this start a new history entry, so Back returns to the previous search. */
export const QUERY_SETTLE_MS = 1500;

/**
 * How a change of route goes into the history: a new entry for a new place (another view, album or "more like
 * this", a photo opened, a filter or sort chosen, a query after a pause), the same entry rewritten for small steps
 * (each keystroke of a query, the next photo in the viewer, the photo closed).
 */
export function historyStep(prev: Route, next: Route, msSinceLastWrite: number): HistoryStep {
  if (formatRoute(prev) === formatRoute(next)) return 'none';
  if (prev.photo !== null && next.photo !== null && formatRoute({ ...prev, photo: next.photo }) === formatRoute(next)) return 'replace';
  if (prev.photo === null && next.photo !== null) return 'push';
  if (next.photo === null && prev.photo !== null && formatRoute({ ...prev, photo: null }) === formatRoute(next)) return 'replace';
  if (formatRoute({ ...prev, q: next.q }) === formatRoute(next)) return msSinceLastWrite < QUERY_SETTLE_MS ? 'replace' : 'push';
  return 'push';
}
