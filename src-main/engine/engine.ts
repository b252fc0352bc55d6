// The library engine: the one facade that the API service, the CLI and the Electron engine process
// call. It offers use cases (search, similar, photo details, folders, index, status, tags, albums,
// duplicates) over one library folder and keeps its collaborators (storage, vector index, model,
// searcher, tagger) private. Plain Node (no Electron). Refusals are DomainErrors with a code.
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ClipModel } from '../embed/clip-model.js';
import { describeChoice } from '../embed/execution-providers.js';
import { DomainError, notFound } from '../errors.js';
import { Indexer, type IndexProgress } from '../library/indexer.js';
import { PhotoImages, type ImageSize } from '../library/photo-images.js';
import type { ScanResult } from '../library/scanner.js';
import { FolderSync } from './folder-sync.js';
import { endRawPreviews } from '../embed/raw-preview.js';
import { StageClock, type StageTimes } from '../library/stage-times.js';
import { formatName, isPhotoPath } from '../library/photo-files.js';
import { findOnDisk, photoRowAt } from '../library/typed-path.js';
import { readModelFiles } from '../models/model-files.js';
import { modelLanguages, relevanceFloor, type ResolvedModel } from '../models/registry.js';
import { Searcher, toHit, type PhotoHit, type SearchOptions, type SearchResponse } from '../search/searcher.js';
import type { Album, AlbumSpec } from '../store/albums.js';
import { EmbeddingMatrix } from '../store/embedding-matrix.js';
import { openLibraryStore, type LibraryStore } from '../store/library.js';
import { ModelIndex } from '../store/model-index.js';
import type { Folder, PhotoRow, SearchFilters } from '../store/photos.js';
import type { PhotoTag, TagSummary } from '../store/tags.js';
import { Albums, type AlbumChanges, type AlbumSummary } from '../tags/albums.js';
import { DuplicateFinder, type DuplicateGroup, type PairEvidence } from '../tags/duplicates.js';
import type { PrepareOptions } from '../tags/label-embeddings.js';
import { Tagger, type TaughtResult } from '../tags/tagger.js';
import { parseVocabulary, promptingFor, type Vocabulary } from '../tags/vocabulary.js';
import { defaultModelsDir, expandHome, resolveCacheDir } from './library-path.js';
import { modelMissing, resolveModel } from './model-choice.js';
import { WriterLock } from './writer-lock.js';

export type { StageTimes };
export type { Album, AlbumChanges, AlbumSpec, AlbumSummary, DuplicateGroup, Folder, PairEvidence, ImageSize, IndexProgress, PhotoHit, PhotoRow, PhotoTag, SearchFilters, SearchOptions, SearchResponse, TagSummary, TaughtResult, Vocabulary };

export type { EngineEvents, EngineOptions, EngineStatus, FolderSummary, IndexPhase, LibrarySettings, PhotoInfo, SkippedGroup } from './engine-types.js';
import type { EngineEvents, EngineOptions, EngineStatus, FolderSummary, LibrarySettings, PhotoInfo } from './engine-types.js';

/** What a library opened with `mode: 'read'` offers: the reading use cases only. */
export type EngineReader = Pick<
  Engine,
  | 'libraryDir' | 'modelId' | 'canWrite' | 'lockHolder' | 'on' | 'off' | 'once' | 'close' | 'status' | 'search' | 'similar' | 'similarToFile'
  | 'latest' | 'photo' | 'photoAt' | 'indexedPhotoId' | 'hits' | 'photoJpeg' | 'photoPath' | 'cameras' | 'folders' | 'tags' | 'tagsOf'
  | 'photosWithTag' | 'tagExamples' | 'vocabulary' | 'albums' | 'album' | 'albumPhotos' | 'albumSummary' | 'duplicates' | 'indexInfo' | 'lastRunStages' | 'recentlyRemoved' | 'settings'
>;

export { BURST_QUIET_MS, OFFLINE_RECHECK_MS, RECENTLY_REMOVED_MS } from './folder-sync.js';
/** The cosine similarity from which a photo looks like another ("more like this" answers it as its floor). */
export { EXAMPLES_ONLY_THRESHOLD as SIMILAR_FLOOR } from '../tags/albums.js';

