// Messages between the Electron main process and the engine's utility process. The engine runs
// there, off the main process, so indexing and model inference never stall window events or IPC.
import type { ApiEvent } from '../../src-shared/api.js';

export type EngineRequest =
  | { id: number; kind: 'call'; method: string; params: unknown }
  | { id: number; kind: 'jpeg'; photoId: number; size: 'thumbnail' | 'full' }
  | { id: number; kind: 'path'; photoId: number };

export type EngineReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { code: string; message: string } }
  | { event: ApiEvent };

/** Arguments the main process passes to the engine process (as JSON in argv). */
export interface EngineProcessArgs {
  libraryDir: string;
  defaultModel: string;
  modelsDir?: string;
  device?: string;
}

/** A message channel in either direction: Electron's utility process, or Node's child process in tests. */
export interface Channel {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
}
