// The library engine: folders, indexing, watching and search over one library folder. Plain
// Node (no Electron), so the desktop app, the web mode and the CLI all drive this same class.
import { EventEmitter } from 'node:events';
import { mkdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ClipModel } from '../embed/clip-model.js';
import { describeChoice, type Device } from '../embed/execution-providers.js';
import { Indexer, type IndexProgress } from '../library/indexer.js';
import { scanFolder, type ScanResult } from '../library/scanner.js';
import { LibraryWatcher } from '../library/watcher.js';
import { BUNDLED_MODEL, relevanceFloor, resolveModel, type ResolvedModel } from '../models/registry.js';
import { getMeta, openDatabase, setMeta, type Db } from '../store/database.js';
import { ModelIndex } from '../store/model-index.js';
import { PhotoStore, type Folder } from '../store/photos.js';
import { Searcher } from '../search/searcher.js';
import { Albums } from '../tags/albums.js';
import { findDuplicates, type DuplicateGroup } from '../tags/duplicates.js';
import { Tagger } from '../tags/tagger.js';
import { templatesFor } from '../tags/vocabulary.js';
import { WriterLock } from './writer-lock.js';

export interface EngineOptions {
  libraryDir: string;
  model?: string; // registry id or folder; default: the library's active model, else tiny-clip
  device?: Device;
  modelsDir?: string; // where downloaded models live; default <library>/models
  /** Search only: never take the writer lock (a second process beside an indexer). */
  readOnly?: boolean;
}

export interface EngineEvents {
  progress: [IndexProgress & { phase: 'scanning' | 'indexing' | 'idle' }];
  changed: [];
  error: [Error];
}

export interface EngineStatus {
  library: string;
  model: { id: string; title: string; dir: string; dim: number; active: string | null };
  device: { requested: Device; provider: string; gpu: boolean; description: string; fallbacks: string[] };
  counts: { pending: number; indexed: number; failed: number; missing: number; waiting: number };
  indexed: number; // searchable photos for this model
  failures: { path: string; error: string }[];
  folders: string[];
  writer: boolean; // this process indexes; false when another process holds the lock
  indexedBy: number | null; // pid of the other process that indexes
}

/** How long a vanished photo waits for its file to reappear elsewhere (a move) before it is dropped. */
export const MISSING_GRACE_MS = 10_000;

export class Engine extends EventEmitter<EngineEvents> {
  readonly store: PhotoStore;
  readonly searcher: Searcher;
  readonly tagger: Tagger;
  readonly albums: Albums;
  private watcher: LibraryWatcher | undefined;
  private indexing: Promise<void> | undefined;
  private rerun = false;
  private stopping = false;
  private purgeTimer: NodeJS.Timeout | undefined;

  private constructor(
    readonly libraryDir: string,
    readonly db: Db,
    readonly model: ClipModel,
    readonly modelInfo: ResolvedModel,
    readonly index: ModelIndex,
    private readonly lock: WriterLock | undefined,
    readonly lockHolder: number | undefined,
  ) {
    super();
    this.store = new PhotoStore(db);
    this.searcher = new Searcher(this.store, model, modelInfo.id, index, relevanceFloor(modelInfo));
    this.tagger = new Tagger(db, this.store, model, modelInfo.id, templatesFor(modelInfo.dir), relevanceFloor(modelInfo));
    this.albums = new Albums(db, this.searcher, this.tagger.matrix);
  }

  /** Groups of photos that are the same picture (copies, resized, re-encoded, bursts). */
  duplicates(threshold?: number): DuplicateGroup[] {
    return findDuplicates(this.db, this.tagger.matrix, this.index, threshold);
  }

