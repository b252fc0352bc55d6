// The API behind the UI: every call from the Electron bridge or the web mode comes through
// `call()`, which checks the arguments against src-shared/api-schemas.ts, runs the method on the
// engine and answers a result object. It never throws: a malformed call is an `invalid_request`
// result, an engine failure a `failed` one, and the engine keeps serving.
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { ZodError } from 'zod';
import { API_SCHEMAS, type ApiMethod, type ApiParams } from '../../src-shared/api-schemas.js';
import type {
  ApiError, ApiErrorCode, ApiEvent, ApiResult, ApiResults, DownloadState, FolderInfo, IndexProgress, PhotoDetails,
  StatusInfo,
} from '../../src-shared/api.js';
import type { Device } from '../embed/execution-providers.js';
import { Engine } from '../engine/engine.js';
import { downloadModel } from '../models/download.js';
import { BUNDLED_MODEL, findModel, MODELS, resolveModel } from '../models/registry.js';
import { QueryError } from '../search/query.js';
import { toHit, type SearchFilters } from '../search/searcher.js';
import { AlbumError } from '../tags/albums.js';
import { TagError } from '../tags/tagger.js';
import { ApiFailure } from './api-failure.js';
import { fromEngineHit } from './photo-hits.js';
import { PhotoImages, PhotoNotFound, type ImageSize } from './photo-images.js';
import { tagHandlers } from './tag-handlers.js';

export interface ServiceOptions {
  libraryDir: string;
  model?: string; // default: the library's active model, else `defaultModel`
  defaultModel?: string; // for a new library; downloaded first when needed (desktop: clip-vit-b-32)
  device?: Device;
  modelsDir?: string;
  hubUrl?: string;
  desktop?: boolean; // reveal/open/choose are answered by the Electron main process
  watch?: boolean; // follow the folders for changes (default true)
}

export { ApiFailure };

type Handlers = { [M in ApiMethod]: (params: never) => Promise<ApiResults[M]> | ApiResults[M] };

export class ApiService {
  private engine: Engine | undefined;
  private images: PhotoImages | undefined;
  private opening: Promise<void> | undefined;
  private progress: IndexProgress | null = null;
  private download: DownloadState | null = null;
  private downloadAbort: AbortController | undefined;
  private readonly events = new EventEmitter<{ event: [ApiEvent] }>();
  private readonly modelsDir: string;
  private closed = false;
  private openError: string | null = null;
  private pendingModel: string | undefined;
  private readonly runs = new Set<Promise<void>>();

  constructor(private readonly opts: ServiceOptions) {
    this.modelsDir = opts.modelsDir ?? join(opts.libraryDir, 'models');
  }

  /** Opens the library (downloading its model first when needed), then indexes and watches. */
  start(): Promise<void> {
    return this.openModel(this.opts.model);
  }

  private openModel(model: string | undefined): Promise<void> {
    this.openError = null;
    this.opening ??= this.open(model)
      .catch((err: Error) => {
        this.openError = err.message;
        this.emit({ type: 'changed' });
        throw err;
      })
      .finally(() => (this.opening = undefined));
    return this.opening;
  }

  onEvent(listener: (event: ApiEvent) => void): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  private emit(event: ApiEvent): void {
    this.events.emit('event', event);
  }

  /** Runs one API call. Arguments come from outside the process: nothing about them is trusted. */
  call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>>;
  call(method: unknown, params: unknown): Promise<ApiResult<ApiMethod>>;
  async call(method: unknown, params: unknown): Promise<ApiResult<ApiMethod>> {
    if (typeof method !== 'string' || !Object.hasOwn(API_SCHEMAS, method)) {
      return fail('invalid_request', `unknown method ${typeof method === 'string' ? JSON.stringify(method.slice(0, 60)) : `(${typeof method})`}`);
    }
    const m = method as ApiMethod;
    const parsed = API_SCHEMAS[m].safeParse(params ?? {});
    if (!parsed.success) return fail('invalid_request', `${m}: ${describeZodError(parsed.error)}`);
    try {
      const handler = this.handlers[m] as (p: unknown) => unknown;
      return { ok: true, value: (await handler(parsed.data)) as ApiResults[ApiMethod] };
    } catch (err) {
      return { ok: false, error: toApiError(err) };
    }
  }

