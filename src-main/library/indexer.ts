// Turns pending photos into searchable ones. Files are read, hashed and decoded a few at a time
// (sharp works on its own threads) while the previous batch runs through the model, so decoding
// and inference overlap. A file that fails gets its reason recorded and the rest go on.
import { createHash } from 'node:crypto';
import type { ClipModel } from '../embed/clip-model.js';
import { describeSharpError, ImageDecodeError, openImage } from '../embed/image-decode.js';
import type { Fingerprint } from '../embed/fingerprint.js';
import type { PhotoView } from '../embed/photo-views.js';
import type { DuplicateStore } from '../store/duplicates.js';
import type { EmbeddingReader } from '../store/embeddings.js';
import type { PhotoMetadata, PhotoRow, PhotoStore } from '../store/photos.js';
import { readExif } from './photo-metadata.js';
import { isRawPath } from './photo-files.js';
import { rawPreview, RawReaderError } from '../embed/raw-preview.js';
import { readWholeFile, statFile } from './scanner.js';
import { pool } from '../util/pool.js';
import { StageClock, type StageTimes } from './stage-times.js';

/**
 * `ratePerSecond`: photos finished per second since the run began; `etaSeconds`: seconds until the waiting
 * photos are done at that rate, null until one is done; `current`: the last photo of the batch just stored.
 */
export interface IndexProgress {
  done: number; // photos finished in this run (indexed or failed)
  total: number; // done + still waiting
  failed: number;
  ratePerSecond: number;
  etaSeconds: number | null;
  current?: string;
}

/**
 * Defaults: `batchSize` 8, `decodeConcurrency` 4, `views` false. `onIndexed` gets the photo's views' vectors,
 * each float32 [D], L2-normalised: [0] the main view (the centre crop), [v] view v (embed/photo-views.ts).
 */
export interface IndexerOptions {
  batchSize?: number; // photos per inference run (their views all go in)
  decodeConcurrency?: number; // files being read and decoded at once
  /**
   * false: embed each waiting photo's main view (the centre crop) only: the quick pass that makes photos
   * searchable. true: also the other views (whole-frame squares, animation frames), for photos that lack them
   * too; a photo whose main view is embedded already gets only its other views.
   */
  views?: boolean;
  onProgress?: (p: IndexProgress) => void;
  onIndexed?: (photoId: number, vectors: Float32Array[]) => void;
  onRemoved?: (photoId: number) => void;
  shouldStop?: () => boolean;
  clock?: StageClock; // where stage times are added (default: a new one, returned with the result)
}

export interface IndexRunResult {
  indexed: number;
  failed: number;
  vanished: PhotoRow[]; // photos whose files were gone when their turn came (left pending: a scan decides)
  stages: StageTimes; // busy ms per stage and the run's wall-clock ms
}

interface Prepared {
  row: PhotoRow;
  file: { size: number; mtimeMs: number; hash: string };
  meta: PhotoMetadata;
  pixels?: Float32Array; // float32 [V*3*S*S]: the views still to embed, one image each, following `known`
  known?: Float32Array[]; // the leading views' vectors already stored (main first): a copy, a move, a second pass
  views?: PhotoView[]; // every view, when this run computed them: recorded with the vectors
  fingerprint?: Fingerprint | null; // of the whole frame, when this run computed it (null: the header had no size)
}

/**
 * The largest file read, in bytes (512 MiB), so that a huge TIFF cannot exhaust memory: a larger one is recorded
 * as failed with its size. A limit of this project, not from a standard.
 */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;

export class Indexer {
  constructor(
    private readonly store: PhotoStore,
    private readonly embeddings: EmbeddingReader,
    private readonly duplicates: Pick<DuplicateStore, 'setFingerprint'>,
    private readonly model: ClipModel,
    private readonly modelId: string,
  ) {}

