// Search-side figures on synthetic libraries of N photos: index build and rebuild from SQLite,
// kNN latency and recall against exact search, query latency (text encode + kNN + metadata) and
// cold start to the first answer.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { rng } from '../src-main/demo/scenes.js';
import { l2normalise, dot } from '../src-main/embed/vectors.js';
import { Engine } from '../src-main/engine/engine.js';
import { ClipModel } from '../src-main/embed/clip-model.js';
import { locateModel } from '../src-main/models/registry.js';
import { openDatabase } from '../src-main/store/database.js';
import { EmbeddingStore } from '../src-main/store/embeddings.js';
import { buildIndex } from '../src-main/store/index-build.js';
import { EmbeddingMatrix } from '../src-main/store/embedding-matrix.js';
import { openLibraryStore } from '../src-main/store/library.js';
import { VectorFile } from '../src-main/store/vector-file.js';
import { VectorIndex } from '../src-main/store/vector-index.js';
import { labelOf, photoOf } from '../src-main/store/view-labels.js';
import { nowMs, summarise } from './stats.js';

/** Clustered unit vectors: real embeddings are not uniform on the sphere, they bunch by subject. */
export function syntheticVectors(n: number, dim: number, seed = 1): Float32Array[] {
  const r = rng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
  const centres = Array.from({ length: 200 }, () => l2normalise(Float32Array.from({ length: dim }, gauss)));
  return Array.from({ length: n }, () => {
    const c = centres[Math.floor(r() * centres.length)]!;
    return l2normalise(Float32Array.from({ length: dim }, (_, i) => c[i]! + 0.6 * gauss() / Math.sqrt(dim) * 4));
  });
}

/** A library folder whose SQLite holds `vectors` as indexed photos of `model`. */
export function syntheticLibrary(dir: string, model: string, vectors: Float32Array[]): void {
  mkdirSync(dir, { recursive: true });
  const db = openDatabase(join(dir, 'library.sqlite3'));
  const embeddings = new EmbeddingStore(db);
  db.prepare('INSERT INTO folders (path, added_at) VALUES (?, 0)').run('/synthetic/photos');
  const folder = db.prepare('SELECT id FROM folders').get() as { id: number };
  db.transaction(() => {
    const insert = db.prepare(
      `INSERT INTO photos (folder_id, path, size, mtime_ms, hash, width, height, taken_at, camera, status, seq)
       VALUES (?, ?, 1000, 0, ?, 4000, 3000, ?, 'Bench Camera', 'indexed', 1)`,
    );
    vectors.forEach((v, i) => {
      const hash = `h${i}`;
      insert.run(folder.id, `/synthetic/photos/IMG_${i}.jpg`, hash, Date.UTC(2020, 0, 1) + i * 60_000);
      embeddings.put(hash, model, v);
    });
    db.prepare("UPDATE meta SET value = '1' WHERE key = 'seq'").run();
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('active_model', ?)").run(model);
  })();
  db.close();
}

export interface BuildResult {
  seconds: number;
  vectorsPerSecond: number;
  indexMB: number; // on disk: the HNSW graph and the compact vector file
}

/**
 * Builds the graph from SQLite (timed), then writes the compact vector file the indexer leaves
 * when idle (not timed), so that the library looks like one a person indexed.
 */
export function buildFromSqlite(dir: string, model: string, dim: number): BuildResult {
  const library = openLibraryStore(dir, { readOnly: true });
  const n = library.embeddings.count(model);
  const t = nowMs();
  buildIndex(library, { model, dim, commitPath: VectorIndex.commitPath(dir, model) });
  const seconds = (nowMs() - t) / 1000;
  const matrix = new EmbeddingMatrix(library, model, dim).refresh();
  const labelled = { size: matrix.size, idAt: (i: number) => labelOf(matrix.idAt(i)), vectorAt: (i: number) => matrix.vectorAt(i) };
  VectorFile.write(VectorFile.pathFor(VectorIndex.commitPath(dir, model)), model, dim, matrix.seq, labelled);
  library.close();
  const indexMB = readdirSync(dir).filter((f) => /\.(hnsw|vectors)$/.test(f)).reduce((n, f) => n + statSync(join(dir, f)).size, 0) / 1e6;
  return { seconds, vectorsPerSecond: n / seconds, indexMB };
}

export interface KnnResult {
  p50: number;
  p95: number;
  p99: number;
  recallAt10: number;
}

/** kNN queries timed after this many others (warm-up: the graph's pages and the JIT, as in a running app). */
const KNN_WARMUP = 200;
/** Recall is computed against exact search over this many of the timed queries (a linear scan each). */
const RECALL_QUERIES = 200;

/**
 * Queries near the data (as a text or photo query is), not uniform random directions: `n` vectors
 * of float32 [n, D] in one array, each a library vector plus a little noise, L2-normalised.
 */
export function knnQueries(vectors: Float32Array[], n: number): Float32Array {
  const r = rng(77);
  const dim = vectors[0]!.length;
  const out = new Float32Array(n * dim);
  for (let q = 0; q < n; q++) {
    const base = vectors[Math.floor(r() * vectors.length)]!;
    out.set(l2normalise(Float32Array.from(base, (x) => x + (r() - 0.5) * 0.05)), q * dim);
  }
  return out;
}

