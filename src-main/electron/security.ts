// Electron's security checklist, applied to the app's session and every web contents: deny every
// permission, refuse navigation away from the app and new windows, forbid <webview>, set the CSP.
// Written against the parts of Electron's types they use, so tests can drive them directly.
import type { Session, WebContents } from 'electron';
import { contentSecurityPolicy } from '../security/csp.js';
import { isAppUrl, PHOTO_SCHEME } from './window-options.js';

export type SessionLike = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'setDisplayMediaRequestHandler'>;
export type WebContentsLike = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export const CSP = contentSecurityPolicy(`${PHOTO_SCHEME}:`);

/** A photo library has no need for the camera, location, notifications or anything else. */
export function hardenSession(session: SessionLike): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));
}

/** The app never navigates: every page change, new window and <webview> is refused. */
export function hardenWebContents(contents: WebContentsLike, onExternalLink?: (url: string) => void): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // An https link (a model's page, say) opens in the browser, never inside the app.
    if (onExternalLink && /^https:\/\//.test(url)) onExternalLink(url);
    return { action: 'deny' };
  });
}

/** IPC is answered only for the app's own top-level page. */
export function isTrustedSender(frame: { url: string; parent?: unknown } | null | undefined): boolean {
  return !!frame && !frame.parent && isAppUrl(frame.url);
}