  /**
   * Indexes everything that is waiting for this model; returns how many photos were indexed and how many failed.
   * A file or model failure is recorded on its photo (`status` shows it) and the run goes on; what rejects is a
   * failure of SQLite itself. `shouldStop` is checked between files; what was started still finishes.
   */
  async run(opts: IndexerOptions = {}): Promise<IndexRunResult> {
    const batchSize = opts.batchSize ?? 8;
    const concurrency = opts.decodeConcurrency ?? 4;
    const wholeFrame = opts.views ?? false;
    const clock = opts.clock ?? new StageClock();
    const started = Date.now();
    let done = 0;
    let failed = 0;
    let waiting = this.store.countWorkFor(this.modelId, wholeFrame); // counted once per chunk, then kept by arithmetic
    const report = (current?: string) => {
      if (!opts.onProgress) return;
      clock.time('progress', () => {
        const seconds = (Date.now() - started) / 1000;
        const rate = seconds > 0 ? done / seconds : 0;
        const left = Math.max(0, waiting - done);
        opts.onProgress!({ done, total: done + left, failed, ratePerSecond: rate, etaSeconds: rate > 0 ? left / rate : null, current });
      });
    };
    report();
    const skipped = new Set<number>(); // rows that stay pending (e.g. vanished mid-run) are not retried in this run
    const vanished = new Map<number, PhotoRow>();
    for (;;) {
      if (opts.shouldStop?.()) break;
      const rows = this.store.workFor(this.modelId, 256 + skipped.size, wholeFrame).filter((r) => !skipped.has(r.id));
      if (rows.length === 0) break;
      waiting = done + clock.time('progress', () => this.store.countWorkFor(this.modelId, wholeFrame)); // photos may have arrived meanwhile
      const ready: Prepared[] = [];
      // One batch in the model at a time, chained; a decoder that fills the next batch waits for
      // the one before it, so at most two batches of pixels are held and inference never idles.
      let inference: Promise<void> = Promise.resolve();
      const flush = (batch: Prepared[]): Promise<void> => {
        const before = inference;
        inference = before.then(async () => {
          done += await this.embedAndStore(batch, opts, clock);
          report(batch[batch.length - 1]?.row.path);
        });
        return before;
      };
      await pool(rows, concurrency, async (row) => {
        if (opts.shouldStop?.()) return;
        const outcome = await this.readAndDecode(row, clock, wholeFrame);
        if (outcome === 'vanished') {
          skipped.add(row.id);
          vanished.set(row.id, row);
          return;
        }
        if (typeof outcome === 'string') {
          failed++;
          done++;
          return;
        }
        if (!outcome.pixels?.length) {
          this.finish(outcome, outcome.known!, opts, clock);
          done++;
          return;
        }
        ready.push(outcome);
        if (ready.length >= batchSize) await flush(ready.splice(0, batchSize));
      });
      if (ready.length) void flush(ready.splice(0));
      await inference;
      report();
    }
    return { indexed: done - failed, failed, vanished: [...vanished.values()], stages: clock.snapshot() };
  }

  private async embedAndStore(batch: Prepared[], opts: IndexerOptions, clock: StageClock): Promise<number> {
    const s = this.model.imageSize;
    const per = 3 * s * s;
    const counts = batch.map((p) => p.pixels!.length / per);
    const total = counts.reduce((a, b) => a + b, 0);
    const pixels = this.model.pixelBuffer(total);
    let at = 0;
    batch.forEach((p, i) => {
      pixels.set(p.pixels!, at * per);
      at += counts[i]!;
    });
    let vectors: Float32Array[];
    try {
      vectors = await clock.timeAsync('inference', () => this.model.embedPixels(pixels, total));
    } catch (err) {
      // The model itself failed (out of memory on a GPU, a broken provider): record the reason on
      // these photos, where `status` shows it, and carry on with the rest of the library.
      const reason = `the model could not embed it (${(err as Error).message.split('\n')[0]})`;
      for (const p of batch) this.store.markFailed(p.row.id, reason, { ...p.file });
      return batch.length;
    }
    at = 0;
    batch.forEach((p, i) => {
      this.finish(p, [...(p.known ?? []), ...vectors.slice(at, at + counts[i]!)], opts, clock);
      at += counts[i]!;
    });
    return batch.length;
  }

  /** Records photo `p` as indexed with its views' `vectors` (main first): the new ones stored, with `p.views`. */
  private finish(p: Prepared, vectors: Float32Array[], opts: IndexerOptions, clock: StageClock): void {
    const id = clock.time('store', () => {
      const moved = this.store.missingWithHash(p.file.hash);
      let photoId = p.row.id;
      if (moved && moved.id !== p.row.id) {
        // A move or rename: the old row (with its id, tags and place in the index) follows the file.
        photoId = this.store.adoptMoved(moved, p.row.path, p.row.folder_id, p.file.size, p.file.mtimeMs);
        opts.onRemoved?.(p.row.id);
      }
      const views = p.views ? { views: p.views, vectors } : undefined;
      this.store.markIndexed(photoId, p.file, p.meta, this.modelId, p.known ? undefined : vectors[0], views);
      // No fingerprint (no size in the header) is recorded as empty, so the photo is not decoded again for it.
      if (p.fingerprint !== undefined) this.duplicates.setFingerprint(p.file.hash, p.fingerprint ?? { perceptualHash: '', colourGrid: '' });
      return photoId;
    });
    clock.time('indexInsert', () => opts.onIndexed?.(id, vectors));
  }

