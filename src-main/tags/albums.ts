// Smart albums: a saved query (text, example photos, filters, a threshold). An album is evaluated
// when it is shown, over the photos indexed at that moment, so it grows by itself as new photos
// arrive in watched folders.
import { invalid, notFound } from '../errors.js';
import type { Searcher } from '../search/searcher.js';
import { parseQuery } from '../search/query.js';
import type { Album, AlbumSpec, AlbumStore } from '../store/albums.js';
import type { EmbeddingMatrix } from '../store/embedding-matrix.js';

export type { Album, AlbumSpec };

/** An album of example photos only matches photos this close (cosine similarity) to their average. */
const EXAMPLES_ONLY_THRESHOLD = 0.8;

export class Albums {
  constructor(
    private readonly store: AlbumStore,
    private readonly searcher: Searcher,
    private readonly matrix: EmbeddingMatrix,
  ) {}

  /**
   * Saves an album. A malformed query is refused now, not every time the album is shown.
   * @throws DomainError invalid_request without a name, without a query or examples, for a
   *   malformed query, or when the name is taken
   */
  create(spec: AlbumSpec): Album {
    const name = spec.name.trim();
    const query = (spec.query ?? '').trim();
    const examples = [...new Set(spec.examples ?? [])];
    if (!name) throw invalid('an album needs a name');
    if (!query && !examples.length) throw invalid('an album needs a query, example photos, or both');
    if (query) parseQuery(query);
    const exampleHashes = examples.map((id) => this.searcher.photoHash(id) ?? null);
    const missing = examples.filter((_, i) => exampleHashes[i] === null);
    if (missing.length) throw notFound(`photo ${missing.join(', ')} is not in the library`);
    this.store.insert({ name, query, examples, exampleHashes, filters: spec.filters ?? {}, threshold: spec.threshold ?? null });
    return this.store.get(name);
  }

  list(): Album[] {
    return this.store.list();
  }

  /** @throws DomainError not_found */
  get(name: string): Album {
    return this.store.get(name);
  }

  /** @throws DomainError not_found */
  delete(name: string): void {
    this.store.delete(name);
  }

  /**
   * The album's photos now, best match first, with their cosine similarity to the album's query.
   * @throws DomainError not_found for an unknown album, or one made of example photos only, all of whose
   *   embeddings are gone (its photos left the library before this model indexed them)
   */
  async photos(name: string, limit = 10_000): Promise<{ id: number; score: number }[]> {
    const album = this.store.get(name);
    // Each example by its embedding, found by the photo or, once the photo has left the library, by
    // the content hash kept with the album: a deleted example never breaks its album.
    const examples = album.examples.map((id, i) => this.searcher.photoEmbedding(id) ?? this.searcher.embeddingOf(album.exampleHashes[i] ?? null));
    const usable = examples.filter((v): v is Float32Array => v !== undefined);
    if (album.examples.length && !usable.length && !album.query) throw notFound(`the example photos of album "${name}" are no longer in the library`);
    const vector = await this.searcher.queryVector(album.query ? parseQuery(album.query) : [], usable);
    const threshold = album.threshold ?? (album.query ? this.searcher.relevanceFloor : EXAMPLES_ONLY_THRESHOLD);
    const allowed = this.searcher.filterIds(album.filters);
    const matrix = this.matrix.refresh();
    const scores = matrix.scores(vector);
    const hits: { id: number; score: number }[] = [];
    for (let r = 0; r < scores.length; r++) {
      const id = matrix.idAt(r);
      if (scores[r]! >= threshold && (!allowed || allowed.has(id))) hits.push({ id, score: scores[r]! });
    }
    return hits.sort((a, b) => b.score - a.score).slice(0, limit);
  }
}
