// The IPC entry point of the main process. Every call is checked twice: here (the sender is the
// app's own page; desktop-only methods are validated and run with Electron's shell and dialog)
// and in the engine process (every argument against src-shared/api-schemas.ts).
import type { ApiResult, ExportResult, TrashResult } from '../../src-shared/api.js';
import { API_SCHEMAS, type ApiMethod } from '../../src-shared/api-schemas.js';
import type { EngineClient } from './engine-client.js';
import { isTrustedSender } from './security.js';

/** What only the desktop can do; main.ts implements it with shell and dialog. */
export interface DesktopActions {
  reveal(path: string): void;
  open(path: string): Promise<string>; // '' on success, else the OS's reason
  chooseFolders(): Promise<string[]>;
  /** Moves a file to the operating system's trash (Electron's shell.trashItem); rejects with the OS's reason. */
  trash(path: string): Promise<void>;
  /** Asks where to export `count` photos (a folder dialog); null: cancelled. */
  chooseExportFolder(count: number): Promise<string | null>;
  /** Copies a file into the folder without replacing any (export-files.ts copyInto); rejects with the reason. */
  copyInto(path: string, folder: string): Promise<string>;
}

export type IpcHandler = (sender: { url: string; parent?: unknown } | null | undefined, method: unknown, params: unknown) => Promise<ApiResult<ApiMethod>>;

const refused = (message: string): ApiResult<ApiMethod> => ({ ok: false, error: { code: 'invalid_request', message } });

export function createIpcHandler(engine: EngineClient, desktop: DesktopActions): IpcHandler {
  return async (sender, method, params) => {
    if (!isTrustedSender(sender)) return refused('calls are accepted only from the app itself');
    if (method === 'photo.reveal' || method === 'photo.open') {
      const parsed = API_SCHEMAS[method].safeParse(params ?? {});
      if (!parsed.success) return refused(`${method}: ${parsed.error.issues[0]?.message ?? 'invalid arguments'}`);
      const path = await engine.path(parsed.data.id);
      if (typeof path !== 'string') return { ok: false, error: path };
      if (method === 'photo.reveal') {
        desktop.reveal(path);
        return { ok: true, value: { done: true } };
      }
      const problem = await desktop.open(path);
      return problem ? { ok: false, error: { code: 'failed', message: problem } } : { ok: true, value: { done: true } };
    }
    if (method === 'photos.trash') {
      const parsed = API_SCHEMAS['photos.trash'].safeParse(params ?? {});
      if (!parsed.success) return refused(`photos.trash: ${parsed.error.issues[0]?.message ?? 'invalid arguments'}`);
      return trashPhotos(engine, desktop, parsed.data.ids);
    }
    if (method === 'photos.export') {
      const parsed = API_SCHEMAS['photos.export'].safeParse(params ?? {});
      if (!parsed.success) return refused(`photos.export: ${parsed.error.issues[0]?.message ?? 'invalid arguments'}`);
      return exportPhotos(engine, desktop, parsed.data.ids);
    }
    if (method === 'folders.choose') {
      if (!API_SCHEMAS['folders.choose'].safeParse(params ?? {}).success) return refused('folders.choose takes no arguments');
      let last: ApiResult<ApiMethod> = await engine.call('folders.list', {});
      for (const path of await desktop.chooseFolders()) last = await engine.call('folders.add', { path });
      return last;
    }
    return engine.call(method as string, params);
  };
}

/**
 * Moves each photo's file to the trash, one by one (one that fails does not stop the others), then has the engine
 * rescan, so the photos leave the library at once (to "recently removed", as any deleted file does) rather than
 * when the watcher notices. The renderer asked the person first, naming how many files and where.
 */
async function trashPhotos(engine: EngineClient, desktop: DesktopActions, ids: readonly number[]): Promise<ApiResult<ApiMethod>> {
  const failed: TrashResult['failed'] = [];
  let trashed = 0;
  for (const id of new Set(ids)) {
    const path = await engine.path(id);
    if (typeof path !== 'string') {
      failed.push({ id, path: null, reason: path.message });
      continue;
    }
    try {
      await desktop.trash(path);
      trashed++;
    } catch (err) {
      failed.push({ id, path, reason: (err as Error).message || String(err) });
    }
  }
  if (trashed) await engine.call('index.rescan', {});
  return { ok: true, value: { trashed, failed } };
}

/** Copies each photo's file into a folder the person picks; one that fails does not stop the others. */
async function exportPhotos(engine: EngineClient, desktop: DesktopActions, ids: readonly number[]): Promise<ApiResult<ApiMethod>> {
  const unique = [...new Set(ids)];
  const folder = await desktop.chooseExportFolder(unique.length);
  const result: ExportResult = { folder, exported: 0, failed: [] };
  if (folder === null) return { ok: true, value: result };
  for (const id of unique) {
    const path = await engine.path(id);
    if (typeof path !== 'string') {
      result.failed.push({ id, path: null, reason: path.message });
      continue;
    }
    try {
      await desktop.copyInto(path, folder);
      result.exported++;
    } catch (err) {
      result.failed.push({ id, path, reason: (err as Error).message || String(err) });
    }
  }
  return { ok: true, value: result };
}
