// Queries and updates of folders, photos and embeddings. Every change to a photo stamps it with the
// library's next change number (`seq`), which lets another process's search see what its copy of
// the vector index does not have yet.
import { nextSeq, type Db } from './database.js';
import { fromBlob, toBlob } from '../embed/vectors.js';

export type PhotoStatus = 'pending' | 'indexed' | 'failed' | 'missing';

export interface Folder {
  id: number;
  path: string;
  added_at: number;
}

export interface PhotoMetadata {
  width: number | null;
  height: number | null;
  taken_at: number | null;
  camera: string | null;
  gps_lat: number | null;
  gps_lon: number | null;
}

export interface PhotoRow extends PhotoMetadata {
  id: number;
  folder_id: number;
  path: string;
  size: number;
  mtime_ms: number;
  hash: string | null;
  status: PhotoStatus;
  error: string | null;
  missing_since: number | null;
  seq: number;
}

export class PhotoStore {
  constructor(readonly db: Db) {}

  // Folders

  addFolder(path: string): Folder {
    this.db.prepare('INSERT INTO folders (path, added_at) VALUES (?, ?) ON CONFLICT(path) DO NOTHING').run(path, Date.now());
    return this.db.prepare('SELECT * FROM folders WHERE path = ?').get(path) as Folder;
  }

  removeFolder(path: string): boolean {
    return this.db.transaction(() => {
      const folder = this.db.prepare('SELECT id FROM folders WHERE path = ?').get(path) as { id: number } | undefined;
      if (!folder) return false;
      this.db.prepare('DELETE FROM photos WHERE folder_id = ?').run(folder.id);
      this.db.prepare('DELETE FROM folders WHERE id = ?').run(folder.id);
      nextSeq(this.db);
      return true;
    }).immediate();
  }

  folders(): Folder[] {
    return this.db.prepare('SELECT * FROM folders ORDER BY path').all() as Folder[];
  }

  // Photos

  byPath(path: string): PhotoRow | undefined {
    return this.db.prepare('SELECT * FROM photos WHERE path = ?').get(path) as PhotoRow | undefined;
  }

  byId(id: number): PhotoRow | undefined {
    return this.db.prepare('SELECT * FROM photos WHERE id = ?').get(id) as PhotoRow | undefined;
  }

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
  folderSnapshot(folderId: number): Map<string, Pick<PhotoRow, 'id' | 'size' | 'mtime_ms' | 'status'>> {
    const rows = this.db.prepare('SELECT id, path, size, mtime_ms, status FROM photos WHERE folder_id = ?').all(folderId) as PhotoRow[];
    return new Map(rows.map((r) => [r.path, r]));
  }

  /** Records a new or changed file as waiting to be indexed. */
  upsertPending(folderId: number, path: string, size: number, mtimeMs: number): void {
    this.db.transaction(() => {
      const seq = nextSeq(this.db);
      this.db
        .prepare(
          `INSERT INTO photos (folder_id, path, size, mtime_ms, status, seq) VALUES (?, ?, ?, ?, 'pending', ?)
           ON CONFLICT(path) DO UPDATE SET folder_id = excluded.folder_id, size = excluded.size, mtime_ms = excluded.mtime_ms,
             status = 'pending', error = NULL, missing_since = NULL, seq = excluded.seq`,
        )
        .run(folderId, path, size, mtimeMs, seq);
    }).immediate();
  }

  /**
   * A file that vanished stays for a while as 'missing', so that a move or rename (seen as a
   * delete plus an add, in either order) can take over its row, tags and embedding by hash.
   */
  markMissing(path: string): void {
    this.db.transaction(() => {
      const seq = nextSeq(this.db);
      this.db
        .prepare("UPDATE photos SET status = 'missing', missing_since = ?, seq = ? WHERE path = ? AND status != 'missing'")
        .run(Date.now(), seq, path);
    }).immediate();
  }

  /** A missing photo with this content, to be taken over by a moved file. */
  missingWithHash(hash: string): PhotoRow | undefined {
    return this.db.prepare("SELECT * FROM photos WHERE hash = ? AND status = 'missing' ORDER BY missing_since DESC LIMIT 1").get(hash) as
      | PhotoRow
      | undefined;
  }

