// Compares a folder on disk with what the library remembers and records the difference: new and
// changed files become 'pending', vanished ones 'missing'. Used at start (to reconcile what changed
// while the app was closed) and by the watcher for single paths.
import type { Dirent } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import type { Folder, PhotoStore, SkippedFile } from '../store/photos.js';
import { DECODABLE_CONTENT, isAppFile, isIgnoredPath, isPhotoPath, isRawPath, OTHER_KINDS, PHOTO_EXTENSIONS } from './photo-files.js';

export interface FileInfo {
  path: string;
  size: number;
  mtimeMs: number;
}

/** A folder that could not be listed: its photos are kept (unavailable), never taken as deleted. */
export interface UnreadableFolder {
  path: string;
  reason: string; // "permission denied", "cannot read folder (EIO)"
}

export interface Listing {
  files: FileInfo[]; // the photos
  // Folders whose photos are out of reach, not gone: unreadable ones, links whose target is missing,
  // and empty folders (an unmounted drive's mount point) where the library held photos.
  unreadable: UnreadableFolder[];
  skipped: SkippedFile[]; // files that are not indexed, and why
  rootEntries: number; // entries directly in the root (none: an unmounted share's empty mount point)
  emptyFolders: string[]; // folders below the root with nothing in them
}

/** The first bytes of a file, enough for file-type to tell its format (its default sample is 4,100). */
const SNIFF_BYTES = 4100;

