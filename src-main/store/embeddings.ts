// All SQL about embeddings. They are keyed by content (SHA-256 of the file) and model, not by photo,
// so a moved, renamed or copied photo reuses its embedding. Vectors are float32 [D], L2-normalised,
// stored as little-endian blobs.
import { fromBlob, toBlob } from '../embed/vectors.js';
import type { Db } from './database.js';
import { labelOf, photoOf, viewOf, type PhotoView } from './view-labels.js';

/** The methods that only read. */
export type EmbeddingReader = Pick<EmbeddingStore, 'get' | 'count' | 'indexedVectors' | 'vectorsOf' | 'changedSince' | 'viewsOf' | 'viewInfo' | 'labelVectors' | 'labelVectorsOf' | 'otherViewVectors' | 'viewVectorsOf'>;

export class EmbeddingStore {
  constructor(private readonly db: Db) {}

  /** The embedding of this content for `model`, float32 [D]; undefined when it has none yet. */
  get(hash: string, model: string): Float32Array | undefined {
    const row = this.db.prepare('SELECT vector FROM embeddings WHERE hash = ? AND model = ?').get(hash, model) as { vector: Buffer } | undefined;
    return row ? fromBlob(row.vector) : undefined;
  }

  put(hash: string, model: string, vector: Float32Array): void {
    this.db.prepare('INSERT OR REPLACE INTO embeddings (hash, model, vector) VALUES (?, ?, ?)').run(hash, model, toBlob(vector));
  }

