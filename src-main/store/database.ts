// The library's SQLite file: the source of truth. WAL mode so that readers in other processes never
// block the indexer, a busy timeout so that writers from two processes queue instead of failing.
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

export function openDatabase(path: string, options: { readonly?: boolean } = {}): Db {
  let db: Db;
  try {
    db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (err) {
    // The one native module built for a specific runtime: `npm start` and `npm run dist` rebuild it
    // for Electron, after which plain Node (the CLI, the tests) needs it rebuilt back.
    if (/NODE_MODULE_VERSION/.test((err as Error).message)) {
      throw new Error(`better-sqlite3 was built for another runtime (Electron or another Node.js): run \`npm rebuild better-sqlite3\`. (${(err as Error).message.split('\n')[0]})`, { cause: err });
    }
    throw err;
  }
  db.pragma('busy_timeout = 10000');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a power cut may lose the last transactions but never corrupts the file.
    db.pragma('synchronous = NORMAL');
    migrate(db);
  }
  db.pragma('foreign_keys = ON');
  return db;
}

export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`this library was written by a newer version (schema ${current}, this app knows ${MIGRATIONS.length})`);
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    // IMMEDIATE takes the write lock first, so two processes opening a new library cannot both migrate.
    db.transaction(() => {
      const now = db.pragma('user_version', { simple: true }) as number;
      if (now > v) return;
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}

/** Bumps and returns the library's change counter; call inside the write transaction it stamps. */
export function nextSeq(db: Db): number {
  const row = db.prepare("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'seq' RETURNING value").get() as
    | { value: string | number }
    | undefined;
  return Number(row?.value ?? 0);
}

export function currentSeq(db: Db): number {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'seq'").get() as { value: string } | undefined;
  return Number(row?.value ?? 0);
}

export function getMeta(db: Db, key: string): string | undefined {
  return (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}