export class Engine extends EventEmitter<EngineEvents> {
  private readonly matrix: EmbeddingMatrix;
  private readonly searcher: Searcher;
  private readonly tagger: Tagger;
  private readonly albumBook: Albums;
  private readonly duplicateFinder: DuplicateFinder;
  private readonly images: PhotoImages;
  private readonly sync: FolderSync;
  private indexing: Promise<void> | undefined;
  private lastStages: StageTimes | null = null;
  private saving: Promise<void> | undefined;
  private searching = 0; // searches waiting for the text tower: label preparation lets them go first
  private rerun = false;
  private stopping = false;

  private constructor(
    readonly libraryDir: string,
    private readonly library: LibraryStore,
    private readonly model: ClipModel,
    private readonly modelInfo: ResolvedModel,
    private readonly index: ModelIndex,
    private readonly lock: WriterLock | undefined,
    readonly lockHolder: number | undefined,
    private readonly writable: boolean,
  ) {
    super();
    const floor = relevanceFloor(modelInfo);
    this.matrix = new EmbeddingMatrix(library, modelInfo.key, model.dim);
    // `tag:` names a tag in any of its vocabulary's languages (tag:빨강 is tag:red).
    this.searcher = new Searcher(library, model, modelInfo.key, index, floor, (name) => this.tagger.tagName(name));
    this.tagger = new Tagger(library, this.matrix, model, modelInfo.key, promptingFor(modelInfo.dir, modelLanguages(modelInfo)), floor);
    this.albumBook = new Albums(library.albums, this.searcher, this.matrix);
    this.duplicateFinder = new DuplicateFinder(library.duplicates, this.matrix, index, library.embeddings, modelInfo.key, writable);
    this.images = new PhotoImages(library.photos, libraryDir);
    this.sync = new FolderSync(library.photos, libraryDir, index, {
      indexQueue: () => this.processQueue(),
      changed: () => this.emit('changed'),
      error: (err) => this.emit('error', err),
      stopping: () => this.stopping,
    });
  }

