// Smart albums: a saved query (text, example photos, filters, a threshold), corrected by hand. An
// album is evaluated when it is shown, over the photos indexed at that moment, so it grows by itself
// as new photos arrive in watched folders; what a person added or removed by hand (kept by content
// hash) wins over the query, and a cover they chose is shown while it is in the album.
import { invalid, notFound } from '../errors.js';
import { extractTags } from '../../src-shared/tag-query.js';
import type { Searcher } from '../search/searcher.js';
import { parseQuery } from '../search/query.js';
import type { Album, AlbumFields, AlbumSpec, AlbumStore } from '../store/albums.js';
import type { EmbeddingMatrix } from '../store/embedding-matrix.js';
import type { SearchFilters } from '../store/photos.js';

export type { Album, AlbumSpec };

/**
 * An album of example photos only matches photos this close (cosine similarity) to their average; "more like this"
 * calls a photo this close to another one a close match.
 */
export const EXAMPLES_ONLY_THRESHOLD = 0.8;

/** What can change about an album; an absent key stays as it is. */
export interface AlbumChanges {
  name?: string; // rename: the album keeps its picks and cover
  query?: string; // '' removes the query (the album then needs examples)
  examples?: number[]; // photo ids, replacing the examples
  filters?: SearchFilters; // replacing all the saved filters ({} removes them)
  threshold?: number | null; // cosine similarity; null: the default again
}

/** An album as it stands now. */
export interface AlbumSummary {
  photos: number;
  cover: number | null; // photo id: the chosen cover while it is in the album, else the best match; null when empty
}

export class Albums {
  constructor(
    private readonly store: AlbumStore,
    private readonly searcher: Searcher,
    private readonly matrix: EmbeddingMatrix,
  ) {}

  /**
   * Saves an album. A malformed query is refused now, not every time the album is shown.
   * `spec.photos` are picked by hand (as `addPhotos`); an album of picked photos only needs no query or examples.
   * @throws DomainError invalid_request without a name, without a query, examples or picked photos, for a
   *   malformed query, or when the name is taken; not_found for an example or picked photo not in the library
   */
  create(spec: AlbumSpec): Album {
    const picked = [...new Set(spec.photos ?? [])];
    const fields = this.checked({
      name: spec.name,
      query: spec.query ?? '',
      examples: spec.examples ?? [],
      filters: spec.filters ?? {},
      threshold: spec.threshold ?? null,
    }, undefined, picked.length > 0);
    this.hashesOf(picked); // before the album exists: a missing photo leaves no half-made album
    this.store.insert(fields);
    const album = this.store.get(fields.name);
    if (picked.length) this.store.pick(album.id, picked, 1);
    return album;
  }

  /**
   * Changes an album's name, query, examples, filters or threshold, checked as `create` checks them.
   * The album keeps its hand-picked photos and cover.
   * @throws DomainError not_found for an unknown album or example photo; invalid_request as `create`
   */
  update(name: string, changes: AlbumChanges): Album {
    const album = this.store.get(name);
    const examples = changes.examples ?? album.examples;
    const fields = this.checked({
      name: changes.name ?? album.name,
      query: changes.query ?? album.query,
      examples,
      filters: changes.filters ?? album.filters,
      threshold: changes.threshold === undefined ? album.threshold : changes.threshold,
    }, changes.examples ? undefined : album.exampleHashes, isPickedOnly(album) || this.store.picks(album.id).some((p) => p.pick === 1));
    this.store.update(album.id, fields);
    return this.store.get(fields.name);
  }

  /**
   * Adds photos by hand: they stay in the album whatever they score, through re-evaluation and their
   * leaving the library and coming back (kept by content), until removed by hand.
   * @throws DomainError not_found for an unknown album or a photo not in the library
   */
  addPhotos(name: string, ids: readonly number[]): Album {
    const album = this.store.get(name);
    this.hashesOf(ids); // every photo is in the library
    this.store.pick(album.id, ids, 1);
    return this.store.get(album.name);
  }

  /**
   * Removes photos by hand: they stay out however well they match, until added by hand.
   * @throws DomainError not_found for an unknown album or a photo not in the library
   */
  removePhotos(name: string, ids: readonly number[]): Album {
    const album = this.store.get(name);
    this.hashesOf(ids);
    this.store.pick(album.id, ids, 0);
    return this.store.get(album.name);
  }

  /**
   * Chooses the album's cover, a photo in it now; null: the best match again. A chosen cover that later
   * leaves the album gives way to the best match (and comes back with it).
   * @throws DomainError not_found for an unknown album or photo; invalid_request for a photo not in the album
   */
  async setCover(name: string, id: number | null): Promise<Album> {
    const album = this.store.get(name);
    if (id === null) {
      this.store.setCover(album.id, null);
      return this.store.get(album.name);
    }
    const [hash] = this.hashesOf([id]);
    if (!(await this.evaluate(album)).some((h) => h.id === id)) throw invalid(`that photo is not in album "${album.name}": add it to the album first`);
    this.store.setCover(album.id, hash!);
    return this.store.get(album.name);
  }

  list(): Album[] {
    return this.store.list();
  }

  /** @throws DomainError not_found */
  get(name: string): Album {
    return this.store.get(name);
  }

  /** Deletes the album, with its picks and cover (the photos stay). @throws DomainError not_found */
  delete(name: string): void {
    this.store.delete(name);
  }

