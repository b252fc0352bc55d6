// Compares a folder on disk with what the library remembers and records the difference: new and
// changed files become 'pending', vanished ones 'missing'. Used at start (to reconcile what changed
// while the app was closed) and by the watcher for single paths.
import { lstat, open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Folder, PhotoStore } from '../store/photos.js';
import { isIgnoredPath, isPhotoPath } from './photo-files.js';

export interface FileInfo {
  path: string;
  size: number;
  mtimeMs: number;
}

/** Every photo file under `root`, skipping hidden folders, the library folder and symlinked folders (no cycles). */
export async function listPhotos(root: string, libraryDir?: string): Promise<FileInfo[]> {
  const out: FileInfo[] = [];
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop()!;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue; // unreadable or vanished folder: its photos simply are not seen
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (isIgnoredPath(path, root, libraryDir)) continue;
      if (entry.isDirectory()) stack.push(path);
      else if ((entry.isFile() || entry.isSymbolicLink()) && isPhotoPath(path)) {
        const info = await statFile(path);
        if (info) out.push(info);
      }
    }
  }
  return out;
}

/**
 * Size (bytes) and modification time (whole ms since epoch) of the file at `path`, following a symlink;
 * undefined when it is gone, unreadable or not a regular file.
 */
export async function statFile(path: string): Promise<FileInfo | undefined> {
  try {
    const s = await stat(path);
    if (!s.isFile()) return undefined;
    return { path, size: s.size, mtimeMs: Math.trunc(s.mtimeMs) };
  } catch {
    return undefined;
  }
}

/**
 * The whole file at `path`, read with one read call when it is still `expectedSize` bytes long (its size at
 * `statFile`). Node's readFile reads in 512 KiB pieces, each a separate trip through libuv's thread pool,
 * where it queues behind sharp's decodes: a 5 MB photo waited for ten of them. A file that grew since is
 * read to its end all the same.
 * @throws the file system's error (ENOENT when it vanished, EACCES, EISDIR, ...)
 */
export async function readWholeFile(path: string, expectedSize: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    // One byte more than expected: a short read then means the end of the file, with no extra call to find it.
    let buf = Buffer.allocUnsafe(expectedSize + 1);
    let got = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, got, buf.length - got, got);
      got += bytesRead;
      if (bytesRead === 0 || got < buf.length) break;
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, got);
      buf = bigger;
    }
    return buf.subarray(0, got);
  } finally {
    await handle.close();
  }
}

export interface ScanResult {
  seen: number;
  added: number;
  changed: number;
  missing: number;
}

/**
 * Reconciles one folder, in one transaction. A file counts as changed when its size or modification time
 * differ. A folder root that is not there (an unplugged drive) changes nothing; but a root that is a symlink
 * whose target is gone passes that check, and its photos are all marked missing.
 */
export async function scanFolder(store: PhotoStore, folder: Folder, libraryDir?: string): Promise<ScanResult> {
  const rootOk = await lstat(folder.path).then((s) => s.isDirectory() || s.isSymbolicLink(), () => false);
  // An unplugged drive or unmounted share is not a mass deletion: leave the folder's photos alone.
  if (!rootOk) return { seen: 0, added: 0, changed: 0, missing: 0 };
  const onDisk = await listPhotos(folder.path, libraryDir);
  const known = store.folderSnapshot(folder.id);
  const result: ScanResult = { seen: onDisk.length, added: 0, changed: 0, missing: 0 };
  // One transaction for the whole folder: thousands of single-row commits would be slow.
  store.batch(() => reconcile(store, folder, onDisk, known, result));
  return result;
}

function reconcile(
  store: PhotoStore,
  folder: Folder,
  onDisk: FileInfo[],
  known: ReturnType<PhotoStore['folderSnapshot']>,
  result: ScanResult,
): void {
  for (const file of onDisk) {
    const row = known.get(file.path);
    known.delete(file.path);
    if (!row) {
      store.upsertPending(folder.id, file.path, file.size, file.mtimeMs);
      result.added++;
    } else if (row.size !== file.size || row.mtime_ms !== file.mtimeMs || row.status === 'missing') {
      store.upsertPending(folder.id, file.path, file.size, file.mtimeMs);
      result.changed++;
    }
  }
  for (const [path, row] of known) {
    if (row.status !== 'missing') {
      store.markMissing(path);
      result.missing++;
    }
  }
}
