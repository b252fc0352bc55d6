// All SQL about smart albums: a saved query (text, example photos, filters, a threshold), the photos a
// person added or removed by hand and the cover they chose (both by content hash, so that they outlive
// the photo's id).
import { DomainError, notFound } from '../errors.js';
import { statements, type Db, type Statement } from './database.js';
import type { SearchFilters } from './photos.js';

export interface AlbumSpec {
  name: string;
  query?: string;
  examples?: number[]; // photo ids
  photos?: number[]; // photo ids picked by hand: an album of these photos needs no query or examples
  filters?: SearchFilters;
  threshold?: number; // cosine similarity; absent: the model's relevance floor
}

export interface Album {
  id: number; // stays the same through a rename
  name: string;
  query: string;
  examples: number[];
  // Content hash (SHA-256) of each example, in the order of `examples`: the embedding stays reachable
  // by it after the photo leaves the library, so the album keeps working. Empty for older albums.
  exampleHashes: (string | null)[];
  filters: SearchFilters;
  threshold: number | null;
  coverHash: string | null; // content hash of the cover the person chose; null: the best match
  added: number; // photos added by hand (in whatever they score)
  removed: number; // photo contents removed by hand (out however well they match)
  createdAt: number; // ms since epoch
}

/** What the store writes for a new album, or changes of an existing one. */
export type AlbumFields = Pick<Album, 'name' | 'query' | 'examples' | 'exampleHashes' | 'filters' | 'threshold'>;

/** A hand-picked photo of the library now: 1 added, 0 removed. */
export interface AlbumPick {
  id: number; // photo id
  pick: 0 | 1;
}

/** The methods that only read. */
export type AlbumReader = Pick<AlbumStore, 'list' | 'get' | 'picks' | 'idsWithHash'>;

interface AlbumRow {
  id: number; name: string; query: string; examples: string; example_hashes: string; filters: string; threshold: number | null;
  cover_hash: string | null; added: number; removed: number; created_at: number;
}

const SELECT_ALBUM = `SELECT a.*,
  (SELECT COUNT(*) FROM album_picks p WHERE p.album_id = a.id AND p.pick = 1) AS added,
  (SELECT COUNT(*) FROM album_picks p WHERE p.album_id = a.id AND p.pick = 0) AS removed
  FROM albums a`;

export class AlbumStore {
  private readonly sql: (text: string) => Statement;

  constructor(private readonly db: Db) {
    this.sql = statements(db);
  }

