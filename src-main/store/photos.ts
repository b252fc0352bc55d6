// All SQL about folders and photos: their rows, status, metadata and the filters a search applies.
// Every change to a photo stamps it with the library's next change number (`seq`), which lets
// another process's search see what its copy of the vector index does not have yet.
import { resolve, sep } from 'node:path';
import { nextSeq, type Db } from './database.js';
import type { EmbeddingStore } from './embeddings.js';

export type PhotoStatus = 'pending' | 'indexed' | 'failed' | 'missing';

export interface Folder {
  id: number;
  path: string;
  added_at: number; // ms since epoch
}

export interface PhotoMetadata {
  width: number | null; // pixels, after EXIF orientation
  height: number | null;
  taken_at: number | null; // ms since epoch, EXIF wall-clock time read as UTC
  camera: string | null;
  gps_lat: number | null; // degrees, WGS 84
  gps_lon: number | null;
}

export interface PhotoRow extends PhotoMetadata {
  id: number;
  folder_id: number;
  path: string;
  size: number; // bytes
  mtime_ms: number; // ms since epoch
  hash: string | null; // SHA-256 of the file, hex
  status: PhotoStatus;
  error: string | null; // why it failed, in words
  missing_since: number | null; // ms since epoch
  seq: number;
}

/** What a search, an album or a photo list may be restricted to. Every field is optional. */
export interface SearchFilters {
  folder?: string; // only photos under this folder (absolute path)
  from?: number; // taken at or after (ms since epoch, EXIF wall-clock time)
  to?: number; // taken before
  camera?: string;
  tags?: string[]; // photos with every one of these tags (`tag:NAME` in a query)
}

/** Path -> what a scan compares against the disk. */
export type FolderSnapshot = Map<string, Pick<PhotoRow, 'id' | 'size' | 'mtime_ms' | 'status'>>;

/** The methods that only read: what a read-only library hands out. */
export type PhotoReader = Pick<
  PhotoStore,
  'folders' | 'folderCounts' | 'byPath' | 'byId' | 'byIds' | 'folderSnapshot' | 'workFor' | 'countWorkFor' | 'counts' | 'failures'
  | 'idsWithStatus' | 'cameras' | 'newestFirst' | 'idsMatching' | 'duplicateEvidence' | 'countIndexed' | 'indexedIds'
>;

export class PhotoStore {
  constructor(private readonly db: Db, private readonly embeddings: EmbeddingStore) {}

  /** Runs `body` in one write transaction (thousands of single-row commits would be slow). */
  batch<T>(body: () => T): T {
    return this.db.transaction(body).immediate();
  }

  // Folders

  /** Adds a folder by its real path; adding it again returns the existing one. */
  addFolder(path: string): Folder {
    this.db.prepare('INSERT INTO folders (path, added_at) VALUES (?, ?) ON CONFLICT(path) DO NOTHING').run(path, Date.now());
    return this.db.prepare('SELECT * FROM folders WHERE path = ?').get(path) as Folder;
  }

  /** Removes a folder and its photos' rows (the files stay on disk). False when it is not a library folder. */
  removeFolder(path: string): boolean {
    return this.batch(() => {
      const folder = this.db.prepare('SELECT id FROM folders WHERE path = ?').get(path) as { id: number } | undefined;
      if (!folder) return false;
      this.db.prepare('DELETE FROM photos WHERE folder_id = ?').run(folder.id);
      this.db.prepare('DELETE FROM folders WHERE id = ?').run(folder.id);
      nextSeq(this.db);
      return true;
    });
  }

  folders(): Folder[] {
    return this.db.prepare('SELECT * FROM folders ORDER BY path').all() as Folder[];
  }

