// Answers queries: free text, "more like this photo", and weighted combinations of both, with
// folder, date and camera filters and a relevance floor for text queries.
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ClipModel } from '../embed/clip-model.js';
import { dot, l2normalise } from '../embed/vectors.js';
import { DomainError, notFound } from '../errors.js';
import { isPhotoPath } from '../library/photo-files.js';
import { findOnDisk, photoRowAt } from '../library/typed-path.js';
import type { LibraryReader } from '../store/library.js';
import { emojiToWords } from '../embed/emoji-names.js';
import type { PhotoView } from '../embed/photo-views.js';
import type { ModelIndex, PhotoNeighbour } from '../store/model-index.js';
import { labelOf, viewOf } from '../store/view-labels.js';
import type { PhotoRow, SearchFilters } from '../store/photos.js';
import { extractTags } from '../../src-shared/tag-query.js';
import { namesFile, normaliseQuery, parseQuery, QueryError, type QueryTerm } from './query.js';

export type { SearchFilters };

/** One photo in an answer, as the engine gives it (api/to-wire.ts maps it for the UI). */
export interface PhotoHit {
  id: number;
  path: string;
  score: number; // cosine similarity to the query (0 when listing without a query)
  width: number | null;
  height: number | null;
  takenAt: number | null; // ms since epoch, wall-clock time read as UTC
  dateSource: string | null; // where takenAt came from (library/taken-at.ts DATE_SOURCES)
  camera: string | null;
  gps: { lat: number; lon: number } | null;
  unavailable: string | null; // why its file cannot be reached now (its folder offline); null: it can
  /**
   * The view that matched best when it was not the main one (the centre crop): a square across a wide or tall
   * photo, or another frame of an animation (embed/photo-views.ts). Absent: the main view, or not a search.
   */
  match?: PhotoView;
}

export interface SearchResponse {
  hits: PhotoHit[];
  noGoodMatch: boolean; // a text query whose best score is under the model's relevance floor
  contentFree?: boolean; // photos scored above the floor, but no better than for an empty query: the words name nothing
  bestScore: number | null; // cosine similarity of the best hit before the floor
  floor: number | null; // the relevance floor applied (cosine similarity); null: none
  unknownTags?: string[]; // `tag:` names that name no tag (in any of its vocabulary's languages): why nothing matched
  readAsText?: string; // the query's text terms, without its tags and photos (a Korean file name is not Korean text)
}

export interface SearchOptions {
  limit?: number; // at most this many hits (default 50)
  filters?: SearchFilters;
  minScore?: number; // cosine similarity; overrides the model's relevance floor
  /**
   * Let a query term name an image file on disk (`./sunset.jpg`). Off by default: only the CLI,
   * run by the person who owns the files, turns it on; the UI's queries can only name library
   * photos (`photo:ID`, or a library photo's path, whose stored embedding is used and no file read).
   */
  allowFiles?: boolean;
}

/**
 * A text query matches a photo only when it beats the empty text (the text encoder's start and end tokens, no
 * content) on that photo by this share of the model's relevance floor: a query whose words carry no meaning ("the
 * of a", "a photo") scores like the empty text everywhere. Measured on tiny-clip (floor 0.44): true captions beat
 * the empty text by 0.19 or more on their photos, content-free queries by 0.08 or less (bench/README.md,
 * "Queries without content"); for downloaded models, an estimate that scales with their floor.
 */
export const CONTENT_MARGIN_SHARE = 0.25;

/**
 * A view other than the main one scores this share of the relevance floor less (0.022 for tiny-clip): the best of
 * several views is the maximum of several noisy scores, and without it a photo's side squares outrank another
 * photo's true match by a hair (measured on tiny-clip's test library: a purple triangle's side square beat the green
 * triangle by 0.002 for "a green triangle"). A subject that only a side square shows scores far above this (0.73
 * against -0.30 for the centre crop), so it is still found. A choice of this project, from those figures.
 */
export const VIEW_PENALTY_SHARE = 0.05;

/** Exact search over a filtered set is used when the set is at most this large. */
const EXACT_FILTER_LIMIT = 50_000;

export function toHit(row: PhotoRow, score: number): PhotoHit {
  return {
    id: row.id,
    path: row.path,
    score,
    width: row.width,
    height: row.height,
    takenAt: row.taken_at,
    dateSource: row.taken_at_source ?? null,
    camera: row.camera,
    gps: row.gps_lat !== null && row.gps_lon !== null ? { lat: row.gps_lat, lon: row.gps_lon } : null,
    unavailable: row.unavailable ?? null,
  };
}

export class Searcher {
  private emptyText: Promise<Float32Array> | undefined;