/**
 * In a process shaped like the app's search process (the saved graph loaded, nothing else held):
 * `KNN_WARMUP` queries, a GC, then the rest timed. Returns the timings and the ids found for the first
 * RECALL_QUERIES timed queries, for knnRecall.
 */
export function knnLatency(dir: string, model: string, queries: Float32Array, dim: number): { p50: number; p95: number; p99: number; found: number[][] } {
  const index = VectorIndex.load(VectorIndex.commitPath(dir, model), model, dim);
  const qs = Array.from({ length: queries.length / dim }, (_, q) => queries.subarray(q * dim, (q + 1) * dim));
  for (const query of qs.slice(0, KNN_WARMUP)) index.search(query, 10);
  (globalThis as { gc?: () => void }).gc?.();
  const samples: number[] = [];
  const found: number[][] = [];
  for (const query of qs.slice(KNN_WARMUP)) {
    const t = nowMs();
    const got = index.search(query, 10);
    samples.push(nowMs() - t);
    if (found.length < RECALL_QUERIES) found.push(got.map((g) => photoOf(g.id)));
  }
  const { p50, p95, p99 } = summarise(samples);
  return { p50, p95, p99, found };
}

/** recall@10 of `found` (ids per timed query, as knnLatency returns them) against exact search over `vectors`. */
export function knnRecall(vectors: Float32Array[], queries: Float32Array, found: number[][]): number {
  const dim = vectors[0]!.length;
  let hits = 0;
  found.forEach((ids, i) => {
    const q = KNN_WARMUP + i;
    const got = new Set(ids);
    hits += exactTop(vectors, queries.subarray(q * dim, (q + 1) * dim), 10).filter((id) => got.has(id)).length;
  });
  return hits / (found.length * 10);
}

/** How many kNN queries to generate for `timed` timed ones. */
export function knnQueryCount(timed: number): number {
  return KNN_WARMUP + timed;
}

/** The ids (from 1, as photo ids) of the k vectors with the largest dot product with `query`: exact search, a linear scan. */
function exactTop(vectors: Float32Array[], query: Float32Array, k: number): number[] {
  const top: { id: number; s: number }[] = [];
  vectors.forEach((v, i) => {
    const s = dot(v, query);
    if (top.length === k && s <= top[k - 1]!.s) return;
    top.push({ id: i + 1, s });
    top.sort((a, b) => b.s - a.s);
    if (top.length > k) top.pop();
  });
  return top.map((x) => x.id);
}

const QUERIES = ['a dog on the beach', 'sunset over the sea', 'birthday cake with candles', 'a red car', 'snow in the mountains', 'my cat sleeping', 'a receipt', 'city at night'];

export async function queryLatency(dir: string, model: string, queries: number) {
  const engine = await Engine.open({ libraryDir: dir, model, device: 'cpu', mode: 'read' });
  const samples: number[] = [];
  for (let q = 0; q < 5; q++) await engine.search(`${QUERIES[q % QUERIES.length]} ${q}`, { limit: 20, minScore: -1 }); // warm the caches
  // Steady state: a reader answers its first queries from the compact vector file and loads the
  // graph when it lives on (cold start is line 6); wait for the graph.
  for (let i = 0; i < 200 && engine.indexInfo().graphSize === 0; i++) await new Promise((r) => setTimeout(r, 50));
  for (let q = 5; q < queries + 5; q++) {
    const t = nowMs();
    await engine.search(`${QUERIES[q % QUERIES.length]} ${q}`, { limit: 20, minScore: -1 });
    samples.push(nowMs() - t);
  }
  await engine.close();
  // The text encoder on a short query, as run (padded to the batch only) and padded to 77.
  const clip = await ClipModel.load(locateModel(model, join(dir, 'models')).dir, 'cpu');
  const text = 'a photo of a cat';
  const ids = clip.tokenizer.encode(text);
  let t = nowMs();
  for (let i = 0; i < 20; i++) await clip.embedTexts([text]);
  const shortMs = (nowMs() - t) / 20;
  const long = text + ' a'.repeat(77); // truncated to exactly 77 tokens: the cost of padding to 77
  t = nowMs();
  for (let i = 0; i < 20; i++) await clip.embedTexts([long]);
  const at77Ms = (nowMs() - t) / 20;
  await clip.release();
  return { ...summarise(samples), textEncode: { tokens: ids.length, ms: round(shortMs), msAt77: round(at77Ms) } };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** A fresh process: start Node, load the model and the saved index, answer one query. */
export function coldStart(dir: string, model: string, cli: string): { seconds: number; ok: boolean } {
  const t = nowMs();
  const r = spawnSync(process.execPath, [cli, 'search', 'a dog on the beach', '--library', dir, '--model', model, '--device', 'cpu', '--json', '--min-score=-1', '-k', '10'], {
    encoding: 'utf8',
  });
  const seconds = (nowMs() - t) / 1000;
  let ok: boolean;
  try {
    ok = r.status === 0 && (JSON.parse(r.stdout) as unknown[]).length === 10;
  } catch {
    ok = false;
  }
  return { seconds, ok };
}
