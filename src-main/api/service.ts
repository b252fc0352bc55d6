// The API behind the UI: every call from the Electron bridge or the web mode comes through
// `call()`, which checks the arguments against src-shared/api-schemas.ts, runs the method on the
// engine and answers a result object. It never throws: a malformed call is an `invalid_request`
// result, an engine refusal carries the engine's error code, and the engine keeps serving.
import { EventEmitter } from 'node:events';
import { API_SCHEMAS, type ApiArgs, type ApiMethod, type ApiParams } from '../../src-shared/api-schemas.js';
import type { ApiEvent, ApiResult, ApiResults, DownloadState, IndexProgress, StatusInfo } from '../../src-shared/api.js';
import { Engine, SIMILAR_FLOOR, type ImageSize } from '../engine/engine.js';
import { defaultModelsDir } from '../engine/library-path.js';
import { BUNDLED_MODEL, downloadModel, listModels, modelEntry, splitModelKey, type Device, type Precision } from '../engine/models.js';
import { resolveModel } from '../engine/model-choice.js';
import { DomainError, invalid, notFound } from '../errors.js';
import { describeZodError, toApiError } from './errors.js';
import { tagHandlers } from './tag-handlers.js';
import { filtersFromWire, foldersToWire, listToWire, photoToWire, progressToWire, searchToWire, statusToWire } from './to-wire.js';

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

/** One handler per method, its parameter typed by the method's schema (renaming a key breaks the build). */
export type Handlers<K extends ApiMethod = ApiMethod> = { [M in K]: (args: ApiArgs<M>) => Promise<ApiResults[M]> | ApiResults[M] };