  /**
   * Opens the library in `opts.libraryDir` (created when new) with its model.
   * @throws DomainError model_missing when the model is not downloaded and no `fetchModel` is
   *   given, not_found for an unknown model; Error when the database or model files are unusable
   */
  static async open(opts: EngineOptions & { mode: 'read' }): Promise<EngineReader>;
  static async open(opts: EngineOptions & { mode?: 'index' | 'edit' }): Promise<Engine>;
  static async open(opts: EngineOptions): Promise<EngineReader>; // a mode not known at compile time: the safe type
  static async open(opts: EngineOptions): Promise<Engine | EngineReader> {
    const libraryDir = resolve(opts.libraryDir);
    const mode = opts.mode ?? 'index';
    if (existsSync(libraryDir) && !statSync(libraryDir).isDirectory()) throw new DomainError('invalid_request', `the library must be a folder: ${libraryDir} is a file`);
    if (mode === 'read' && !existsSync(libraryDir)) {
      throw notFound(`there is no library in ${libraryDir} yet: add a folder first (\`photo-search folders add ~/Pictures\`)`);
    }
    if (mode !== 'read') mkdirSync(libraryDir, { recursive: true });
    // Read mode: nothing is created, migrated or written (the connection refuses writes), and the
    // EngineReader type offers no writing method; the cast is this class's own business.
    const library = (mode === 'read' ? openLibraryStore(libraryDir, { readOnly: true }) : openLibraryStore(libraryDir)) as LibraryStore;
    let lock: WriterLock | undefined;
    try {
      const modelsDir = opts.modelsDir ?? defaultModelsDir(libraryDir);
      const device = opts.device ?? 'auto';
      const request = { requested: opts.model, active: library.meta.activeModel(), embedded: (key: string) => library.embeddings.count(key), fallback: opts.defaultModel, modelsDir, precision: opts.precision };
      let info = resolveModel({ ...request, onGpu: device !== 'auto' && device !== 'cpu' });
      if (info.needsDownload) {
        if (!opts.fetchModel) throw modelMissing(info);
        await opts.fetchModel(info);
        // What arrived may include a faster precision, measured: `auto` decides again.
        info = resolveModel({ ...request, onGpu: device !== 'auto' && device !== 'cpu' });
      }
      const got = mode === 'index' ? WriterLock.acquire(libraryDir) : undefined;
      lock = got instanceof WriterLock ? got : undefined;
      const holder = got && !(got instanceof WriterLock) ? got.heldBy : undefined;
      const openIndex = async (dim: number) => {
        const index = new ModelIndex(library, libraryDir, info.key, dim, lock !== undefined);
        await index.open();
        return index;
      };
      // The saved graph loads on hnswlib's thread while the model loads on onnxruntime's, when the
      // model's config declares its embedding size (it is checked against the model's output).
      // (Not when `auto` may still change the precision, and with it the index, once the device is known.)
      const settled = !(info.precisionChosen && device === 'auto');
      const declared = settled ? declaredDim(info.dir) : undefined;
      const early = declared ? openIndex(declared) : undefined;
      early?.catch(() => undefined); // awaited below; a model failure must not leave it unhandled
      const cacheDir = join(resolveCacheDir(), 'onnx');
      let model = await ClipModel.load(info.dir, device, { cacheDir, precision: info.precision, shortLived: opts.shortLived });
      if (!settled && model.device.provider !== 'cpu') {
        // `auto` guessed the CPU and a GPU provider answered: its fastest precision may differ.
        const onGpu = resolveModel({ ...request, onGpu: true });
        if (onGpu.key !== info.key) {
          await model.release();
          info = onGpu;
          model = await ClipModel.load(info.dir, model.device.provider, { cacheDir, precision: info.precision, shortLived: opts.shortLived });
        }
      }
      const index = early && declared === model.dim ? await early : await openIndex(model.dim);
      return new Engine(libraryDir, library, model, info, index, lock, holder, mode !== 'read');
    } catch (err) {
      lock?.release();
      library.close();
      throw err;
    }
  }

  /** The model's id: a registry id, or the folder of a local model. */
  get modelId(): string {
    return this.modelInfo.key;
  }

  /** True when this process may index (it holds the library's writer lock). */
  get canWrite(): boolean {
    return this.lock !== undefined;
  }

  /** @throws DomainError read_only on a library opened for reading (a cast EngineReader) */
  private requireWritable(): void {
    if (!this.writable) throw new DomainError('read_only', 'this library is open for reading only');
  }

  private requireWriter(): void {
    this.requireWritable();
    if (!this.lock) {
      throw new DomainError('busy', `another process (pid ${this.lockHolder ?? '?'}) is indexing this library; searching still works`);
    }
  }

  // Search

  /** See Searcher.search: a query answered best first, cut at the relevance floor for text. */
  async search(query: string, opts: SearchOptions = {}): Promise<SearchResponse> {
    this.searching++;
    try {
      return await this.searcher.search(query, opts);
    } finally {
      this.searching--;
    }
  }

  /** Resolves when no search waits for the text tower (polled every 10 ms). */
  private async searchesDone(): Promise<void> {
    while (this.searching > 0) await new Promise((r) => setTimeout(r, 10));
  }

  /**
   * Photos that look like photo `id` (itself excluded), most similar first.
   * @throws DomainError not_found when the photo is not in the index
   */
  similar(id: number, opts: { limit?: number; filters?: SearchFilters } = {}): PhotoHit[] {
    return this.searcher.similar(id, opts.limit ?? 50, opts.filters);
  }

  /**
   * Photos that look like the image file at `path`: a library photo's stored embedding, else the
   * file embedded now. The file itself is left out. For the CLI, whose user owns the files.
   * @throws DomainError invalid_request when the file cannot be read as a photo
   */
  async similarToFile(path: string, opts: { limit?: number; filters?: SearchFilters } = {}): Promise<PhotoHit[]> {
    const limit = opts.limit ?? 50;
    const known = photoRowAt(this.library.photos, path); // typed in either Unicode form (library/typed-path.ts)
    if (known && this.searcher.photoEmbedding(known.id)) return this.searcher.similar(known.id, limit, opts.filters);
    const file = findOnDisk(path);
    if (file === undefined) throw notFound(`no such file: ${path}`);
    if (!statSync(file).isFile() || !isPhotoPath(file)) throw new DomainError('unsupported_file', `not a photo: ${path}`);
    const vector = await this.searcher.queryVector([{ kind: 'file', value: file, weight: 1 }]);
    return this.searcher.nearestHits(vector, limit + 1, opts.filters).filter((h) => h.path !== file).slice(0, limit);
  }