  /** JPEG bytes of a library photo, for the `photo:` protocol and web mode's /photos/. */
  async photoJpeg(id: number, size: ImageSize): Promise<Buffer> {
    return this.ready().images.jpeg(id, size);
  }

  /** The file behind a library photo, for the desktop's reveal and open. */
  photoPath(id: number): string {
    return this.ready().images.pathOf(id);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.downloadAbort?.abort();
    await this.opening?.catch(() => undefined);
    await this.engine?.close();
    this.engine = undefined;
  }

  // The engine

  private ready(): { engine: Engine; images: PhotoImages } {
    if (this.engine && this.images) return { engine: this.engine, images: this.images };
    if (this.download?.state === 'running') {
      const mb = (n: number) => Math.round(n / 1e6);
      throw new ApiFailure('busy', `Downloading the model (${mb(this.download.receivedBytes)} of ${mb(this.download.totalBytes)} MB); search starts when it is done.`);
    }
    if (this.openError) throw new ApiFailure('failed', `The library could not open: ${this.openError}`);
    throw new ApiFailure('busy', 'The library is opening.');
  }

  private async open(model: string | undefined): Promise<void> {
    const spec = model ?? (await this.activeModel()) ?? this.opts.defaultModel ?? BUNDLED_MODEL;
    this.pendingModel = spec;
    const info = resolveModel(spec, this.modelsDir);
    if (info.needsDownload && info.entry) await this.fetchModel(info.entry.id);
    if (this.closed) return;
    const engine = await Engine.open({ libraryDir: this.opts.libraryDir, model: spec, device: this.opts.device, modelsDir: this.modelsDir });
    engine.on('progress', (p) => {
      this.progress = p.phase === 'idle' ? null : p;
      this.emit({ type: 'progress', progress: p });
    });
    engine.on('changed', () => this.emit({ type: 'changed' }));
    engine.on('error', (err) => this.emit({ type: 'error', message: err.message }));
    this.engine = engine;
    this.images = new PhotoImages(engine.store, engine.libraryDir);
    this.emit({ type: 'changed' });
    if (engine.canWrite) {
      if (this.opts.watch !== false) await engine.watch();
      this.indexInBackground(engine);
    }
  }

  /** The library's model before any engine is open: read from its database, if it has one. */
  private async activeModel(): Promise<string | undefined> {
    const { existsSync } = await import('node:fs');
    const dbPath = join(this.opts.libraryDir, 'library.sqlite3');
    if (!existsSync(dbPath)) return undefined;
    const { openDatabase, getMeta } = await import('../store/database.js');
    const db = openDatabase(dbPath);
    try {
      return getMeta(db, 'active_model') ?? undefined;
    } finally {
      db.close();
    }
  }

  private indexInBackground(engine: Engine): void {
    const run = engine.indexAll().catch((err: Error) => this.emit({ type: 'error', message: `Indexing stopped: ${err.message}` }));
    this.runs.add(run);
    void run.finally(() => this.runs.delete(run));
  }

  /** Resolves when every indexing run started so far (and any they started) has finished. */
  async settled(): Promise<void> {
    await this.opening;
    while (this.runs.size) await Promise.all(this.runs);
  }