  /**
   * Reads, hashes and decodes one file. Returns a failure reason as a string (recorded on the photo), or
   * 'vanished' when the file is gone (nothing recorded: the scanner or watcher marks it missing).
   */
  private async readAndDecode(row: PhotoRow, clock: StageClock, wholeFrame: boolean): Promise<Prepared | string> {
    const info = await clock.timeAsync('read', () => statFile(row.path));
    if (!info) return 'vanished';
    if (info.size === 0) return this.fail(row, 'empty file (0 bytes)', info);
    if (info.size > MAX_FILE_BYTES) return this.fail(row, `file too large (${Math.round(info.size / 1e6)} MB)`, info);
    let buf: Buffer;
    try {
      buf = await clock.timeAsync('read', () => readWholeFile(row.path, info.size));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return 'vanished';
      return this.fail(row, code === 'EACCES' || code === 'EPERM' ? 'permission denied' : `cannot read file (${code ?? err})`, info);
    }
    const hash = clock.time('hash', () => createHash('sha256').update(buf).digest('hex'));
    const file = { size: buf.length, mtimeMs: info.mtimeMs, hash };
    try {
      const existing = this.embeddings.get(hash, this.modelId);
      const { img, meta, header, preview } = await clock.timeAsync('decode', async () => {
        // A RAW file is seen through the JPEG its camera embedded (its EXIF is read from the RAW itself).
        const preview = isRawPath(row.path) ? await rawPreview(row.path) : undefined;
        if (isRawPath(row.path) && !preview) throw new ImageDecodeError('RAW file without an embedded JPEG preview: not supported');
        const opened = await openImage(preview ?? buf);
        const header = await opened.metadata();
        const upright = (header.orientation ?? 1) >= 5;
        const exif = await readExif(buf, { path: row.path, mtimeMs: info.mtimeMs });
        const photoMeta: PhotoMetadata = {
          width: (upright ? header.height : header.width) ?? null,
          height: (upright ? header.width : header.height) ?? null,
          ...exif,
        };
        return { img: opened, meta: photoMeta, header, preview };
      });
      if (existing) {
        // Embedded before (a copy, a move, or a photo whose other views are still to come).
        const known = this.embeddings.viewsOf(hash, this.modelId);
        if (known || !wholeFrame) {
          // A photo indexed before fingerprints (or a copy of new content) gets its fingerprint without embedding.
          const fingerprint = row.perceptual_hash == null || row.hash !== hash ? await clock.timeAsync('preprocess', () => this.model.fingerprint(img, header, preview ?? buf)) : undefined;
          return { row, file, meta, fingerprint, known: [existing, ...(known?.vectors.slice(1).filter((v): v is Float32Array => v !== undefined) ?? [])] };
        }
        // This pass adds its other views: the main one is not embedded again.
        const all = await clock.timeAsync('preprocess', () => this.model.preprocessViews(img, header, { wholeFrame: true }, preview ?? buf));
        return { row, file, meta, known: [existing], pixels: all.pixels.subarray(3 * this.model.imageSize ** 2), views: all.views, fingerprint: all.fingerprint };
      }
      const all = await clock.timeAsync('preprocess', () => this.model.preprocessViews(img, header, { wholeFrame }, preview ?? buf));
      return { row, file, meta, pixels: all.pixels, views: wholeFrame ? all.views : undefined, fingerprint: all.fingerprint };
    } catch (err) {
      const reason = err instanceof ImageDecodeError || err instanceof RawReaderError ? err.message : describeSharpError(err);
      return this.fail(row, reason, info, hash);
    }
  }

  private fail(row: PhotoRow, reason: string, info: { size: number; mtimeMs: number }, hash?: string): string {
    this.store.markFailed(row.id, reason, { size: info.size, mtimeMs: info.mtimeMs, hash });
    return reason;
  }
}
