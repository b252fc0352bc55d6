// Follows library folders with chokidar while the engine runs. Events only mark paths as dirty;
// a debounced pass then reconciles those paths against the disk and SQLite. A burst of thousands of
// files therefore becomes a queue of pending rows, not thousands of decodes at once.
import { watch, type FSWatcher } from 'chokidar';
import { sep } from 'node:path';
import type { Folder, PhotoStore } from '../store/photos.js';
import { isIgnoredPath, isPhotoPath } from './photo-files.js';
import { offlineReason, statFile } from './scanner.js';

/**
 * A flush with at least this many paths of one folder is a burst: the folder is scanned in full once
 * it is quiet. Linux's inotify drops events past its queue (fs.inotify.max_queued_events, 16,384 by
 * default: three events a copied file), and chokidar does not say so: a burst of 10,000 files lost
 * some, and their photos were never indexed. A full scan cannot miss one.
 */
export const BURST_PATHS = 200;

export interface WatcherOptions {
  libraryDir: string;
  debounceMs?: number;
  onChanges: () => void; // called after a batch of changes was recorded
  onBurst?: (folder: Folder) => void; // a burst of changes (or lost events) in `folder`: scan it in full
  onError?: (err: Error) => void;
}

export class LibraryWatcher {
  private readonly watchers = new Map<number, FSWatcher>();
  private readonly dirty = new Map<string, Folder>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: PhotoStore,
    private readonly opts: WatcherOptions,
  ) {}

  /** Starts watching `folder` (no initial scan: the engine scans separately). Resolves when ready. */
  async add(folder: Folder): Promise<void> {
    if (this.watchers.has(folder.id)) return;
    const w = watch(folder.path, {
      ignoreInitial: true,
      followSymlinks: false,
      // A file being copied in grows for a while: wait until its size settles.
      awaitWriteFinish: { stabilityThreshold: 400, pollInterval: 100 },
      ignored: (path: string) => isIgnoredPath(path, folder.path, this.opts.libraryDir),
    });
    const mark = (path: string) => {
      if (!isPhotoPath(path)) return;
      this.dirty.set(path, folder);
      this.schedule();
    };
    w.on('add', mark).on('change', mark).on('unlink', mark);
    w.on('unlinkDir', (dir: string) => {
      // Every photo under a removed folder is gone; chokidar may not report each file.
      for (const path of this.store.folderSnapshot(folder.id).keys()) {
        if (path.startsWith(dir + sep)) this.dirty.set(path, folder);
      }
      this.schedule();
    });
    w.on('error', (err: unknown) => {
      // Events may have been lost (an overflowing queue, a folder briefly unreadable): rescan it.
      this.opts.onBurst?.(folder);
      this.opts.onError?.(err instanceof Error ? err : new Error(String(err)));
    });
    this.watchers.set(folder.id, w);
    await new Promise<void>((resolve) => w.once('ready', () => resolve()));
  }

  /** Stops watching a folder; changes already noticed are still recorded. */
  async remove(folderId: number): Promise<void> {
    const w = this.watchers.get(folderId);
    this.watchers.delete(folderId);
    await w?.close();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.flushing = this.flushing.then(() => this.flush()).catch((err: Error) => this.opts.onError?.(err));
    }, this.opts.debounceMs ?? 300);
  }

  /** Records every dirty path's current state: pending if present and changed, missing if gone. */
  private async flush(): Promise<void> {
    const paths = [...this.dirty];
    this.dirty.clear();
    if (paths.length === 0) return;
    const infos = await Promise.all(paths.map(([path]) => statFile(path)));
    // A file gone is a deletion only while its folder is online: a share that went away (its mount
    // point empty, or gone) takes the folder offline and keeps every photo.
    const offline = new Map<number, string>();
    for (const folder of new Set(paths.filter((_, i) => !infos[i]).map(([, f]) => f))) {
      const held = [...this.store.folderSnapshot(folder.id).values()].filter((r) => r.status !== 'missing').length;
      const reason = await offlineReason(folder.path, held);
      if (reason) offline.set(folder.id, reason);
    }
    const perFolder = new Map<Folder, number>();
    for (const [, folder] of paths) perFolder.set(folder, (perFolder.get(folder) ?? 0) + 1);
    for (const [folder, n] of perFolder) if (n >= BURST_PATHS) this.opts.onBurst?.(folder);
    let changed = 0;
    this.store.batch(() => {
      for (const [id, reason] of offline) {
        this.store.setFolderOffline(id, reason);
        changed++;
      }
      paths.forEach(([path, folder], i) => {
        const info = infos[i];
        const row = this.store.byPath(path);
        if (offline.has(folder.id)) return;
        if (!info) {
          if (row && row.status !== 'missing') {
            this.store.markMissing(path);
            changed++;
          }
        } else if (!row || row.size !== info.size || row.mtime_ms !== info.mtimeMs || row.status === 'missing') {
          this.store.upsertPending(folder.id, path, info.size, info.mtimeMs);
          changed++;
        }
      });
    });
    if (changed) this.opts.onChanges();
  }

  /**
   * Stops watching every folder and waits for a flush in progress; changes not yet flushed are dropped (the
   * next start's scan finds them).
   */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    await Promise.all([...this.watchers.values()].map((w) => w.close()));
    this.watchers.clear();
    await this.flushing;
  }
}
