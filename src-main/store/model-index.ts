// Nearest-neighbour search over one model's embeddings, always agreeing with SQLite.
//
// The writer (the process holding the indexer lock) keeps the HNSW graph in memory, updates it as
// photos are indexed or removed, and saves it every few seconds. Any process answers a query from
// the graph it loaded plus an exact scan of the photos that changed after the graph's `seq`, and
// drops hits whose photo is no longer searchable. So a search in another terminal sees a photo
// indexed a moment ago, and a stale or missing graph costs speed, never correctness.
import { statSync } from 'node:fs';
import { dot } from '../embed/vectors.js';
import { buildIndex, buildIndexInWorker, WORKER_THRESHOLD } from './index-build.js';
import type { LibraryReader } from './library.js';
import { VectorFile } from './vector-file.js';
import { VectorIndex, type Neighbour } from './vector-index.js';

/** A reader that answered from the compact file loads the graph if it still runs this long (ms) after its first search. */
const GRAPH_AFTER_MS = 2000;

const SAVE_DELAY_MS = 2000;

export class ModelIndex {
  private index: VectorIndex | undefined;
  private loadedMtime = 0;
  private saveTimer: NodeJS.Timeout | undefined;
  private dirty = false;
  private rebuilding: Promise<void> | undefined;
  private compact: VectorFile | undefined; // a reader's first answers, until (if ever) the graph loads
  private graphTimer: NodeJS.Timeout | undefined;
  // Ids of the photos searchable with this model: kept up to date by the writer's add/remove and
  // recounted by a reader when the library's change counter moves, never queried per read.
  private searchable = new Set<number>();
  private searchableSeq = -1;
  readonly commitPath: string;

  constructor(
    private readonly library: LibraryReader,
    libraryDir: string,
    readonly model: string,
    readonly dim: number,
    readonly writable: boolean,
  ) {
    this.commitPath = VectorIndex.commitPath(libraryDir, model);
  }

  /**
   * Loads the saved graph. The writer also brings it in line with SQLite, rebuilding it if it is unusable.
   * @throws Error (a rejection) when the writer's rebuild or save fails (see rebuild)
   */
  async open(): Promise<void> {
    if (!this.writable) {
      // A reader answers from the compact vector file at once; the graph loads only if the process
      // lives on (a command-line search has answered and exited by then).
      this.compact = await VectorFile.read(VectorFile.pathFor(this.commitPath), this.model, this.dim);
      if (this.compact) return; // the graph timer starts with the first search
    }
    await this.loadGraph();
    if (!this.writable) return; // a reader counts when first asked: a search never needs it
    if (!this.index) await this.rebuild();
    else this.reconcile();
  }

  private async loadGraph(): Promise<void> {
    try {
      const mtime = statSync(this.commitPath).mtimeMs;
      this.index = await VectorIndex.loadAsync(this.commitPath, this.model, this.dim); // off the main thread
      this.loadedMtime = mtime;
      this.compact = undefined;
    } catch {
      this.index = undefined; // missing, stale format or unreadable: SQLite answers until rebuilt
    }
  }

  /**
   * Writer: saves every searchable photo's vector (`rows`, e.g. the embedding matrix, up to library
   * seq `seq`) in the compact file a new process answers from. Call when idle: it writes D bytes a
   * photo. Never throws (a missing file costs a reader speed).
   */
  saveVectorFile(rows: Parameters<typeof VectorFile.write>[4], seq: number): void {
    if (!this.writable) return;
    try {
      VectorFile.write(VectorFile.pathFor(this.commitPath), this.model, this.dim, seq, rows);
    } catch {
      // a full or read-only disk
    }
  }

  /** How many photos are searchable with this model. */
  get size(): number {
    if (this.searchableSeq < 0 || (!this.writable && this.library.meta.seq() !== this.searchableSeq)) this.recount();
    return this.searchable.size;
  }

  private recount(): void {
    this.searchableSeq = this.library.meta.seq();
    this.searchable = this.library.photos.indexedIds(this.model);
  }

  get graphSize(): number {
    return this.index?.size ?? 0;
  }

  get isRebuilding(): boolean {
    return this.rebuilding !== undefined;
  }

  private tryLoad(): void {
    try {
      const mtime = statSync(this.commitPath).mtimeMs;
      this.index = VectorIndex.load(this.commitPath, this.model, this.dim);
      this.loadedMtime = mtime;
    } catch {
      this.index = undefined; // missing, stale format or unreadable: SQLite answers until rebuilt
    }
  }

  /**
   * Rebuilds from SQLite: in place when small (up to WORKER_THRESHOLD vectors), else in a worker while exact
   * search answers. Resolves when the new graph is in use; a call during a rebuild gets the same promise.
   * @throws Error when the build or its save fails: synchronously in place, as a rejection from a worker
   */
  rebuild(): Promise<void> {
    if (this.rebuilding) return this.rebuilding;
    const count = this.library.embeddings.count(this.model);
    const req = { dbPath: this.library.dbPath, model: this.model, dim: this.dim, commitPath: this.commitPath };
    if (count <= WORKER_THRESHOLD) {
      this.index = buildIndex(this.library, req);
      this.loadedMtime = statSync(this.commitPath).mtimeMs;
      this.reconcile();
      return Promise.resolve();
    }
    this.index = undefined;
    this.rebuilding = buildIndexInWorker(req)
      .then(() => {
        this.tryLoad();
        this.reconcile();
      })
      .finally(() => {
        this.rebuilding = undefined;
      });
    return this.rebuilding;
  }

