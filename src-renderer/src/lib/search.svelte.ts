// What the Photos view shows: the search as you type (debounced, and only the newest answer is
// kept), the filters, "more like this" for one photo, and the latest photos when the box is empty.
import type { ApiClient, Filters, PhotoHit, SearchResult } from '../../../src-shared/api';
import type { Errors } from './errors.svelte';
import { arrange, type SortOrder } from './timeline';

export const RESULT_LIMIT = 10_000;

export class SearchState {
  query = $state('');
  filters = $state<Filters>({});
  similarTo = $state<PhotoHit | null>(null);
  album = $state<string | null>(null);
  result = $state<SearchResult | null>(null);
  loading = $state(false);
  selected = $state(-1);
  /** What the results on screen answer: the query text, `similar:<id>`, or '' for the latest photos. */
  shown = $state<string | null>(null);
  /** A search's order: by relevance, or by date among the results above the relevance floor (lib/timeline.ts). */
  sort = $state<SortOrder>('relevance');
  /** The results in the order shown, with their headers: the library by date when the box is empty. */
  readonly arranged = $derived(arrange(this.result, { browsing: this.shown === '', sort: this.sort }));
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly client: ApiClient, private readonly errors: Errors, private readonly debounceMs = 120) {}

  get hits(): PhotoHit[] {
    return this.arranged.hits;
  }

  /** The person typed: search shortly after they pause. */
  setQuery(query: string): void {
    this.query = query;
    this.similarTo = null;
    this.album = null;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), this.debounceMs);
  }

  setFilters(filters: Filters): void {
    this.filters = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== '')) as Filters;
    void this.run();
  }

  showAlbum(name: string): Promise<void> {
    this.album = name;
    this.similarTo = null;
    return this.run();
  }

  /** Shows a list the caller already has (a taught tag's matches), in place of a search. */
  showHits(hits: PhotoHit[], label: string): void {
    ++this.seq;
    this.loading = false;
    this.result = { hits, noGoodMatch: hits.length === 0, bestScore: hits[0]?.score ?? null, floor: null };
    this.shown = label;
    this.selected = hits.length ? 0 : -1;
  }

  showSimilar(photo: PhotoHit): Promise<void> {
    this.album = null;
    this.similarTo = photo;
    return this.run();
  }

  clearSimilar(): Promise<void> {
    this.similarTo = null;
    this.album = null;
    return this.run();
  }

  /** Runs the current search now. A slower, older answer never replaces a newer one. */
  async run(): Promise<void> {
    clearTimeout(this.timer);
    const mine = ++this.seq;
    this.loading = true;
    const filters = Object.keys(this.filters).length ? $state.snapshot(this.filters) : undefined;
    const query = this.query.trim();
    const answer = this.album
      ? await this.client.call('albums.show', { name: this.album })
      : this.similarTo
      ? await this.client.call('similar', { id: this.similarTo.id, limit: 500, filters })
      : query
        ? await this.client.call('search', { query, limit: RESULT_LIMIT, filters })
        : await this.client.call('photos', { limit: RESULT_LIMIT, filters });
    if (mine !== this.seq) return;
    this.loading = false;
    if (!answer.ok) {
      // An album renamed or deleted meanwhile: whoever did it shows what comes next.
      if (this.album && answer.error.code === 'not_found') return;
      // A half-typed query with a stray quote or minus is not worth a message.
      if (answer.error.code !== 'invalid_request' || !query) this.errors.report(answer.error);
      return;
    }
    this.result = answer.value;
    this.shown = this.album ? `album:${this.album}` : this.similarTo ? `similar:${this.similarTo.id}` : query;
    this.selected = this.result.hits.length ? Math.min(Math.max(this.selected, 0), this.result.hits.length - 1) : -1;
  }
}