export class ApiService {
  private engine: Engine | undefined;
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
    this.modelsDir = opts.modelsDir ?? defaultModelsDir(opts.libraryDir);
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
      const shown = typeof method === 'string' ? JSON.stringify(method.slice(0, 60)) : `(${typeof method})`;
      return { ok: false, error: { code: 'invalid_request', message: `unknown method ${shown}` } };
    }
    const m = method as ApiMethod;
    const parsed = API_SCHEMAS[m].safeParse(params ?? {});
    if (!parsed.success) return { ok: false, error: { code: 'invalid_request', message: `${m}: ${describeZodError(parsed.error)}` } };
    try {
      const handler = this.handlers[m] as (args: unknown) => unknown;
      return { ok: true, value: (await handler(parsed.data)) as ApiResults[ApiMethod] };
    } catch (err) {
      return { ok: false, error: toApiError(err) };
    }
  }

  /** JPEG bytes of a library photo, for the `photo:` protocol and web mode's /photos/. @throws DomainError */
  async photoJpeg(id: number, size: ImageSize): Promise<Buffer> {
    return this.ready().photoJpeg(id, size);
  }

  /** The file behind a library photo, for the desktop's reveal and open. @throws DomainError */
  photoPath(id: number): string {
    return this.ready().photoPath(id);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.downloadAbort?.abort();
    await this.opening?.catch(() => undefined);
    await this.engine?.close();
    this.engine = undefined;
  }

  // The engine

  /** The open engine. @throws DomainError busy while opening or downloading, failed when opening failed */
  private ready(): Engine {
    if (this.engine) return this.engine;
    if (this.download?.state === 'running') {
      const mb = (n: number) => Math.round(n / 1e6);
      throw new DomainError('busy', `Downloading the model (${mb(this.download.receivedBytes)} of ${mb(this.download.totalBytes)} MB); search starts when it is done.`);
    }
    if (this.openError) throw new DomainError('failed', `The library could not open: ${this.openError}`);
    throw new DomainError('busy', 'The library is opening.');
  }

  private async open(model: string | undefined): Promise<void> {
    this.pendingModel = model ?? this.opts.defaultModel ?? BUNDLED_MODEL;
    const engine = await Engine.open({
      libraryDir: this.opts.libraryDir,
      model,
      defaultModel: this.opts.defaultModel,
      device: this.opts.device,
      modelsDir: this.modelsDir,
      fetchModel: async (info) => {
        this.pendingModel = info.id;
        this.emit({ type: 'changed' });
        await this.fetchModel(info.id, info.precisionChosen ? undefined : info.precision); // auto: fp32 and the fastest, measured
        if (this.closed) throw new DomainError('busy', 'the app is closing');
      },
    });
    if (this.closed) {
      await engine.close();
      return;
    }
    engine.on('progress', (p) => {
      this.progress = p.phase === 'idle' ? null : progressToWire(p);
      this.emit({ type: 'progress', progress: progressToWire(p) });
    });
    engine.on('changed', () => this.emit({ type: 'changed' }));
    engine.on('error', (err) => this.emit({ type: 'error', message: err.message }));
    this.engine = engine;
    this.emit({ type: 'changed' });
    if (engine.canWrite) {
      if (this.opts.watch !== false) await engine.watch();
      this.indexInBackground(engine);
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

  /** Downloads model `id` at `precision` (absent: auto, see downloadModel), reporting progress as `download` events. @throws DomainError */
  private async fetchModel(id: string, precision?: Precision): Promise<void> {
    const entry = modelEntry(id);
    if (!entry?.repo) throw invalid(`${id} is not a downloadable model`);
    if (this.download?.state === 'running') {
      if (this.download.id === id) return;
      throw new DomainError('busy', `already downloading ${this.download.id}`);
    }
    this.downloadAbort = new AbortController();
    const state: DownloadState = { id, receivedBytes: 0, totalBytes: entry.sizeMB * 1e6, state: 'running' };
    this.download = state;
    this.emit({ type: 'download', download: { ...state } });
    let last = 0;
    try {
      await downloadModel(id, this.modelsDir, {
        precision,
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
      throw new DomainError('failed', `Downloading ${entry.title} failed: ${state.error}`, { cause: err });
    } finally {
      this.emit({ type: 'download', download: { ...state } });
    }
  }

  // The methods

  private status(): StatusInfo {
    const engine = this.engine;
    if (!engine) return this.statusWhileClosed();
    return statusToWire(engine.status(), engine.folders(), { indexing: this.progress, download: this.download, desktop: this.opts.desktop === true });
  }

  /** What the UI shows before the library is open: the model download, or why opening failed. */
  private statusWhileClosed(): StatusInfo {
    const id = this.pendingModel ?? this.opts.model ?? this.opts.defaultModel ?? BUNDLED_MODEL;
    return {
      state: this.openError ? 'failed' : 'opening',
      error: this.openError,
      library: this.opts.libraryDir,
      model: { id, title: modelEntry(splitModelKey(id).name)?.title ?? id, dim: 0, languages: [...(modelEntry(splitModelKey(id).name)?.languages ?? ['en'])] },
      device: { provider: 'cpu', gpu: false, description: '', fallbacks: [] },
      counts: { pending: 0, indexed: 0, failed: 0, missing: 0, waiting: 0, unavailable: 0 },
      searchable: 0,
      failures: [],
      folders: [],
      skipped: [],
      writer: false,
      indexing: null,
      download: this.download,
      desktop: this.opts.desktop === true,
      settings: null,
    };
  }

  private readonly handlers: Handlers = {
    status: () => this.status(),
    search: async (p) => {
      const engine = this.ready();
      if (!p.query.trim()) return { hits: [], noGoodMatch: false, bestScore: null, floor: null };
      return searchToWire(await engine.search(p.query, { limit: p.limit ?? 200, filters: filtersFromWire(p.filters) }));
    },
    similar: (p) => listToWire(this.ready().similar(p.id, { limit: p.limit ?? 100, filters: filtersFromWire(p.filters) }), { emptyIsNoMatch: true, floor: SIMILAR_FLOOR }),
    photos: (p) => listToWire(this.ready().latest({ limit: p.limit ?? 200, filters: filtersFromWire(p.filters) }), { emptyIsNoMatch: false }),
    photo: (p) => photoToWire(this.ready().photo(p.id)),
    cameras: () => this.ready().cameras(),
    'folders.list': () => foldersToWire(this.ready().folders()),
    'folders.add': (p) => {
      const engine = this.ready();
      engine.addFolder(p.path);
      if (engine.canWrite) this.indexInBackground(engine);
      return foldersToWire(engine.folders());
    },
    'folders.remove': async (p) => {
      const engine = this.ready();
      if (!(await engine.removeFolder(p.path))) throw notFound(`${p.path} is not a library folder`);
      return foldersToWire(engine.folders());
    },
    'library.emptyRemoved': () => ({ deleted: this.ready().emptyRecentlyRemoved() }),
    'library.settings': (p) => {
      const engine = this.ready();
      if (p.wholeFrame === undefined) return engine.settings();
      const before = engine.settings();
      const now = engine.updateSettings({ wholeFrame: p.wholeFrame });
      // Turned on: the photos indexed without their views get them now, in the background.
      if (now.wholeFrame && !before.wholeFrame && engine.canWrite) this.indexInBackground(engine);
      return now;
    },
    'index.rescan': () => {
      const engine = this.ready();
      if (!engine.canWrite) throw new DomainError('busy', 'another process is indexing this library');
      this.indexInBackground(engine);
      return { started: true };
    },
    'models.list': () => {
      const active = this.engine ? splitModelKey(this.engine.modelId) : undefined;
      const onGpu = this.engine?.status().device.gpu ?? false;
      return listModels(this.modelsDir, onGpu).map((m) => {
        const isActive = m.id === active?.name;
        const precision = isActive ? (active?.precision ?? 'fp32') : m.recommended;
        const chosen = m.precisions.find((p) => p.precision === precision) ?? m.precisions[0]!;
        return {
          id: m.id, title: m.title, sizeMB: chosen.sizeMB, languages: [...m.languages], languagesText: m.languagesText, demo: !m.downloadable, note: m.note, downloaded: chosen.downloaded, active: isActive,
          precision, precisions: m.precisions,
        };
      });
    },
    'models.download': (p) => {
      if (!modelEntry(p.id)?.repo) throw notFound(`no downloadable model "${p.id}"`);
      this.fetchModel(p.id, p.precision).catch(() => undefined); // the outcome arrives as a `download` event
      return { started: true };
    },
    'models.use': async (p) => {
      const entry = modelEntry(p.id);
      if (!entry) throw notFound(`no model "${p.id}"`);
      const spec = p.precision ? `${entry.id}@${p.precision}` : entry.id;
      if (resolveModel({ requested: spec, libraryDir: this.opts.libraryDir, modelsDir: this.modelsDir }).needsDownload) throw invalid(`${entry.title}${p.precision ? ` (${p.precision})` : ''} is not downloaded yet`);
      if (this.opening) throw new DomainError('busy', 'the library is still opening');
      const old = this.engine;
      this.engine = undefined;
      await old?.close();
      await this.openModel(spec);
      return this.status();
    },
    ...tagHandlers(() => this.ready()),
    'photo.reveal': () => unsupported(),
    'photo.open': () => unsupported(),
    'photos.trash': () => unsupported(),
    'photos.export': () => unsupported(),
    'folders.choose': () => unsupported(),
  };
}

function unsupported(): never {
  throw new DomainError('unsupported', 'only the desktop app can do this');
}
