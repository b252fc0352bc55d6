// Indexing throughput: inference alone (I), decode + preprocess alone (D), and the whole pipeline
// (decode + preprocess + infer + store) against the bound 1 / (1/I + 1/D) for a machine whose
// cores are shared by both stages. Also the peak RSS of the indexing process.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClipModel } from '../src-main/embed/clip-model.js';
import { Engine } from '../src-main/engine/engine.js';
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
  seconds: number;
  rate: number;
  peakRssMB: number;
}

/** The real indexer on a folder, in this process (run it in a child to measure its RSS alone). */
export async function endToEnd(folder: string, model: string, device: string): Promise<EndToEnd> {
  const library = mkdtempSync(join(tmpdir(), 'bench-library-'));
  try {
    const engine = await Engine.open({ libraryDir: library, model, device: device as 'cpu' });
    engine.addFolder(folder);
    await engine.warmUp(); // model loading is start-up, not indexing throughput
    const t = nowMs();
    await engine.indexAll(); // scan, read, decode, embed, store, index, tag
    const seconds = (nowMs() - t) / 1000;
    const photos = engine.status().indexed;
    await engine.close();
    return { photos, seconds, rate: photos / seconds, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) };
  } finally {
    rmSync(library, { recursive: true, force: true });
  }
}

export function defaultDecodeConcurrency(): number {
  return Math.max(2, cpus().length * 2);
}
