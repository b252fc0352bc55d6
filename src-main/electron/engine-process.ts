// The engine's process: Electron starts it with utilityProcess.fork (tests with child_process.fork).
// It owns the library (SQLite, the vector index, the ONNX sessions) and answers the main process.
import { toApiError } from '../api/errors.js';
import { ApiService } from '../api/service.js';
import type { Device } from '../engine/models.js';
import type { Channel, EngineProcessArgs, EngineReply, EngineRequest } from './engine-messages.js';

function parentChannel(): Channel {
  const port = (process as unknown as { parentPort?: { postMessage(m: unknown): void; on(e: 'message', l: (e: { data: unknown }) => void): void } }).parentPort;
  if (port) return { post: (m) => port.postMessage(m), onMessage: (l) => port.on('message', (e) => l(e.data)) };
  if (process.send) return { post: (m) => process.send!(m), onMessage: (l) => process.on('message', l) };
  throw new Error('the engine process needs a parent to talk to');
}

async function answer(service: ApiService, req: EngineRequest): Promise<EngineReply> {
  try {
    if (req.kind === 'call') {
      const result = await service.call(req.method, req.params);
      return result.ok ? { id: req.id, ok: true, value: result.value } : { id: req.id, ok: false, error: result.error };
    }
    if (req.kind === 'jpeg') return { id: req.id, ok: true, value: await service.photoJpeg(req.photoId, req.size) };
    return { id: req.id, ok: true, value: service.photoPath(req.photoId) };
  } catch (err) {
    return { id: req.id, ok: false, error: toApiError(err) };
  }
}

function main(): void {
  const args = JSON.parse(process.argv[2] ?? '{}') as EngineProcessArgs;
  const channel = parentChannel();
  const service = new ApiService({
    libraryDir: args.libraryDir,
    defaultModel: args.defaultModel,
    modelsDir: args.modelsDir,
    device: (args.device ?? 'auto') as Device,
    desktop: true,
  });
  service.onEvent((event) => channel.post({ event } satisfies EngineReply));
  channel.onMessage((msg) => {
    const req = msg as EngineRequest;
    if (typeof req?.id !== 'number') return;
    void answer(service, req).then((reply) => channel.post(reply));
  });
  service.start().catch((err: Error) => channel.post({ event: { type: 'error', message: `The library could not open: ${err.message}` } } satisfies EngineReply));
  const stop = () => void service.close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('disconnect', stop);
}

main();
