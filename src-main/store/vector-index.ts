// The HNSW index (hnswlib-node, cosine) for one model: a derived copy of what SQLite holds, kept
// for speed. Saved as a pair: the graph file, then a small JSON "commit" file that names it. The
// JSON is replaced atomically (temp file + rename), so a reader sees the old pair or the new one,
// never half of each.
//
// hnswlib facts this code is shaped by:
//   - searchKnn throws when k exceeds the live element count: k is clamped.
//   - deleted points are still walked during search: too many of them and it is rebuilt.
//   - the searchKnn filter callback has had intermittent crashes in hnswlib-node: never used;
//     results are filtered afterwards instead.
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import hnswlib from 'hnswlib-node';

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

/** HNSW's M (Malkov & Yashunin 2018): the links each inserted node makes per layer. 16 is hnswlib's default. */
export const HNSW_M = 16;
/**
 * HNSW's efConstruction (Malkov & Yashunin 2018): the candidate list while inserting; larger builds a better
 * graph, slower. 200 is hnswlib's default; bench/README.md's measure 5 is the build rate it gives.
 */
export const HNSW_EF_CONSTRUCTION = 200;
/**
 * HNSW's ef at search (Malkov & Yashunin 2018): the candidate list, raised to k when k is larger. 64 meets the
 * targets of bench/README.md's measure 4, as measured there: recall@10 against exact search of at least 0.98, with
 * a p99 of at most 2 ms.
 */
export const HNSW_EF_SEARCH = 64;
// 2: labels are photo views (store/view-labels.ts), no longer photo ids; a format-1 graph is rebuilt.
const FORMAT = 2;

/** The next capacity: double, and never below 1024 (resizing to 0 crashes hnswlib). */
function growTo(current: number): number {
  return Math.max(1024, current * 2);
}

interface Commit {
  format: number;
  model: string;
  dim: number;
  file: string; // graph file name, in the same folder
  seq: number; // every change up to this library seq is in the graph
  live: number;
  deleted: number[];
}

export interface Neighbour {
  id: number;
  score: number; // cosine similarity
}

export class VectorIndex {
  private live: Set<number>;
  private deleted: Set<number>;

  private constructor(
    readonly model: string,
    readonly dim: number,
    private hnsw: Hnsw,
    public seq: number,
    live: Iterable<number>,
    deleted: Iterable<number>,
  ) {
    this.live = new Set(live);
    this.deleted = new Set(deleted);
  }

  /**
   * An empty index of `dim`-dimensional vectors in cosine space, with room for `capacity` (then it grows by
   * doubling). The random seed is fixed (100, hnswlib's default) so that the same inserts build the same graph.
   */
  static create(model: string, dim: number, capacity = 1024): VectorIndex {
    const hnsw = new HierarchicalNSW('cosine', dim);
    hnsw.initIndex({ maxElements: Math.max(16, capacity), m: HNSW_M, efConstruction: HNSW_EF_CONSTRUCTION, randomSeed: 100 });
    hnsw.setEf(HNSW_EF_SEARCH);
    return new VectorIndex(model, dim, hnsw, 0, [], []);
  }

  /** The commit file for a model's index inside a library folder. */
  static commitPath(libraryDir: string, model: string): string {
    return join(libraryDir, `index-${model.replace(/[^A-Za-z0-9._-]+/g, '_')}.json`);
  }

  /**
   * Loads a saved index, or throws with the reason it cannot be used (then rebuild from SQLite).
   * @throws Error when there is no commit file, it was written for another model, size or format, it or its
   *   graph cannot be read, or the graph holds another number of vectors than the commit says
   */
  static load(commitPath: string, model: string, dim: number): VectorIndex {
    const { commit, graph, hnsw } = VectorIndex.prepareLoad(commitPath, model, dim);
    hnsw.readIndexSync(graph);
    return VectorIndex.finishLoad(commit, hnsw, model, dim);
  }

  /**
   * The same, reading the graph on hnswlib's worker thread, so that the caller can load a model
   * meanwhile (a new process's first search waits for both). @throws as load
   */
  static async loadAsync(commitPath: string, model: string, dim: number): Promise<VectorIndex> {
    const { commit, graph, hnsw } = VectorIndex.prepareLoad(commitPath, model, dim);
    await hnsw.readIndex(graph);
    return VectorIndex.finishLoad(commit, hnsw, model, dim);
  }