  /**
   * Moves a missing photo's row to the new path and drops the pending row that the new path had,
   * keeping the photo's id (and so its tags and place in the index).
   */
  adoptMoved(missing: PhotoRow, newPath: string, folderId: number, size: number, mtimeMs: number): number {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM photos WHERE path = ? AND id != ?').run(newPath, missing.id);
      const seq = nextSeq(this.db);
      this.db
        .prepare(
          `UPDATE photos SET path = ?, folder_id = ?, size = ?, mtime_ms = ?, status = 'indexed', error = NULL,
           missing_since = NULL, seq = ? WHERE id = ?`,
        )
        .run(newPath, folderId, size, mtimeMs, seq, missing.id);
      return missing.id;
    }).immediate();
  }

  /** Deletes photos missing for longer than `graceMs`. Returns their ids. */
  purgeMissing(graceMs: number): number[] {
    return this.db.transaction(() => {
      const rows = this.db
        .prepare("SELECT id FROM photos WHERE status = 'missing' AND missing_since <= ?")
        .all(Date.now() - graceMs) as { id: number }[];
      if (rows.length) {
        this.db.prepare("DELETE FROM photos WHERE status = 'missing' AND missing_since <= ?").run(Date.now() - graceMs);
        nextSeq(this.db);
      }
      return rows.map((r) => r.id);
    }).immediate();
  }

  markFailed(id: number, reason: string, fields: { size?: number; mtimeMs?: number; hash?: string | null } = {}): void {
    this.db.transaction(() => {
      const seq = nextSeq(this.db);
      this.db
        .prepare(
          `UPDATE photos SET status = 'failed', error = ?, size = COALESCE(?, size), mtime_ms = COALESCE(?, mtime_ms),
           hash = COALESCE(?, hash), seq = ? WHERE id = ?`,
        )
        .run(reason, fields.size ?? null, fields.mtimeMs ?? null, fields.hash ?? null, seq, id);
    }).immediate();
  }

  /** Stores the result of indexing one photo: metadata, hash and (if new) its embedding, atomically. */
  markIndexed(
    id: number,
    file: { size: number; mtimeMs: number; hash: string },
    meta: PhotoMetadata,
    model: string,
    vector: Float32Array | undefined,
  ): void {
    this.db.transaction(() => {
      if (vector) this.putEmbedding(file.hash, model, vector);
      const seq = nextSeq(this.db);
      this.db
        .prepare(
          `UPDATE photos SET status = 'indexed', error = NULL, size = ?, mtime_ms = ?, hash = ?, width = ?, height = ?,
           taken_at = ?, camera = ?, gps_lat = ?, gps_lon = ?, seq = ? WHERE id = ?`,
        )
        .run(file.size, file.mtimeMs, file.hash, meta.width, meta.height, meta.taken_at, meta.camera, meta.gps_lat, meta.gps_lon, seq, id);
    }).immediate();
  }

  /** Photos that need work for `model`: new or changed files, and indexed ones without its embedding. */
  workFor(model: string, limit: number): PhotoRow[] {
    return this.db
      .prepare(
        `SELECT p.* FROM photos p LEFT JOIN embeddings e ON e.hash = p.hash AND e.model = ?
         WHERE p.status = 'pending' OR (p.status = 'indexed' AND e.hash IS NULL)
         ORDER BY p.id LIMIT ?`,
      )
      .all(model, limit) as PhotoRow[];
  }

  countWorkFor(model: string): number {
    const row = this.db
      .prepare(
        `SELECT COUNT(*) AS n FROM photos p LEFT JOIN embeddings e ON e.hash = p.hash AND e.model = ?
         WHERE p.status = 'pending' OR (p.status = 'indexed' AND e.hash IS NULL)`,
      )
      .get(model) as { n: number };
    return row.n;
  }

  counts(): Record<PhotoStatus, number> {
    const out: Record<PhotoStatus, number> = { pending: 0, indexed: 0, failed: 0, missing: 0 };
    for (const r of this.db.prepare('SELECT status, COUNT(*) AS n FROM photos GROUP BY status').all() as { status: PhotoStatus; n: number }[]) {
      out[r.status] = r.n;
    }
    return out;
  }

  failures(): { path: string; error: string }[] {
    return this.db.prepare("SELECT path, error FROM photos WHERE status = 'failed' ORDER BY path").all() as { path: string; error: string }[];
  }

  // Embeddings

  embedding(hash: string, model: string): Float32Array | undefined {
    const row = this.db.prepare('SELECT vector FROM embeddings WHERE hash = ? AND model = ?').get(hash, model) as { vector: Buffer } | undefined;
    return row ? fromBlob(row.vector) : undefined;
  }

  putEmbedding(hash: string, model: string, vector: Float32Array): void {
    this.db.prepare('INSERT OR REPLACE INTO embeddings (hash, model, vector) VALUES (?, ?, ?)').run(hash, model, toBlob(vector));
  }

  /** Every searchable photo's vector for `model`, optionally only those changed after `afterSeq`. */
  *indexedVectors(model: string, afterSeq = -1): Generator<{ id: number; seq: number; vector: Float32Array }> {
    const stmt = this.db.prepare(
      `SELECT p.id, p.seq, e.vector FROM photos p JOIN embeddings e ON e.hash = p.hash AND e.model = ?
       WHERE p.status = 'indexed' AND p.seq > ?`, // served by photos_status_seq
    );
    for (const row of stmt.iterate(model, afterSeq) as Iterable<{ id: number; seq: number; vector: Buffer }>) {
      yield { id: row.id, seq: row.seq, vector: fromBlob(row.vector) };
    }
  }

  indexedIds(model: string): Set<number> {
    const rows = this.db
      .prepare(`SELECT p.id FROM photos p JOIN embeddings e ON e.hash = p.hash AND e.model = ? WHERE p.status = 'indexed'`)
      .pluck()
      .all(model) as number[];
    return new Set(rows);
  }
}
