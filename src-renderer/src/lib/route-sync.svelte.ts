// Keeps the address's hash (lib/route.ts) and the screen in step: what is on screen is written to the
// history (a new entry or the same one rewritten, historyStep decides), and Back/Forward or a reload
// bring the screen back. Closing a photo that was opened with its own entry goes Back to that entry
// rather than piling up entries, so Back after closing does not reopen it.
import type { Filters, PhotoHit } from '../../../src-shared/api';
import { formatRoute, historyStep, parseRoute, type Route, type RouteView } from './route';
import type { SearchState } from './search.svelte';

export class RouteSync {
  /** Written and read only once the library is ready and the address has been applied. */
  private started = $state(false);
  /** A route from the address being applied: what the screen shows meanwhile is not written back. */
  private applying = $state(0);
  private last: string;
  private below: string | null = null; // the entry under the current one, when we pushed it
  private lastWrite = 0;

  constructor(private readonly win: Window = window) {
    this.last = formatRoute(parseRoute(win.location.hash));
  }

  /** Applies the address now and after every Back/Forward; returns the stop function. */
  start(apply: (route: Route) => Promise<void> | void): () => void {
    const onpop = () => {
      const hash = formatRoute(parseRoute(this.win.location.hash));
      this.below = null; // we no longer know what lies under this entry
      if (hash === this.last) return;
      this.last = hash;
      void this.run(apply, parseRoute(hash));
    };
    this.win.addEventListener('popstate', onpop);
    void this.run(apply, parseRoute(this.win.location.hash)).then(() => (this.started = true));
    return () => this.win.removeEventListener('popstate', onpop);
  }

  private async run(apply: (route: Route) => Promise<void> | void, route: Route): Promise<void> {
    this.applying++;
    try {
      await apply(route);
    } finally {
      this.applying--;
    }
  }

  /** Records what is on screen; call it from an effect that reads everything the route holds. */
  write(route: Route): void {
    if (!this.started || this.applying) return;
    const hash = formatRoute(route);
    const step = historyStep(parseRoute(this.last), route, Date.now() - this.lastWrite);
    if (step === 'none') return;
    const history = this.win.history;
    if (hash === this.below) {
      history.back(); // the entry we came from: go back to it (its popstate finds the screen already there)
      this.below = null;
    } else if (step === 'push') {
      this.below = this.last;
      history.pushState(null, '', hash);
    } else history.replaceState(history.state, '', hash);
    this.last = hash;
    this.lastWrite = Date.now();
  }
}

/** The route of what is on screen. */
export function routeOf(view: 'photos' | 'library' | 'duplicates', search: SearchState, photo: number | null): Route {
  const album = view === 'photos' ? search.album : null;
  return {
    view: album !== null ? 'album' : (view satisfies Exclude<RouteView, 'album'>),
    q: search.query,
    filters: search.filters,
    sort: search.sort === 'relevance' ? null : search.sort, // the default order is not spelt out
    album,
    similar: view === 'photos' && album === null ? (search.similarTo?.id ?? null) : null,
    photo,
  };
}

const sameFilters = (a: Filters, b: Filters) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/** Brings the search to the route (query, filters, album, "more like this"); runs it only when it changed. */
export async function applySearch(search: SearchState, route: Route, photo: (id: number) => Promise<PhotoHit | null>): Promise<void> {
  if (route.view === 'library' || route.view === 'duplicates') return; // those views leave the search as it was
  search.sort = route.sort === 'date' ? 'date' : 'relevance'; // an order of the results on hand: nothing to run
  if (route.view === 'album' && route.album !== null) {
    if (search.album !== route.album) {
      search.query = '';
      await search.showAlbum(route.album);
    }
    return;
  }
  if (route.similar !== null) {
    if (search.similarTo?.id === route.similar && sameFilters(search.filters, route.filters)) return;
    const like = await photo(route.similar);
    if (!like) return;
    search.filters = { ...route.filters };
    await search.showSimilar(like);
    return;
  }
  if (search.album === null && search.similarTo === null && search.query === route.q && sameFilters(search.filters, route.filters)) return;
  search.query = route.q;
  search.filters = { ...route.filters };
  search.album = null;
  search.similarTo = null;
  await search.run();
}
