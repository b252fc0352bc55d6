// The Electron shell without Electron: the window's security settings, the session and web-contents
// guards, the IPC handler (sender check, validation, desktop actions) and the photo protocol, all
// against a real engine process (forked the way Electron's utilityProcess runs it).
import { fork, type ChildProcess } from 'node:child_process';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { ApiEvent, ExportResult, TrashResult } from '../src-shared/api.js';
import { copyInto } from '../src-main/electron/export-files.js';
import { appFileResponse } from '../src-main/electron/app-files.js';
import { EngineClient } from '../src-main/electron/engine-client.js';
import type { EngineProcessArgs } from '../src-main/electron/engine-messages.js';
import { createIpcHandler } from '../src-main/electron/ipc.js';
import { photoResponse } from '../src-main/electron/photo-protocol.js';
import { CSP, hardenSession, hardenWebContents, isTrustedSender, type SessionLike, type WebContentsLike } from '../src-main/electron/security.js';
import { APP_ENTRY, mainWindowOptions } from '../src-main/electron/window-options.js';
import { tempLibrary, type TempLibrary } from './helpers/library.js';
import { ROOT } from './helpers/paths.js';

describe('window options', () => {
  it('turn on every isolation the Electron checklist asks for', () => {
    const o = mainWindowOptions('/app/preload.cjs', false);
    // What must be on, then what must be off (the same flags as before, grouped by meaning).
    expect(o.webPreferences).toMatchObject({ preload: '/app/preload.cjs', contextIsolation: true, sandbox: true, webSecurity: true });
    expect(o.webPreferences).toMatchObject({
      allowRunningInsecureContent: false, experimentalFeatures: false, navigateOnDragDrop: false, webviewTag: false,
      nodeIntegration: false, nodeIntegrationInSubFrames: false, nodeIntegrationInWorker: false,
    });
    expect(o.show).toBe(false);
    expect(mainWindowOptions('/p', true).backgroundColor).not.toBe(o.backgroundColor);
  });

  it('load the UI from the app protocol, not file://', () => {
    expect(APP_ENTRY).toBe('app://ui/index.html');
  });
});

