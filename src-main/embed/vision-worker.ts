// Worker thread entry: holds the image tower's session (vision-session.ts) and runs batches for
// the thread that started it, one at a time, in the order they arrive.
import { parentPort, workerData } from 'node:worker_threads';
import { openVisionHere, type VisionRequest, type VisionSession } from './vision-session.js';

const port = parentPort!;
let session: VisionSession;
try {
  session = await openVisionHere(workerData as VisionRequest);
  port.postMessage({ ready: session.info });
} catch (err) {
  port.postMessage({ failed: (err as Error).message });
  process.exit(0);
}

let queue: Promise<void> = Promise.resolve();
port.on('message', (msg: { id: number; pixels: Float32Array; count: number } | { release: true }) => {
  queue = queue.then(async () => {
    if ('release' in msg) {
      await session.release();
      port.postMessage({ released: true });
      return;
    }
    try {
      const data = await session.run(msg.pixels, msg.count);
      port.postMessage({ id: msg.id, data }, [data.buffer as ArrayBuffer]);
    } catch (err) {
      port.postMessage({ id: msg.id, error: (err as Error).message });
    }
  });
});
