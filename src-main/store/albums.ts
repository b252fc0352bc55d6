// All SQL about smart albums: a saved query (text, example photos, filters, a threshold).
import { DomainError, notFound } from '../errors.js';
import type { Db } from './database.js';
import type { SearchFilters } from './photos.js';

export interface AlbumSpec {
  name: string;
  query?: string;
  examples?: number[]; // photo ids
  filters?: SearchFilters;
  threshold?: number; // cosine similarity; absent: the model's relevance floor
}

export interface Album {
  name: string;
  query: string;
  examples: number[];
  // Content hash (SHA-256) of each example, in the order of `examples`: the embedding stays reachable
  // by it after the photo leaves the library, so the album keeps working. Empty for older albums.
  exampleHashes: (string | null)[];
  filters: SearchFilters;
  threshold: number | null;
  createdAt: number; // ms since epoch
}

/** The methods that only read. */
export type AlbumReader = Pick<AlbumStore, 'list' | 'get'>;

interface AlbumRow { name: string; query: string; examples: string; example_hashes: string; filters: string; threshold: number | null; created_at: number }

export class AlbumStore {
  constructor(private readonly db: Db) {}

  /** @throws DomainError invalid_request when an album of that name (any case) exists */
  insert(album: Omit<Album, 'createdAt'>): void {
    try {
      this.db
        .prepare('INSERT INTO albums (name, query, examples, example_hashes, filters, threshold, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(album.name, album.query, JSON.stringify(album.examples), JSON.stringify(album.exampleHashes), JSON.stringify(album.filters), album.threshold, Date.now());
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DomainError('invalid_request', `there is already an album "${album.name}"`);
      throw err;
    }
  }

  list(): Album[] {
    return (this.db.prepare('SELECT * FROM albums ORDER BY name').all() as AlbumRow[]).map(fromRow);
  }

  /** @throws DomainError not_found */
  get(name: string): Album {
    const row = this.db.prepare('SELECT * FROM albums WHERE name = ?').get(name.trim()) as AlbumRow | undefined;
    if (!row) throw notFound(`no album "${name}"`);
    return fromRow(row);
  }

  /** @throws DomainError not_found */
  delete(name: string): void {
    if (this.db.prepare('DELETE FROM albums WHERE name = ?').run(name.trim()).changes === 0) throw notFound(`no album "${name}"`);
  }
}

function fromRow(r: AlbumRow): Album {
  return { name: r.name, query: r.query, examples: JSON.parse(r.examples) as number[], exampleHashes: JSON.parse(r.example_hashes) as (string | null)[], filters: JSON.parse(r.filters) as SearchFilters, threshold: r.threshold, createdAt: r.created_at };
}