  constructor(
    private readonly library: LibraryReader,
    private readonly model: ClipModel,
    private readonly modelId: string,
    private readonly index: ModelIndex,
    readonly relevanceFloor: number, // cosine similarity
    // The stored name of the tag a person named: its name in another language ("빨강") is the vocabulary's label ("red").
    private readonly tagName: (name: string) => string = (name) => name,
  ) {}

  /**
   * The query's vector, float32 [D]: the weighted sum of its terms' embeddings and of `extra` (each float32 [D],
   * weight 1: an album's examples), L2-normalised.
   * @throws DomainError not_found for a photo term not in the index, invalid_request for a file
   *   that cannot be read as a photo
   */
  async queryVector(terms: readonly QueryTerm[], extra: readonly Float32Array[] = []): Promise<Float32Array> {
    const texts = terms.filter((t) => t.kind === 'text');
    const textVecs = await this.model.embedTexts(texts.map((t) => t.value)); // emoji read as names by the tokenizer
    const sum = new Float32Array(this.model.dim);
    let ti = 0;
    for (const term of terms) {
      const v = term.kind === 'text' ? textVecs[ti++]! : await this.photoVector(term);
      for (let i = 0; i < sum.length; i++) sum[i]! += term.weight * v[i]!;
    }
    for (const v of extra) for (let i = 0; i < sum.length; i++) sum[i]! += v[i]!;
    return l2normalise(sum);
  }

  /** The content hash of photo `id`, or undefined when it has none (never read) or is not in the library. */
  photoHash(id: number): string | undefined {
    return this.library.photos.byId(id)?.hash ?? undefined;
  }

  /** The stored embedding (float32 [D]) for content `hash` under this model, kept after its photo left the library. */
  embeddingOf(hash: string | null): Float32Array | undefined {
    return hash ? this.library.embeddings.get(hash, this.modelId) : undefined;
  }

  /** The stored embedding of photo `id`; undefined when it is not in the index. */
  photoEmbedding(id: number): Float32Array | undefined {
    const row = this.library.photos.byId(id);
    return row?.hash ? this.library.embeddings.get(row.hash, this.modelId) : undefined;
  }

  private async photoVector(term: QueryTerm): Promise<Float32Array> {
    if (term.kind === 'photo') {
      const v = this.photoEmbedding(Number(term.value));
      if (!v) throw notFound(`photo ${term.value} is not in the index`);
      return v;
    }
    const path = resolve(term.value);
    const known = this.library.photos.byPath(path);
    const stored = known?.hash ? this.library.embeddings.get(known.hash, this.modelId) : undefined;
    if (stored) return stored;
    try {
      const [v] = await this.model.embedImageBuffers([readFileSync(path)]);
      return v!;
    } catch (err) {
      throw new DomainError('invalid_request', `cannot use ${term.value} as a query photo: ${(err as Error).message}`);
    }
  }

  /**
   * The photo a query term's path names, typed in either Unicode form (library/typed-path.ts): a library photo (its
   * stored path; without `allowFiles` as `photo:ID`, so that no file is read), else with `allowFiles` an image file
   * on disk (its path there).
   */
  private queryPhotoAt(path: string, allowFiles: boolean): QueryTerm | undefined {
    if (!isPhotoPath(path)) return undefined;
    const row = photoRowAt(this.library.photos, path);
    if (row?.status === 'indexed') return allowFiles ? { kind: 'file', value: row.path, weight: 1 } : { kind: 'photo', value: String(row.id), weight: 1 };
    if (!allowFiles) return undefined;
    const file = findOnDisk(path);
    return file !== undefined && statSync(file).isFile() ? { kind: 'file', value: file, weight: 1 } : undefined;
  }

  /**
   * The terms with each file resolved to the photo it names, and a term that can only mean a file (query.ts
   * namesFile) but names no photo refused: a wrong path searched as text would answer with whatever its letters match.
   * @throws DomainError invalid_request (QueryError) naming the file and why
   */
  private withQueryPhotos(terms: QueryTerm[], allowFiles: boolean): QueryTerm[] {
    return terms.map((t) => {
      const photo = t.kind === 'file' ? this.queryPhotoAt(t.value, allowFiles) : undefined;
      if (photo) return { ...photo, weight: t.weight };
      if (t.kind === 'photo' || (t.kind === 'text' && !namesFile(t.value))) return t;
      if (!allowFiles) throw new QueryError(`${t.value} is not a photo of this library (a search here names library photos only)`);
      if (findOnDisk(t.value) === undefined) throw new QueryError(`no such photo file: ${t.value}`);
      throw new QueryError(`not a photo file: ${t.value}`);
    });
  }