/** The format of a file whose extension does not say, from its first bytes (`ext` as file-type names it), or undefined. */
async function sniff(path: string): Promise<string | undefined> {
  try {
    const handle = await open(path, 'r');
    try {
      const buf = Buffer.alloc(SNIFF_BYTES);
      const { bytesRead } = await handle.read(buf, 0, SNIFF_BYTES, 0);
      const { fileTypeFromBuffer } = await import('file-type'); // a maintained magic-number table, loaded on first use
      return (await fileTypeFromBuffer(buf.subarray(0, bytesRead)))?.ext;
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}

/** What a file that is not indexed is, for `status`: by its extension, else by its content. */
function otherKind(ext: string, content: string | undefined): string {
  const byExt = OTHER_KINDS[ext];
  if (byExt) return byExt;
  if (content && ['mov', 'mp4', 'm4v', 'avi', 'mkv', 'webm', '3gp', 'mts'].includes(content)) return 'video';
  if (content && ['cr2', 'cr3', 'nef', 'arw', 'dng', 'raf', 'orf', 'rw2'].includes(content)) return 'RAW';
  if (content && ['bmp', 'psd', 'jxl', 'jp2', 'ico', 'svg'].includes(content)) return 'other image';
  return 'other';
}

/** Whether the folder `entries` holds a JPEG or HEIC with the same name as the RAW file `name` (IMG_0001.CR2 + IMG_0001.JPG). */
function hasDevelopedTwin(entries: readonly Dirent<Buffer>[], name: string): boolean {
  const stem = name.slice(0, name.length - extname(name).length).toLowerCase();
  return entries.some((e) => {
    const other = e.name.toString('utf8');
    const ext = extname(other).toLowerCase();
    return other.slice(0, other.length - ext.length).toLowerCase() === stem && PHOTO_EXTENSIONS.has(ext);
  });
}

/** A name that is not valid UTF-8, shown with its other bytes as \xNN ("caf\xe9.jpg"), so that it can be found. */
function escapeName(name: Buffer): string {
  return [...name].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
}

/** Whether a name read from the disk as bytes is valid UTF-8 (an old camera or a Latin-1 share may write others). */
function isUtf8(name: Buffer): boolean {
  return Buffer.from(name.toString('utf8'), 'utf8').equals(name);
}

function folderError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM' ? 'permission denied' : `cannot read folder (${code ?? String(err)})`;
}

/**
 * Every file under `root`, sorted into photos (by extension, or by content for an extension that does not say),
 * files that are not indexed (with the reason), and folders that could not be read. Follows symbolic links to
 * folders, each real folder once (no cycles, nothing twice); skips hidden files and folders (".thumbnails") and
 * the library folder.
 */
export async function listPhotos(root: string, libraryDir?: string): Promise<Listing> {
  const out: Listing = { files: [], unreadable: [], skipped: [], rootEntries: 0, emptyFolders: [] };
  const visited = new Set<string>();
  const stack = [root];
  // Folders reached through a link wait until every plain folder is listed: a folder reachable both
  // ways is then indexed under its own path, not the link's.
  const linked: string[] = [];
  while (stack.length || linked.length) {
    const dir = stack.pop() ?? linked.shift()!;
    const real = await realpath(dir).catch(() => dir);
    if (visited.has(real)) continue; // a folder reachable twice (a link to a folder already listed)
    visited.add(real);
    let entries: Dirent<Buffer>[];
    try {
      entries = await readdir(Buffer.from(dir), { withFileTypes: true, encoding: 'buffer' });
    } catch (err) {
      // Vanished since its parent was listed: its photos are gone indeed. Otherwise they are only out of reach,
      // and the folder is reported with the reason.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        const reason = folderError(err);
        out.unreadable.push({ path: dir, reason });
        out.skipped.push({ path: dir, reason: reason === 'permission denied' ? 'permission' : 'unreadable', detail: `folder: ${reason}` });
      }
      continue;
    }
    if (dir === root) out.rootEntries = entries.length;
    else if (entries.length === 0) out.emptyFolders.push(dir);
    for (const entry of entries) {
      const name = entry.name.toString('utf8');
      const path = join(dir, name);
      if (libraryDir && (path === libraryDir || path.startsWith(libraryDir + sep))) continue;
      if (isAppFile(path)) continue;
      if (!isUtf8(entry.name)) {
        out.skipped.push({ path: join(dir, escapeName(entry.name)), reason: 'name', detail: `${entry.isDirectory() ? 'folder' : 'file'} name is not valid UTF-8` });
        continue;
      }
      if (isIgnoredPath(path, root, libraryDir)) {
        // Hidden by convention (".thumbnails", "._IMG_0001.JPG", ".DS_Store"): counted, never read.
        out.skipped.push({ path, reason: 'unsupported', detail: entry.isDirectory() ? 'hidden folder' : 'hidden file' });
        continue;
      }
      if (entry.isDirectory()) {
        stack.push(path);
        continue;
      }
      if (entry.isSymbolicLink()) {
        const target = await stat(path).catch(() => undefined);
        if (!target) {
          // What it pointed to (a drive, a share) may be away: photos under it are kept, not removed.
          out.skipped.push({ path, reason: 'unreadable', detail: 'broken link' });
          out.unreadable.push({ path, reason: 'link to a missing folder or file (a drive or share may be disconnected)' });
          continue;
        }
        if (target.isDirectory()) {
          linked.push(path);
          continue;
        }
      }
      const ext = extname(name).toLowerCase();
      if (isRawPath(path) && hasDevelopedTwin(entries, name)) {
        out.skipped.push({ path, reason: 'paired', detail: 'RAW beside its JPEG (one photo)' });
        continue;
      }
      const byExtension = isPhotoPath(path);
      const content = byExtension || OTHER_KINDS[ext] ? undefined : await sniff(path);
      if (byExtension || (content && DECODABLE_CONTENT.has(content))) {
        const info = await statFile(path);
        if (info) out.files.push(info);
        else out.skipped.push({ path, reason: 'unreadable', detail: 'cannot read file' });
      } else {
        out.skipped.push({ path, reason: 'unsupported', detail: otherKind(ext, content) });
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
  missing: number; // found gone: recently removed
  offline: { path: string; reason: string }[]; // folders found offline
  unreadable: UnreadableFolder[];
}

/**
 * Why a library folder is offline, or undefined when it is online: its root is not there, is not a folder,
 * cannot be listed, or is empty while the library holds `held` photos from it (an unmounted share's mount
 * point). The same test for a scan and for the watcher, which must not take a share that went away for a
 * mass deletion.
 */
export async function offlineReason(path: string, held: number): Promise<string | undefined> {
  const s = await stat(path).catch((err: NodeJS.ErrnoException) => err);
  if (s instanceof Error) {
    return s.code === 'EACCES' || s.code === 'EPERM' ? 'permission denied' : 'the folder is not there: the drive or share may be disconnected';
  }
  if (!s.isDirectory()) return 'not a folder any more';
  const entries = await readdir(path).catch((err: unknown) => err as Error);
  if (entries instanceof Error) return folderError(entries);
  if (entries.length === 0 && held > 0) return `the folder is empty but held ${held} photos: the drive or share may be disconnected`;
  return undefined;
}

/**
 * Reconciles one folder with the disk, in one transaction: new and changed files become pending, files
 * gone from a folder that was listed in full become missing (recently removed: kept 30 days, back with
 * their ids if they return). Nothing is taken as deleted when the folder is offline (its root missing,
 * unreadable, or empty where it held photos: an unplugged drive, an unmounted share): the folder is
 * marked offline and its photos kept, searchable, unavailable. Photos under a sub-folder that cannot be
 * read are kept the same way. Files that are not indexed are recorded with the reason.
 */
export async function scanFolder(store: PhotoStore, folder: Folder, libraryDir?: string): Promise<ScanResult> {
  const result: ScanResult = { seen: 0, added: 0, changed: 0, missing: 0, offline: [], unreadable: [] };
  const known = store.folderSnapshot(folder.id);
  const held = [...known.values()].filter((r) => r.status !== 'missing').length;
  const offline = (reason: string) => {
    store.setFolderOffline(folder.id, reason);
    result.offline.push({ path: folder.path, reason });
    return result;
  };
  const problem = await offlineReason(folder.path, held);
  if (problem) return offline(problem);
  const listing = await listPhotos(folder.path, libraryDir);
  // It may have gone between the check and the listing.
  const rootUnreadable = listing.unreadable.find((u) => u.path === folder.path);
  if (rootUnreadable) return offline(rootUnreadable.reason);
  if (listing.rootEntries === 0 && held > 0) return offline((await offlineReason(folder.path, held)) ?? 'the folder is empty');
  result.seen = listing.files.length;
  result.unreadable = listing.unreadable;
  // One transaction for the whole folder: thousands of single-row commits would be slow.
  store.batch(() => {
    store.setFolderOnline(folder.id);
    reconcile(store, folder, listing, known, result);
    store.setSkipped(folder.id, listing.skipped);
  });
  return result;
}

function reconcile(store: PhotoStore, folder: Folder, listing: Listing, known: ReturnType<PhotoStore['folderSnapshot']>, result: ScanResult): void {
  for (const file of listing.files) {
    const row = known.get(file.path);
    known.delete(file.path);
    if (!row) {
      store.upsertPending(folder.id, file.path, file.size, file.mtimeMs);
      result.added++;
    } else if (row.size !== file.size || row.mtime_ms !== file.mtimeMs || row.status === 'missing' || row.status === 'failed') {
      // A file that failed is tried again on every full scan: a permission may have been granted, a
      // reader installed, a download finished.
      store.upsertPending(folder.id, file.path, file.size, file.mtimeMs);
      result.changed++;
    }
  }
  const outOfReach = [
    ...listing.unreadable,
    ...listing.emptyFolders.map((path) => ({ path, reason: 'the folder is empty: a drive or share mounted there may be disconnected' })),
  ];
  for (const [path, row] of known) {
    if (row.status === 'missing') continue;
    const under = outOfReach.find((u) => path.startsWith(u.path + sep));
    if (under) store.setUnavailable(path, `${under.reason}: ${under.path}`);
    else {
      store.markMissing(path);
      result.missing++;
    }
  }
}
