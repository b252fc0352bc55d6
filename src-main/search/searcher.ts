// Answers queries: free text, "more like this photo", and weighted combinations of both, with
// folder, date and camera filters and a relevance floor for text queries.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve, sep } from 'node:path';
import type { ClipModel } from '../embed/clip-model.js';
import { dot, fromBlob, l2normalise } from '../embed/vectors.js';
import { isPhotoPath } from '../library/photo-files.js';
import type { ModelIndex } from '../store/model-index.js';
import type { PhotoRow, PhotoStore } from '../store/photos.js';
import { parseQuery, QueryError, type QueryTerm } from './query.js';

export interface SearchFilters {
  folder?: string; // only photos under this folder
  from?: number; // taken at or after (ms since epoch, EXIF wall-clock time)
  to?: number; // taken before
  camera?: string;
  tags?: string[]; // photos with every one of these tags (`tag:NAME` in a query)
}

export interface PhotoHit {
  id: number;
  path: string;
  score: number;
  width: number | null;
  height: number | null;
  takenAt: number | null;
  camera: string | null;
  gps: { lat: number; lon: number } | null;
}

export interface SearchResponse {
  hits: PhotoHit[];
  noGoodMatch: boolean; // a text query whose best score is under the model's relevance floor
  bestScore: number | null;
  floor: number | null;
}

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
    camera: row.camera,
    gps: row.gps_lat !== null && row.gps_lon !== null ? { lat: row.gps_lat, lon: row.gps_lon } : null,
  };
}

export class Searcher {
  constructor(
    private readonly store: PhotoStore,
    private readonly model: ClipModel,
    private readonly modelId: string,
    private readonly index: ModelIndex,
    readonly relevanceFloor: number,
  ) {}

  /** The query's vector: the weighted sum of its terms' embeddings, normalised. */
  async queryVector(terms: readonly QueryTerm[]): Promise<Float32Array> {
    const texts = terms.filter((t) => t.kind === 'text');
    const textVecs = await this.model.embedTexts(texts.map((t) => t.value));
    const sum = new Float32Array(this.model.dim);
    let ti = 0;
    for (const term of terms) {
      const v = term.kind === 'text' ? textVecs[ti++]! : await this.photoVector(term);
      for (let i = 0; i < sum.length; i++) sum[i]! += term.weight * v[i]!;
    }
    return l2normalise(sum);
  }

  private async photoVector(term: QueryTerm): Promise<Float32Array> {
    if (term.kind === 'photo') {
      const row = this.store.byId(Number(term.value));
      const v = row?.hash ? this.store.embedding(row.hash, this.modelId) : undefined;
      if (!v) throw new QueryError(`photo ${term.value} is not in the index`);
      return v;
    }
    const path = resolve(term.value);
    const known = this.store.byPath(path);
    const stored = known?.hash ? this.store.embedding(known.hash, this.modelId) : undefined;
    if (stored) return stored;
    try {
      const [v] = await this.model.embedImageBuffers([readFileSync(path)]);
      return v!;
    } catch (err) {
      throw new QueryError(`cannot use ${term.value} as a query photo: ${(err as Error).message}`);
    }
  }

  /**
   * `minScore` overrides the relevance floor. `allowFiles` lets a term name an image file on disk
   * (the CLI); the UI passes false, so its queries can only name library photos (`photo:ID`).
   */
  async search(query: string, k = 50, filters: SearchFilters = {}, minScore?: number, allowFiles = true): Promise<SearchResponse> {
    const { text, tags } = extractTags(query);
    if (tags.length) {
      filters = { ...filters, tags: [...(filters.tags ?? []), ...tags] };
      // Only tags: the tagged photos, best tag score first.
      if (!text.trim()) return { hits: this.tagged(filters, k), noGoodMatch: false, bestScore: null, floor: null };
      query = text;
    }
    const terms = parseQuery(query, (p) => allowFiles && isPhotoPath(p) && existsSync(isAbsolute(p) ? p : resolve(p)));
    const vector = await this.queryVector(terms);
    const textOnly = terms.every((t) => t.kind === 'text');
    const floor = minScore ?? (textOnly ? this.relevanceFloor : null);
    const neighbours = this.nearest(vector, k, filters);
    const best = neighbours[0]?.score ?? null;
    const kept = floor === null ? neighbours : neighbours.filter((n) => n.score >= floor);
    return {
      hits: this.hydrate(kept),
      noGoodMatch: kept.length === 0,
      bestScore: best,
      floor,
    };
  }

