// `app://ui/...`: the built UI (dist-renderer/) for the window, with the CSP as a response header.
// Only files inside that folder are served.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { CSP } from './security.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.woff2': 'font/woff2', '.json': 'application/json', '.ico': 'image/x-icon',
};

export async function appFileResponse(uiDir: string, url: string): Promise<Response> {
  let pathname: string;
  try {
    const u = new URL(url);
    if (u.host !== 'ui') return new Response('not found', { status: 404 });
    pathname = decodeURIComponent(u.pathname);
  } catch {
    return new Response('bad address', { status: 400 });
  }
  const file = join(uiDir, normalize(pathname === '/' ? '/index.html' : pathname));
  if (!file.startsWith(uiDir + sep)) return new Response('not found', { status: 404 });
  try {
    const body = await readFile(file);
    return new Response(body, {
      headers: { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' },
    });
  } catch {
    return new Response('not found', { status: 404 });
  }
}
