// Downloads a model from the Hugging Face hub: resumable, with progress, and verified.
//
// `@huggingface/hub` lists the revision's files (following the tree API's pages) and fetches whole
// files. What it lacks stays here: LFS files carry the SHA-256 of their content and small files
// the git blob SHA-1, and every file is checked against that before the model is used; an
// interrupted file resumes from its `.incomplete` part with an HTTP Range request; progress spans
// the whole model. Files land in `<id>.download/` and the folder is renamed to `<id>/` with a
// `.complete` marker only when all of them verified, so a half-written model never looks complete.
// Each precision has its own marker (`.complete-int8`), written after its files are in place.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebStream } from 'node:stream/web';
import type { ListFileEntry } from '@huggingface/hub';

// The hub client loads on first use: only a download needs it.
const hubClient = () => import('@huggingface/hub');
import { domainErrorKind } from '../errors.js';
import { completeMarker, PRECISIONS, towerFile, type Precision } from './model-files.js';
import type { RegistryModel } from './registry.js';

/** Sent after every chunk: bytes of file content, summed over all of the model's files. */
export interface DownloadProgress {
  file: string; // the file the chunk belongs to, as the repo names it
  receivedBytes: number; // never decreases; includes bytes resumed from an earlier attempt
  totalBytes: number;
}

export interface DownloadOptions {
  hubUrl?: string; // default $HF_ENDPOINT or https://huggingface.co
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
}

/** Why a download could not finish: the message names the file or listing and is fit to show a user. */
export const DownloadError = domainErrorKind('failed', 'DownloadError');

/** What every request to the hub shares; spread into the library's calls. */
interface Hub {
  hubUrl: string;
  accessToken: string | undefined;
  fetch: typeof fetch;
}

async function connect(opts: DownloadOptions): Promise<Hub> {
  const signal = opts.signal;
  const { HUB_URL } = await hubClient();
  return {
    hubUrl: (opts.hubUrl ?? (process.env.HF_ENDPOINT || HUB_URL)).replace(/\/+$/, ''), // the library appends paths verbatim
    accessToken: process.env.HF_TOKEN || undefined, // gated models answer 401/403 without it
    // The library's functions take no AbortSignal; its custom-fetch hook is the one way to cancel them.
    fetch: (input, init) => fetch(input, { ...init, signal }),
  };
}

/**
 * A library or network failure as a DownloadError that names what failed. A cancelled download
 * rethrows the signal's reason instead, so callers still see an AbortError.
 */
function failure(what: string, err: unknown, signal: AbortSignal | undefined): Error {
  signal?.throwIfAborted();
  if (err instanceof DownloadError) return err;
  // A failed blob stream reports only the error's message, as a bare string.
  return new DownloadError(`${what}: ${err instanceof Error ? err.message : String(err)}`);
}

async function listRevision(hub: Hub, repo: string, revision: string, signal?: AbortSignal): Promise<Map<string, ListFileEntry>> {
  const files = new Map<string, ListFileEntry>();
  try {
    const { listFiles } = await hubClient();
    for await (const entry of listFiles({ repo, revision, recursive: true, ...hub })) {
      if (entry.type === 'file') files.set(entry.path, entry);
    }
  } catch (err) {
    throw failure(`cannot list ${repo}@${revision}`, err, signal);
  }
  return files;
}

/** What the hub says the file's hash is, and a hasher that computes the same kind of hash. */
function verifier(entry: ListFileEntry): { expected: string; hash: Hash; kind: string } {
  if (entry.lfs?.oid) return { expected: entry.lfs.oid, hash: createHash('sha256'), kind: 'SHA-256' };
  if (!entry.oid) throw new DownloadError(`${entry.path}: the hub lists no hash to verify it against`);
  const hash = createHash('sha1');
  hash.update(`blob ${entry.size}\0`); // git's blob hash: a header, then the content
  return { expected: entry.oid, hash, kind: 'git SHA-1' };
}

