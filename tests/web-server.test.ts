// Web mode's guards: token (the same across a restart of the same library), Host header, photos only by id and only from the library, hostile input.
import { mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../src-shared/api.js';
import { serveLibrary } from '../src-main/web/serve.js';
import { startWebServer, type RunningServer } from '../src-main/web/server.js';
import { indexedService, type IndexedService } from './helpers/service.js';

interface Reply { status: number; body: string; type: string; headers: Record<string, unknown> }

function http(port: number, path: string, opts: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json', ...opts.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('latin1'), type: String(res.headers['content-type']), headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('web mode', () => {
  let ctx: IndexedService;
  let web: RunningServer;
  const call = (method: string, params: unknown, token = web.token) =>
    http(web.port, `/api/${method}`, { method: 'POST', body: typeof params === 'string' ? params : JSON.stringify(params), headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    ctx = await indexedService(1);
    web = await startWebServer(ctx.service, { port: 0 });
  });
  afterAll(async () => {
    await web?.close();
    await ctx?.close();
  });

  it('prints a loopback URL with the token', () => {
    expect(web.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
  });

  it('answers a search with the token, and 401 without it or with a wrong one', async () => {
    const ok = await call('search', { query: 'a photo of a red circle', limit: 3 });
    expect(ok.status).toBe(200);
    const hits = JSON.parse(ok.body).value.hits as { name: string }[];
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.length).toBeLessThanOrEqual(3);
    expect(hits[0]!.name).toMatch(/red-circle/);
    expect((await http(web.port, '/api/status', { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await call('status', {}, 'wrong')).status).toBe(401);
    expect((await http(web.port, `/api/status?token=${web.token}`, { method: 'POST', body: '{}' })).status).toBe(200);
    expect((await http(web.port, `/api/events`)).status).toBe(401);
  });

  it('refuses a request whose Host header names another site (DNS rebinding)', async () => {
    expect((await http(web.port, `/api/status?token=${web.token}`, { method: 'POST', body: '{}', headers: { host: 'evil.example:80' } })).status).toBe(421);
  });

  it('serves photos by id from the library only; no path reaches the file system', async () => {
    const hit = JSON.parse((await call('search', { query: 'star', limit: 1 })).body).value.hits[0];
    const img = await http(web.port, `/photos/${hit.id}/thumbnail?token=${web.token}`);
    expect(img.status).toBe(200);
    expect(img.type).toBe('image/jpeg');
    expect((await http(web.port, `/photos/999999/full?token=${web.token}`)).status).toBe(404);
    expect((await http(web.port, `/photos/..%2F..%2Fetc%2Fpasswd/full?token=${web.token}`)).status).toBe(404);
    expect((await http(web.port, `/../../../../etc/passwd`)).status).toBe(404);
    expect((await http(web.port, `/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
    expect((await http(web.port, `/photos/1/thumbnail`)).status).toBe(401);
    // A query naming a file on disk is refused from the UI (it names library photos only), never a file read.
    const q = await call('search', { query: '/etc/passwd + ../../photos/x.jpg', limit: 1 });
    expect(q.status).toBe(400);
    expect(JSON.parse(q.body).error).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('/etc/passwd is not a photo of this library') });
  });

  it('serves a photo\'s own file as a download, byte for byte, and says so when it cannot be reached', async () => {
    const hit = JSON.parse((await call('search', { query: 'star', limit: 1 })).body).value.hits[0];
    const own = await http(web.port, `/photos/${hit.id}/original?token=${web.token}`);
    expect(own.status).toBe(200);
    expect(Buffer.from(own.body, 'latin1').equals(readFileSync(hit.path))).toBe(true);
    expect(own.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''${encodeURIComponent(hit.name)}`);
    expect((await http(web.port, `/photos/${hit.id}/original`)).status).toBe(401);
    expect((await http(web.port, `/photos/999999/original?token=${web.token}`)).status).toBe(404);
    // The file gone (an offline drive): 404 with a sentence, and it is back when the file is.
    renameSync(hit.path, `${hit.path}.away`);
    try {
      const away = await http(web.port, `/photos/${hit.id}/original?token=${web.token}`);
      expect(away.status).toBe(404);
      expect(away.body).toContain('cannot be reached now');
    } finally {
      renameSync(`${hit.path}.away`, hit.path);
    }
  });

  it('answers malformed method names and request targets with 4xx, the token checked first', async () => {
    const auth = { authorization: `Bearer ${web.token}` };
    for (const path of ['/api/%', '/api/%zz', '/api/%c0%af', '/api/%E0%A4%A']) {
      const r = await http(web.port, path, { method: 'POST', body: '{}', headers: auth });
      expect(r.status, path).toBe(400);
      expect(JSON.parse(r.body).error.code, path).toBe('invalid_request');
    }
    expect((await http(web.port, '/api/%zz', { method: 'POST', body: '{}' })).status).toBe(401);
    // An absolute-form target that is not a URL: refused for want of a token, then as malformed.
    expect((await http(web.port, 'http://[', {})).status).toBe(401);
    const malformed = await http(web.port, 'http://[', { headers: auth });
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body).error.message).toMatch(/malformed request target/);
  });

  it('answers each route only with its methods (405 and Allow otherwise)', async () => {
    const hit = JSON.parse((await call('search', { query: 'star', limit: 1 })).body).value.hits[0];
    const photo = `/photos/${hit.id}/full?token=${web.token}`;
    for (const method of ['DELETE', 'PUT', 'POST', 'PATCH']) {
      const r = await http(web.port, photo, { method });
      expect(r.status, method).toBe(405);
      expect(r.headers.allow).toBe('GET, HEAD');
      expect(r.type).toBe('application/json');
    }
    const head = await http(web.port, photo, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect((await http(web.port, `/api/search?token=${web.token}`)).status).toBe(405);
    expect((await http(web.port, `/api/events?token=${web.token}`, { method: 'POST' })).status).toBe(405);
    expect((await http(web.port, '/', { method: 'DELETE' })).status).toBe(405);
  });

  it('refuses two Host headers, and answers a folder of the UI with 404, not an empty page', async () => {
    const twice = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: web.port, path: '/', headers: [['Host', `127.0.0.1:${web.port}`], ['Host', 'evil.example']] as unknown as Record<string, string> }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(twice).toBe(400);
    expect((await http(web.port, '/assets')).status).toBe(404);
  });

  it('sends the UI with a strict Content-Security-Policy and no Referer', async () => {
    const page = await http(web.port, '/');
    expect(page.status).toBe(200);
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(String(page.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
  });

  it('pushes progress and change events to the browser', async () => {
    const seen: ApiEvent[] = [];
    const stop = ctx.service.onEvent((e) => seen.push(e));
    const stream = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: web.port, path: `/api/events?token=${web.token}`, headers: { host: `127.0.0.1:${web.port}` } }, resolve);
      req.on('error', reject);
      req.end();
    });
    let text = '';
    stream.on('data', (c: Buffer) => (text += c.toString()));
    await call('index.rescan', {});
    await ctx.service.settled();
    await new Promise((r) => setTimeout(r, 200));
    stream.destroy();
    stop();
    expect(stream.headers['content-type']).toBe('text/event-stream');
    expect(text).toMatch(/data: \{"type":"progress"/);
    expect(seen.some((e) => e.type === 'progress' && e.progress.phase === 'idle')).toBe(true);
  });
});

describe('web mode across a restart', () => {
  it('serves a library with the same token after a restart, kept in a file only its owner can read', async () => {
    const libraryDir = mkdtempSync(join(tmpdir(), 'photo-search-token-'));
    try {
      const tokens: string[] = [];
      for (let i = 0; i < 2; i++) {
        const { service, web } = await serveLibrary({ libraryDir, model: 'tiny-clip', device: 'cpu', port: 0, host: '127.0.0.1' });
        tokens.push(web.token);
        await web.close();
        await service.close();
      }
      expect(tokens[0]).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(tokens[1]).toBe(tokens[0]); // an open page reconnects after a restart
      expect(statSync(join(libraryDir, 'web-token')).mode & 0o777).toBe(0o600);
      // A damaged token file is replaced, not served.
      writeFileSync(join(libraryDir, 'web-token'), 'short\n');
      const { service, web } = await serveLibrary({ libraryDir, model: 'tiny-clip', device: 'cpu', port: 0, host: '127.0.0.1' });
      expect(web.token).not.toBe('short');
      expect(web.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
      await web.close();
      await service.close();
    } finally {
      rmSync(libraryDir, { recursive: true, force: true });
    }
  });
});
