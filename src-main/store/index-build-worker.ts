// Worker thread entry: builds one model's index from SQLite (see index-build.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from './database.js';
import { buildIndex, type BuildRequest } from './index-build.js';

const req = workerData as BuildRequest;
const db = openDatabase(req.dbPath, { readonly: true });
try {
  buildIndex(db, req, (n) => parentPort?.postMessage({ progress: n }));
  parentPort?.postMessage({ done: true });
} finally {
  db.close();
}
