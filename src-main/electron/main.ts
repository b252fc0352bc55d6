// The Electron app: the window, the tray, the engine's utility process and the wiring between them.
// The only module (with preload.cts) that imports Electron at runtime; everything with logic is in
// the modules it wires together, which tests drive without Electron.
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, nativeTheme, protocol, session, shell, Tray, utilityProcess } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineProcessArgs } from './engine-messages.js';
import { EngineClient } from './engine-client.js';
import { appFileResponse } from './app-files.js';
import { createIpcHandler } from './ipc.js';
import { copyInto } from './export-files.js';
import { photoResponse } from './photo-protocol.js';
import { hardenSession, hardenWebContents, isTrustedSender } from './security.js';
import { APP_ENTRY, APP_SCHEME, mainWindowOptions, PHOTO_SCHEME } from './window-options.js';
import { resolveLibrary } from '../engine/library-path.js';
import { DEFAULT_MODEL, packageRoot } from '../engine/app-defaults.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const uiDir = join(packageRoot(), 'dist-renderer');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  { scheme: PHOTO_SCHEME, privileges: { standard: true, secure: true } },
]);

if (!app.requestSingleInstanceLock()) app.quit();

let win: BrowserWindow | undefined;
let tray: Tray | undefined;
let quitting = false;

function startEngine(): EngineClient {
  // The same library as the CLI and web mode on this computer (engine/library-path.ts).
  const args: EngineProcessArgs = { libraryDir: resolveLibrary(), defaultModel: DEFAULT_MODEL };
  const child = utilityProcess.fork(join(here, 'engine-process.js'), [JSON.stringify(args)], { serviceName: 'Photo Search engine' });
  const client = new EngineClient({ post: (m) => child.postMessage(m), onMessage: (l) => child.on('message', l) });
  child.on('exit', (code) => {
    if (!quitting) client.stopped(`The engine stopped unexpectedly (exit code ${code}). Restart the app to continue.`);
  });
  return client;
}

function createWindow(): BrowserWindow {
  const w = new BrowserWindow(mainWindowOptions(join(here, 'preload.cjs'), nativeTheme.shouldUseDarkColors));
  hardenWebContents(w.webContents, (url) => void shell.openExternal(url));
  w.once('ready-to-show', () => w.show());
  // Closing the window keeps the app (and indexing) running in the tray; Quit ends it.
  w.on('close', (event) => {
    if (!quitting && tray) {
      event.preventDefault();
      w.hide();
    }
  });
  void w.loadURL(APP_ENTRY);
  return w;
}

function createTray(): Tray | undefined {
  try {
    const t = new Tray(nativeImage.createFromPath(join(packageRoot(), 'build', 'tray.png')));
    t.setToolTip('Photo Search');
    t.setContextMenu(Menu.buildFromTemplate([
      { label: 'Show Photo Search', click: () => showWindow() },
      { type: 'separator' },
      { label: 'Quit', click: () => app.quit() },
    ]));
    t.on('click', () => showWindow());
    return t;
  } catch {
    return undefined; // some Linux desktops have no tray: closing the window then quits
  }
}

function showWindow(): void {
  if (!win || win.isDestroyed()) win = createWindow();
  win.show();
  win.focus();
}

void app.whenReady().then(() => {
  hardenSession(session.defaultSession);
  const engine = startEngine();
  protocol.handle(APP_SCHEME, (req) => appFileResponse(uiDir, req.url));
  protocol.handle(PHOTO_SCHEME, (req) => photoResponse(engine, req.url));
  const handle = createIpcHandler(engine, {
    reveal: (path) => shell.showItemInFolder(path),
    open: (path) => shell.openPath(path),
    trash: (path) => shell.trashItem(path),
    copyInto,
    chooseExportFolder: async (count) => {
      const r = await dialog.showOpenDialog({ properties: ['openDirectory', 'createDirectory'], title: `Export ${count} photo${count === 1 ? '' : 's'} to…`, buttonLabel: 'Export here' });
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    chooseFolders: async () => {
      const r = await dialog.showOpenDialog({ properties: ['openDirectory', 'multiSelections'], title: 'Add photo folders' });
      return r.canceled ? [] : r.filePaths;
    },
  });
  ipcMain.handle('api:call', (event, method: unknown, params: unknown) => handle(event.senderFrame, method, params));
  ipcMain.on('photo:drag', (event, photoId: unknown) => {
    if (!isTrustedSender(event.senderFrame) || !Number.isSafeInteger(photoId)) return;
    void engine.path(photoId as number).then(async (path) => {
      if (typeof path !== 'string') return;
      const icon = await nativeImage.createThumbnailFromPath(path, { width: 96, height: 96 }).catch(() => nativeImage.createEmpty());
      event.sender.startDrag({ file: path, icon });
    });
  });
  engine.onEvent((event) => {
    for (const w of BrowserWindow.getAllWindows()) w.webContents.send('api:event', event);
  });
  tray = createTray();
  win = createWindow();
});

app.on('second-instance', () => showWindow());
app.on('activate', () => showWindow());
app.on('before-quit', () => (quitting = true));
app.on('window-all-closed', () => {
  if (!tray) app.quit();
});
// No page may create another web contents that escapes the rules (defence in depth).
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
