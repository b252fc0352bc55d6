// Worker thread entry: builds one model's index from SQLite (see index-build.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { buildIndexFromFile, type BuildRequest } from './index-build.js';

buildIndexFromFile(workerData as BuildRequest, (n) => parentPort?.postMessage({ progress: n }));
parentPort?.postMessage({ done: true });
