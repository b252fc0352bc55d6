// Downloads a model from a Hugging Face-style hub: resumable, with progress, and verified.
//
// The hub lists a revision's files with their sizes and hashes (`/api/models/<repo>/tree/<rev>`):
// LFS files carry the SHA-256 of their content, small files the git blob SHA-1. Every file is
// checked against that before the model is used. Files land in `<id>.download/` and the folder is
// renamed to `<id>/` with a `.complete` marker only when all of them verified, so a half-written
// model never looks complete. An interrupted download resumes with HTTP Range requests.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { RegistryModel } from './registry.js';

export interface DownloadProgress {
  file: string;
  receivedBytes: number; // across all files, resumed bytes included
  totalBytes: number;
}

export interface DownloadOptions {
  hubUrl?: string; // default $HF_ENDPOINT or https://huggingface.co
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
}

interface TreeEntry {
  type: string;
  path: string;
  size: number;
  oid: string; // git blob SHA-1
  lfs?: { oid: string; size: number }; // SHA-256 of the content
}

export class DownloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DownloadError';
  }
}

function hubBase(opts: DownloadOptions): string {
  return (opts.hubUrl ?? process.env.HF_ENDPOINT ?? 'https://huggingface.co').replace(/\/+$/, '');
}

async function listFiles(base: string, repo: string, revision: string, signal?: AbortSignal): Promise<TreeEntry[]> {
  const url = `${base}/api/models/${repo}/tree/${encodeURIComponent(revision)}?recursive=true`;
  const res = await fetch(url, { signal });
  if (!res.ok) throw new DownloadError(`cannot list ${repo}@${revision}: HTTP ${res.status} from ${url}`);
  const entries = (await res.json()) as TreeEntry[];
  if (!Array.isArray(entries)) throw new DownloadError(`unexpected file list from ${url}`);
  return entries.filter((e) => e.type === 'file');
}

/** What the hub says the file's hash is, and a hasher that computes the same kind of hash. */
function verifier(entry: TreeEntry): { expected: string; hash: Hash; kind: string } {
  if (entry.lfs?.oid) return { expected: entry.lfs.oid, hash: createHash('sha256'), kind: 'SHA-256' };
  const hash = createHash('sha1');
  hash.update(`blob ${entry.size}\0`); // git's blob hash: a header, then the content
  return { expected: entry.oid, hash, kind: 'git SHA-1' };
}

async function hashExisting(path: string, hash: Hash): Promise<void> {
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
}

async function fetchFile(
  base: string,
  model: RegistryModel,
  entry: TreeEntry,
  staging: string,
  progress: { received: number; total: number },
  opts: DownloadOptions,
): Promise<void> {
  const final = join(staging, entry.path);
  const partial = `${final}.incomplete`;
  mkdirSync(dirname(final), { recursive: true });
  const v = verifier(entry);
  if (existsSync(final) && statSync(final).size === entry.size) {
    await hashExisting(final, v.hash);
    if (v.hash.digest('hex') === v.expected) {
      progress.received += entry.size;
      opts.onProgress?.({ file: entry.path, receivedBytes: progress.received, totalBytes: progress.total });
      return;
    }
    rmSync(final, { force: true });
    return fetchFile(base, model, entry, staging, progress, opts);
  }
  let have = existsSync(partial) ? statSync(partial).size : 0;
  if (have > entry.size) {
    rmSync(partial);
    have = 0;
  }
  const url = `${base}/${model.repo}/resolve/${encodeURIComponent(model.revision)}/${entry.path}`;
  const res = await fetch(url, { headers: have ? { Range: `bytes=${have}-` } : {}, signal: opts.signal });
  if (res.status === 200 && have) {
    have = 0; // the server ignored the range: start over
    rmSync(partial, { force: true });
  } else if (!(res.ok || res.status === 206) || !res.body) {
    throw new DownloadError(`${entry.path}: HTTP ${res.status} from ${url}`);
  }
  if (have) await hashExisting(partial, v.hash);
  progress.received += have;
  const out = createWriteStream(partial, { flags: have ? 'a' : 'w' });
  await pipeline(
    Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>),
    async function* (source) {
      for await (const chunk of source) {
        v.hash.update(chunk as Buffer);
        progress.received += (chunk as Buffer).length;
        opts.onProgress?.({ file: entry.path, receivedBytes: progress.received, totalBytes: progress.total });
        yield chunk;
      }
    },
    out,
  );
  const size = statSync(partial).size;
  const digest = v.hash.digest('hex');
  if (size !== entry.size || digest !== v.expected) {
    rmSync(partial, { force: true }); // corrupt: the next attempt starts this file from zero
    throw new DownloadError(
      `${entry.path} failed verification (${v.kind} ${digest.slice(0, 12)}…, ${size} bytes; the hub publishes ${v.expected.slice(0, 12)}…, ${entry.size} bytes). Run the download again.`,
    );
  }
  renameSync(partial, final);
}

/** Downloads `model` into `<modelsDir>/<id>/` and returns that folder. */
export async function downloadModel(model: RegistryModel, modelsDir: string, opts: DownloadOptions = {}): Promise<string> {
  if (!model.repo) throw new DownloadError(`${model.id} is bundled; nothing to download`);
  const dir = join(modelsDir, model.id);
  if (existsSync(join(dir, '.complete'))) return dir;
  const base = hubBase(opts);
  const listed = await listFiles(base, model.repo, model.revision, opts.signal);
  const wanted = model.files.map((path) => {
    const entry = listed.find((e) => e.path === path);
    if (!entry) throw new DownloadError(`${model.repo}@${model.revision} has no ${path}`);
    return entry;
  });
  const staging = `${dir}.download`;
  mkdirSync(staging, { recursive: true });
  const progress = { received: 0, total: wanted.reduce((n, e) => n + e.size, 0) };
  for (const entry of wanted) await fetchFile(base, model, entry, staging, progress, opts);
  writeFileSync(
    join(staging, '.complete'),
    JSON.stringify({ repo: model.repo, revision: model.revision, files: wanted.map((e) => ({ path: e.path, size: e.size, sha: e.lfs?.oid ?? e.oid })) }, null, 2),
  );
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  return dir;
}