  /** The newest photos (date taken, else file time) that the filters allow. */
  latest(opts: { limit?: number; filters?: SearchFilters } = {}): PhotoHit[] {
    return this.searcher.latest(opts.limit ?? 200, opts.filters);
  }

  /** Scored photo ids as hits, in the given order; ids no longer in the library are left out. */
  hits(scored: readonly { id: number; score: number }[]): PhotoHit[] {
    return this.searcher.hydrate(scored);
  }

  // Photos

  /**
   * Everything the photo view shows about photo `id`.
   * @throws DomainError not_found
   */
  photo(id: number): PhotoInfo {
    const row = this.library.photos.byId(id);
    if (!row) throw notFound(`no photo ${id} in the library`);
    const folder = this.library.photos.folders().find((f) => f.id === row.folder_id);
    return {
      ...toHit(row, 1),
      folder: folder?.path ?? '',
      size: row.size,
      format: formatName(row.path),
      modifiedAt: row.mtime_ms,
      status: row.status,
      error: row.error,
      tags: this.tagger.tagsOf(row.id),
    };
  }

  /**
   * The library's record of the file at `path` (absolute, relative to the working folder or `~/`), if any, typed in
   * either Unicode form (library/typed-path.ts).
   */
  photoAt(path: string): PhotoRow | undefined {
    return photoRowAt(this.library.photos, path);
  }

  /**
   * The id of the searchable photo at `path` (as photoAt reads it), for the commands that name photos by file.
   * @throws DomainError not_found saying which file and why it is not one: no such file, not in the library, not
   *   indexed (yet, or it failed), recently removed
   */
  indexedPhotoId(path: string): number {
    const row = photoRowAt(this.library.photos, path);
    if (row?.status === 'indexed') return row.id;
    const why = !row
      ? findOnDisk(path) === undefined ? 'there is no such file' : 'it is not in this library (add its folder first)'
      : row.status === 'pending' ? 'it is not indexed yet (run index)'
        : row.status === 'failed' ? `it could not be indexed${row.error ? `: ${row.error}` : ''}`
          : 'it was removed from the library';
    throw notFound(`${path} is not an indexed photo of this library: ${why}`);
  }

  /** See PhotoImages.jpeg. @throws DomainError not_found, unsupported_file */
  photoJpeg(id: number, size: ImageSize): Promise<Buffer> {
    return this.images.jpeg(id, size);
  }

  /** The file of a library photo, for reveal and open. @throws DomainError not_found */
  photoPath(id: number): string {
    return this.images.pathOf(id);
  }

  /** Camera names of searchable photos, sorted. */
  cameras(): string[] {
    return this.library.photos.cameras();
  }

  // Folders

  /** The library's folders (not those the user removed), each with its state. */
  folders(): FolderSummary[] {
    const counts = this.library.photos.folderCounts();
    return this.library.photos.folders().map((f) => ({
      path: f.path, photos: counts.get(f.id) ?? 0, state: f.state, reason: f.state_reason, since: f.state_since,
    }));
  }

  /**
   * Adds a folder (by its real path) and follows it when watching. Index it with indexAll().
   * @throws DomainError not_found when it does not exist, invalid_request when it is not a folder
   */
  addFolder(path: string): Folder {
    this.requireWritable();
    let real: string | undefined;
    // As typed (composed, NFC), else as macOS wrote it (decomposed, NFD), else composed: the same folder name in
    // either Unicode form is one folder to a person, though not to a Linux file system.
    for (const form of [path, path.normalize('NFD'), path.normalize('NFC')]) {
      try {
        real = realpathSync(resolve(expandHome(form)));
        break;
      } catch {
        // the next form
      }
    }
    if (real === undefined) throw notFound(`folder not found: ${path}`);
    if (!statSync(real).isDirectory()) throw new DomainError('invalid_request', `not a folder: ${path}`);
    const folder = this.library.photos.addFolder(real);
    this.sync.follow(folder);
    this.emit('changed');
    return folder;
  }

