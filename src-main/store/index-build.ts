// Rebuilding a model's HNSW index from SQLite. Small libraries build in place; large ones in a
// worker thread, so that a rebuild (minutes at 100k photos) never blocks searching, which is
// answered exactly from SQLite meanwhile.
import { Worker } from 'node:worker_threads';
import { compiledScript } from '../util/compiled-script.js';
import { openDatabase, type Db } from './database.js';
import { EmbeddingStore } from './embeddings.js';
import type { LibraryReader } from './library.js';
import { MetaStore } from './meta.js';
import { VectorIndex } from './vector-index.js';

export interface BuildRequest {
  dbPath: string;
  model: string;
  dim: number;
  commitPath: string;
}

type Source = Pick<LibraryReader, 'embeddings' | 'meta'>;

/**
 * Builds the HNSW graph of `req.model`'s searchable photos (all their views) from one snapshot of SQLite, stamps it
 * with the snapshot's seq and saves it to `req.commitPath`. `onProgress` gets the vectors added
 * so far, every 1,000. The caller provides the snapshot (one read transaction), as buildIndexFromFile does.
 * @throws Error from hnswlib, or from the file system when saving (see VectorIndex.save)
 */
export function buildIndex(source: Source, req: Omit<BuildRequest, 'dbPath'>, onProgress?: (n: number) => void): VectorIndex {
  const build = () => {
    const seq = source.meta.seq();
    const count = source.embeddings.count(req.model);
    const index = VectorIndex.create(req.model, req.dim, Math.max(1024, Math.ceil(count * 1.1)));
    let n = 0;
    // Every view of every searchable photo, under its label (store/view-labels.ts).
    for (const { label, vector } of source.embeddings.labelVectors(req.model)) {
      index.add(label, vector);
      if (++n % 1000 === 0) onProgress?.(n);
    }
    index.seq = seq;
    index.save(req.commitPath);
    return index;
  };
  return build();
}

/**
 * The same from a database file opened here (a worker thread's own connection), in one read transaction.
 * @throws Error as buildIndex, or when the database cannot be opened
 */
export function buildIndexFromFile(req: BuildRequest, onProgress?: (n: number) => void): VectorIndex {
  const db: Db = openDatabase(req.dbPath, { readonly: true });
  try {
    // One read transaction: the vectors and the seq come from the same snapshot.
    return db.transaction(() => buildIndex({ embeddings: new EmbeddingStore(db), meta: new MetaStore(db) }, req, onProgress))();
  } finally {
    db.close();
  }
}

/**
 * Above this many vectors a rebuild goes to a worker thread; a choice of this project. At the build rate of
 * bench/README.md's measure 5 on 2 cores (around a thousand vectors/s), an in-place build blocks for seconds.
 */
export const WORKER_THRESHOLD = 5000;

/**
 * Builds in a worker and resolves when the saved index can be loaded. Without a compiled worker script
 * (sources run before a build) it builds here instead, blocking.
 * @throws Error (a rejection) when the worker fails or exits with a code other than 0; when it builds here,
 *   buildIndexFromFile's errors, synchronously
 */
export function buildIndexInWorker(req: BuildRequest, onProgress?: (n: number) => void): Promise<void> {
  const script = compiledScript(import.meta.url, 'store/index-build-worker.js');
  if (!script) {
    buildIndexFromFile(req, onProgress);
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: req });
    worker.on('message', (msg: { progress?: number; done?: boolean }) => {
      if (msg.progress !== undefined) onProgress?.(msg.progress);
      if (msg.done) resolve();
    });
    worker.on('error', reject);
    worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`index build worker exited with ${code}`))));
  });
}
