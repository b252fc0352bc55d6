// The main window's options and the app's own URLs, kept free of Electron imports so that tests
// can assert every security setting without an Electron binary.
import type { BrowserWindowConstructorOptions } from 'electron';

/** The UI's pages load from `app://ui/` (a custom protocol, not file://, per Electron's checklist). */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://ui`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;
/** Photos load from `photo://thumbnail/<id>` and `photo://full/<id>`: by id, never by path. */
export const PHOTO_SCHEME = 'photo';

export function mainWindowOptions(preloadPath: string, dark: boolean): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    title: 'Photo Search',
    show: false, // shown on ready-to-show: no white flash before the first paint
    backgroundColor: dark ? '#17181b' : '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      experimentalFeatures: false,
      enableBlinkFeatures: '',
      safeDialogs: true,
      spellcheck: false,
      devTools: process.env.PHOTO_SEARCH_DEVTOOLS === '1',
    },
  };
}

/** True for a URL of the app's own UI (the only pages that may talk to the engine). */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === 'ui';
  } catch {
    return false;
  }
}
