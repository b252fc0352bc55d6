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
import { VectorIndex } from './vector-index.js';
import { labelOf, photoOf, VIEW_SLOTS, viewOf } from './view-labels.js';

/** A photo found by a search: its best view's score (cosine similarity) and which view that was (0: the main one). */
export interface ViewSearchOptions {
  allowed?: (id: number) => boolean; // the photos a filter lets through
  mainViewsOnly?: boolean; // compare main views only (photo to photo, as duplicate detection does)
  viewPenalty?: number; // cosine similarity taken off a view other than the main one (Searcher's VIEW_PENALTY_SHARE)
}

export interface PhotoNeighbour {
  id: number;
  score: number;
  view: number;
}

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
   * Writer: saves every searchable photo's main vector (`rows`, e.g. the embedding matrix, up to library
   * seq `seq`) and its other views' in the compact file a new process answers from. Call when idle: it writes D bytes a
   * photo. Never throws (a missing file costs a reader speed).
   */
  saveVectorFile(rows: Parameters<typeof VectorFile.write>[4], seq: number): void {
    if (!this.writable) return;
    try {
      // The main views under their labels, then the other views from SQLite.
      const others = [...this.library.embeddings.otherViewVectors(this.model)];
      const labelled = {
        size: rows.size + others.length,
        idAt: (i: number) => (i < rows.size ? labelOf(rows.idAt(i)) : others[i - rows.size]!.label),
        vectorAt: (i: number) => (i < rows.size ? rows.vectorAt(i) : others[i - rows.size]!.vector),
      };
      VectorFile.write(VectorFile.pathFor(this.commitPath), this.model, this.dim, seq, labelled);
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

  /** How many photos the graph in memory holds (each with one or more views). */
  get graphSize(): number {
    let photos = 0;
    for (const label of this.index?.ids() ?? []) if (viewOf(label) === 0) photos++;
    return photos;
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
    for (const label of [...index.ids()]) {
      if (!truth.has(photoOf(label))) {
        index.remove(label);
        changed = true;
      }
    }
    const changedPhotos = new Map<number, Float32Array[]>();
    for (const { id, label, vector } of this.library.embeddings.labelVectors(this.model, index.seq)) {
      const views = changedPhotos.get(id) ?? [];
      views[viewOf(label)] = vector;
      changedPhotos.set(id, views);
    }
    for (const [id, views] of changedPhotos) this.put(index, id, views);
    for (const id of truth) {
      if (index.has(labelOf(id))) continue;
      const row = this.library.photos.byId(id);
      const main = row?.hash ? this.library.embeddings.get(row.hash, this.model) : undefined;
      if (!main) continue;
      const others = row?.hash ? this.library.embeddings.viewsOf(row.hash, this.model)?.vectors ?? [] : [];
      this.put(index, id, [main, ...others.slice(1)]);
      changed = true;
    }
    if (changedPhotos.size) changed = true;
    const seq = this.library.meta.seq();
    if (changed || seq !== index.seq) {
      index.seq = seq;
      this.save();
    }
  }

  /** Puts photo `id`'s views (vectors[v]: view v; holes are views it lacks) in the graph, and takes out any it no longer has. */
  private put(index: VectorIndex, id: number, vectors: readonly (Float32Array | undefined)[]): void {
    for (let view = 0; view < VIEW_SLOTS; view++) {
      const v = vectors[view];
      if (v) index.add(labelOf(id, view), v);
      else index.remove(labelOf(id, view));
    }
  }

  /**
   * Writer: a photo became searchable, or its vectors changed: `vectors[0]` is its main vector, `vectors[v]` its
   * view v (each float32 [D]). Saved within SAVE_DELAY_MS (2 s).
   */
  add(id: number, vectors: readonly Float32Array[]): void {
    this.searchable.add(id);
    if (!this.index) return; // a rebuild in progress picks it up when it reconciles
    this.put(this.index, id, vectors);
    this.scheduleSave();
  }

  /** Writer: a photo is no longer searchable. */
  remove(id: number): void {
    this.searchable.delete(id);
    if (!this.index?.has(labelOf(id))) return;
    this.put(this.index, id, []);
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
   * The k nearest searchable photos to `vector` (float32 [D], L2-normalised), best first: each photo once, with
   * its best view's cosine similarity (less `opts.viewPenalty` for a view other than the main one) and that view.
   * `opts.allowed` restricts the answer (filters); it is applied after the search, with the graph asked for more
   * than k to make up for it, so fewer than k may come back. Photos changed since the graph's save are scored
   * exactly.
   */
  search(vector: Float32Array, k: number, opts: ViewSearchOptions = {}): PhotoNeighbour[] {
    this.refresh();
    const { allowed, mainViewsOnly = false, viewPenalty = 0 } = opts;
    const best = new Map<number, PhotoNeighbour>();
    const exact = new Set<number>(); // photos scored exactly from SQLite: their every view is in `best`
    const offer = (label: number, raw: number) => {
      const view = viewOf(label);
      if (mainViewsOnly && view !== 0) return;
      const score = view === 0 ? raw : raw - viewPenalty;
      const id = photoOf(label);
      const had = best.get(id);
      if (!had || score > had.score) best.set(id, { id, score, view });
    };
    const compact = this.index ? undefined : this.compact;
    const knownSeq = this.index?.seq ?? compact?.header.seq ?? -1;
    // Exact scores for everything the graph (or compact file) may not know (all of it, when there is neither).
    for (const { id, label, vector: v } of this.library.embeddings.labelVectors(this.model, knownSeq)) {
      if (allowed && !allowed(id)) continue;
      exact.add(id);
      offer(label, dot(vector, v));
    }
    // Each photo has up to VIEW_SLOTS labels: ask for enough labels to find k photos.
    if (compact) {
      if (!this.graphTimer) {
        this.graphTimer = setTimeout(() => void this.loadGraph(), GRAPH_AFTER_MS);
        this.graphTimer.unref(); // never keeps a finished process alive
      }
      // The int8 scan's shortlist, scored again exactly from SQLite.
      const shortlist = compact.shortlist(vector, k * 6 + 48, allowed && ((label) => allowed(photoOf(label)))).map((n) => n.id).filter((label) => !exact.has(photoOf(label)));
      for (const { label, vector: v } of this.library.embeddings.labelVectorsOf(this.model, shortlist)) offer(label, dot(vector, v));
    }
    if (this.index) {
      // Main views only: the other views' labels come back too and are dropped, so ask for more.
      const want = (allowed ? k * 12 + 96 : k * 2 + 32) * (mainViewsOnly ? 3 : 1);
      for (const hit of this.index.search(vector, want)) {
        const id = photoOf(hit.id);
        if (!exact.has(id) && (!allowed || allowed(id))) offer(hit.id, hit.score);
      }
    }
    const ranked = [...best.values()].sort((a, b) => b.score - a.score);
    // Exact hits come from searchable rows; graph hits may be stale (removed since the save).
    const searchable = this.library.photos.byIds(ranked.slice(0, k * 2 + 32).map((n) => n.id));
    const out: PhotoNeighbour[] = [];
    for (const n of ranked) {
      if (out.length >= k) break;
      const row = searchable.get(n.id) ?? this.library.photos.byId(n.id);
      if (row?.status === 'indexed') out.push(n);
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