  private async fetchModel(id: string): Promise<void> {
    const entry = findModel(id);
    if (!entry?.repo) throw new ApiFailure('invalid_request', `${id} is not a downloadable model`);
    if (this.download?.state === 'running') {
      if (this.download.id === id) return;
      throw new ApiFailure('busy', `already downloading ${this.download.id}`);
    }
    this.downloadAbort = new AbortController();
    const state: DownloadState = { id, receivedBytes: 0, totalBytes: entry.sizeMB * 1e6, state: 'running' };
    this.download = state;
    this.emit({ type: 'download', download: { ...state } });
    let last = 0;
    try {
      await downloadModel(entry, this.modelsDir, {
        hubUrl: this.opts.hubUrl,
        signal: this.downloadAbort.signal,
        onProgress: (p) => {
          state.receivedBytes = p.receivedBytes;
          state.totalBytes = p.totalBytes;
          const now = Date.now();
          if (now - last > 200) {
            last = now;
            this.emit({ type: 'download', download: { ...state } });
          }
        },
      });
      state.state = 'done';
    } catch (err) {
      state.state = 'failed';
      state.error = (err as Error).message;
      throw new ApiFailure('failed', `Downloading ${entry.title} failed: ${state.error}`);
    } finally {
      this.emit({ type: 'download', download: { ...state } });
    }
  }

  // The methods

  private folders(engine: Engine): FolderInfo[] {
    const counts = new Map(
      (engine.db.prepare(`SELECT folder_id AS id, COUNT(*) AS n FROM photos WHERE status != 'missing' GROUP BY folder_id`).all() as { id: number; n: number }[])
        .map((r) => [r.id, r.n]),
    );
    return engine.folders().map((f) => ({ path: f.path, photos: counts.get(f.id) ?? 0 }));
  }

  private status(): StatusInfo {
    if (!this.engine) return this.statusWhileClosed();
    const engine = this.engine;
    const s = engine.status();
    return {
      state: 'ready',
      error: null,
      library: s.library,
      model: { id: s.model.id, title: s.model.title, dim: s.model.dim },
      device: { provider: s.device.provider, gpu: s.device.gpu, description: s.device.description, fallbacks: s.device.fallbacks },
      counts: s.counts,
      searchable: s.indexed,
      failures: s.failures.slice(0, 1000),
      folders: this.folders(engine),
      writer: s.writer,
      indexing: this.progress,
      download: this.download,
      desktop: this.opts.desktop === true,
    };
  }

  /** What the UI shows before the library is open: the model download, or why opening failed. */
  private statusWhileClosed(): StatusInfo {
    const id = this.pendingModel ?? this.opts.model ?? this.opts.defaultModel ?? BUNDLED_MODEL;
    return {
      state: this.openError ? 'failed' : 'opening',
      error: this.openError,
      library: this.opts.libraryDir,
      model: { id, title: findModel(id)?.title ?? id, dim: 0 },
      device: { provider: 'cpu', gpu: false, description: '', fallbacks: [] },
      counts: { pending: 0, indexed: 0, failed: 0, missing: 0, waiting: 0 },
      searchable: 0,
      failures: [],
      folders: [],
      writer: false,
      indexing: null,
      download: this.download,
      desktop: this.opts.desktop === true,
    };
  }