  /** @throws DomainError invalid_request when an album of that name (any case) exists */
  insert(album: AlbumFields): void {
    uniqueName(this.db, album.name, () =>
      this.sql('INSERT INTO albums (name, query, examples, example_hashes, filters, threshold, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(album.name, album.query, JSON.stringify(album.examples), JSON.stringify(album.exampleHashes), JSON.stringify(album.filters), album.threshold, Date.now()),
    );
  }

  /**
   * Changes album `id` in place (its picks and cover stay: they hang off the id).
   * @throws DomainError invalid_request when `changes.name` is another album's name (any case)
   */
  update(id: number, changes: Partial<AlbumFields>): void {
    const sets: string[] = [];
    const args: unknown[] = [];
    const set = (column: string, value: unknown) => {
      sets.push(`${column} = ?`);
      args.push(value);
    };
    if (changes.name !== undefined) set('name', changes.name);
    if (changes.query !== undefined) set('query', changes.query);
    if (changes.examples !== undefined) set('examples', JSON.stringify(changes.examples));
    if (changes.exampleHashes !== undefined) set('example_hashes', JSON.stringify(changes.exampleHashes));
    if (changes.filters !== undefined) set('filters', JSON.stringify(changes.filters));
    if (changes.threshold !== undefined) set('threshold', changes.threshold);
    if (!sets.length) return;
    uniqueName(this.db, changes.name ?? '', () => this.db.prepare(`UPDATE albums SET ${sets.join(', ')} WHERE id = ?`).run(...args, id));
  }

  /** Sets the chosen cover of album `id` by content hash; null: the best match again. */
  setCover(id: number, hash: string | null): void {
    this.sql('UPDATE albums SET cover_hash = ? WHERE id = ?').run(hash, id);
  }

  /**
   * Marks photos `photoIds` as added (1) or removed (0) by hand in album `id`, replacing an earlier pick: kept by
   * content and path, so an identical file elsewhere is not picked with it, and a moved file keeps its pick.
   */
  pick(id: number, photoIds: readonly number[], pick: 0 | 1): void {
    const insert = this.sql(
      `INSERT INTO album_picks (album_id, hash, path, pick) SELECT ?, hash, path, ? FROM photos WHERE id = ? AND hash IS NOT NULL
       ON CONFLICT (album_id, hash, path) DO UPDATE SET pick = excluded.pick`,
    );
    // A pick made for a file that has since moved resolves to this photo by content: the new pick replaces it.
    const stale = this.sql(
      `DELETE FROM album_picks WHERE album_id = ? AND hash = (SELECT hash FROM photos WHERE id = ?)
       AND path NOT IN (SELECT path FROM photos WHERE hash = album_picks.hash AND status = 'indexed')`,
    );
    this.db.transaction(() => {
      for (const photo of new Set(photoIds)) {
        stale.run(id, photo);
        insert.run(id, pick, photo);
      }
    })();
  }

  /**
   * The searchable photos album `id` has a pick for: the file picked, where it still is; else (moved, renamed,
   * gone and back) the photos with its content.
   */
  picks(id: number): AlbumPick[] {
    return this.sql(
      `SELECT p.id, k.pick FROM album_picks k JOIN photos p ON p.hash = k.hash
       WHERE k.album_id = ? AND p.status = 'indexed'
         AND (p.path = k.path OR NOT EXISTS (SELECT 1 FROM photos q WHERE q.path = k.path AND q.hash = k.hash AND q.status = 'indexed'))`,
    ).all(id) as AlbumPick[];
  }

  /** The searchable photos with content `hash`. */
  idsWithHash(hash: string): number[] {
    return this.sql(`SELECT id FROM photos WHERE hash = ? AND status = 'indexed'`).pluck().all(hash) as number[];
  }

  list(): Album[] {
    return (this.sql(`${SELECT_ALBUM} ORDER BY a.name`).all() as AlbumRow[]).map(fromRow);
  }

  /** @throws DomainError not_found */
  get(name: string): Album {
    const row = this.sql(`${SELECT_ALBUM} WHERE a.name = ?`).get(albumKey(name)) as AlbumRow | undefined;
    if (!row) throw notFound(`no album "${name}"`);
    return fromRow(row);
  }

  /** Deletes the album with its picks. @throws DomainError not_found */
  delete(name: string): void {
    if (this.sql('DELETE FROM albums WHERE name = ?').run(albumKey(name)).changes === 0) throw notFound(`no album "${name}"`);
  }
}

/**
 * An album's name as stored and looked up: trimmed, in Unicode NFC, so a name pasted from a macOS file name
 * (decomposed Hangul) finds the album typed composed, from every caller (API, CLI, engine).
 */
function albumKey(name: string): string {
  return name.normalize('NFC').trim();
}

/** Runs `write`, turning the name's UNIQUE constraint into a refusal a person can read, naming the album that has it. */
function uniqueName(db: Db, name: string, write: () => unknown): void {
  try {
    write();
  } catch (err) {
    if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw err;
    const existing = db.prepare('SELECT name FROM albums WHERE name = ? COLLATE NOCASE').pluck().get(albumKey(name)) as string | undefined;
    throw new DomainError('invalid_request', `there is already an album "${existing ?? name}"${existing && existing !== name.trim() ? ' (names differ only in case)' : ''}`);
  }
}

function fromRow(r: AlbumRow): Album {
  return {
    id: r.id,
    name: r.name,
    query: r.query,
    examples: JSON.parse(r.examples) as number[],
    exampleHashes: JSON.parse(r.example_hashes) as (string | null)[],
    filters: JSON.parse(r.filters) as SearchFilters,
    threshold: r.threshold,
    coverHash: r.cover_hash,
    added: r.added,
    removed: r.removed,
    createdAt: r.created_at,
  };
}