  /** Writer only: applies every change SQLite has that the graph lacks, then saves if anything changed. */
  private reconcile(): void {
    const index = this.index;
    if (!index) return;
    const truth = this.library.photos.indexedIds(this.model);
    this.searchable = truth;
    this.searchableSeq = this.library.meta.seq();
    let changed = false;
    for (const id of [...index.ids()]) {
      if (!truth.has(id)) {
        index.remove(id);
        changed = true;
      }
    }
    for (const { id, vector } of this.library.embeddings.indexedVectors(this.model, index.seq)) {
      index.add(id, vector);
      changed = true;
    }
    for (const id of truth) {
      if (!index.has(id)) {
        const row = this.library.photos.byId(id);
        const v = row?.hash ? this.library.embeddings.get(row.hash, this.model) : undefined;
        if (v) index.add(id, v);
        changed = true;
      }
    }
    const seq = this.library.meta.seq();
    if (changed || seq !== index.seq) {
      index.seq = seq;
      this.save();
    }
  }

  /** Writer: a photo became searchable (or its vector, float32 [D], changed). Saved within SAVE_DELAY_MS (2 s). */
  add(id: number, vector: Float32Array): void {
    this.searchable.add(id);
    if (!this.index) return; // a rebuild in progress picks it up when it reconciles
    this.index.add(id, vector);
    this.scheduleSave();
  }

  /** Writer: a photo is no longer searchable. */
  remove(id: number): void {
    this.searchable.delete(id);
    if (!this.index?.has(id)) return;
    this.index.remove(id);
    this.scheduleSave();
  }

  private scheduleSave(): void {
    this.dirty = true;
    this.saveTimer ??= setTimeout(() => {
      this.saveTimer = undefined;
      this.flush();
    }, SAVE_DELAY_MS);
  }

  /** Writer: saves now if anything changed; stamps the graph with the library seq it reflects. */
  flush(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.writable || !this.index || !this.dirty) return;
    if (this.index.needsCompaction) {
      void this.rebuild();
      return;
    }
    // Every change below this seq has been applied (the writer applies its own changes at once).
    this.index.seq = this.library.meta.seq();
    this.save();
  }

  private save(): void {
    if (!this.index) return;
    this.index.save(this.commitPath);
    this.loadedMtime = statSync(this.commitPath).mtimeMs;
    this.dirty = false;
  }

  /** Reader: picks up a graph another process saved since we loaded ours. */
  private refresh(): void {
    if (this.writable || (!this.index && this.compact)) return; // a compact reader's graph loads on its own timer
    try {
      if (statSync(this.commitPath).mtimeMs !== this.loadedMtime) this.tryLoad();
    } catch {
      /* no graph on disk: exact search */
    }
  }

  /**
   * The k nearest searchable photos to `vector` (float32 [D], L2-normalised), best first; `score` is the cosine
   * similarity. `allowed`, when given, restricts the answer (filters); it is applied after the search, with the
   * graph asked for more than k to make up for it, so fewer than k may come back. Photos changed since the
   * graph's save are scored exactly.
   */
  search(vector: Float32Array, k: number, allowed?: (id: number) => boolean): Neighbour[] {
    this.refresh();
    const best = new Map<number, number>();
    const compact = this.index ? undefined : this.compact;
    const knownSeq = this.index?.seq ?? compact?.header.seq ?? -1;
    // Exact scores for everything the graph (or compact file) may not know (all of it, when there is neither).
    for (const { id, vector: v } of this.library.embeddings.indexedVectors(this.model, knownSeq)) {
      if (!allowed || allowed(id)) best.set(id, dot(vector, v));
    }
    if (compact) {
      if (!this.graphTimer) {
        this.graphTimer = setTimeout(() => void this.loadGraph(), GRAPH_AFTER_MS);
        this.graphTimer.unref(); // never keeps a finished process alive
      }
      // The int8 scan's shortlist, scored again exactly from SQLite.
      const shortlist = compact.shortlist(vector, k * 4 + 32, allowed).map((n) => n.id).filter((id) => !best.has(id));
      for (const { id, vector: v } of this.library.embeddings.vectorsOf(this.model, shortlist)) best.set(id, dot(vector, v));
    }
    if (this.index) {
      const want = allowed ? k * 8 + 64 : k + 16;
      for (const hit of this.index.search(vector, want)) {
        if (!best.has(hit.id) && (!allowed || allowed(hit.id))) best.set(hit.id, hit.score);
      }
    }
    const ranked = [...best].sort((a, b) => b[1] - a[1]);
    // Exact hits come from searchable rows; graph hits may be stale (removed since the save).
    const searchable = this.library.photos.byIds(ranked.slice(0, k * 2 + 32).map(([id]) => id));
    const out: Neighbour[] = [];
    for (const [id, score] of ranked) {
      if (out.length >= k) break;
      const row = searchable.get(id) ?? this.library.photos.byId(id);
      if (row?.status === 'indexed') out.push({ id, score });
    }
    return out;
  }

  /** Writer: saves what changed (or starts the compaction rebuild flush would) and stops the save timer. */
  close(): void {
    clearTimeout(this.graphTimer);
    this.flush();
    clearTimeout(this.saveTimer);
  }
}
