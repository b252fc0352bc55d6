// All SQL about embeddings. They are keyed by content (SHA-256 of the file) and model, not by photo,
// so a moved, renamed or copied photo reuses its embedding. Vectors are float32 [D], L2-normalised,
// stored as little-endian blobs.
import { fromBlob, toBlob } from '../embed/vectors.js';
import type { Db } from './database.js';

/** The methods that only read. */
export type EmbeddingReader = Pick<EmbeddingStore, 'get' | 'count' | 'indexedVectors' | 'vectorsOf' | 'changedSince'>;

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
