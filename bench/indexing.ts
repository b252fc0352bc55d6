// Indexing throughput: inference alone (I), decode + preprocess alone (D), and the whole pipeline
// (decode + preprocess + infer + store) against the bound 1 / (1/I + 1/D) for a machine whose
// cores are shared by both stages. Also the peak RSS of the indexing process.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClipModel } from '../src-main/embed/clip-model.js';
import { precisionsIn } from '../src-main/models/model-files.js';
import { Engine, type StageTimes } from '../src-main/engine/engine.js';
import { openDatabase } from '../src-main/store/database.js';
import type { Precision } from '../src-main/models/model-files.js';
import { pool } from '../src-main/util/pool.js';
import { nowMs } from './stats.js';

export const BATCH = 8;

/** I: images per second through the vision model on already-preprocessed batches. */
export async function inferenceRate(model: ClipModel, batches: number): Promise<number> {
  const pixels = model.pixelBuffer(BATCH);
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.sin(i) * 0.5;
  await model.embedPixels(pixels, BATCH); // warm-up
  const t = nowMs();
  for (let b = 0; b < batches; b++) await model.embedPixels(pixels, BATCH);
  return (batches * BATCH) / ((nowMs() - t) / 1000);
}

/** D: images per second read from disk, decoded (shrink-on-load) and preprocessed, in parallel. */
export async function decodeRate(model: ClipModel, paths: string[], concurrency: number): Promise<number> {
  const out = model.pixelBuffer(concurrency);
  await model.preprocess(readFileSync(paths[0]!), out, 0); // warm-up
  const t = nowMs();
  await pool(paths, concurrency, async (p, i) => {
    await model.preprocess(readFileSync(p), out, i % concurrency);
  });
  return paths.length / ((nowMs() - t) / 1000);
}

export interface EndToEnd {
  photos: number;
  seconds: number; // to searchable: indexing proper, auto-tags not included
  rate: number; // photos per second, to searchable
  peakRssMB: number;
  stages: StageTimes; // busy ms per stage of the whole run (tags included)
  tagsSeconds: number; // after the photos were searchable, until the auto-tags were ready
  viewsSeconds: number; // after the photos were searchable, until their whole-frame views were embedded (0: off)
  views: number; // views embedded per photo, the main one included (1 with whole-frame views off)
}

export interface FirstIndex {
  photos: number;
  loadSeconds: number; // process start (Node's time origin) until both towers are loaded
  searchableSeconds: number; // then, until the photos are searchable: the fixed cost of a first index, plus the photos
  tagsSeconds: number; // then, until the auto-tags are ready
}

/**
 * Opens an engine on a fresh library, indexes `folder` and times it: `searchable` when the photos
 * are (the `tagging` phase starts, or the run ends), `end` when the auto-tags are ready too. With
 * `tags: false` (bench --check) the run stops once the photos are searchable.
 */
async function timedIndex(folder: string, model: string, tags: boolean, precision: Precision = 'fp32', wholeFrame = false) {
  const library = mkdtempSync(join(tmpdir(), 'bench-library-'));
  try {
    const engine = await Engine.open({ libraryDir: library, model, device: 'cpu', precision });
    engine.updateSettings({ wholeFrame });
    await engine.warmUp(); // model loading is start-up, not indexing throughput
    const loaded = performance.now(); // ms since this process started
    engine.addFolder(folder);
    let searchable = 0;
    let whole = 0;
    let photos = 0;
    let closing: Promise<void> | undefined;
    engine.on('progress', (p) => {
      // Searchable when the last main view is stored (it is in the index then): the duplicates check, the
      // whole-frame views, then the tags come after. A phase change is the fallback (a run with nothing to embed).
      const allStored = p.phase === 'indexing' && p.total > 0 && p.done >= p.total;
      if ((allStored || p.phase === 'views' || p.phase === 'tagging' || p.phase === 'idle') && !searchable) {
        searchable = performance.now();
        photos = engine.status().indexed;
      }
      if ((p.phase === 'tagging' || p.phase === 'idle') && !whole) {
        whole = performance.now();
        if (!tags) closing = engine.close(); // only the photos matter here
      }
    });
    await engine.indexAll();
    const end = performance.now();
    const stages = engine.lastRunStages();
    await (closing ?? engine.close());
    const db = openDatabase(join(library, 'library.sqlite3'), { readonly: true });
    const views = (db.prepare('SELECT SUM(views) FROM view_sets').pluck().get() as number | null) ?? photos;
    db.close();
    return { loaded, searchable, whole, end, photos, stages, views };
  } finally {
    rmSync(library, { recursive: true, force: true });
  }
}

/** The real indexer on a folder, in this process (run it in a child to measure its RSS alone). */
/**
 * The real indexer on `folder` in a fresh library: the rate to searchable (main views), and with `wholeFrame`
 * the time the whole-frame views take after that and how many views a photo got.
 */
export async function endToEnd(folder: string, model: string, opts: { tags: boolean; precision?: Precision; wholeFrame?: boolean } = { tags: true }): Promise<EndToEnd> {
  const r = await timedIndex(folder, model, opts.tags, opts.precision, opts.wholeFrame);
  const seconds = (r.searchable - r.loaded) / 1000;
  return {
    photos: r.photos, seconds, rate: r.photos / seconds, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    stages: r.stages!, tagsSeconds: opts.tags ? (r.end - r.whole) / 1000 : NaN,
    viewsSeconds: (r.whole - r.searchable) / 1000, views: r.views / Math.max(1, r.photos),
  };
}

/** A new process's first index of `folder` in a fresh library, as `photo-search index` runs it. */
export async function firstIndex(folder: string, model: string, opts: { tags: boolean } = { tags: true }): Promise<FirstIndex> {
  const r = await timedIndex(folder, model, opts.tags, 'fp32', true); // as `photo-search index` runs: whole-frame views on
  // performance.now() counts from this process's start: loading is everything before `loaded`.
  return { photos: r.photos, loadSeconds: r.loaded / 1000, searchableSeconds: (r.searchable - r.loaded) / 1000, tagsSeconds: opts.tags ? (r.end - r.searchable) / 1000 : NaN };
}

/** Inference-only rate (img/s, batch 8) and a short text's encoding time (ms) at each precision the model folder has. */
export async function precisionRates(modelDir: string, batches: number): Promise<Record<string, { I: number; textMs: number }>> {
  const out: Record<string, { I: number; textMs: number }> = {};
  for (const precision of precisionsIn(modelDir)) {
    const model = await ClipModel.load(modelDir, 'cpu', { precision });
    const I = await inferenceRate(model, batches);
    await model.embedTexts(['a photo of a cat']);
    const t = nowMs();
    for (let i = 0; i < 10; i++) await model.embedTexts(['a photo of a cat']);
    out[precision] = { I, textMs: (nowMs() - t) / 10 };
    await model.release();
  }
  return out;
}

export function defaultDecodeConcurrency(): number {
  return Math.max(2, cpus().length * 2);
}
