// Web mode's guards: token, Host header, photos only by id and only from the library, hostile input.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../src-main/engine/engine.js';
import { startWebServer, type RunningServer } from '../src-main/web/server.js';
import { tempLibrary, type TempLibrary } from './helpers/library.js';

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('latin1'), type: String(res.headers['content-type']) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web mode', () => {
  let lib: TempLibrary;
  let engine: Engine;
  let web: RunningServer;
  const t = () => `token=${web.token}`;

  beforeAll(async () => {
    lib = await tempLibrary(1);
    engine = await Engine.open({ libraryDir: lib.library, model: 'tiny-clip', device: 'cpu' });
    engine.addFolder(lib.photos);
    await engine.indexAll();
    web = await startWebServer(engine, { port: 0 });
  });
  afterAll(async () => {
    await web?.close();
    await engine?.close();
    lib?.cleanup();
  });

  it('prints a loopback URL with the token', () => {
    expect(web.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
  });

  it('answers a search with the token, and 401 without it or with a wrong one', async () => {
    const ok = await get(web.port, `/api/search?q=${encodeURIComponent('a photo of a red circle')}&k=3&${t()}`);
    expect(ok.status).toBe(200);
    const hits = JSON.parse(ok.body).hits as { path: string }[];
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.length).toBeLessThanOrEqual(3);
    expect(hits[0]!.path).toMatch(/red-circle/);
    expect((await get(web.port, '/api/search?q=x')).status).toBe(401);
    expect((await get(web.port, '/api/search?q=x&token=wrong')).status).toBe(401);
    expect((await get(web.port, `/api/status`, { authorization: `Bearer ${web.token}` })).status).toBe(200);
  });

  it('refuses a request whose Host header names another site (DNS rebinding)', async () => {
    expect((await get(web.port, `/api/status?${t()}`, { host: 'evil.example:80' })).status).toBe(421);
  });

  it('serves photos by id from the library only; no path reaches the file system', async () => {
    const hit = JSON.parse((await get(web.port, `/api/search?q=star&k=1&${t()}`)).body).hits[0];
    const img = await get(web.port, `/photos/${hit.id}/thumbnail?${t()}`);
    expect(img.status).toBe(200);
    expect(img.type).toBe('image/jpeg');
    expect((await get(web.port, `/photos/999999/full?${t()}`)).status).toBe(404);
    expect((await get(web.port, `/photos/..%2F..%2Fetc%2Fpasswd/full?${t()}`)).status).toBe(404);
    expect((await get(web.port, `/../../../../etc/passwd`)).status).toBe(404);
    expect((await get(web.port, `/photos/1/thumbnail`)).status).toBe(401);
  });

  it('refuses malformed and hostile input cleanly and keeps serving', async () => {
    const bad = [
      `/api/search?q=${'x'.repeat(5000)}&${t()}`,
      `/api/search?q=dog&k=-1&${t()}`,
      `/api/search?q=dog&k=1e9&${t()}`,
      `/api/search?q=dog&k=abc&${t()}`,
      `/api/search?q=&${t()}`,
      `/api/search?q=${encodeURIComponent('- people')}&${t()}`,
      `/api/photos/abc/similar?${t()}`,
      `/api/photos/424242/similar?${t()}`,
      `/api/__proto__?${t()}`,
      `/api/search?q=dog&__proto__[polluted]=1&constructor[prototype][polluted]=1&${t()}`,
    ];
    for (const path of bad) {
      const r = await get(web.port, path);
      expect(r.status, path).toBeGreaterThanOrEqual(200);
      expect(r.status, path).not.toBe(500);
      expect(JSON.parse(r.body)).toBeTypeOf('object');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const still = await get(web.port, `/api/search?q=star&k=2&${t()}`);
    expect(still.status).toBe(200);
  });
});
