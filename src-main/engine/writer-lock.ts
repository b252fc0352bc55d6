// One process at a time indexes a library and writes its vector index; any number may search.
// The lock is a file holding the owner's pid, created exclusively. A lock left by a process that
// no longer runs (killed, crashed) is stale and taken over.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class WriterLock {
  private constructor(private readonly path: string) {}

  static path(libraryDir: string): string {
    return join(libraryDir, 'indexer.lock');
  }

  /** Takes the lock, or returns the pid of the live process that holds it. */
  static acquire(libraryDir: string): WriterLock | { heldBy: number } {
    const path = WriterLock.path(libraryDir);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fd = openSync(path, 'wx');
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return new WriterLock(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const holder = readHolder(path);
        if (holder !== undefined && holder !== process.pid && isAlive(holder)) return { heldBy: holder };
        rmSync(path, { force: true }); // stale: its process is gone
      }
    }
    return { heldBy: readHolder(path) ?? -1 };
  }

  release(): void {
    if (readHolder(this.path) === process.pid) rmSync(this.path, { force: true });
  }
}

function readHolder(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isFinite(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
