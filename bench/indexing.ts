// Indexing throughput: inference alone (I), decode + preprocess alone (D), and the whole pipeline
// (decode + preprocess + infer + store) against the bound 1 / (1/I + 1/D) for a machine whose
// cores are shared by both stages. Also the peak RSS of the indexing process.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClipModel } from '../src-main/embed/clip-model.js';
import { Engine, type StageTimes } from '../src-main/engine/engine.js';
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
}

export interface FirstIndex {
  photos: number;
  loadSeconds: number; // process start (Node's time origin) until both towers are loaded
  searchableSeconds: number; // then, until the photos are searchable: the fixed cost of a first index, plus the photos
  tagsSeconds: number; // then, until the auto-tags are ready
}

/** The real indexer on a folder, in this process (run it in a child to measure its RSS alone). */
export async function endToEnd(folder: string, model: string, device: string): Promise<EndToEnd> {
  const library = mkdtempSync(join(tmpdir(), 'bench-library-'));
  try {
    const engine = await Engine.open({ libraryDir: library, model, device: device as 'cpu' });
    engine.addFolder(folder);
    await engine.warmUp(); // model loading is start-up, not indexing throughput
    const t = nowMs();
    let searchable = 0;
    engine.on('progress', (p) => {
      if ((p.phase === 'tagging' || p.phase === 'idle') && !searchable) searchable = nowMs();
    });
    await engine.indexAll(); // scan, read, decode, embed, store, index; then the auto-tags
    const end = nowMs();
    const seconds = (searchable - t) / 1000;
    const photos = engine.status().indexed;
    const stages = engine.lastRunStages()!;
    await engine.close();
    return { photos, seconds, rate: photos / seconds, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024), stages, tagsSeconds: (end - searchable) / 1000 };
  } finally {
    rmSync(library, { recursive: true, force: true });
  }
}

/** A new process's first index of `folder` in a fresh library, as `photo-search index` runs it. */
export async function firstIndex(folder: string, model: string): Promise<FirstIndex> {
  const library = mkdtempSync(join(tmpdir(), 'bench-first-'));
  try {
    const engine = await Engine.open({ libraryDir: library, model, device: 'cpu' });
    await engine.warmUp();
    const loaded = performance.now(); // ms since this process started
    engine.addFolder(folder);
    let searchable = 0;
    engine.on('progress', (p) => {
      if ((p.phase === 'tagging' || p.phase === 'idle') && !searchable) searchable = performance.now();
    });
    await engine.indexAll();
    const end = performance.now();
    const photos = engine.status().indexed;
    await engine.close();
    return { photos, loadSeconds: loaded / 1000, searchableSeconds: (searchable - loaded) / 1000, tagsSeconds: (end - searchable) / 1000 };
  } finally {
    rmSync(library, { recursive: true, force: true });
  }
}

export function defaultDecodeConcurrency(): number {
  return Math.max(2, cpus().length * 2);
}