  static async open(opts: EngineOptions): Promise<Engine> {
    const libraryDir = resolve(opts.libraryDir);
    mkdirSync(libraryDir, { recursive: true });
    const dbPath = join(libraryDir, 'library.sqlite3');
    const db = openDatabase(dbPath);
    try {
      const spec = opts.model ?? getMeta(db, 'active_model') ?? BUNDLED_MODEL;
      const info = resolveModel(spec, opts.modelsDir ?? join(libraryDir, 'models'));
      if (info.needsDownload) {
        throw new Error(`model ${info.id} is not downloaded yet: run \`photo-search models download ${info.id}\``);
      }
      const model = await ClipModel.load(info.dir, opts.device ?? 'auto');
      const got = opts.readOnly ? undefined : WriterLock.acquire(libraryDir);
      const lock = got instanceof WriterLock ? got : undefined;
      const holder = got && !(got instanceof WriterLock) ? got.heldBy : undefined;
      const index = new ModelIndex(new PhotoStore(db), dbPath, libraryDir, info.id, model.dim, lock !== undefined);
      await index.open();
      return new Engine(libraryDir, db, model, info, index, lock, holder);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  /** True when this process may index (it holds the library's writer lock). */
  get canWrite(): boolean {
    return this.lock !== undefined;
  }

  private requireWriter(): void {
    if (!this.lock) {
      throw new Error(`another process (pid ${this.lockHolder ?? '?'}) is indexing this library; searching still works`);
    }
  }

  // Folders

  addFolder(path: string): Folder {
    let real: string;
    try {
      real = realpathSync(resolve(path));
    } catch {
      throw new Error(`folder not found: ${path}`);
    }
    if (!statSync(real).isDirectory()) throw new Error(`not a folder: ${path}`);
    const folder = this.store.addFolder(real);
    void this.watcher?.add(folder);
    return folder;
  }

  async removeFolder(path: string): Promise<boolean> {
    const target = resolve(path);
    const folder = this.store.folders().find((f) => f.path === target || f.path === safeRealpath(target));
    if (!folder) return false;
    await this.watcher?.remove(folder.id);
    const ids = [...this.store.folderSnapshot(folder.id).values()].map((r) => r.id);
    this.store.removeFolder(folder.path);
    for (const id of ids) this.index.remove(id);
    this.emit('changed');
    return true;
  }

  folders(): Folder[] {
    return this.store.folders();
  }

  // Indexing

  /** Reconciles every folder with the disk (new, changed, vanished files). */
  async scan(): Promise<ScanResult> {
    const total: ScanResult = { seen: 0, added: 0, changed: 0, missing: 0 };
    for (const folder of this.store.folders()) {
      const r = await scanFolder(this.store, folder, this.libraryDir);
      total.seen += r.seen;
      total.added += r.added;
      total.changed += r.changed;
      total.missing += r.missing;
    }
    return total;
  }

  /** Scans, then indexes everything waiting. Resolves when the library is up to date. */
  async indexAll(): Promise<void> {
    this.requireWriter();
    this.emit('progress', { phase: 'scanning', done: 0, total: 0, failed: 0, ratePerSecond: 0, etaSeconds: null });
    await this.scan();
    await this.processQueue();
  }

  /** Runs the indexer until nothing waits; concurrent calls join the run in progress. */
  processQueue(): Promise<void> {
    if (this.indexing) {
      this.rerun = true;
      return this.indexing;
    }
    this.indexing = (async () => {
      await this.model.ensureVision(); // a broken image model fails here, before any photo is touched
      do {
        this.rerun = false;
        this.dropMissing(MISSING_GRACE_MS);
        const indexer = new Indexer(this.store, this.model, this.modelInfo.id);
        await indexer.run({
          onProgress: (p) => this.emit('progress', { phase: 'indexing', ...p }),
          onIndexed: (id, vector) => this.index.add(id, vector),
          onRemoved: (id) => this.index.remove(id),
          shouldStop: () => this.stopping,
        });
      } while (this.rerun && !this.stopping);
      this.index.flush();
      if (!this.stopping) await this.tagger.tagPending(); // new photos get their tags as they are indexed
      if (this.store.countWorkFor(this.modelInfo.id) === 0) setMeta(this.db, 'active_model', this.modelInfo.id);
      this.emit('progress', { phase: 'idle', done: 0, total: 0, failed: 0, ratePerSecond: 0, etaSeconds: null });
      this.emit('changed');
    })().finally(() => {
      this.indexing = undefined;
    });
    return this.indexing;
  }

  /** Photos missing longer than the grace period are deleted and leave the index. */
  private dropMissing(graceMs: number): void {
    const gone = this.store.purgeMissing(graceMs);
    for (const id of gone) this.index.remove(id);
    const stillMissing = this.db.prepare("SELECT id FROM photos WHERE status = 'missing'").pluck().all() as number[];
    for (const id of stillMissing) this.index.remove(id);
    if (gone.length || stillMissing.length) this.index.flush();
  }

  /** Follows every folder for changes until `close()`. Call after `indexAll()`. */
  async watch(): Promise<void> {
    this.requireWriter();
    if (this.watcher) return;
    this.watcher = new LibraryWatcher(this.store, {
      libraryDir: this.libraryDir,
      onChanges: () => {
        this.dropMissing(MISSING_GRACE_MS);
        this.schedulePurge();
        void this.processQueue().catch((err: Error) => this.emit('error', err));
      },
      onError: (err) => this.emit('error', err),
    });
    await Promise.all(this.store.folders().map((f) => this.watcher!.add(f)));
  }

  /** A vanished photo is dropped once its grace period ends, even if nothing else happens. */
  private schedulePurge(): void {
    clearTimeout(this.purgeTimer);
    this.purgeTimer = setTimeout(() => {
      this.dropMissing(MISSING_GRACE_MS);
      this.emit('changed');
    }, MISSING_GRACE_MS + 500);
  }

  status(): EngineStatus {
    const choice = this.model.device;
    return {
      library: this.libraryDir,
      model: {
        id: this.modelInfo.id,
        title: this.modelInfo.entry?.title ?? this.modelInfo.id,
        dir: this.modelInfo.dir,
        dim: this.model.dim,
        active: getMeta(this.db, 'active_model') ?? null,
      },
      device: {
        requested: choice.requested,
        provider: choice.provider,
        gpu: choice.provider !== 'cpu',
        description: describeChoice(choice),
        fallbacks: choice.fallbacks,
      },
      counts: { ...this.store.counts(), waiting: this.store.countWorkFor(this.modelInfo.id) },
      indexed: this.index.size,
      failures: this.store.failures(),
      folders: this.store.folders().map((f) => f.path),
      writer: this.canWrite,
      indexedBy: this.lockHolder ?? null,
    };
  }

  get deviceDescription(): string {
    return describeChoice(this.model.device);
  }

  async close(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.purgeTimer);
    await this.watcher?.close();
    await this.indexing?.catch(() => undefined);
    this.index.close();
    this.lock?.release();
    await this.model.release();
    this.db.close();
  }
}

function safeRealpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