  private static prepareLoad(commitPath: string, model: string, dim: number): { commit: Commit; graph: string; hnsw: Hnsw } {
    if (!existsSync(commitPath)) throw new Error('no index file yet');
    const commit = JSON.parse(readFileSync(commitPath, 'utf8')) as Commit;
    if (commit.format !== FORMAT || commit.model !== model || commit.dim !== dim) {
      throw new Error(`index was written for ${commit.model} (${commit.dim}-d, format ${commit.format})`);
    }
    return { commit, graph: join(dirname(commitPath), basename(commit.file)), hnsw: new HierarchicalNSW('cosine', dim) };
  }

  private static finishLoad(commit: Commit, hnsw: Hnsw, model: string, dim: number): VectorIndex {
    // hnswlib loads a graph with capacity == its element count (0 for an empty one): make room.
    hnsw.resizeIndex(growTo(hnsw.getCurrentCount()));
    hnsw.setEf(HNSW_EF_SEARCH);
    const deleted = new Set(commit.deleted);
    const live = hnsw.getIdsList().filter((id) => !deleted.has(id));
    if (live.length !== commit.live) throw new Error(`index holds ${live.length} vectors, its commit says ${commit.live}`);
    return new VectorIndex(model, dim, hnsw, commit.seq, live, deleted);
  }

  get size(): number {
    return this.live.size;
  }

  get deletedCount(): number {
    return this.deleted.size;
  }

  has(id: number): boolean {
    return this.live.has(id);
  }

  ids(): IterableIterator<number> {
    return this.live.values();
  }

  /**
   * Adds or replaces the vector (float32 [D]; hnswlib normalises it) of photo `id`. Grows the graph by doubling
   * when it is full.
   * @throws Error when the vector is not D wide
   */
  add(id: number, vector: Float32Array): void {
    if (vector.length !== this.dim) throw new Error(`vector has ${vector.length} dimensions, index has ${this.dim}`);
    if (this.deleted.delete(id)) this.hnsw.unmarkDelete(id);
    else if (!this.live.has(id) && this.hnsw.getCurrentCount() >= this.hnsw.getMaxElements()) {
      this.hnsw.resizeIndex(growTo(this.hnsw.getMaxElements()));
    }
    this.hnsw.addPoint(Array.from(vector), id);
    this.live.add(id);
  }

  /** Marks photo `id` deleted: hnswlib keeps the point in the graph (see needsCompaction). Unknown ids are ignored. */
  remove(id: number): void {
    if (!this.live.delete(id)) return;
    this.hnsw.markDelete(id);
    this.deleted.add(id);
  }

  /** Deleted points still cost search time; past a fifth of the graph a rebuild pays off. */
  get needsCompaction(): boolean {
    return this.deleted.size > 1000 && this.deleted.size > this.live.size / 4;
  }

  /**
   * The k nearest live photos to `vector` (float32 [D]), nearest first; `score` is the cosine similarity
   * (1 - hnswlib's cosine distance). Approximate: a larger `ef` (at least k is used) finds more of the true
   * nearest, slower.
   */
  search(vector: Float32Array, k: number, ef = HNSW_EF_SEARCH): Neighbour[] {
    const n = Math.min(k, this.live.size);
    if (n <= 0) return [];
    this.hnsw.setEf(Math.max(ef, n));
    const { neighbors, distances } = this.hnsw.searchKnn(Array.from(vector), n);
    return neighbors.map((id, i) => ({ id, score: 1 - distances[i]! }));
  }

  /**
   * Writes the graph under a new name, then atomically replaces the commit file that names it,
   * then removes the previous graph. A crash at any point leaves a usable old pair or new pair.
   * @throws Error from the file system (a full disk, a read-only folder); the old pair then stays in use
   */
  save(commitPath: string): void {
    const dir = dirname(commitPath);
    const stem = basename(commitPath, '.json');
    const file = `${stem}-${Date.now().toString(36)}-${process.pid}.hnsw`;
    this.hnsw.writeIndexSync(join(dir, file));
    const commit: Commit = { format: FORMAT, model: this.model, dim: this.dim, file, seq: this.seq, live: this.live.size, deleted: [...this.deleted] };
    const tmp = `${commitPath}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(commit));
    renameSync(tmp, commitPath);
    // Older graphs of this index (the previous one, or leftovers of a crash or a damaged commit).
    for (const old of readdirSync(dir)) {
      if (old !== file && old.startsWith(`${stem}-`) && old.endsWith('.hnsw')) rmSync(join(dir, old), { force: true });
    }
  }
}