  /**
   * Removes a folder from the library (the files stay): its photos become recently removed (RECENTLY_REMOVED_MS),
   * their tags and albums kept, so that adding it again brings them back. False when it is not a library folder.
   */
  async removeFolder(path: string): Promise<boolean> {
    this.requireWritable();
    const target = resolve(expandHome(path));
    // Named as typed (NFC) for a folder a Mac stored decomposed (NFD): the same folder.
    const folder = this.library.photos.folders().find((f) => f.path === target || f.path === safeRealpath(target) || f.path.normalize('NFC') === target.normalize('NFC'));
    if (!folder) return false;
    await this.sync.unfollow(folder.id);
    // Its photos are recently removed, not deleted: adding the folder again brings them back.
    for (const id of this.library.photos.removeFolder(folder.path) ?? []) this.index.remove(id);
    this.index.flush();
    this.emit('changed');
    return true;
  }

  // Indexing

  /**
   * Reconciles every folder with the disk (new, changed, vanished files; folders offline or back; sub-folders that
   * cannot be read) without indexing; returns the counts and the folders found offline or unreadable.
   */
  async scan(): Promise<ScanResult> {
    this.requireWritable();
    return this.sync.scanAll();
  }

  /**
   * Scans, then indexes everything waiting. Resolves when the library is up to date.
   * @throws DomainError busy when another process indexes this library
   */
  async indexAll(): Promise<void> {
    this.requireWriter();
    this.emit('progress', { phase: 'scanning', done: 0, total: 0, failed: 0, ratePerSecond: 0, etaSeconds: null });
    await this.scan();
    await this.processQueue();
  }

  /** The library's settings. */
  settings(): LibrarySettings {
    return { wholeFrame: this.library.meta.wholeFrame() };
  }

  /**
   * Changes the library's settings. Turning whole-frame views on makes every photo indexed without them wait for
   * them (`status().counts.waiting`): the next indexing run (indexAll) embeds their views while search goes on;
   * turning them off keeps the views computed.
   * @throws DomainError read_only on a library opened for reading
   */
  updateSettings(change: Partial<LibrarySettings>): LibrarySettings {
    this.requireWritable();
    if (change.wholeFrame !== undefined && change.wholeFrame !== this.library.meta.wholeFrame()) {
      this.library.meta.setWholeFrame(change.wholeFrame);
      this.emit('changed');
    }
    return this.settings();
  }

  /**
   * One indexer run: main views only (`views` false), or the other views too (embed/photo-views.ts), for the
   * photos that lack them. Then the vector index is saved, with the compact file a new process answers from.
   */
  private async indexPass(views: boolean, clock: StageClock): Promise<void> {
    const indexer = new Indexer(this.library.photos, this.library.embeddings, this.library.duplicates, this.model, this.modelInfo.key);
    const run = await indexer.run({
      onProgress: (p) => this.emit('progress', { phase: views ? 'views' : 'indexing', ...p }),
      views,
      onIndexed: (id, vectors) => this.index.add(id, vectors),
      onRemoved: (id) => this.index.remove(id),
      // The views pass gives way to photos that arrive meanwhile (the loop indexes them first).
      shouldStop: () => this.stopping || (views && this.rerun),
      clock,
    });
    // Files that vanished while waiting: their folder decides (offline: kept; online: removed).
    if (run.vanished.length && !this.stopping) await this.sync.rescan(new Set(run.vanished.map((r) => r.folder_id)));
    this.index.flush();
    if (!views && this.library.photos.countWorkFor(this.modelInfo.key) === 0) this.library.meta.setActiveModel(this.modelInfo.key);
    if (!this.stopping) {
      // Before the (long, interruptible) tags: a new process's first answer reads this file.
      const matrix = this.matrix.refresh();
      this.index.saveVectorFile(matrix, matrix.seq);
    }
  }