async function hashExisting(path: string, hash: Hash): Promise<void> {
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
}

/** The file's bytes from offset `have` on, and the offset they really start at (0 if the server ignored the Range). */
async function openFile(hub: Hub, model: RegistryModel & { repo: string }, entry: ListFileEntry, have: number): Promise<{ body: WebStream<Uint8Array>; from: number }> {
  // The URL fileDownloadInfo() would return, built from the listing: its `bytes=0-0` probe would
  // cost a request per file to learn a size listFiles already gave us.
  const url = `${hub.hubUrl}/${model.repo}/resolve/${encodeURIComponent(model.revision)}/${entry.path}`;
  if (!have) {
    const downloadInfo = { url, size: entry.size, etag: entry.lfs?.oid ?? entry.oid ?? '' };
    const { downloadFile } = await hubClient();
    const blob = await downloadFile({ repo: model.repo, path: entry.path, revision: model.revision, downloadInfo, ...hub });
    if (!blob) throw new DownloadError(`${entry.path}: not found at ${url}`);
    return { body: blob.stream() as WebStream<Uint8Array>, from: 0 };
  }
  // The library resumes only through Blob.slice(), which asks for `bytes=N-<end>` and hides the
  // status: a server that ignored the Range would send the whole file with 200, and it would be
  // appended to the part we have. So this one request is ours, to tell 206 from 200.
  const auth: Record<string, string> = hub.accessToken ? { Authorization: `Bearer ${hub.accessToken}` } : {};
  const res = await hub.fetch(url, { headers: { Range: `bytes=${have}-`, ...auth } });
  if ((res.status !== 206 && res.status !== 200) || !res.body) throw new DownloadError(`${entry.path}: HTTP ${res.status} from ${url}`);
  return { body: res.body as WebStream<Uint8Array>, from: res.status === 206 ? have : 0 };
}

