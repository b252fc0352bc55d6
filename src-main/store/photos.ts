// All SQL about folders and photos: their rows, status, metadata and the filters a search applies.
// Every change to a photo stamps it with the library's next change number (`seq`), which lets
// another process's search see what its copy of the vector index does not have yet.
import { realpathSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { nextSeq, type Db } from './database.js';
import type { EmbeddingStore } from './embeddings.js';
import type { PhotoView } from './view-labels.js';

export type PhotoStatus = 'pending' | 'indexed' | 'failed' | 'missing';

/** online: reachable; offline: its root is missing, unreadable or empty where it held photos; removed: by the user. */
export type FolderState = 'online' | 'offline' | 'removed';

export interface Folder {
  id: number;
  path: string;
  added_at: number; // ms since epoch
  state: FolderState;
  state_reason: string | null; // why it is offline, in words
  state_since: number | null; // ms since epoch it has been offline or removed
}

/** A file under a library folder that is not indexed, and why. */
export interface SkippedFile {
  path: string;
  reason: 'unsupported' | 'unreadable' | 'permission' | 'name' | 'too-large' | 'paired';
  detail: string | null; // e.g. "video (.mov)"
}

export interface PhotoMetadata {
  width: number | null; // pixels, after EXIF orientation
  height: number | null;
  taken_at: number | null; // ms since epoch, wall-clock time read as UTC (library/taken-at.ts)
  taken_at_source?: string | null; // where taken_at came from: 'exif-original', ..., 'file-time' (DATE_SOURCES)
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
  missing_since: number | null; // ms since epoch it was found gone: "recently removed" since then
  unavailable: string | null; // why its file cannot be reached now (folder offline, sub-folder unreadable); null: it can
  seq: number;
  perceptual_hash?: string | null; // of the whole frame (embed/fingerprint.ts); null until computed
}

/** What a search, an album or a photo list may be restricted to. Every field is optional. */
export interface SearchFilters {
  folder?: string; // only photos under this folder (absolute path)
  from?: number; // taken at or after (ms since epoch, EXIF wall-clock time)
  to?: number; // taken before
  camera?: string;
  tags?: string[]; // photos with every one of these tags (`tag:NAME` in a query)
  available?: boolean; // only photos whose files can be reached now (not those of an offline folder)
}

/** Path -> what a scan compares against the disk. */
export type FolderSnapshot = Map<string, Pick<PhotoRow, 'id' | 'size' | 'mtime_ms' | 'status'>>;

/** The methods that only read: what a read-only library hands out. */
export type PhotoReader = Pick<
  PhotoStore,
  'folders' | 'folderCounts' | 'byPath' | 'byId' | 'byIds' | 'folderSnapshot' | 'workFor' | 'countWorkFor' | 'counts' | 'failures'
  | 'idsWithStatus' | 'recentlyRemoved' | 'unavailableCounts' | 'skippedSummary' | 'cameras' | 'newestFirst' | 'idsMatching' | 'countIndexed' | 'indexedIds'
>;

/**
 * The photos waiting for a model (parameters: the model twice, then 1 when views are wanted): PhotoStore.workFor.
 * A searchable photo without its whole-frame fingerprint (indexed before fingerprints) waits too: it is decoded
 * again, not embedded.
 */
const WORK_FROM = `FROM photos p LEFT JOIN embeddings e INDEXED BY embeddings_model_hash ON e.hash = p.hash AND e.model = ?
  LEFT JOIN view_sets v ON v.hash = p.hash AND v.model = ?
  WHERE (p.status = 'pending' OR (p.status = 'indexed' AND (e.hash IS NULL OR p.perceptual_hash IS NULL OR (? = 1 AND v.hash IS NULL))))
  AND p.unavailable IS NULL`;

export class PhotoStore {
  constructor(private readonly db: Db, private readonly embeddings: EmbeddingStore) {}

  /** Runs `body` in one write transaction (thousands of single-row commits would be slow). */
  batch<T>(body: () => T): T {
    return this.db.transaction(body).immediate();
  }

  // Folders

  /** Adds a folder by its real path; adding it again returns the existing one, and one the user removed comes back. */
  addFolder(path: string): Folder {
    this.db
      .prepare(
        `INSERT INTO folders (path, added_at) VALUES (?, ?)
         ON CONFLICT(path) DO UPDATE SET state = 'online', state_reason = NULL, state_since = NULL WHERE state = 'removed'`,
      )
      .run(path, Date.now());
    return this.db.prepare('SELECT * FROM folders WHERE path = ?').get(path) as Folder;
  }

  /**
   * Removes a folder from the library (the files stay on disk): it stops being scanned and watched, and its
   * photos become recently removed, with their tags, verdicts and albums kept until they are purged, so that
   * adding the folder again brings them back with their ids. Returns their ids; undefined when `path` is not a
   * library folder.
   */
  removeFolder(path: string): number[] | undefined {
    return this.batch(() => {
      const folder = this.db.prepare("SELECT id FROM folders WHERE path = ? AND state != 'removed'").get(path) as { id: number } | undefined;
      if (!folder) return undefined;
      const now = Date.now();
      const ids = this.db.prepare("SELECT id FROM photos WHERE folder_id = ? AND status != 'missing'").pluck().all(folder.id) as number[];
      const seq = nextSeq(this.db);
      this.db.prepare("UPDATE photos SET status = 'missing', missing_since = ?, unavailable = NULL, seq = ? WHERE folder_id = ? AND status != 'missing'").run(now, seq, folder.id);
      // Pending and failed rows were never searchable: nothing of the person's to keep.
      this.db.prepare("DELETE FROM photos WHERE folder_id = ? AND status = 'missing' AND hash IS NULL").run(folder.id);
      this.db.prepare("UPDATE folders SET state = 'removed', state_reason = NULL, state_since = ? WHERE id = ?").run(now, folder.id);
      this.db.prepare('DELETE FROM skipped_files WHERE folder_id = ?').run(folder.id);
      return ids;
    });
  }

  /** The folders the library scans and watches (not those the user removed), by path. */
  folders(): Folder[] {
    return this.db.prepare("SELECT * FROM folders WHERE state != 'removed' ORDER BY path").all() as Folder[];
  }

  /**
   * Marks a folder offline with `reason` (kept from the first time it went offline): its photos stay, searchable,
   * marked unavailable, and are not worked on until it is back.
   */
  setFolderOffline(folderId: number, reason: string): void {
    this.batch(() => {
      this.db
        .prepare("UPDATE folders SET state = 'offline', state_reason = ?, state_since = COALESCE(state_since, ?) WHERE id = ? AND state != 'removed'")
        .run(reason, Date.now(), folderId);
      this.db.prepare("UPDATE photos SET unavailable = ? WHERE folder_id = ? AND status != 'missing'").run(reason, folderId);
      nextSeq(this.db);
    });
  }

  /** Marks a folder online and its photos reachable (a scan marks those under unreadable sub-folders again). */
  setFolderOnline(folderId: number): void {
    this.batch(() => {
      this.db.prepare("UPDATE folders SET state = 'online', state_reason = NULL, state_since = NULL WHERE id = ? AND state = 'offline'").run(folderId);
      this.db.prepare('UPDATE photos SET unavailable = NULL WHERE folder_id = ? AND unavailable IS NOT NULL').run(folderId);
    });
  }

  /** Marks one photo's file unreachable for `reason` (a sub-folder that cannot be read), keeping everything of it. */
  setUnavailable(path: string, reason: string): void {
    this.db.prepare("UPDATE photos SET unavailable = ? WHERE path = ? AND status != 'missing'").run(reason, path);
  }

  /** Replaces a folder's record of files that are not indexed, and why. */
  setSkipped(folderId: number, files: readonly SkippedFile[]): void {
    this.batch(() => {
      this.db.prepare('DELETE FROM skipped_files WHERE folder_id = ?').run(folderId);
      const insert = this.db.prepare('INSERT OR REPLACE INTO skipped_files (folder_id, path, reason, detail) VALUES (?, ?, ?, ?)');
      for (const f of files) insert.run(folderId, f.path, f.reason, f.detail);
    });
  }

  /** Files not indexed, grouped by reason and detail, with a count and up to `examples` paths each. */
  skippedSummary(examples = 3): { reason: SkippedFile['reason']; detail: string | null; count: number; examples: string[] }[] {
    const groups = this.db
      .prepare(
        `SELECT s.reason, s.detail, COUNT(*) AS count FROM skipped_files s JOIN folders f ON f.id = s.folder_id
         WHERE f.state != 'removed' GROUP BY s.reason, s.detail ORDER BY count DESC, s.reason, s.detail`,
      )
      .all() as { reason: SkippedFile['reason']; detail: string | null; count: number }[];
    const some = this.db.prepare('SELECT path FROM skipped_files WHERE reason = ? AND detail IS ? ORDER BY path LIMIT ?').pluck();
    return groups.map((g) => ({ ...g, examples: some.all(g.reason, g.detail, examples) as string[] }));
  }

  /** Photos whose files are unreachable now, by reason. */
  unavailableCounts(): Map<string, number> {
    const rows = this.db.prepare('SELECT unavailable AS reason, COUNT(*) AS n FROM photos WHERE unavailable IS NOT NULL GROUP BY unavailable').all() as { reason: string; n: number }[];
    return new Map(rows.map((r) => [r.reason, r.n]));
  }

  /** Deletes folders the user removed once none of their photos is left. */
  dropEmptyRemovedFolders(): void {
    this.db.prepare("DELETE FROM folders WHERE state = 'removed' AND NOT EXISTS (SELECT 1 FROM photos p WHERE p.folder_id = folders.id)").run();
  }

  /** Folder id -> photos in it that are not missing (recently removed). */
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
             status = 'pending', error = NULL, missing_since = NULL, unavailable = NULL, seq = excluded.seq`,
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
        .prepare("UPDATE photos SET status = 'missing', missing_since = ?, unavailable = NULL, seq = ? WHERE path = ? AND status != 'missing'")
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

  /** Recently removed photos (missing), newest first: id, path and when they were found gone (ms since epoch). */
  recentlyRemoved(): { id: number; path: string; removedAt: number }[] {
    return this.db.prepare("SELECT id, path, missing_since AS removedAt FROM photos WHERE status = 'missing' ORDER BY missing_since DESC, path").all() as {
      id: number;
      path: string;
      removedAt: number;
    }[];
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
      this.dropEmptyRemovedFolders();
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
   * embedding (float32 [D], L2-normalised) for `model` and its views (EmbeddingStore.putViews).
   */
  markIndexed(
    id: number,
    file: { size: number; mtimeMs: number; hash: string },
    meta: PhotoMetadata,
    model: string,
    vector: Float32Array | undefined,
    views?: { views: readonly PhotoView[]; vectors: readonly Float32Array[] },
  ): void {
    this.batch(() => {
      if (vector) this.embeddings.put(file.hash, model, vector);
      if (views) this.embeddings.putViews(file.hash, model, views.views, views.vectors);
      const seq = nextSeq(this.db);
      this.db
        .prepare(
          `UPDATE photos SET status = 'indexed', error = NULL, size = ?, mtime_ms = ?, hash = ?, width = ?, height = ?,
           taken_at = ?, taken_at_source = ?, camera = ?, gps_lat = ?, gps_lon = ?, seq = ? WHERE id = ?`,
        )
        .run(file.size, file.mtimeMs, file.hash, meta.width, meta.height, meta.taken_at, meta.taken_at_source ?? null, meta.camera, meta.gps_lat, meta.gps_lon, seq, id);
    });
  }

  /** Photos that need work for `model`: new or changed files, and indexed ones without its embedding. */
  /**
   * Photos waiting for `model`, in id order: new or changed files, photos without its embedding and, with
   * `wholeFrame`, photos whose views were never computed (indexed before whole-frame views, or with them off).
   */
  workFor(model: string, limit: number, wholeFrame = false): PhotoRow[] {
    return this.db.prepare(`SELECT p.* ${WORK_FROM} ORDER BY p.id LIMIT ?`).all(model, model, wholeFrame ? 1 : 0, limit) as PhotoRow[];
  }

  /** How many photos workFor would give, without a limit. */
  countWorkFor(model: string, wholeFrame = false): number {
    return this.db.prepare(`SELECT COUNT(*) ${WORK_FROM}`).pluck().get(model, model, wholeFrame ? 1 : 0) as number;
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

  /** The searchable photo ids the filters allow (tags: those `tagModel` gave), or undefined when there are no filters. */
  idsMatching(filters: SearchFilters, tagModel: string): Set<number> | undefined {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filters.folder) {
      // As written and as its links resolve: folders are stored by their real path (addFolder).
      const given = resolve(filters.folder);
      let real = given;
      try {
        real = realpathSync(given);
      } catch {
        // not on disk (an offline folder): the path as given
      }
      // And in either Unicode form: a folder named on macOS is stored decomposed (NFD), typed names are composed (NFC).
      const forms = new Set([given, real].flatMap((f) => [f, f.normalize('NFC'), f.normalize('NFD')]));
      const under = [...forms].map(() => '(path = ? OR substr(path, 1, ?) = ?)');
      where.push(`(${under.join(' OR ')})`);
      for (const folder of forms) args.push(folder, folder.length + 1, folder + sep);
    }
    if (filters.available) where.push('unavailable IS NULL');
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
      where.push('id IN (SELECT pt.photo_id FROM photo_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.model = ? AND t.name = ?)');
      args.push(tagModel, tag);
    }
    if (where.length === 0) return undefined;
    const ids = this.db.prepare(`SELECT id FROM photos WHERE status = 'indexed' AND ${where.join(' AND ')}`).pluck().all(...args) as number[];
    return new Set(ids);
  }
}