  /** Loads the image tower now (a search needs only the text tower): start-up cost, not indexing time. */
  async warmUp(): Promise<void> {
    await this.model.ensureVision();
  }

  /** Runs the indexer until nothing waits; concurrent calls join the run in progress. */
  private processQueue(): Promise<void> {
    if (this.indexing) {
      this.rerun = true;
      return this.indexing;
    }
    this.indexing = (async () => {
      await this.model.ensureVision(); // a broken image model fails here, before any photo is touched
      // A library's first model is its active one from the start: an interrupted first index must
      // not leave later commands looking for photos under another model.
      if (!this.library.meta.activeModel()) this.library.meta.setActiveModel(this.modelInfo.key);
      const clock = new StageClock();
      do {
        this.rerun = false;
        this.sync.dropMissing();
        // First every waiting photo's main view, so that photos are searchable soonest; then, with whole-frame
        // views on, their other views (about twice the inferences again: bench/README.md), giving way to new
        // photos; then the tags.
        await this.indexPass(false, clock);
        if (!this.stopping && this.library.meta.wholeFrame()) await this.indexPass(true, clock);
        // Duplicates as photos arrive: one nearest-neighbour query per new (or changed) photo.
        if (!this.stopping) await clock.timeAsync('duplicates', () => this.duplicateFinder.refresh({ shouldStop: () => this.stopping || this.rerun, turn: () => this.searchesDone() }));
        // The photos are searchable now; tags come after, in steps that give way to searches and
        // stop (to resume after this loop indexes them) when new photos arrive.
        // Tags need only the text tower: the image tower's memory goes back meanwhile (it reloads in
        // about a second when photos arrive), so that the indexer's peak is one tower's, not both.
        if (!this.stopping) await this.model.releaseVision();
        if (!this.stopping) await clock.timeAsync('tagging', () => this.tagger.tagPending(this.tagProgress(() => this.stopping || this.rerun)));
      } while (this.rerun && !this.stopping);
      this.lastStages = clock.snapshot();
      // Idle now: leave an optimised text tower for the next process's first search (once per model).
      if (!this.stopping) this.saving ??= this.model.saveOptimised();
      this.emit('progress', { phase: 'idle', done: 0, total: 0, failed: 0, ratePerSecond: 0, etaSeconds: null });
      this.emit('changed');
    })().finally(() => {
      this.indexing = undefined;
    });
    return this.indexing;
  }

  /** Label preparation's options: progress as `tagging` events, searches first, stop when told. */
  private tagProgress(shouldStop: () => boolean): PrepareOptions {
    const started = Date.now();
    let first = -1;
    return {
      onProgress: (done, total) => {
        if (first < 0) first = done;
        const seconds = (Date.now() - started) / 1000;
        const rate = seconds > 0 ? (done - first) / seconds : 0;
        this.emit('progress', { phase: 'tagging', done, total, failed: 0, ratePerSecond: rate, etaSeconds: rate > 0 ? (total - done) / rate : null });
      },
      shouldStop,
      turn: () => this.searchesDone(),
    };
  }

  /** Busy ms per indexing stage in the last indexing run, and its wall-clock ms; null before one. */
  lastRunStages(): StageTimes | null {
    return this.lastStages;
  }

  /**
   * Follows every folder for changes until `close()`. Call after `indexAll()`.
   * @throws DomainError busy when another process indexes this library
   */
  async watch(): Promise<void> {
    this.requireWriter();
    await this.sync.watch();
  }

  /** The recently removed photos (gone from their folder, kept until purged): paths and when they went, newest first. */
  recentlyRemoved(): { id: number; path: string; removedAt: number }[] {
    return this.library.photos.recentlyRemoved();
  }

  /** Deletes every recently removed photo now, with its tags and verdicts; returns how many. */
  emptyRecentlyRemoved(): number {
    this.requireWritable();
    const n = this.library.photos.purgeMissing(0).length;
    this.emit('changed');
    return n;
  }

