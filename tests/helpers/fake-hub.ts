// A local HTTP server in the Hugging Face hub's URL layout, serving a model folder:
//   GET /api/models/<repo>/tree/<rev>?recursive=true   file list with sizes, git and LFS hashes
//   GET /<repo>/resolve/<rev>/<path>                    the file, with Range support
// Faults can be injected to test interrupted and corrupted downloads.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';

export interface FakeHub {
  url: string;
  requests: { path: string; range?: string }[];
  // Next response for a file: cut after N bytes, or flip a byte.
  fault: { file: string; kind: 'cut' | 'corrupt'; after?: number } | undefined;
  close: () => Promise<void>;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .map((f) => f.split('\\').join('/'));
}

export async function startFakeHub(repo: string, dir: string): Promise<FakeHub> {
  const files = new Map(listFiles(dir).map((f) => [f, readFileSync(join(dir, f))]));
  const hub: FakeHub = { url: '', requests: [], fault: undefined, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    hub.requests.push({ path: url.pathname, range: req.headers.range });
    if (url.pathname === `/api/models/${repo}/tree/main`) {
      const tree = [...files].map(([path, buf]) => {
        const gitOid = createHash('sha1').update(`blob ${buf.length}\0`).update(buf).digest('hex');
        const lfs = path.endsWith('.onnx') ? { oid: createHash('sha256').update(buf).digest('hex'), size: buf.length } : undefined;
        return { type: 'file', path, size: buf.length, oid: gitOid, ...(lfs ? { lfs } : {}) };
      });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(tree));
      return;
    }
    const prefix = `/${repo}/resolve/main/`;
    const path = url.pathname.startsWith(prefix) ? decodeURIComponent(url.pathname.slice(prefix.length)) : '';
    let body = files.get(path);
    if (!body) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    let start = 0;
    const range = req.headers.range?.match(/^bytes=(\d+)-$/);
    if (range) {
      start = Number(range[1]);
      res.statusCode = 206;
      res.setHeader('content-range', `bytes ${start}-${body.length - 1}/${body.length}`);
    }
    body = body.subarray(start);
    const fault = hub.fault?.file === path ? hub.fault : undefined;
    if (fault) hub.fault = undefined;
    res.setHeader('content-length', body.length);
    if (fault?.kind === 'corrupt') {
      const bad = Buffer.from(body);
      bad[Math.floor(bad.length / 2)]! ^= 0xff;
      res.end(bad);
    } else if (fault?.kind === 'cut') {
      res.write(body.subarray(0, fault.after ?? Math.floor(body.length / 2)), () => res.destroy());
    } else {
      res.end(body);
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  hub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  hub.close = () => new Promise((r) => server.close(() => r()));
  return hub;
}

export function relativeFiles(dir: string): string[] {
  return listFiles(dir).map((f) => relative(dir, join(dir, f)));
}