async function fetchFile(
  hub: Hub,
  model: RegistryModel & { repo: string },
  entry: ListFileEntry,
  staging: string,
  progress: { received: number; total: number },
  opts: DownloadOptions,
): Promise<void> {
  const report = () => opts.onProgress?.({ file: entry.path, receivedBytes: progress.received, totalBytes: progress.total });
  const final = join(staging, entry.path);
  const partial = `${final}.incomplete`;
  mkdirSync(dirname(final), { recursive: true });
  if (existsSync(final) && statSync(final).size === entry.size) {
    const done = verifier(entry);
    await hashExisting(final, done.hash);
    if (done.hash.digest('hex') === done.expected) {
      progress.received += entry.size;
      report();
      return;
    }
    rmSync(final, { force: true });
  }
  const v = verifier(entry);
  let have = existsSync(partial) ? statSync(partial).size : 0;
  if (have > entry.size) {
    rmSync(partial);
    have = 0;
  }
  try {
    const { body, from } = await openFile(hub, model, entry, have);
    if (from) await hashExisting(partial, v.hash);
    progress.received += from;
    await pipeline(
      Readable.fromWeb(body),
      async function* (source) {
        for await (const chunk of source) {
          v.hash.update(chunk as Buffer);
          progress.received += (chunk as Buffer).length;
          report();
          yield chunk;
        }
      },
      createWriteStream(partial, { flags: from ? 'a' : 'w' }),
    );
  } catch (err) {
    throw failure(entry.path, err, opts.signal);
  }
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

/**
 * The files of `model` at `precision`: its listed files, with the HF layout's towers swapped for the
 * precision's (`onnx/vision_model_quantized.onnx` for int8). The open_clip layout publishes fp32 only.
 * @throws DownloadError for a precision the model's layout does not publish
 */
export function filesFor(model: RegistryModel, precision: Precision): string[] {
  if (precision === 'fp32') return [...model.files];
  if (!model.files.includes(towerFile('vision_model', 'fp32'))) throw new DownloadError(`${model.id} is published in fp32 only`);
  return model.files.map((f) => (f === towerFile('vision_model', 'fp32') ? towerFile('vision_model', precision) : f === towerFile('text_model', 'fp32') ? towerFile('text_model', precision) : f));
}

/** The files (path -> git or LFS hash) that earlier completed downloads in `dir` verified. */
function verifiedFiles(dir: string): Map<string, string> {
  const known = new Map<string, string>();
  for (const p of PRECISIONS) {
    try {
      const done = JSON.parse(readFileSync(join(dir, completeMarker(p)), 'utf8')) as { files: { path: string; sha: string }[] };
      for (const f of done.files) if (existsSync(join(dir, f.path))) known.set(f.path, f.sha);
    } catch {
      // not downloaded at this precision
    }
  }
  return known;
}

/**
 * Downloads `model`'s files at `precision` (default fp32; see filesFor) at `model.revision` into
 * `<modelsDir>/<id>/` and returns that folder. Returns at once if that precision is already complete; files
 * that another precision's download verified (the configs, the tokenizer) are not fetched again. Reads
 * `$HF_ENDPOINT` (hub URL, unless `opts.hubUrl`) and `$HF_TOKEN` (sent to the hub; the library requires it to
 * start with `hf_`). Progress is reported in bytes of file content, across the files fetched.
 *
 * @throws DomainError failed (DownloadError) when the model is bundled (nothing to fetch), the precision is
 *   not published, the hub cannot list the revision or lacks a wanted file, $HF_TOKEN is malformed, a request
 *   or the connection fails (what arrived is kept in `<file>.incomplete` and the next call resumes from it),
 *   or a file does not match the hash the hub publishes (the file is discarded, so the next call fetches it
 *   afresh); the signal's reason (an AbortError) when `opts.signal` aborts, partial files kept then too;
 *   Error from the file system outside a transfer (creating folders, the final renames)
 */
export async function downloadModel(model: RegistryModel, modelsDir: string, opts: DownloadOptions & { precision?: Precision } = {}): Promise<string> {
  const repo = model.repo;
  if (!repo) throw new DownloadError(`${model.id} is bundled; nothing to download`);
  const precision = opts.precision ?? 'fp32';
  const paths = filesFor(model, precision);
  const dir = join(modelsDir, model.id);
  const marker = join(dir, completeMarker(precision));
  if (existsSync(marker)) return dir;
  const hub = await connect(opts);
  const listed = await listRevision(hub, repo, model.revision, opts.signal);
  const wanted = paths.map((path) => {
    const entry = listed.get(path);
    if (!entry) throw new DownloadError(`${repo}@${model.revision} has no ${path}`);
    return entry;
  });
  const have = verifiedFiles(dir);
  const missing = wanted.filter((e) => have.get(e.path) !== (e.lfs?.oid ?? e.oid));
  const staging = `${dir}.download`;
  mkdirSync(staging, { recursive: true });
  const progress = { received: 0, total: missing.reduce((n, e) => n + e.size, 0) };
  for (const entry of missing) await fetchFile(hub, { ...model, repo }, entry, staging, progress, opts);
  const manifest = JSON.stringify({ repo, revision: model.revision, precision, files: wanted.map((e) => ({ path: e.path, size: e.size, sha: e.lfs?.oid ?? e.oid })) }, null, 2);
  if (!existsSync(dir)) {
    // A first download: the folder appears whole, marker included.
    writeFileSync(join(staging, completeMarker(precision)), manifest);
    renameSync(staging, dir);
    return dir;
  }
  // Another precision is there: the new files move in one by one, and the marker comes last.
  for (const entry of missing) {
    mkdirSync(dirname(join(dir, entry.path)), { recursive: true });
    renameSync(join(staging, entry.path), join(dir, entry.path));
  }
  writeFileSync(marker, manifest);
  rmSync(staging, { recursive: true, force: true });
  return dir;
}
