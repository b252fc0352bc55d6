// Smart albums: a saved query (text, example photos, filters, a threshold). An album is evaluated
// when it is shown, over the photos indexed at that moment, so it grows by itself as new photos
// arrive in watched folders.
import type { Db } from '../store/database.js';
import type { SearchFilters, Searcher } from '../search/searcher.js';
import { parseQuery } from '../search/query.js';
import type { EmbeddingMatrix } from './embedding-matrix.js';

export interface AlbumSpec {
  name: string;
  query?: string;
  examples?: number[];
  filters?: SearchFilters;
  threshold?: number;
}

export interface Album extends Required<Omit<AlbumSpec, 'threshold'>> {
  threshold: number | null;
  createdAt: number;
}

export class AlbumError extends Error {}

/** An album of example photos only matches photos this close to their average. */
const EXAMPLES_ONLY_THRESHOLD = 0.8;

export class Albums {
  constructor(private readonly db: Db, private readonly searcher: Searcher, private readonly matrix: EmbeddingMatrix) {}

  create(spec: AlbumSpec): Album {
    const name = spec.name.trim();
    const query = (spec.query ?? '').trim();
    const examples = [...new Set(spec.examples ?? [])];
    if (!name) throw new AlbumError('an album needs a name');
    if (!query && !examples.length) throw new AlbumError('an album needs a query, example photos, or both');
    if (query) parseQuery(query); // refuses a malformed query now, not every time the album is shown
    try {
      this.db
        .prepare('INSERT INTO albums (name, query, examples, filters, threshold, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(name, query, JSON.stringify(examples), JSON.stringify(spec.filters ?? {}), spec.threshold ?? null, Date.now());
    } catch (err) {
      if (/UNIQUE/.test((err as Error).message)) throw new AlbumError(`there is already an album "${name}"`);
      throw err;
    }
    return this.get(name);
  }

  list(): Album[] {
    return (this.db.prepare('SELECT * FROM albums ORDER BY name').all() as AlbumRow[]).map(fromRow);
  }

  get(name: string): Album {
    const row = this.db.prepare('SELECT * FROM albums WHERE name = ?').get(name.trim()) as AlbumRow | undefined;
    if (!row) throw new AlbumError(`no album "${name}"`);
    return fromRow(row);
  }

  delete(name: string): void {
    if (this.db.prepare('DELETE FROM albums WHERE name = ?').run(name.trim()).changes === 0) throw new AlbumError(`no album "${name}"`);
  }

  /** The album's photos now, best match first. */
  async photos(name: string, limit = 10_000): Promise<{ id: number; score: number }[]> {
    const album = this.get(name);
    const terms = [
      ...(album.query ? parseQuery(album.query) : []),
      ...album.examples.map((id) => ({ kind: 'photo' as const, value: String(id), weight: 1, sign: 1 as const })),
    ];
    const vector = await this.searcher.queryVector(terms);
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

interface AlbumRow { name: string; query: string; examples: string; filters: string; threshold: number | null; created_at: number }

function fromRow(r: AlbumRow): Album {
  return { name: r.name, query: r.query, examples: JSON.parse(r.examples) as number[], filters: JSON.parse(r.filters) as SearchFilters, threshold: r.threshold, createdAt: r.created_at };
}