  /**
   * Answers a query (text, `tag:NAME`, `photo:ID`, and with `allowFiles` image files, combined
   * with + and -), best first, cut at the relevance floor for text-only queries.
   * @throws DomainError invalid_request for a malformed query, not_found for an unknown photo
   */
  async search(query: string, opts: SearchOptions = {}): Promise<SearchResponse> {
    const k = opts.limit ?? 50;
    let filters = opts.filters ?? {};
    query = normaliseQuery(query);
    const { text, tags } = extractTags(query);
    const unknown = tags.filter((t) => !this.library.tags.find(this.tagName(t)));
    const unknownTags = unknown.length ? { unknownTags: unknown } : {};
    if (tags.length) {
      filters = { ...filters, tags: [...(filters.tags ?? []), ...tags] };
      // Only tags: the tagged photos, best tag score first.
      if (!text.trim()) return { hits: this.tagged(filters, k), noGoodMatch: false, bestScore: null, floor: null, ...unknownTags };
      query = text;
    }
    const terms = this.withQueryPhotos(parseQuery(query, (p) => this.queryPhotoAt(p, opts.allowFiles === true) !== undefined), opts.allowFiles === true);
    const vector = await this.queryVector(terms);
    const textOnly = terms.every((t) => t.kind === 'text');
    const floor = opts.minScore ?? (textOnly ? this.relevanceFloor : null);
    const neighbours = this.nearest(vector, k, filters);
    // With terms subtracted ("red circle - blue"), the combined vector's cosine is not on the scale the floor was
    // measured on (one caption against its photo): it read every such query as "no good match". The relevance cut
    // then asks whether a photo matches one of the terms added, each on its own; the order stays the whole query's.
    const added = terms.filter((t) => t.weight > 0);
    const relevance = textOnly && opts.minScore === undefined && added.length < terms.length ? await this.bestTermScores(added, neighbours) : undefined;
    const relevant = neighbours.map((n) => ({ ...n, score: relevance?.get(n.id) ?? n.score }));
    const best = relevant.length ? Math.max(...relevant.map((n) => n.score)) : null;
    const above = new Set(floor === null ? neighbours.map((n) => n.id) : relevant.filter((n) => n.score >= floor).map((n) => n.id));
    let kept = neighbours.filter((n) => above.has(n.id));
    // A text query that names nothing matches nothing, however well it happens to score (unless the caller set
    // its own minimum score).
    const aboveFloor = kept.length;
    if (textOnly && opts.minScore === undefined && floor !== null) {
      const named = new Set((await this.withContent(added, relevant.filter((n) => above.has(n.id)), floor)).map((n) => n.id));
      kept = kept.filter((n) => named.has(n.id));
    }
    return {
      hits: this.hydrate(kept),
      noGoodMatch: kept.length === 0,
      contentFree: aboveFloor > 0 && kept.length === 0,
      bestScore: best,
      floor,
      ...unknownTags,
      readAsText: terms.filter((t) => t.kind === 'text').map((t) => t.value).join(' '),
    };
  }

  /**
   * Each hit's best cosine similarity to any one of the text `terms` on their own (scored on the view that matched):
   * float32 dot products of unit vectors, by photo id. A hit whose view has no stored vector is left out of the map.
   */
  private async bestTermScores(terms: readonly QueryTerm[], hits: readonly PhotoNeighbour[]): Promise<Map<number, number>> {
    const termVectors = await this.model.embedTexts(terms.map((t) => t.value));
    const byLabel = new Map(hits.map((h) => [labelOf(h.id, h.view), h.id]));
    const scores = new Map<number, number>();
    for (const { label, vector } of this.library.embeddings.labelVectorsOf(this.modelId, [...byLabel.keys()])) {
      const id = byLabel.get(label);
      if (id !== undefined) scores.set(id, Math.max(...termVectors.map((t) => dot(t, vector))));
    }
    return scores;
  }

  /**
   * The hits on which the query beats the empty text by CONTENT_MARGIN_SHARE of the floor (scored on the view that
   * matched); none when the query's text has no letter or digit at all (only punctuation or symbols).
   */
  private async withContent(terms: readonly QueryTerm[], hits: PhotoNeighbour[], floor: number): Promise<PhotoNeighbour[]> {
    if (!hits.length) return hits;
    if (!terms.some((t) => /[\p{L}\p{N}]/u.test(emojiToWords(t.value)))) return [];
    const empty = await (this.emptyText ??= this.model.embedTexts(['']).then(([v]) => v!));
    const labels = hits.map((h) => labelOf(h.id, h.view));
    const vectors = new Map<number, Float32Array>();
    for (const { label, vector } of this.library.embeddings.labelVectorsOf(this.modelId, labels)) vectors.set(label, vector);
    const margin = CONTENT_MARGIN_SHARE * floor;
    return hits.filter((h) => {
      const v = vectors.get(labelOf(h.id, h.view));
      return !v || h.score - dot(empty, v) >= margin;
    });
  }

