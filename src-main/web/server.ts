// Web mode: the app over HTTP on loopback, for a headless box or a NAS, and for testing the UI in
// a browser. Every API call needs the token printed at startup; the Host header must name this
// server (a DNS-rebinding guard); photos are served by id, and only photos in the library.
// Order of checks for every request: Host, then the token (where needed), then parsing, then the
// route and its methods. Whatever a client sends, the answer is a 4xx with a JSON reason, never
// a 5xx: only a failure of this process (a bug, the disk) is a 500.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { readFile } from 'node:fs/promises';
import { basename, extname, join, normalize, sep } from 'node:path';
import type { ApiErrorCode } from '../../src-shared/api.js';
import { HTTP_STATUS as STATUS } from '../api/errors.js';
import type { ApiService } from '../api/service.js';
import { DomainError } from '../errors.js';
import { securityHeaders } from '../security/csp.js';

export interface WebServerOptions {
  port?: number;
  host?: string;
  token?: string;
  staticDir?: string; // the built UI
}

export interface RunningServer {
  url: string; // with ?token=
  port: number;
  token: string;
  server: Server;
  close: () => Promise<void>;
}

const MIME: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.woff2': 'font/woff2', '.ico': 'image/x-icon' };
const MAX_BODY = 256 * 1024;
const HEADERS = securityHeaders("'self'");

class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly allow?: string) {
    super(message);
  }
}

/** The request target as a URL; undefined when it cannot be parsed (`GET http://[`). */
function parseTarget(target: string | undefined, host: string): URL | undefined {
  try {
    return new URL(target ?? '/', `http://${host}`);
  } catch {
    return undefined;
  }
}

/** Refuses any method but `allowed`, naming them in the Allow header (RFC 9110, 15.5.6). */
function only(req: IncomingMessage, ...allowed: string[]): void {
  if (!allowed.includes(req.method ?? '')) throw new HttpError(405, `method not allowed; use ${allowed.join(' or ')}`, allowed.join(', '));
}

/** An API method name from the path; a malformed percent-escape (`%zz`, `%c0%af`) is a 400. */
function methodName(pathname: string): string {
  try {
    return decodeURIComponent(pathname.slice('/api/'.length));
  } catch {
    throw new HttpError(400, 'malformed API method name');
  }
}

function sameToken(given: string | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(413, 'request too large');
    chunks.push(chunk as Buffer);
  }
  if (!chunks.length) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'body is not JSON');
  }
}

