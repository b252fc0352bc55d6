// Every searchable photo's embedding for one model, in one Float32Array: what tagging, taught tags,
// smart albums and duplicates scan. Loaded once and then topped up with what changed since (by the
// library's change counter), so a scan of 100k photos is a pass over memory, not 100k SQLite reads.
// Owned by the engine beside the vector index; tags, albums and duplicates borrow it.
import type { LibraryReader } from './library.js';

export class EmbeddingMatrix {
  private ids: number[] = [];
  private rows = new Map<number, number>(); // photo id -> row
  private data: Float32Array;
  private seenSeq = -1;

  constructor(private readonly library: Pick<LibraryReader, 'photos' | 'embeddings'>, private readonly model: string, readonly dim: number) {
    this.data = new Float32Array(0);
  }

  /**
   * Brings the matrix (float32 [N, D], one L2-normalised row per searchable photo) up to date with the library
   * and returns this EmbeddingMatrix. Rows are renumbered when anything changed: read ids with idAt after it.
   */
  refresh(): this {
    const changed = this.library.embeddings.changedSince(this.model, this.seenSeq);
    // Removing a folder deletes its photos without a change number: a count tells.
    const indexed = this.library.photos.countIndexed();
    if (!changed.length && this.seenSeq >= 0 && indexed === this.ids.length) return this;
    const keep = new Map<number, Float32Array>();
    for (const [id, row] of this.rows) keep.set(id, this.data.subarray(row * this.dim, (row + 1) * this.dim));
    for (const r of changed) {
      if (r.status === 'indexed' && r.vector) keep.set(r.id, r.vector);
      else keep.delete(r.id);
    }
    this.seenSeq = Math.max(0, this.seenSeq, changed.at(-1)?.seq ?? 0); // rows come in seq order
    if (keep.size !== indexed) {
      const existing = new Set(this.library.photos.idsWithStatus('indexed'));
      for (const id of keep.keys()) if (!existing.has(id)) keep.delete(id);
    }
    const data = new Float32Array(keep.size * this.dim);
    const ids: number[] = [];
    const rows = new Map<number, number>();
    for (const [id, v] of keep) {
      data.set(v, ids.length * this.dim);
      rows.set(id, ids.length);
      ids.push(id);
    }
    this.data = data;
    this.ids = ids;
    this.rows = rows;
    return this;
  }

  /** The library seq up to which the matrix holds every change. */
  get seq(): number {
    return this.seenSeq;
  }

  /** The row-th photo's vector, float32 [D] (for VectorFile.write). */
  vectorAt(row: number): Float32Array {
    return this.data.subarray(row * this.dim, (row + 1) * this.dim);
  }

  get size(): number {
    return this.ids.length;
  }

  /** The photo id of `row` (0 to size - 1), as of the last refresh. */
  idAt(row: number): number {
    return this.ids[row]!;
  }

  /**
   * Photo `id`'s embedding, float32 [D], L2-normalised, as of the last refresh: a view into the matrix, not a
   * copy (do not write to it). Undefined when the photo is not searchable.
   */
  vector(id: number): Float32Array | undefined {
    const row = this.rows.get(id);
    return row === undefined ? undefined : this.data.subarray(row * this.dim, (row + 1) * this.dim);
  }

  /**
   * Dot products of `v` (float32 [D], L2-normalised) with every row: float32 [N] of cosine similarities, in row
   * order (see idAt).
   */
  scores(v: Float32Array): Float32Array {
    const out = new Float32Array(this.ids.length);
    const d = this.dim;
    for (let r = 0; r < out.length; r++) {
      let s = 0;
      const base = r * d;
      for (let j = 0; j < d; j++) s += this.data[base + j]! * v[j]!;
      out[r] = s;
    }
    return out;
  }
}
