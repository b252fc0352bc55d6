// Web mode: the app over HTTP on loopback, for a headless box or a NAS, and for testing the UI in
// a browser. Every API call needs the token printed at startup; the Host header must name this
// server (a DNS-rebinding guard); photos are served by id, and only photos in the library.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { Engine } from '../engine/engine.js';
import { openImage } from '../embed/image-decode.js';
import { QueryError } from '../search/query.js';

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

const MIME: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json' };
const MAX_BODY = 64 * 1024;

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function sameToken(given: string | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
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

function intParam(value: string | null, name: string, min: number, max: number, fallback: number): number {
  if (value === null) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new HttpError(400, `${name} must be a whole number from ${min} to ${max}`);
  return n;
}

export async function startWebServer(engine: Engine, opts: WebServerOptions = {}): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? randomBytes(24).toString('base64url');
  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${host}:${port}`]);

  const api = async (req: IncomingMessage, url: URL): Promise<unknown> => {
    const path = url.pathname;
    if (path === '/api/status' && req.method === 'GET') return engine.status();
    if (path === '/api/search' && req.method === 'GET') {
      const q = url.searchParams.get('q') ?? '';
      if (q.length > 1000) throw new HttpError(400, 'query is too long');
      const k = intParam(url.searchParams.get('k'), 'k', 1, 10_000, 100);
      try {
        return await engine.searcher.search(q, k);
      } catch (err) {
        if (err instanceof QueryError) throw new HttpError(400, err.message);
        throw err;
      }
    }
    const similar = path.match(/^\/api\/photos\/(\d+)\/similar$/);
    if (similar && req.method === 'GET') {
      try {
        return { hits: engine.searcher.similar(Number(similar[1]), intParam(url.searchParams.get('k'), 'k', 1, 1000, 50)) };
      } catch (err) {
        if (err instanceof QueryError) throw new HttpError(404, err.message);
        throw err;
      }
    }
    throw new HttpError(404, 'no such API');
  };

  const photo = async (res: ServerResponse, id: number, thumb: boolean) => {
    const row = engine.store.byId(id);
    if (!row || row.status !== 'indexed') throw new HttpError(404, 'no such photo in the library');
    const buf = readFileSync(row.path);
    const img = (await openImage(buf)).resize(thumb ? 320 : 2048, thumb ? 320 : 2048, { fit: 'inside', withoutEnlargement: true });
    const out = await img.jpeg({ quality: thumb ? 78 : 88 }).toBuffer();
    res.writeHead(200, { 'content-type': 'image/jpeg', 'cache-control': 'private, max-age=300' });
    res.end(out);
  };

  const server = createServer((req, res) => {
    void (async () => {
      try {
        if (!allowedHosts().has(req.headers.host ?? '')) throw new HttpError(421, 'unexpected Host header');
        const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
        if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/photos/')) {
          const given = url.searchParams.get('token') ?? (req.headers.authorization ?? '').replace(/^Bearer /, '');
          if (!sameToken(given || null, token)) throw new HttpError(401, 'missing or wrong token');
        }
        const m = url.pathname.match(/^\/photos\/(\d+)\/(thumbnail|full)$/);
        if (m) return await photo(res, Number(m[1]), m[2] === 'thumbnail');
        if (url.pathname.startsWith('/photos/')) throw new HttpError(404, 'no such photo in the library');
        if (url.pathname.startsWith('/api/')) {
          if (req.method === 'POST') await readJson(req);
          return send(res, 200, await api(req, url));
        }
        return serveStatic(res, url.pathname, opts.staticDir);
      } catch (err) {
        const status = err instanceof HttpError ? err.status : 500;
        send(res, status, { error: status === 500 ? 'internal error' : (err as Error).message });
        if (status === 500) engine.emit('error', err as Error);
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The UI's files. Only files inside `staticDir`; without a built UI, a minimal page at `/`. */
function serveStatic(res: ServerResponse, pathname: string, staticDir: string | undefined): void {
  const dir = staticDir && existsSync(join(staticDir, 'index.html')) ? staticDir : undefined;
  if (!dir) {
    if (pathname !== '/' && pathname !== '/index.html') throw new HttpError(404, 'not found');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(FALLBACK_PAGE);
    return;
  }
  const file = join(dir, normalize(pathname === '/' ? '/index.html' : pathname));
  if (!file.startsWith(dir + sep) || !existsSync(file)) throw new HttpError(404, 'not found');
  res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
}

// A minimal page used until the Svelte UI is built: search box and a grid of results.
const FALLBACK_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Photo search</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; img-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'">
<style>body{font:15px system-ui,sans-serif;margin:0;background:Canvas;color:CanvasText}header{padding:12px 16px;border-bottom:1px solid #8884}
input{width:min(560px,90%);font-size:17px;padding:8px 10px}#status{color:GrayText;margin:8px 16px}
main{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:8px;padding:16px}figure{margin:0}
img{width:100%;aspect-ratio:1;object-fit:cover;border-radius:6px;background:#8882}figcaption{font-size:12px;color:GrayText;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}</style>
</head><body><header><input type="search" id="q" aria-label="Search photos" placeholder="Search photos, e.g. a red circle" autofocus></header>
<div id="status" role="status"></div><main id="grid"></main>
<script>
const token=new URLSearchParams(location.search).get('token');const q=document.getElementById('q');const grid=document.getElementById('grid');const status=document.getElementById('status');let seq=0;
async function run(){const mine=++seq;const text=q.value.trim();if(!text){grid.replaceChildren();status.textContent='';return}
const r=await fetch('/api/search?k=200&q='+encodeURIComponent(text)+'&token='+token);const body=await r.json();if(mine!==seq)return;
if(!r.ok){status.textContent=body.error;return}
status.textContent=body.noGoodMatch?'No good match for "'+text+'".':body.hits.length+' photos';
grid.replaceChildren(...body.hits.map(h=>{const f=document.createElement('figure');const i=document.createElement('img');i.loading='lazy';i.src='/photos/'+h.id+'/thumbnail?token='+token;i.alt=h.path.split(/[\\\\/]/).pop();const c=document.createElement('figcaption');c.textContent=i.alt+' · '+h.score.toFixed(3);f.append(i,c);return f}))}
let t;q.addEventListener('input',()=>{clearTimeout(t);t=setTimeout(run,120)});
</script></body></html>`;
