// Keeping the library's folders in step with the disk: full scans, the watcher, folders that go
// offline and come back, bursts the watcher may have half-seen, and the "recently removed" photos
// that leave the index now and the library after RECENTLY_REMOVED_MS. The Engine owns one and
// tells it when to act; indexing what it finds is the Engine's (the `indexQueue` hook).
import { scanFolder, type ScanResult } from '../library/scanner.js';
import { LibraryWatcher } from '../library/watcher.js';
import type { ModelIndex } from '../store/model-index.js';
import type { Folder, PhotoStore } from '../store/photos.js';

/**
 * How long a photo found gone stays "recently removed" (its tags, verdicts and albums kept; back with its id
 * when its file returns, at its path or elsewhere by content) before it is deleted, in ms: 30 days, as the
 * photo apps keep deleted photos (Apple Photos, Google Photos, Immich's trash). A photo of an offline folder is
 * never counted as gone.
 */
export const RECENTLY_REMOVED_MS = 30 * 24 * 3600_000;

/** After a burst in a watched folder, how long no change must arrive before the folder is scanned in full, in ms. */
export const BURST_QUIET_MS = 2000;

/** While watching, how often an offline folder is checked for being back, in ms. */
export const OFFLINE_RECHECK_MS = 30_000;

/** What the folder sync asks of its owner. */
export interface SyncHooks {
  indexQueue: () => Promise<void>; // index whatever now waits
  changed: () => void; // the library changed (for front ends)
  error: (err: Error) => void; // something went wrong in the background; the rest goes on
  stopping: () => boolean;
}

export class FolderSync {
  private watcher: LibraryWatcher | undefined;
  private purgeTimer: NodeJS.Timeout | undefined;
  private offlineTimer: NodeJS.Timeout | undefined;
  private readonly burstTimers = new Map<number, NodeJS.Timeout>();

  constructor(
    private readonly photos: PhotoStore,
    private readonly libraryDir: string,
    private readonly index: ModelIndex,
    private readonly hooks: SyncHooks,
  ) {}

  /** Scans every folder (see Engine.scan) and sums the results. */
  async scanAll(): Promise<ScanResult> {
    const total: ScanResult = { seen: 0, added: 0, changed: 0, missing: 0, offline: [], unreadable: [] };
    for (const folder of this.photos.folders()) {
      const r = await scanFolder(this.photos, folder, this.libraryDir);
      total.seen += r.seen;
      total.added += r.added;
      total.changed += r.changed;
      total.missing += r.missing;
      total.offline.push(...r.offline);
      total.unreadable.push(...r.unreadable);
    }
    this.hooks.changed();
    return total;
  }

  /** Scans the folders `ids` again: a file vanished under each while it waited to be indexed. */
  async rescan(ids: Set<number>): Promise<void> {
    for (const folder of this.photos.folders().filter((f) => ids.has(f.id))) {
      const r = await scanFolder(this.photos, folder, this.libraryDir);
      for (const { path, reason } of r.offline) this.hooks.error(new Error(`folder ${path} is offline (${reason}); its photos are kept`));
    }
    this.dropMissing();
  }

  /** Recently removed photos leave the index; those past `graceMs` (default RECENTLY_REMOVED_MS) leave the library. */
  dropMissing(graceMs = RECENTLY_REMOVED_MS): void {
    const gone = this.photos.purgeMissing(graceMs);
    for (const id of gone) this.index.remove(id);
    const stillMissing = this.photos.idsWithStatus('missing');
    for (const id of stillMissing) this.index.remove(id);
    if (gone.length || stillMissing.length) this.index.flush();
  }

  /** Follows every folder for changes until `close()`; offline folders are checked every OFFLINE_RECHECK_MS. */
  async watch(): Promise<void> {
    if (this.watcher) return;
    this.watcher = new LibraryWatcher(this.photos, {
      libraryDir: this.libraryDir,
      onChanges: () => {
        this.dropMissing();
        this.schedulePurge();
        void this.hooks.indexQueue().catch(this.hooks.error);
      },
      onBurst: (folder) => this.scanWhenQuiet(folder),
      onError: this.hooks.error,
    });
    await Promise.all(this.photos.folders().map((f) => this.watcher!.add(f)));
    // An offline folder (a drive unplugged, a share away) is looked at again every half minute. The
    // timer also keeps a watching process alive when every folder it watched has gone away.
    this.offlineTimer = setInterval(() => void this.recheckOffline().catch(this.hooks.error), OFFLINE_RECHECK_MS);
  }

  /** Starts following a folder added while watching (nothing when not watching). */
  follow(folder: Folder): void {
    void this.watcher?.add(folder);
  }

  /** Stops following a folder (nothing when not watching). */
  async unfollow(folderId: number): Promise<void> {
    await this.watcher?.remove(folderId);
  }

  /**
   * After a burst of changes in `folder` (the watcher may have lost events), scans it in full once no change
   * has arrived for BURST_QUIET_MS, then indexes what the scan found.
   */
  private scanWhenQuiet(folder: Folder): void {
    clearTimeout(this.burstTimers.get(folder.id));
    const timer = setTimeout(() => {
      this.burstTimers.delete(folder.id);
      if (this.hooks.stopping()) return;
      void scanFolder(this.photos, folder, this.libraryDir)
        .then(() => this.hooks.indexQueue())
        .catch(this.hooks.error);
    }, BURST_QUIET_MS);
    timer.unref();
    this.burstTimers.set(folder.id, timer);
  }

  /** Scans the offline folders that are back, and follows them again (their old watches died with the mount). */
  private async recheckOffline(): Promise<void> {
    const back: Folder[] = [];
    for (const folder of this.photos.folders().filter((f) => f.state === 'offline')) {
      const r = await scanFolder(this.photos, folder, this.libraryDir);
      if (r.offline.length === 0) back.push(folder);
    }
    if (!back.length) return;
    for (const folder of back) {
      await this.watcher?.remove(folder.id);
      await this.watcher?.add(folder);
    }
    this.hooks.changed();
    await this.hooks.indexQueue();
  }

  /** Recently removed photos past RECENTLY_REMOVED_MS are deleted, even if nothing else happens (checked hourly). */
  private schedulePurge(): void {
    if (this.purgeTimer) return;
    this.purgeTimer = setInterval(() => {
      this.dropMissing();
      this.hooks.changed();
    }, 3600_000);
    this.purgeTimer.unref();
  }

  /** Stops the timers and the watcher; changes not yet recorded are found by the next start's scan. */
  async close(): Promise<void> {
    clearInterval(this.purgeTimer);
    clearInterval(this.offlineTimer);
    for (const t of this.burstTimers.values()) clearTimeout(t);
    await this.watcher?.close();
  }
}