  /** Folder id -> photos in it that are not missing. */
  folderCounts(): Map<number, number> {
    const rows = this.db.prepare(`SELECT folder_id AS id, COUNT(*) AS n FROM photos WHERE status != 'missing' GROUP BY folder_id`).all() as { id: number; n: number }[];
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  // Photos

  byPath(path: string): PhotoRow | undefined {
    return this.db.prepare('SELECT * FROM photos WHERE path = ?').get(path) as PhotoRow | undefined;
  }

  byId(id: number): PhotoRow | undefined {
    return this.db.prepare('SELECT * FROM photos WHERE id = ?').get(id) as PhotoRow | undefined;
  }

  /** The rows of `ids` that exist, by id. */
  byIds(ids: readonly number[]): Map<number, PhotoRow> {
    const out = new Map<number, PhotoRow>();
    const stmt = this.db.prepare('SELECT * FROM photos WHERE id = ?');
    for (const id of ids) {
      const row = stmt.get(id) as PhotoRow | undefined;
      if (row) out.set(id, row);
    }
    return out;
  }

  /** Path -> (size, mtime, status) for a folder, to compare against the disk on a scan. */
  folderSnapshot(folderId: number): FolderSnapshot {
    const rows = this.db.prepare('SELECT id, path, size, mtime_ms, status FROM photos WHERE folder_id = ?').all(folderId) as PhotoRow[];
    return new Map(rows.map((r) => [r.path, r]));
  }

  /** Records a new or changed file as waiting to be indexed. */
  upsertPending(folderId: number, path: string, size: number, mtimeMs: number): void {
    this.batch(() => {
      const seq = nextSeq(this.db);
      this.db
        .prepare(
          `INSERT INTO photos (folder_id, path, size, mtime_ms, status, seq) VALUES (?, ?, ?, ?, 'pending', ?)
           ON CONFLICT(path) DO UPDATE SET folder_id = excluded.folder_id, size = excluded.size, mtime_ms = excluded.mtime_ms,
             status = 'pending', error = NULL, missing_since = NULL, seq = excluded.seq`,
        )
        .run(folderId, path, size, mtimeMs, seq);
    });
  }

  /**
   * A file that vanished stays for a while as 'missing', so that a move or rename (seen as a
   * delete plus an add, in either order) can take over its row, tags and embedding by hash.
   */
  markMissing(path: string): void {
    this.batch(() => {
      const seq = nextSeq(this.db);
      this.db
        .prepare("UPDATE photos SET status = 'missing', missing_since = ?, seq = ? WHERE path = ? AND status != 'missing'")
        .run(Date.now(), seq, path);
    });
  }

  /** A missing photo with this content, to be taken over by a moved file. */
  missingWithHash(hash: string): PhotoRow | undefined {
    return this.db.prepare("SELECT * FROM photos WHERE hash = ? AND status = 'missing' ORDER BY missing_since DESC LIMIT 1").get(hash) as
      | PhotoRow
      | undefined;
  }

  /**
   * Moves a missing photo's row to the new path and drops the pending row that the new path had,
   * keeping the photo's id (and so its tags and place in the index). Returns that id.
   */
  adoptMoved(missing: PhotoRow, newPath: string, folderId: number, size: number, mtimeMs: number): number {
    return this.batch(() => {
      this.db.prepare('DELETE FROM photos WHERE path = ? AND id != ?').run(newPath, missing.id);
      const seq = nextSeq(this.db);
      this.db
        .prepare(
          `UPDATE photos SET path = ?, folder_id = ?, size = ?, mtime_ms = ?, status = 'indexed', error = NULL,
           missing_since = NULL, seq = ? WHERE id = ?`,
        )
        .run(newPath, folderId, size, mtimeMs, seq, missing.id);
      return missing.id;
    });
  }

  /** Deletes photos missing for longer than `graceMs` (ms). Returns their ids. */
  purgeMissing(graceMs: number): number[] {
    return this.batch(() => {
      const cutoff = Date.now() - graceMs;
      const ids = this.db.prepare("SELECT id FROM photos WHERE status = 'missing' AND missing_since <= ?").pluck().all(cutoff) as number[];
      if (ids.length) {
        this.db.prepare("DELETE FROM photos WHERE status = 'missing' AND missing_since <= ?").run(cutoff);
        nextSeq(this.db);
      }
      return ids;
    });
  }

  /** Records why a photo could not be indexed; the given file facts replace the stored ones. */
  markFailed(id: number, reason: string, fields: { size?: number; mtimeMs?: number; hash?: string | null } = {}): void {
    this.batch(() => {
      const seq = nextSeq(this.db);
      this.db
        .prepare(
          `UPDATE photos SET status = 'failed', error = ?, size = COALESCE(?, size), mtime_ms = COALESCE(?, mtime_ms),
           hash = COALESCE(?, hash), seq = ? WHERE id = ?`,
        )
        .run(reason, fields.size ?? null, fields.mtimeMs ?? null, fields.hash ?? null, seq, id);
    });
  }

  /**
   * Stores the result of indexing one photo atomically: metadata, hash and, when given, its
   * embedding (float32 [D], L2-normalised) for `model`.
   */
  markIndexed(
    id: number,
    file: { size: number; mtimeMs: number; hash: string },
    meta: PhotoMetadata,
    model: string,
    vector: Float32Array | undefined,
  ): void {
    this.batch(() => {
      if (vector) this.embeddings.put(file.hash, model, vector);
      const seq = nextSeq(this.db);
      this.db
        .prepare(
          `UPDATE photos SET status = 'indexed', error = NULL, size = ?, mtime_ms = ?, hash = ?, width = ?, height = ?,
           taken_at = ?, camera = ?, gps_lat = ?, gps_lon = ?, seq = ? WHERE id = ?`,
        )
        .run(file.size, file.mtimeMs, file.hash, meta.width, meta.height, meta.taken_at, meta.camera, meta.gps_lat, meta.gps_lon, seq, id);
    });
  }

  /** The 8x8 colour signature (hex) of every photo with this content (library/signature.ts). */
  setSignature(hash: string, signature: string): void {
    this.db.prepare('UPDATE photos SET signature = ? WHERE hash = ?').run(signature, hash);
  }

  /** Photos that need work for `model`: new or changed files, and indexed ones without its embedding. */
  workFor(model: string, limit: number): PhotoRow[] {
    return this.db
      .prepare(
        `SELECT p.* FROM photos p LEFT JOIN embeddings e INDEXED BY embeddings_model_hash ON e.hash = p.hash AND e.model = ?
         WHERE p.status = 'pending' OR (p.status = 'indexed' AND e.hash IS NULL)
         ORDER BY p.id LIMIT ?`,
      )
      .all(model, limit) as PhotoRow[];
  }

  countWorkFor(model: string): number {
    return this.db
      .prepare(
        `SELECT COUNT(*) FROM photos p LEFT JOIN embeddings e INDEXED BY embeddings_model_hash ON e.hash = p.hash AND e.model = ?
         WHERE p.status = 'pending' OR (p.status = 'indexed' AND e.hash IS NULL)`,
      )
      .pluck()
      .get(model) as number;
  }

  counts(): Record<PhotoStatus, number> {
    const out: Record<PhotoStatus, number> = { pending: 0, indexed: 0, failed: 0, missing: 0 };
    for (const r of this.db.prepare('SELECT status, COUNT(*) AS n FROM photos GROUP BY status').all() as { status: PhotoStatus; n: number }[]) {
      out[r.status] = r.n;
    }
    return out;
  }

  countIndexed(): number {
    return this.db.prepare(`SELECT COUNT(*) FROM photos WHERE status = 'indexed'`).pluck().get() as number;
  }

  failures(): { path: string; error: string }[] {
    return this.db.prepare("SELECT path, error FROM photos WHERE status = 'failed' ORDER BY path").all() as { path: string; error: string }[];
  }

  idsWithStatus(status: PhotoStatus): number[] {
    return this.db.prepare('SELECT id FROM photos WHERE status = ?').pluck().all(status) as number[];
  }

  /** Ids of searchable photos that have an embedding for `model`. */
  indexedIds(model: string): Set<number> {
    const rows = this.db
      .prepare(`SELECT p.id FROM photos p JOIN embeddings e INDEXED BY embeddings_model_hash ON e.hash = p.hash AND e.model = ? WHERE p.status = 'indexed'`)
      .pluck()
      .all(model) as number[];
    return new Set(rows);
  }

  /** Camera names of searchable photos, sorted. */
  cameras(): string[] {
    return this.db.prepare(`SELECT DISTINCT camera FROM photos WHERE camera IS NOT NULL AND status = 'indexed' ORDER BY camera`).pluck().all() as string[];
  }

  /** Searchable photo ids, newest first (date taken, else file time). */
  newestFirst(): number[] {
    return this.db.prepare(`SELECT id FROM photos WHERE status = 'indexed' ORDER BY COALESCE(taken_at, mtime_ms) DESC, id DESC`).pluck().all() as number[];
  }

  /** The searchable photo ids the filters allow, or undefined when there are no filters. */
  idsMatching(filters: SearchFilters = {}): Set<number> | undefined {
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
    const ids = this.db.prepare(`SELECT id FROM photos WHERE status = 'indexed' AND ${where.join(' AND ')}`).pluck().all(...args) as number[];
    return new Set(ids);
  }

  /** Content hash and colour signature of every searchable photo: what confirms a duplicate. */
  duplicateEvidence(): { id: number; hash: string; signature: string | null }[] {
    return this.db.prepare(`SELECT id, hash, signature FROM photos WHERE status = 'indexed'`).all() as { id: number; hash: string; signature: string | null }[];
  }
}
