// Smart albums from the UI: save the search on screen as an album (its words or the photo "more like
// this" started from, with every filter that is set), rename and edit one, delete it, add and remove
// photos by hand, choose its cover. The album list itself lives in TagsState (the sidebar's data).
import type { AlbumInfo, ApiClient, ApiMethod, ApiParams, ApiResult, ApiResults, Filters, PhotoHit } from '../../../src-shared/api';
import type { Errors } from './errors.svelte';

export type AlbumChanges = Omit<ApiParams<'albums.update'>, 'name'>;

/** What an album saved from the search on screen holds: what the search shows, filters and all. */
export function albumFromSearch(name: string, search: { query: string; similarTo: PhotoHit | null; filters: Filters }): ApiParams<'albums.create'> {
  // Every filter set goes in: an album that left one out would show photos the search did not.
  const filters = Object.fromEntries(Object.entries(search.filters).filter(([, v]) => v !== undefined && v !== '')) as Filters;
  const what = search.similarTo ? { examples: [search.similarTo.id] } : { query: search.query.trim() };
  return { name: name.trim(), ...what, ...(Object.keys(filters).length ? { filters } : {}) };
}

export class AlbumsState {
  /** Why the last change was refused, for the form that asked (also reported as a notice). */
  refusal = $state<string | null>(null);

  /**
   * `changed` refreshes what shows albums (the sidebar, the album on screen) after a change; `renamed` comes first
   * after a rename, so that what shows the album can follow it to its new name without losing it in between.
   */
  constructor(
    private readonly client: ApiClient,
    private readonly errors: Errors,
    private readonly hooks: { changed: () => Promise<void>; renamed: (from: string, album: AlbumInfo) => void },
  ) {}

  create(spec: ApiParams<'albums.create'>): Promise<AlbumInfo | null> {
    return this.act(this.client.call('albums.create', spec));
  }

  /** Renames or edits album `name`: only the keys given change (filters replace all the saved ones). */
  update(name: string, changes: AlbumChanges): Promise<AlbumInfo | null> {
    return this.act(this.client.call('albums.update', { name, ...changes }), (album) => {
      if (album.name !== name) this.hooks.renamed(name, album);
    });
  }

  addPhotos(name: string, ids: number[]): Promise<AlbumInfo | null> {
    return this.act(this.client.call('albums.addPhotos', { name, ids }));
  }

  removePhotos(name: string, ids: number[]): Promise<AlbumInfo | null> {
    return this.act(this.client.call('albums.removePhotos', { name, ids }));
  }

  /** `id` null: the best match is the cover again. */
  setCover(name: string, id: number | null): Promise<AlbumInfo | null> {
    return this.act(this.client.call('albums.setCover', { name, id }));
  }

  async delete(name: string): Promise<boolean> {
    return (await this.act(this.client.call('albums.delete', { name }))) !== null;
  }

  private async act<M extends ApiMethod>(call: Promise<ApiResult<M>>, done?: (value: ApiResults[M]) => void): Promise<ApiResults[M] | null> {
    const r = await call;
    this.refusal = r.ok ? null : r.error.message;
    if (r.ok) done?.(r.value);
    else this.errors.report(r.error);
    await this.hooks.changed();
    return r.ok ? r.value : null;
  }
}