  /** Photos that look like photo `id` (the photo itself excluded). */
  similar(id: number, k = 50, filters: SearchFilters = {}): PhotoHit[] {
    const row = this.store.byId(id);
    const v = row?.hash ? this.store.embedding(row.hash, this.modelId) : undefined;
    if (!v) throw new QueryError(`photo ${id} is not in the index`);
    return this.hydrate(this.nearest(v, k + 1, filters).filter((n) => n.id !== id).slice(0, k));
  }

  /** The newest photos (by date taken, else file time) that the filters allow: browsing, no query. */
  latest(k = 200, filters: SearchFilters = {}): PhotoHit[] {
    const allowed = this.filterIds(filters);
    const rows = this.store.db
      .prepare(`SELECT id FROM photos WHERE status = 'indexed' ORDER BY COALESCE(taken_at, mtime_ms) DESC, id DESC`)
      .pluck()
      .all() as number[];
    const ids = (allowed ? rows.filter((id) => allowed.has(id)) : rows).slice(0, k);
    return this.hydrate(ids.map((id) => ({ id, score: 0 })));
  }

  private nearest(vector: Float32Array, k: number, filters: SearchFilters) {
    const allowed = this.filterIds(filters);
    if (!allowed) return this.index.search(vector, k);
    if (allowed.size <= EXACT_FILTER_LIMIT) return this.exact(vector, k, allowed);
    return this.index.search(vector, k, (id) => allowed.has(id));
  }

  private exact(vector: Float32Array, k: number, ids: Set<number>) {
    const stmt = this.store.db.prepare(
      `SELECT p.id, e.vector FROM photos p JOIN embeddings e ON e.hash = p.hash AND e.model = ? WHERE p.id = ? AND p.status = 'indexed'`,
    );
    const scored: { id: number; score: number }[] = [];
    for (const id of ids) {
      const row = stmt.get(this.modelId, id) as { id: number; vector: Buffer } | undefined;
      if (row) scored.push({ id, score: dot(vector, fromBlob(row.vector)) });
    }
    return scored.sort((a, b) => b.score - a.score).slice(0, k);
  }

  /** The ids the filters allow, or undefined when there are no filters. */
  filterIds(filters: SearchFilters = {}): Set<number> | undefined {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filters.folder) {
      const folder = resolve(filters.folder);
      where.push('(path = ? OR substr(path, 1, ?) = ?)');
      args.push(folder, folder.length + 1, folder + sep);
    }
    if (filters.from !== undefined) {
      where.push('taken_at >= ?');
      args.push(filters.from);
    }
    if (filters.to !== undefined) {
      where.push('taken_at < ?');
      args.push(filters.to);
    }
    if (filters.camera) {
      where.push('camera = ?');
      args.push(filters.camera);
    }
    for (const tag of filters.tags ?? []) {
      where.push('id IN (SELECT pt.photo_id FROM photo_tags pt JOIN tags t ON t.id = pt.tag_id WHERE t.name = ?)');
      args.push(tag);
    }
    if (where.length === 0) return undefined;
    const ids = this.store.db
      .prepare(`SELECT id FROM photos WHERE status = 'indexed' AND ${where.join(' AND ')}`)
      .pluck()
      .all(...args) as number[];
    return new Set(ids);
  }

  /** Photos with all of `filters.tags` (and the other filters), by their first tag's score. */
  private tagged(filters: SearchFilters, k: number): PhotoHit[] {
    const allowed = this.filterIds(filters) ?? new Set<number>();
    const scores = this.store.db
      .prepare(`SELECT pt.photo_id AS id, pt.score FROM photo_tags pt JOIN tags t ON t.id = pt.tag_id WHERE t.name = ? ORDER BY pt.score DESC`)
      .all(filters.tags![0]) as { id: number; score: number }[];
    return this.hydrate(scores.filter((s) => allowed.has(s.id)).slice(0, k));
  }

  private hydrate(neighbours: { id: number; score: number }[]): PhotoHit[] {
    const rows = this.store.byIds(neighbours.map((n) => n.id));
    return neighbours.flatMap((n) => {
      const row = rows.get(n.id);
      return row ? [toHit(row, n.score)] : [];
    });
  }
}

/** Splits `tag:beach dog` or `tag:"grandma's garden" roses` into the tags and the rest of the query. */
export function extractTags(query: string): { text: string; tags: string[] } {
  const tags: string[] = [];
  const text = query.replace(/(^|\s)tag:(?:"([^"]+)"|(\S+))/gi, (_m, lead: string, quoted?: string, bare?: string) => {
    tags.push((quoted ?? bare ?? '').trim());
    return lead;
  });
  return { text: text.replace(/\s+/g, ' ').trim(), tags: tags.filter(Boolean) };
}
