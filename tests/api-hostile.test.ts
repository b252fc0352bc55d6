// Malformed and hostile calls, through the API service (what the Electron IPC bridge forwards) and
// through web mode's HTTP: each is refused with a readable error, and the engine keeps serving.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type RunningServer } from '../src-main/web/server.js';
import { indexedService, type IndexedService } from './helpers/service.js';

const huge = 'x'.repeat(300_000);

// [method, params]: every one must be refused as an invalid request.
const HOSTILE: [unknown, unknown][] = [
  ['search', { query: 42 }],
  ['search', { query: ['a'] }],
  ['search', { query: 'dog', limit: -1 }],
  ['search', { query: 'dog', limit: 1e9 }],
  ['search', { query: 'dog', limit: 'ten' }],
  ['search', { query: 'dog', limit: 1.5 }],
  ['search', { query: 'x'.repeat(5000) }],
  ['search', { query: huge }],
  ['search', JSON.parse('{"query":"dog","__proto__":{"polluted":true}}')],
  ['search', { query: 'dog', constructor: { prototype: { polluted: true } } }],
  ['search', { query: 'dog', filters: { folder: 7 } }],
  ['search', { query: 'dog', filters: JSON.parse('{"__proto__":{"polluted":true}}') }],
  ['search', { query: 'dog', filters: { folder: 'a\0b' } }],
  ['search', 'query=dog'],
  ['search', [1, 2, 3]],
  ['similar', { id: '1' }],
  ['similar', { id: -5 }],
  ['similar', { id: 2 ** 60 }],
  ['photo', { id: null }],
  ['photo', { id: NaN }],
  ['folders.add', { path: '' }],
  ['folders.add', { path: huge }],
  ['folders.add', { path: { toString: 'x' } }],
  ['folders.remove', {}],
  ['models.use', { id: 5 }],
  ['status', { extra: 1 }],
  ['__proto__', {}],
  ['constructor', {}],
  ['toString', {}],
  ['hasOwnProperty', {}],
  [42, {}],
  [null, null],
  [{ method: 'search' }, {}],
  ['x'.repeat(10_000), {}],
];

describe('hostile API payloads', () => {
  let ctx: IndexedService;
  let web: RunningServer;

  beforeAll(async () => {
    ctx = await indexedService(1);
    web = await startWebServer(ctx.service, { port: 0 });
  });
  afterAll(async () => {
    await web?.close();
    await ctx?.close();
  });

  it('refuses each malformed call with invalid_request, through the service', async () => {
    for (const [method, params] of HOSTILE) {
      const r = await ctx.service.call(method, params);
      expect(r.ok, JSON.stringify(method)?.slice(0, 40)).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('invalid_request');
        expect(r.error.message.length).toBeLessThan(400);
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers lookups of things that do not exist with not_found', async () => {
    for (const [method, params] of [['photo', { id: 999_999 }], ['similar', { id: 999_999 }], ['folders.add', { path: '/no/such/folder' }], ['folders.remove', { path: '/etc' }], ['models.use', { id: 'nope' }]] as const) {
      const r = await ctx.service.call(method, params);
      expect(r.ok ? 'ok' : r.error.code, method).toBe('not_found');
    }
  });

  it('refuses desktop-only actions in web mode', async () => {
    const r = await ctx.service.call('photo.reveal', { id: 1 });
    expect(r.ok ? 'ok' : r.error.code).toBe('unsupported');
  });

  it('refuses the same payloads over HTTP with 4xx and JSON, never 500', async () => {
    const post = (path: string, body: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port: web.port, path, method: 'POST', headers: { host: `127.0.0.1:${web.port}`, authorization: `Bearer ${web.token}`, 'content-type': 'application/json' } },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          },
        );
        req.on('error', (err) => (/EPIPE|ECONNRESET/.test(err.message) ? resolve({ status: 413, body: '{}' }) : reject(err)));
        req.end(body);
      });
    for (const [method, params] of HOSTILE) {
      const path = `/api/${encodeURIComponent(String(method).slice(0, 2000))}`;
      const r = await post(path, JSON.stringify(params) ?? 'null');
      expect(r.status, path.slice(0, 60)).toBeGreaterThanOrEqual(400);
      expect(r.status, path.slice(0, 60)).toBeLessThan(500);
      expect(() => JSON.parse(r.body)).not.toThrow();
    }
    for (const body of ['{not json', '"just a string"', huge, '{"query":"' + 'y'.repeat(1_000_000) + '"}']) {
      const r = await post('/api/search', body);
      expect([400, 413]).toContain(r.status);
    }
    expect((await post('/api/../../etc/passwd', '{}')).status).toBeGreaterThanOrEqual(400);
  });

  it('keeps serving after all of that', async () => {
    const r = await ctx.service.call('search', { query: 'a photo of a blue square', limit: 3 });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.hits[0]?.name).toMatch(/blue-square/);
  });
});