  /**
   * Photos that look like photo `id` (the photo itself excluded), most similar first.
   * @throws DomainError not_found when the photo is not in the index
   */
  similar(id: number, k = 50, filters: SearchFilters = {}): PhotoHit[] {
    const v = this.photoEmbedding(id);
    if (!v) throw notFound(`photo ${id} is not in the index`);
    return this.hydrate(this.nearest(v, k + 1, filters).filter((n) => n.id !== id).slice(0, k));
  }

  /** The k photos nearest to `vector` (float32 [D], L2-normalised) that the filters allow, best first. */
  nearestHits(vector: Float32Array, k: number, filters: SearchFilters = {}): PhotoHit[] {
    return this.hydrate(this.nearest(vector, k, filters));
  }

  /** The newest photos (by date taken, else file time) that the filters allow: browsing, no query. */
  latest(k = 200, filters: SearchFilters = {}): PhotoHit[] {
    const allowed = this.filterIds(filters);
    const rows = this.library.photos.newestFirst();
    const ids = (allowed ? rows.filter((id) => allowed.has(id)) : rows).slice(0, k);
    return this.hydrate(ids.map((id) => ({ id, score: 0 })));
  }

  private nearest(vector: Float32Array, k: number, filters: SearchFilters) {
    const allowed = this.filterIds(filters);
    const viewPenalty = VIEW_PENALTY_SHARE * this.relevanceFloor;
    // With whole-frame views off, search sees each photo's centre crop only, whenever its views were embedded.
    const mainViewsOnly = !this.library.meta.wholeFrame();
    if (!allowed) return this.index.search(vector, k, { viewPenalty, mainViewsOnly });
    if (allowed.size <= EXACT_FILTER_LIMIT) return this.exact(vector, k, allowed, viewPenalty, mainViewsOnly);
    return this.index.search(vector, k, { allowed: (id) => allowed.has(id), viewPenalty, mainViewsOnly });
  }

  /** Exact search over `ids`: every view of each, the photo scored by its best view (as ModelIndex.search). */
  private exact(vector: Float32Array, k: number, ids: Set<number>, viewPenalty: number, mainViewsOnly: boolean) {
    const best = new Map<number, { id: number; score: number; view: number }>();
    for (const { id, label, vector: v } of this.library.embeddings.viewVectorsOf(this.modelId, ids)) {
      if (mainViewsOnly && viewOf(label) !== 0) continue;
      const score = dot(vector, v) - (viewOf(label) === 0 ? 0 : viewPenalty);
      if (score > (best.get(id)?.score ?? -Infinity)) best.set(id, { id, score, view: viewOf(label) });
    }
    return [...best.values()].sort((a, b) => b.score - a.score).slice(0, k);
  }

  /** The ids the filters allow, or undefined when there are no filters. */
  filterIds(filters: SearchFilters = {}): Set<number> | undefined {
    return this.library.photos.idsMatching(this.withTagNames(filters), this.modelId);
  }

  /** The filters with each tag by its stored name (a tag named in another language, or decomposed, is found). */
  private withTagNames(filters: SearchFilters): SearchFilters {
    return filters.tags?.length ? { ...filters, tags: filters.tags.map((t) => this.tagName(normaliseQuery(t))) } : filters;
  }

  /** Photos with all of `filters.tags` (and the other filters), by their first tag's score. */
  private tagged(filters: SearchFilters, k: number): PhotoHit[] {
    const allowed = this.filterIds(filters) ?? new Set<number>();
    const scores = this.library.tags.scoresOf(this.modelId, this.tagName(normaliseQuery(filters.tags![0]!)));
    return this.hydrate(scores.filter((s) => allowed.has(s.id)).slice(0, k));
  }

  /** Scored photo ids as hits, in the given order, with the view that matched (see PhotoHit.match); ids no longer in the library are left out. */
  hydrate(neighbours: readonly { id: number; score: number; view?: number }[]): PhotoHit[] {
    const rows = this.library.photos.byIds(neighbours.map((n) => n.id));
    return neighbours.flatMap((n) => {
      const row = rows.get(n.id);
      if (!row) return [];
      const hit = toHit(row, n.score);
      const match = n.view && row.hash ? this.library.embeddings.viewInfo(row.hash, this.modelId, n.view) : undefined;
      return [match ? { ...hit, match } : hit];
    });
  }
}