  status(): EngineStatus {
    const choice = this.model.device;
    return {
      library: this.libraryDir,
      model: {
        id: this.modelInfo.key,
        name: this.modelInfo.id,
        title: `${this.modelInfo.entry?.title ?? this.modelInfo.id} (${this.modelInfo.precision})`,
        precision: this.modelInfo.precision,
        dir: this.modelInfo.dir,
        dim: this.model.dim,
        active: this.library.meta.activeModel(),
        languages: modelLanguages(this.modelInfo),
      },
      device: {
        requested: choice.requested,
        provider: choice.provider,
        gpu: choice.provider !== 'cpu',
        description: describeChoice(choice),
        fallbacks: choice.fallbacks,
      },
      counts: {
        ...this.library.photos.counts(),
        waiting: this.library.photos.countWorkFor(this.modelInfo.key, this.library.meta.wholeFrame()),
        unavailable: [...this.library.photos.unavailableCounts().values()].reduce((a, b) => a + b, 0),
      },
      indexed: this.index.size,
      failures: this.library.photos.failures(),
      folders: this.library.photos.folders().map((f) => f.path),
      folderStates: this.folders(),
      skipped: this.library.photos.skippedSummary(),
      writer: this.canWrite,
      indexedBy: this.lockHolder ?? null,
      settings: this.settings(),
      tags: this.tagger.progress(),
    };
  }

  /** The vector index's state: photos searchable, and how many the HNSW graph in memory holds. */
  indexInfo(): { searchable: number; graphSize: number; rebuilding: boolean } {
    return { searchable: this.index.size, graphSize: this.index.graphSize, rebuilding: this.index.isRebuilding };
  }

  // Tags

  tags(): TagSummary[] {
    return this.tagger.list();
  }

  tagsOf(photoId: number): PhotoTag[] {
    return this.tagger.tagsOf(photoId);
  }

  /** Searchable photos with tag `name`, best score first. @throws DomainError not_found */
  photosWithTag(name: string, limit = 10_000): { id: number; score: number; confidence: 'likely' | 'possible' }[] {
    return this.tagger.photos(name, limit);
  }

  vocabulary(): Vocabulary {
    return this.tagger.vocabulary();
  }

  /**
   * Replaces the auto-tag vocabulary with `text` (one label per line, "label: synonym, ..."), or
   * with `extend` adds it to the current one; without text, keeps the vocabulary. Every photo whose
   * auto-tags came from another vocabulary (or none) is tagged. Returns the vocabulary's size and
   * how many photos were tagged.
   * @throws DomainError invalid_request for malformed vocabulary text
   */
  async setVocabulary(text?: string, opts: { extend?: boolean } = {}): Promise<{ labels: number; tagged: number }> {
    this.requireWritable();
    const current = this.tagger.vocabulary();
    const vocabulary = text === undefined ? current : parseVocabulary(opts.extend ? `${current.text}\n${text}` : text);
    const tagged = await this.tagger.setVocabulary(vocabulary, this.tagProgress(() => this.stopping));
    this.emit('progress', { phase: 'idle', done: 0, total: 0, failed: 0, ratePerSecond: 0, etaSeconds: null });
    this.emit('changed');
    return { labels: vocabulary.labels.length, tagged };
  }

  /** See Tagger.teach. @throws DomainError invalid_request, not_found */
  teach(name: string, yes: readonly number[], no: readonly number[] = []): TaughtResult {
    this.requireWritable();
    const r = this.tagger.teach(name, yes, no);
    this.emit('changed');
    return r;
  }

  /** See Tagger.examples: what teaching `name` again starts from. @throws DomainError invalid_request */
  tagExamples(name: string): { kind: 'auto' | 'taught' | null; yes: number[]; no: number[] } {
    return this.tagger.examples(name);
  }

  /** See Tagger.tagByHand: "Tag…" on a selection. @throws DomainError invalid_request, not_found */
  tagPhotos(name: string, ids: readonly number[]): { name: string; learns: boolean; photos: number } {
    this.requireWritable();
    const r = this.tagger.tagByHand(name, ids);
    this.emit('changed');
    return r;
  }