  /**
   * The album's photos now, best match first, with their cosine similarity to the album's query (a
   * query of tags only: their tag score); photos added by hand with their real score, whatever it is.
   * @throws DomainError not_found for an unknown album, or one made of example photos only, all of whose
   *   embeddings are gone (its photos left the library before this model indexed them)
   */
  async photos(name: string, limit = 10_000): Promise<{ id: number; score: number }[]> {
    return (await this.evaluate(this.store.get(name))).slice(0, limit);
  }

  /** How many photos the album holds now and which is its cover. @throws DomainError as `photos` */
  async summary(name: string): Promise<AlbumSummary> {
    const album = this.store.get(name);
    const hits = await this.evaluate(album);
    const chosen = album.coverHash ? new Set(this.store.idsWithHash(album.coverHash)) : undefined;
    const cover = (chosen && hits.find((h) => chosen.has(h.id))) ?? hits[0];
    return { photos: hits.length, cover: cover?.id ?? null };
  }

  private async evaluate(album: Album): Promise<{ id: number; score: number }[]> {
    // `tag:NAME` in the query is a filter, as in a search: the album holds only photos with that tag.
    const { text, tags } = extractTags(album.query);
    const filters: SearchFilters = tags.length ? { ...album.filters, tags: [...(album.filters.tags ?? []), ...tags] } : album.filters;
    // Each example by its embedding, found by the photo or, once the photo has left the library, by
    // the content hash kept with the album: a deleted example never breaks its album.
    const examples = album.examples.map((id, i) => this.searcher.photoEmbedding(id) ?? this.searcher.embeddingOf(album.exampleHashes[i] ?? null));
    const usable = examples.filter((v): v is Float32Array => v !== undefined);
    if (album.examples.length && !usable.length && !text && !tags.length) throw notFound(`the example photos of album "${album.name}" are no longer in the library`);
    const picks = this.store.picks(album.id);
    const removed = new Set(picks.filter((p) => p.pick === 0).map((p) => p.id));
    const added = new Set(picks.filter((p) => p.pick === 1).map((p) => p.id));
    const matrix = this.matrix.refresh();
    const hits = new Map<number, number>(); // photo id -> score

    if (isPickedOnly(album)) {
      // Picked by hand only (made from a selection): exactly those photos, in the order they were picked.
      let rank = 0;
      for (const id of added) hits.set(id, -rank++ / 1e6);
    } else if (!text && !usable.length) {
      // Tags only: the tagged photos that the filters allow, by tag score (as a search for them lists them).
      const tagged = await this.searcher.search(album.query, { filters: album.filters, limit: Math.max(1, matrix.size) });
      for (const h of tagged.hits) if (!removed.has(h.id)) hits.set(h.id, h.score);
      for (const id of added) if (!hits.has(id)) hits.set(id, 0); // without the tag: no tag score
    } else {
      const vector = await this.searcher.queryVector(text ? parseQuery(text) : [], usable);
      const threshold = album.threshold ?? (text ? this.searcher.relevanceFloor : EXAMPLES_ONLY_THRESHOLD);
      const allowed = this.searcher.filterIds(filters);
      const scores = matrix.scores(vector);
      for (let r = 0; r < scores.length; r++) {
        const id = matrix.idAt(r);
        const score = scores[r]!;
        if (added.has(id) || (score >= threshold && (!allowed || allowed.has(id)) && !removed.has(id))) hits.set(id, score);
      }
    }
    return [...hits].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
  }

  /**
   * The album's fields made whole and checked: a name, a query or examples, a query that parses, examples in the
   * library (their hashes kept; `keptHashes` reuses those of unchanged examples, some of which may have left).
   * `hasPicks`: the album holds photos picked by hand, so it may have neither query nor examples.
   */
  private checked(f: AlbumFields | Omit<AlbumFields, 'exampleHashes'>, keptHashes?: (string | null)[], hasPicks = false): AlbumFields {
    const name = f.name.normalize('NFC').trim(); // as the API gives names (src-shared/api-schemas.ts)
    const query = f.query.trim();
    const examples = [...new Set(f.examples)];
    if (!name) throw invalid('an album needs a name');
    if (!query && !examples.length && !hasPicks) throw invalid('an album needs a query, example photos or photos picked by hand');
    const { text } = extractTags(query);
    if (text) parseQuery(text);
    if (f.threshold !== null && !(f.threshold >= -1 && f.threshold <= 1)) throw invalid('an album threshold is a cosine similarity from -1 to 1');
    if (f.filters.from !== undefined && f.filters.to !== undefined && f.filters.from >= f.filters.to) throw invalid('an album\'s start date must come before its end date');
    const exampleHashes = keptHashes ?? examples.map((id) => this.searcher.photoHash(id) ?? null);
    const missing = examples.filter((_, i) => exampleHashes[i] === null);
    if (!keptHashes && missing.length) throw notFound(`photo ${missing.join(', ')} is not in the library`);
    return { name, query, examples, exampleHashes, filters: cleanFilters(f.filters), threshold: f.threshold };
  }

  /** @throws DomainError not_found for a photo without content in the library */
  private hashesOf(ids: readonly number[]): string[] {
    const hashes = ids.map((id) => this.searcher.photoHash(id));
    const missing = ids.filter((_, i) => !hashes[i]);
    if (missing.length) throw notFound(`photo ${missing.join(', ')} is not in the library`);
    return hashes as string[];
  }
}

/** An album made of photos picked by hand (from a selection): no query, no examples. */
function isPickedOnly(album: Album): boolean {
  return !album.query.trim() && !album.examples.length;
}

/** The filters without empty values: an unset filter is not saved as one. */
function cleanFilters(f: SearchFilters): SearchFilters {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v !== '' && v !== false && !(Array.isArray(v) && !v.length))) as SearchFilters;
}