describe('session and web contents guards', () => {
  it('deny every permission, device and screen capture', () => {
    const handlers: Record<string, (...args: never[]) => unknown> = {};
    const session = new Proxy({}, { get: (_t, name: string) => (h: (...args: never[]) => unknown) => (handlers[name] = h) }) as SessionLike;
    hardenSession(session);
    let granted: boolean | undefined;
    const request = handlers.setPermissionRequestHandler as unknown as (c: null, p: string, cb: (ok: boolean) => void) => void;
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fileSystem']) {
      request(null, permission, (ok) => (granted = ok));
      expect(granted, permission).toBe(false);
    }
    expect((handlers.setPermissionCheckHandler as unknown as () => boolean)()).toBe(false);
    expect((handlers.setDevicePermissionHandler as unknown as () => boolean)()).toBe(false);
    let streams: unknown = 'unset';
    (handlers.setDisplayMediaRequestHandler as unknown as (r: unknown, cb: (s: unknown) => void) => void)({}, (s) => (streams = s));
    expect(streams).toBeNull();
  });

  it('refuse navigation away from the app, new windows and <webview>', () => {
    const listeners: Record<string, (event: { preventDefault: () => void }, url?: string) => void> = {};
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    const contents = {
      on: (name: string, l: (event: { preventDefault: () => void }, url?: string) => void) => (listeners[name] = l),
      setWindowOpenHandler: (h: (d: { url: string }) => { action: string }) => (openHandler = h),
    } as unknown as WebContentsLike;
    const external: string[] = [];
    hardenWebContents(contents, (url) => external.push(url));
    const prevented = (name: string, url?: string) => {
      let p = false;
      listeners[name]!({ preventDefault: () => (p = true) }, url);
      return p;
    };
    expect(prevented('will-navigate', 'https://evil.example/')).toBe(true);
    expect(prevented('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(prevented('will-navigate', 'app://other/index.html')).toBe(true);
    expect(prevented('will-navigate', 'app://ui/index.html')).toBe(false);
    expect(prevented('will-redirect', 'http://127.0.0.1:1/')).toBe(true);
    expect(prevented('will-attach-webview')).toBe(true);
    expect(openHandler!({ url: 'https://huggingface.co/openai' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(external).toEqual(['https://huggingface.co/openai']); // opened in the browser, not the app
  });

  it('trust IPC only from the app page itself', () => {
    expect(isTrustedSender({ url: 'app://ui/index.html' })).toBe(true);
    expect(isTrustedSender({ url: 'app://ui/index.html', parent: {} })).toBe(false); // a sub-frame
    expect(isTrustedSender({ url: 'https://evil.example/' })).toBe(false);
    expect(isTrustedSender({ url: 'file:///index.html' })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });

  it('send a CSP that allows only the app and its photo protocol', () => {
    expect(CSP).toContain("default-src 'none'");
    expect(CSP).toContain("script-src 'self'");
    expect(CSP).not.toContain('unsafe-eval');
    expect(CSP).toMatch(/img-src 'self' photo:/);
  });
});

describe('IPC and the photo protocol, against the engine process', () => {
  let lib: TempLibrary;
  let child: ChildProcess;
  let engine: EngineClient;
  const events: ApiEvent[] = [];
  const revealed: string[] = [];
  const app = { url: 'app://ui/index.html' };
  const trashDir = join(tmpdir(), `photo-search-trash-${process.pid}`);
  const exportDir = join(tmpdir(), `photo-search-export-${process.pid}`);
  let exportTo: string | null = exportDir; // what the export folder dialog answers (null: cancelled)
  const exportAsked: number[] = [];
  let handle: ReturnType<typeof createIpcHandler>;

  beforeAll(async () => {
    lib = await tempLibrary(1);
    const args: EngineProcessArgs = { libraryDir: lib.library, defaultModel: 'tiny-clip', device: 'cpu' };
    child = fork(join(ROOT, 'dist/src-main/electron/engine-process.js'), [JSON.stringify(args)], { serialization: 'advanced', stdio: 'inherit' });
    engine = new EngineClient({ post: (m) => child.send(m as object), onMessage: (l) => child.on('message', l) });
    engine.onEvent((e) => events.push(e));
    handle = createIpcHandler(engine, {
      reveal: (path) => revealed.push(path),
      open: async () => '',
      chooseFolders: async () => [lib.photos],
      // The operating system's trash, as shell.trashItem behaves: the file leaves its folder, or it rejects.
      trash: async (path) => {
        if (path.includes('yellow')) throw new Error('Operation not permitted');
        mkdirSync(trashDir, { recursive: true });
        renameSync(path, join(trashDir, basename(path)));
      },
      chooseExportFolder: async (count) => (exportAsked.push(count), exportTo),
      copyInto,
    });
    // Wait for the library to open, then add the folder through the native-dialog path.
    for (let i = 0; i < 100; i++) {
      const s = await handle(app, 'status', {});
      if (s.ok && 'state' in s.value && s.value.state === 'ready') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const chosen = await handle(app, 'folders.choose', {});
    expect(chosen.ok).toBe(true);
    for (let i = 0; i < 300; i++) {
      const s = await handle(app, 'status', {});
      if (s.ok && 'searchable' in s.value && s.value.searchable === lib.written.length && !s.value.indexing) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 120_000);

  afterAll(() => {
    child?.kill('SIGTERM');
    lib?.cleanup();
  });

  it('indexes the chosen folder in the engine process and pushes progress', () => {
    expect(events.some((e) => e.type === 'progress' && e.progress.phase === 'indexing')).toBe(true);
  });

  it('answers a search from the app page', async () => {
    const r = await handle(app, 'search', { query: 'a photo of a green square', limit: 3 });
    expect(r.ok).toBe(true);
    if (r.ok && 'hits' in r.value) expect(r.value.hits[0]?.name).toMatch(/green-square/);
  });

  it('refuses calls from any other page, and malformed calls', async () => {
    const foreign = await handle({ url: 'https://evil.example/' }, 'search', { query: 'x' });
    expect(foreign.ok ? 'ok' : foreign.error.code).toBe('invalid_request');
    for (const [method, params] of [['search', { query: 1 }], ['__proto__', {}], ['photo.reveal', { id: '../../etc/passwd' }], ['photo.open', JSON.parse('{"id":1,"__proto__":{"x":1}}')], ['folders.choose', { path: '/etc' }]]) {
      const r = await handle(app, method, params);
      expect(r.ok ? 'ok' : r.error.code, String(method)).toBe('invalid_request');
    }
    expect(revealed).toEqual([]);
  });

  it('reveals only photos of the library, by id', async () => {
    const hit = await handle(app, 'search', { query: 'star', limit: 1 });
    const id = hit.ok && 'hits' in hit.value ? hit.value.hits[0]!.id : 0;
    expect((await handle(app, 'photo.reveal', { id })).ok).toBe(true);
    expect(revealed).toHaveLength(1);
    expect(revealed[0]!.startsWith(lib.photos)).toBe(true);
    const missing = await handle(app, 'photo.reveal', { id: 999_999 });
    expect(missing.ok ? 'ok' : missing.error.code).toBe('not_found');
    expect(revealed).toHaveLength(1);
  });

  it('exports photos into the folder the person picks, never replacing a file there, and says which failed', async () => {
    const hits = await handle(app, 'photos', { limit: 100 });
    const all = hits.ok && 'hits' in hits.value ? hits.value.hits : [];
    const [green, blue] = [all.find((h) => h.name.includes('green'))!, all.find((h) => h.name.includes('blue'))!];
    mkdirSync(exportDir, { recursive: true });
    writeFileSync(join(exportDir, blue.name), 'already here');
    const r = await handle(app, 'photos.export', { ids: [green.id, blue.id, green.id, 999_999] });
    const result = r.ok ? (r.value as ExportResult) : undefined;
    expect(exportAsked).toEqual([3]); // the dialog is told how many photos
    expect(result).toMatchObject({ folder: exportDir, exported: 2 });
    expect(result!.failed.map((f) => [f.id, f.reason])).toEqual([[999_999, expect.stringMatching(/no photo/)]]);
    expect(readFileSync(join(exportDir, green.name)).equals(readFileSync(green.path))).toBe(true);
    expect(readFileSync(join(exportDir, blue.name), 'utf8')).toBe('already here');
    const dot = blue.name.lastIndexOf('.');
    expect(readFileSync(join(exportDir, `${blue.name.slice(0, dot)} (2)${blue.name.slice(dot)}`)).equals(readFileSync(blue.path))).toBe(true);
    // Cancelled: nothing is copied. Malformed: refused before any dialog opens.
    exportTo = null;
    const cancelled = await handle(app, 'photos.export', { ids: [green.id] });
    expect(cancelled.ok ? cancelled.value : null).toEqual({ folder: null, exported: 0, failed: [] });
    expect(readdirSync(exportDir)).toHaveLength(3);
    for (const bad of [{ ids: [] }, { ids: ['../../etc/passwd'] }, { ids: [green.id], folder: '/tmp' }]) {
      const refused = await handle(app, 'photos.export', bad);
      expect(refused.ok ? 'ok' : refused.error.code).toBe('invalid_request');
    }
    expect(exportAsked).toEqual([3, 1]);
    rmSync(exportDir, { recursive: true, force: true });
  });

  it('moves photos to the trash through the shell, says which could not go and why, and the library lets them go', async () => {
    const hits = await handle(app, 'photos', { limit: 100 });
    const all = hits.ok && 'hits' in hits.value ? hits.value.hits : [];
    const red = all.find((h) => h.name.includes('red'))!;
    const yellow = all.find((h) => h.name.includes('yellow'))!;
    const r = await handle(app, 'photos.trash', { ids: [red.id, yellow.id, 999_999] });
    expect(r.ok).toBe(true);
    const result = r.ok ? (r.value as TrashResult) : undefined;
    expect(result!.trashed).toBe(1);
    expect(result!.failed.map((f) => [f.id, f.reason])).toEqual([[yellow.id, 'Operation not permitted'], [999_999, expect.stringMatching(/no photo/)]]);
    expect(existsSync(join(trashDir, red.name))).toBe(true);
    expect(existsSync(yellow.path)).toBe(true);
    // A rescan starts at once: the trashed photo leaves the searchable ones.
    let searchable = 0;
    for (let i = 0; i < 100 && searchable !== lib.written.length - 1; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const s = await handle(app, 'status', {});
      searchable = s.ok && 'searchable' in s.value ? s.value.searchable : 0;
    }
    expect(searchable).toBe(lib.written.length - 1);
    const refused = await handle(app, 'photos.trash', { ids: [] });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('invalid_request');
    rmSync(trashDir, { recursive: true, force: true });
  });

  it('serves photo://thumbnail/<id> for library photos and refuses anything else', async () => {
    const hit = await handle(app, 'search', { query: 'circle', limit: 1 });
    const id = hit.ok && 'hits' in hit.value ? hit.value.hits[0]!.id : 0;
    const ok = await photoResponse(engine, `photo://thumbnail/${id}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await ok.arrayBuffer()).subarray(0, 2).toString('hex')).toBe('ffd8');
    expect((await photoResponse(engine, 'photo://full/999999')).status).toBe(404);
    for (const bad of ['photo://thumbnail/../../etc/passwd', 'photo://thumbnail/%2e%2e%2fetc%2fpasswd', 'photo://etc/passwd', 'photo://thumbnail/1?path=/etc/passwd', `photo://full/${'9'.repeat(40)}`, 'not a url']) {
      expect((await photoResponse(engine, bad)).status, bad).toBe(400);
    }
  });

  it('serves the UI files from dist-renderer only, with the CSP', async () => {
    const ui = join(ROOT, 'dist-renderer');
    const page = await appFileResponse(ui, 'app://ui/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CSP);
    expect((await appFileResponse(ui, 'app://ui/../package.json')).status).toBe(404);
    expect((await appFileResponse(ui, 'app://ui/%2e%2e/package.json')).status).toBe(404);
    expect((await appFileResponse(ui, 'app://other/index.html')).status).toBe(404);
  });
});