  /** The person says photo `photoId` does not show `name`; it stays removed. @throws DomainError not_found */
  removeTag(photoId: number, name: string): void {
    this.requireWritable();
    this.tagger.removeTag(photoId, name);
    this.emit('changed');
  }

  /** Deletes a taught tag. @throws DomainError not_found, invalid_request for a vocabulary tag */
  forgetTag(name: string): void {
    this.requireWritable();
    this.tagger.forget(name);
    this.emit('changed');
  }

  // Albums

  albums(): Album[] {
    return this.albumBook.list();
  }

  /** @throws DomainError not_found */
  album(name: string): Album {
    return this.albumBook.get(name);
  }

  /** See Albums.create. @throws DomainError invalid_request */
  createAlbum(spec: AlbumSpec): Album {
    this.requireWritable();
    const album = this.albumBook.create(spec);
    this.emit('changed');
    return album;
  }

  /** @throws DomainError not_found */
  deleteAlbum(name: string): void {
    this.requireWritable();
    this.albumBook.delete(name);
    this.emit('changed');
  }

  /** The album's photos now, best first (cosine similarity). @throws DomainError not_found */
  albumPhotos(name: string, limit = 10_000): Promise<{ id: number; score: number }[]> {
    return this.albumBook.photos(name, limit);
  }

  /** How many photos the album holds now, and its cover. @throws DomainError not_found */
  albumSummary(name: string): Promise<AlbumSummary> {
    return this.albumBook.summary(name);
  }

  /** Renames or edits an album; see Albums.update. @throws DomainError not_found, invalid_request */
  updateAlbum(name: string, changes: AlbumChanges): Album {
    this.requireWritable();
    const album = this.albumBook.update(name, changes);
    this.emit('changed');
    return album;
  }

  /** Adds photos to an album by hand (kept whatever they score). @throws DomainError not_found */
  addToAlbum(name: string, ids: readonly number[]): Album {
    this.requireWritable();
    const album = this.albumBook.addPhotos(name, ids);
    this.emit('changed');
    return album;
  }

  /** Removes photos from an album by hand (kept out however well they match). @throws DomainError not_found */
  removeFromAlbum(name: string, ids: readonly number[]): Album {
    this.requireWritable();
    const album = this.albumBook.removePhotos(name, ids);
    this.emit('changed');
    return album;
  }

  /** Chooses an album's cover (a photo in it); null: the best match. @throws DomainError not_found, invalid_request */
  async setAlbumCover(name: string, id: number | null): Promise<Album> {
    this.requireWritable();
    const album = await this.albumBook.setCover(name, id);
    this.emit('changed');
    return album;
  }

  // Duplicates

  /**
   * Groups of copies (the same picture resized, re-encoded, its metadata edited) and of similar shots (bursts and
   * retakes), with their evidence (tags/duplicates.ts). `minSimilarity`: leave out pairs whose main views are less
   * similar (cosine). New photos are checked first, one nearest-neighbour query each.
   */
  async duplicates(minSimilarity?: number): Promise<DuplicateGroup[]> {
    // A file deleted or moved since the last scan (a process without a watcher) is not offered for tidying: the
    // groups are rebuilt from the pairs whose both files are still there.
    return this.duplicateFinder.groups(minSimilarity, (f) => existsSync(f.path));
  }

  /**
   * "Not duplicates": these photos are never grouped with each other again (kept by content).
   * @throws DomainError read_only
   */
  dismissDuplicates(ids: readonly number[]): void {
    this.requireWritable();
    this.duplicateFinder.dismiss(ids);
    this.emit('changed');
  }

  async close(): Promise<void> {
    this.stopping = true;
    await this.sync.close();
    await this.indexing?.catch(() => undefined);
    await this.saving;
    this.index.close();
    this.lock?.release();
    await this.model.release();
    await endRawPreviews();
    this.library.close();
  }
}

/** The embedding size the model folder's config declares, if it does. */
function declaredDim(dir: string): number | undefined {
  try {
    return readModelFiles(dir).embedDim; // the configs are the same at every precision
  } catch {
    return undefined; // ClipModel.load reports what is wrong with the folder
  }
}

function safeRealpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