  /** How many distinct contents have an embedding for `model`. */
  count(model: string): number {
    return this.db.prepare('SELECT COUNT(*) FROM embeddings WHERE model = ?').pluck().get(model) as number;
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

  /**
   * Stores the views of content `hash` for `model`: `views[0]` describes the main view (its vector is the one
   * `put` keeps), `vectors[i]` (float32 [D], L2-normalised) is view i's for i >= 1. Replaces what was there.
   */
  putViews(hash: string, model: string, views: readonly PhotoView[], vectors: readonly Float32Array[]): void {
    this.db.prepare('DELETE FROM embedding_views WHERE hash = ? AND model = ?').run(hash, model);
    const insert = this.db.prepare('INSERT INTO embedding_views (hash, model, view, info, vector) VALUES (?, ?, ?, ?, ?)');
    for (let i = 1; i < views.length; i++) insert.run(hash, model, i, JSON.stringify(views[i]), toBlob(vectors[i]!));
    this.db.prepare('INSERT OR REPLACE INTO view_sets (hash, model, views, main) VALUES (?, ?, ?, ?)').run(hash, model, views.length, JSON.stringify(views[0]));
  }

  /**
   * The views of content `hash` for `model`, main first, with the vectors of views 1, 2, ... (`vectors[0]` is
   * undefined: the main vector is `get`'s); undefined when they were never computed.
   */
  viewsOf(hash: string, model: string): { views: PhotoView[]; vectors: (Float32Array | undefined)[] } | undefined {
    const set = this.db.prepare('SELECT main FROM view_sets WHERE hash = ? AND model = ?').get(hash, model) as { main: string } | undefined;
    if (!set) return undefined;
    const rows = this.db.prepare('SELECT info, vector FROM embedding_views WHERE hash = ? AND model = ? ORDER BY view').all(hash, model) as { info: string; vector: Buffer }[];
    return {
      views: [JSON.parse(set.main) as PhotoView, ...rows.map((r) => JSON.parse(r.info) as PhotoView)],
      vectors: [undefined, ...rows.map((r) => fromBlob(r.vector))],
    };
  }

  /** What view `view` of content `hash` shows (0: the main view); undefined when unknown. */
  viewInfo(hash: string, model: string, view: number): PhotoView | undefined {
    const row =
      view === 0
        ? (this.db.prepare('SELECT main AS info FROM view_sets WHERE hash = ? AND model = ?').get(hash, model) as { info: string } | undefined)
        : (this.db.prepare('SELECT info FROM embedding_views WHERE hash = ? AND model = ? AND view = ?').get(hash, model, view) as { info: string } | undefined);
    return row ? (JSON.parse(row.info) as PhotoView) : undefined;
  }

  /**
   * Every searchable view vector for `model` under its index label (store/view-labels.ts: the main views and the
   * others), optionally only of photos changed after `afterSeq`: what the vector index holds.
   */
  *labelVectors(model: string, afterSeq = -1): Generator<{ id: number; label: number; seq: number; vector: Float32Array }> {
    for (const row of this.indexedVectors(model, afterSeq)) yield { ...row, label: labelOf(row.id) };
    yield* this.otherViewVectors(model, afterSeq);
  }

  /** The same for the views other than the main ones. */
  *otherViewVectors(model: string, afterSeq = -1): Generator<{ id: number; label: number; seq: number; vector: Float32Array }> {
    const stmt = this.db.prepare(
      `SELECT p.id, p.seq, v.view, v.vector FROM photos p JOIN embedding_views v ON v.hash = p.hash AND v.model = ?
       WHERE p.status = 'indexed' AND p.seq > ?`,
    );
    for (const row of stmt.iterate(model, afterSeq) as Iterable<{ id: number; seq: number; view: number; vector: Buffer }>) {
      yield { id: row.id, label: labelOf(row.id, row.view), seq: row.seq, vector: fromBlob(row.vector) };
    }
  }

  /** The vectors (float32 [D]) of those index `labels` whose photo is searchable with `model`. */
  *labelVectorsOf(model: string, labels: Iterable<number>): Generator<{ label: number; vector: Float32Array }> {
    const main = this.db.prepare(`SELECT e.vector FROM photos p JOIN embeddings e ON e.hash = p.hash AND e.model = ? WHERE p.id = ? AND p.status = 'indexed'`);
    const other = this.db.prepare(
      `SELECT v.vector FROM photos p JOIN embedding_views v ON v.hash = p.hash AND v.model = ? AND v.view = ? WHERE p.id = ? AND p.status = 'indexed'`,
    );
    for (const label of labels) {
      const view = viewOf(label);
      const row = (view === 0 ? main.get(model, photoOf(label)) : other.get(model, view, photoOf(label))) as { vector: Buffer } | undefined;
      if (row) yield { label, vector: fromBlob(row.vector) };
    }
  }

  /** Every view's vector (main first) of those of `ids` that are searchable with `model`, under its index label. */
  *viewVectorsOf(model: string, ids: Iterable<number>): Generator<{ id: number; label: number; vector: Float32Array }> {
    const views = this.db.prepare(
      `SELECT v.view, v.vector FROM photos p JOIN embedding_views v ON v.hash = p.hash AND v.model = ? WHERE p.id = ? AND p.status = 'indexed'`,
    );
    for (const { id, vector } of this.vectorsOf(model, ids)) {
      yield { id, label: labelOf(id), vector };
      for (const row of views.iterate(model, id) as Iterable<{ view: number; vector: Buffer }>) yield { id, label: labelOf(id, row.view), vector: fromBlob(row.vector) };
    }
  }

  /** The vectors of those of `ids` that are searchable with `model`. */
  *vectorsOf(model: string, ids: Iterable<number>): Generator<{ id: number; vector: Float32Array }> {
    const stmt = this.db.prepare(
      `SELECT e.vector FROM photos p JOIN embeddings e ON e.hash = p.hash AND e.model = ? WHERE p.id = ? AND p.status = 'indexed'`,
    );
    for (const id of ids) {
      const row = stmt.get(model, id) as { vector: Buffer } | undefined;
      if (row) yield { id, vector: fromBlob(row.vector) };
    }
  }

  /**
   * Every photo changed after `afterSeq`, in seq order, with its vector for `model` when it is
   * searchable (null otherwise): what an in-memory copy applies to catch up.
   */
  changedSince(model: string, afterSeq: number): { id: number; status: string; seq: number; vector: Float32Array | null }[] {
    const rows = this.db
      .prepare(
        `SELECT p.id, p.status, p.seq, e.vector FROM photos p LEFT JOIN embeddings e ON e.hash = p.hash AND e.model = ?
         WHERE p.seq > ? ORDER BY p.seq`,
      )
      .all(model, afterSeq) as { id: number; status: string; seq: number; vector: Buffer | null }[];
    return rows.map((r) => ({ ...r, vector: r.vector ? fromBlob(r.vector) : null }));
  }
}