  private readonly handlers: Handlers = {
    status: () => this.status(),
    search: async (p: { query: string; limit?: number; filters?: object }) => {
      const { engine } = this.ready();
      if (!p.query.trim()) return { hits: [], noGoodMatch: false, bestScore: null, floor: null };
      const r = await engine.searcher.search(p.query, p.limit ?? 200, p.filters, undefined, false);
      return { ...r, hits: r.hits.map(fromEngineHit) };
    },
    similar: (p: { id: number; limit?: number; filters?: object }) => {
      const { engine } = this.ready();
      const hits = engine.searcher.similar(p.id, p.limit ?? 100, p.filters).map(fromEngineHit);
      return { hits, noGoodMatch: hits.length === 0, bestScore: hits[0]?.score ?? null, floor: null };
    },
    photos: (p: { limit?: number; filters?: SearchFilters }) => {
      const hits = this.ready().engine.searcher.latest(p.limit ?? 200, p.filters).map(fromEngineHit);
      return { hits, noGoodMatch: false, bestScore: null, floor: null };
    },
    photo: (p: { id: number }) => this.photoDetails(p.id),
    cameras: () =>
      this.ready().engine.db.prepare(`SELECT DISTINCT camera FROM photos WHERE camera IS NOT NULL AND status = 'indexed' ORDER BY camera`).pluck().all() as string[],
    'folders.list': () => this.folders(this.ready().engine),
    'folders.add': (p: { path: string }) => {
      const { engine } = this.ready();
      try {
        engine.addFolder(p.path);
      } catch (err) {
        throw new ApiFailure('not_found', (err as Error).message);
      }
      if (engine.canWrite) this.indexInBackground(engine);
      this.emit({ type: 'changed' });
      return this.folders(engine);
    },
    'folders.remove': async (p: { path: string }) => {
      const { engine } = this.ready();
      if (!(await engine.removeFolder(p.path))) throw new ApiFailure('not_found', `${p.path} is not a library folder`);
      return this.folders(engine);
    },
    'index.rescan': () => {
      const { engine } = this.ready();
      if (!engine.canWrite) throw new ApiFailure('busy', 'another process is indexing this library');
      this.indexInBackground(engine);
      return { started: true };
    },
    'models.list': () => {
      const active = this.engine?.modelInfo.id;
      return MODELS.map((m) => ({
        id: m.id,
        title: m.title,
        sizeMB: m.sizeMB,
        languages: m.languages,
        note: m.note,
        downloaded: !resolveModel(m.id, this.modelsDir).needsDownload,
        active: m.id === active,
      }));
    },
    'models.download': (p: { id: string }) => {
      if (!findModel(p.id)?.repo) throw new ApiFailure('not_found', `no downloadable model "${p.id}"`);
      this.fetchModel(p.id).catch(() => undefined); // the outcome arrives as a `download` event
      return { started: true };
    },
    'models.use': async (p: { id: string }) => {
      const entry = findModel(p.id);
      if (!entry) throw new ApiFailure('not_found', `no model "${p.id}"`);
      if (resolveModel(entry.id, this.modelsDir).needsDownload) throw new ApiFailure('invalid_request', `${entry.title} is not downloaded yet`);
      if (this.opening) throw new ApiFailure('busy', 'the library is still opening');
      const old = this.engine;
      this.engine = undefined;
      this.images = undefined;
      await old?.close();
      await this.openModel(entry.id);
      return this.status();
    },
    ...tagHandlers(() => this.ready().engine, () => this.emit({ type: 'changed' })),
    'photo.reveal': () => unsupported(),
    'photo.open': () => unsupported(),
    'folders.choose': () => unsupported(),
  };

  private photoDetails(id: number): PhotoDetails {
    const { engine } = this.ready();
    const row = engine.store.byId(id);
    if (!row) throw new ApiFailure('not_found', `no photo ${id} in the library`);
    const folder = engine.folders().find((f) => f.id === row.folder_id);
    return {
      ...fromEngineHit(toHit(row, 1)),
      folder: folder?.path ?? '',
      size: row.size,
      modifiedAt: row.mtime_ms,
      gps: row.gps_lat !== null && row.gps_lon !== null ? { lat: row.gps_lat, lon: row.gps_lon } : null,
      status: row.status,
      error: row.error,
      tags: engine.tagger.tagsOf(row.id),
    };
  }
}

function unsupported(): never {
  throw new ApiFailure('unsupported', 'only the desktop app can do this');
}

function fail(code: ApiErrorCode, message: string): { ok: false; error: ApiError } {
  return { ok: false, error: { code, message } };
}

function describeZodError(err: ZodError): string {
  const first = err.issues[0];
  if (!first) return 'invalid arguments';
  const where = first.path.length ? first.path.join('.') : 'arguments';
  return `${where}: ${first.message}`.slice(0, 300);
}

function toApiError(err: unknown): ApiError {
  if (err instanceof ApiFailure) return { code: err.code, message: err.message };
  if (err instanceof PhotoNotFound) return { code: 'not_found', message: err.message };
  if (err instanceof TagError || err instanceof AlbumError) {
    return { code: /^no (tag|album)|not in the index/.test(err.message) ? 'not_found' : 'invalid_request', message: err.message };
  }
  if (err instanceof QueryError) {
    return { code: /not in the index/.test(err.message) ? 'not_found' : 'invalid_request', message: err.message };
  }
  return { code: 'failed', message: err instanceof Error ? err.message : String(err) };
}