export async function startWebServer(service: ApiService, opts: WebServerOptions = {}): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? randomBytes(24).toString('base64url');
  let port = 0;
  // A wildcard bind (0.0.0.0, ::) serves the LAN: the machine's own addresses are valid Hosts too.
  const wildcard = host === '0.0.0.0' || host === '::';
  const names = () => ['127.0.0.1', 'localhost', '[::1]', host.includes(':') ? `[${host}]` : host, ...(wildcard ? localAddresses() : [])];
  const allowedHosts = () => new Set(names().map((n) => `${n}:${port}`));
  const streams = new Set<ServerResponse>();
  const unsubscribe = service.onEvent((event) => {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const res of streams) res.write(frame);
  });

  // The push channel: server-sent events, one JSON ApiEvent per message.
  const events = (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    streams.add(res);
    req.on('close', () => streams.delete(res));
  };

  const server = createServer((req, res) => {
    void (async () => {
      try {
        const host = req.headers.host ?? '';
        // Node keeps the first of repeated Host headers; a request that sends two is refused.
        if (req.rawHeaders.filter((_, i) => i % 2 === 0 && req.rawHeaders[i]!.toLowerCase() === 'host').length > 1) throw new HttpError(400, 'more than one Host header');
        if (!allowedHosts().has(host)) throw new HttpError(421, 'unexpected Host header');
        const url = parseTarget(req.url, host);
        // An unparseable target may be aimed at the API: it needs the token before it is refused.
        if (!url || url.pathname.startsWith('/api/') || url.pathname.startsWith('/photos/')) {
          const bearer = (req.headers.authorization ?? '').match(/^Bearer (.+)$/)?.[1];
          const given = url?.searchParams.get('token') ?? bearer ?? null;
          if (!sameToken(given, token)) throw new HttpError(401, 'missing or wrong token: open the address that `photo-search serve` printed');
        }
        if (!url) throw new HttpError(400, 'malformed request target');
        const m = url.pathname.match(/^\/photos\/(\d{1,15})\/(thumbnail|full|original)$/);
        if (m) {
          only(req, 'GET', 'HEAD');
          if (m[2] === 'original') return await original(service, res, Number(m[1]));
          return await photo(service, res, Number(m[1]), m[2] as 'thumbnail' | 'full');
        }
        if (url.pathname.startsWith('/photos/')) throw new HttpError(404, 'no such photo in the library');
        if (url.pathname === '/api/events') {
          only(req, 'GET');
          return events(req, res);
        }
        if (url.pathname.startsWith('/api/')) {
          only(req, 'POST');
          const result = await service.call(methodName(url.pathname), await readJson(req));
          return send(res, result.ok ? 200 : STATUS[result.error.code], result);
        }
        only(req, 'GET', 'HEAD');
        return serveStatic(res, url.pathname, opts.staticDir);
      } catch (err) {
        const status = err instanceof HttpError ? err.status : err instanceof DomainError ? STATUS[err.code] : 500;
        const message = status === 500 ? 'internal error' : (err as Error).message;
        const code = err instanceof DomainError ? err.code : (CODE[status] ?? 'invalid_request');
        if (res.headersSent) res.end();
        else send(res, status, { ok: false, error: { code, message } }, err instanceof HttpError && err.allow ? { allow: err.allow } : {});
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const shown = wildcard ? (localAddresses().find((a) => !a.startsWith('[')) ?? '127.0.0.1') : host;
  const shownHost = shown.includes(':') && !shown.startsWith('[') ? `[${shown}]` : shown;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    server,
    close: () =>
      new Promise((resolve) => {
        unsubscribe();
        for (const res of streams) res.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// The code in the body of a refusal made here, before any API method ran.
const CODE: Record<number, ApiErrorCode> = { 401: 'unauthorized', 404: 'not_found', 500: 'failed' };

async function photo(service: ApiService, res: ServerResponse, id: number, size: 'thumbnail' | 'full'): Promise<void> {
  const jpeg = await service.photoJpeg(id, size); // a DomainError answers with its code's status
  res.writeHead(200, { 'content-type': 'image/jpeg', 'cache-control': 'private, max-age=3600' });
  res.end(jpeg);
}

/**
 * The photo's own file, byte for byte, as a download named as the file is (RFC 6266 `filename*`): what "Download"
 * in web mode saves, so a HEIC stays a HEIC with its metadata. Only a library photo, by id.
 * @throws DomainError not_found for an unknown id, or a file that cannot be reached now (an offline drive)
 */
async function original(service: ApiService, res: ServerResponse, id: number): Promise<void> {
  const path = service.photoPath(id);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    throw new DomainError('not_found', `The file of ${basename(path)} cannot be reached now: is its drive connected?`);
  }
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(basename(path).normalize('NFC'))}`,
    'cache-control': 'private, no-store',
  });
  res.end(bytes);
}

/** This machine's own interface addresses (IPv6 in brackets), non-internal first. */
function localAddresses(): string[] {
  const all = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
  return [...all.filter((a) => !a.internal), ...all.filter((a) => a.internal)].map((a) => (a.family === 'IPv6' ? `[${a.address}]` : a.address));
}

/** The UI's files. Only files inside `staticDir`; without a built UI, a minimal page at `/`. */
function serveStatic(res: ServerResponse, pathname: string, staticDir: string | undefined): void {
  const dir = staticDir && existsSync(join(staticDir, 'index.html')) ? staticDir : undefined;
  if (!dir) {
    if (pathname !== '/' && pathname !== '/index.html') throw new HttpError(404, 'not found');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...HEADERS });
    res.end(FALLBACK_PAGE);
    return;
  }
  const file = join(dir, normalize(pathname === '/' ? '/index.html' : pathname));
  if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) throw new HttpError(404, 'not found');
  res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', ...HEADERS });
  res.end(readFileSync(file));
}

// Shown when dist-renderer/ is missing, e.g. the sources were checked out without `npm run build`.
const FALLBACK_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Photo search</title></head>
<body style="font:16px system-ui,sans-serif;margin:40px"><h1>Photo search</h1>
<p>The user interface is not built. Run <code>npm run build</code> and reload this page.</p></body></html>`;
