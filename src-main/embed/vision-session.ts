// The image tower's ONNX session, run on a worker thread. onnxruntime-node runs a session
// synchronously on the calling thread (its `run` only defers to setImmediate), so a batch of
// photos through ViT-B/32 (0.4 s on 2 cores) would freeze the indexer's thread: no file read or
// sharp decode could be started or finished meanwhile, and the model then waited for the next
// batch (bench: inference idle a quarter of the time), and a search typed meanwhile waited too.
// On its own thread the session runs while this thread keeps reading, decoding and answering.
import { Worker } from 'node:worker_threads';
import ort from 'onnxruntime-node';
import { compiledScript } from '../util/compiled-script.js';
import { createSessions, type Provider } from './execution-providers.js';

/** What the loaded tower takes and returns, read from its ONNX graph. */
export interface VisionInfo {
  input: string;
  output: string | undefined; // undefined when no output is an embedding (the caller refuses the model)
  outputNames: string[];
  side: number | undefined; // the fixed image side of the input, when the export fixes it
  outDim: number | undefined; // the embedding size of the output, when the export fixes it
  maxBatch: number; // the largest batch the export accepts
}

export interface VisionRequest {
  modelPath: string;
  provider: Provider;
  cacheDir?: string;
  imageSize: number; // S of the preprocessing, for the warm-up run
}

/** A loaded image tower: `run` embeds a batch, `release` frees it. */
export interface VisionSession {
  readonly info: VisionInfo;
  /**
   * Runs `count` images (float32 [count*3*S*S], CHW) through the tower; returns its raw output, float32
   * [count*D], not normalised. The caller's buffer is copied, never detached.
   * @throws Error onnxruntime's, or when the worker thread stopped
   */
  run(pixels: Float32Array, count: number): Promise<Float32Array>;
  release(): Promise<void>;
}

/**
 * Opens the tower in the calling thread, reads its input and output, and runs one image through it:
 * onnxruntime's first run allocates and plans (0.3 s for ViT-B/32 on 2 cores), which would otherwise
 * stall the first batch of photos. The worker thread calls this; so does a process run from sources.
 * @throws Error onnxruntime's, when the provider cannot load the model
 */
export async function openVisionHere(req: VisionRequest): Promise<VisionSession> {
  const { sessions } = await createSessions([req.modelPath], req.provider, req.cacheDir);
  const session = sessions[0]!;
  const input = session.inputNames[0]!;
  const inMeta = session.inputMetadata.find((m) => m.name === input);
  const shape = inMeta?.isTensor ? inMeta.shape : [];
  // The embedding output: by its name in either layout of shared/docs/model-formats.md, or the only one.
  const preferred = ['image_embeds', 'embedding', 'embeddings'];
  const output = preferred.find((n) => session.outputNames.includes(n)) ?? (session.outputNames.length === 1 ? session.outputNames[0] : undefined);
  const outMeta = session.outputMetadata.find((m) => m.name === output);
  const outShape = outMeta?.isTensor ? outMeta.shape : [];
  const batch = shape[0];
  const last = outShape[outShape.length - 1];
  const info: VisionInfo = {
    input,
    output,
    outputNames: [...session.outputNames],
    side: typeof shape[3] === 'number' ? shape[3] : undefined,
    outDim: typeof last === 'number' ? last : undefined,
    maxBatch: typeof batch === 'number' && batch > 0 ? batch : Number.MAX_SAFE_INTEGER,
  };
  const s = info.side ?? req.imageSize;
  const run = async (pixels: Float32Array, count: number) => {
    if (!output) throw new Error('the image model has no embedding output');
    const out = await session.run({ [input]: new ort.Tensor('float32', pixels, [count, 3, s, s]) }, [output]);
    return out[output]!.data as Float32Array;
  };
  if (output) await run(new Float32Array(3 * s * s), 1);
  return { info, run, release: () => session.release() };
}

type FromWorker = { ready: VisionInfo } | { failed: string } | { id: number; data?: Float32Array; error?: string } | { released: true };

/**
 * Opens the tower on a worker thread (or here, when running from sources without a build).
 * @throws Error (a rejection) when the worker cannot load the model, with onnxruntime's message
 */
export function openVisionSession(req: VisionRequest): Promise<VisionSession> {
  const script = compiledScript(import.meta.url, 'embed/vision-worker.js');
  if (!script) return openVisionHere(req);
  const worker = new Worker(script, { workerData: req });
  const pending = new Map<number, { resolve: (d: Float32Array) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let stopped: Error | undefined;
  let onReleased: (() => void) | undefined;
  const stop = (err: Error) => {
    stopped ??= err;
    for (const p of pending.values()) p.reject(stopped);
    pending.clear();
  };
  return new Promise<VisionSession>((resolveOpen, rejectOpen) => {
    worker.on('message', (msg: FromWorker) => {
      if ('ready' in msg) {
        worker.unref(); // an idle tower never keeps the process alive
        resolveOpen({
          info: msg.ready,
          run(pixels, count) {
            if (stopped) return Promise.reject(stopped);
            const id = nextId++;
            worker.ref(); // a batch in flight does
            return new Promise<Float32Array>((resolve, reject) => {
              pending.set(id, { resolve, reject });
              // A copy of just this view (a subarray's whole buffer would be cloned), handed over without a second copy.
              const copy = pixels.slice();
              worker.postMessage({ id, pixels: copy, count }, [copy.buffer]);
            });
          },
          async release() {
            if (stopped) return;
            const released = new Promise<void>((r) => (onReleased = r));
            worker.ref(); // until it is released
            worker.postMessage({ release: true });
            await released;
            stop(new Error('the image model was released'));
            await worker.terminate();
          },
        });
      } else if ('failed' in msg) {
        rejectOpen(new Error(msg.failed));
        void worker.terminate();
      } else if ('released' in msg) {
        onReleased?.();
      } else {
        const p = pending.get(msg.id);
        pending.delete(msg.id);
        if (pending.size === 0) worker.unref();
        if (msg.error !== undefined) p?.reject(new Error(msg.error));
        else p?.resolve(msg.data!);
      }
    });
    worker.on('error', (err) => {
      rejectOpen(err);
      stop(new Error(`the image model's thread failed: ${err.message}`));
      onReleased?.();
    });
    worker.on('exit', (code) => {
      rejectOpen(new Error(`the image model's thread exited (${code})`));
      stop(new Error(`the image model's thread exited (${code})`));
      onReleased?.();
    });
  });
}
