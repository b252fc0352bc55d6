// The library's SQLite file: the source of truth. WAL mode so that readers in other processes never
// block the indexer, a busy timeout so that writers from two processes queue instead of failing.
import Database from 'better-sqlite3';
import { DomainError } from '../errors.js';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

/**
 * Opens the library's SQLite file. By default it is created when missing and migrated to this
 * version's schema. `readonly` opens an existing file as it is, for reading only: nothing is
 * created, migrated or written (SQLite refuses writes on the connection).
 * @throws DomainError not_found (readonly) when there is no such file; read_only (readonly) when
 *   the file needs the migrations of this version first; Error when the file was written by a
 *   newer version, or better-sqlite3 was built for another runtime (with the command that fixes it)
 */
export function openDatabase(path: string, options: { readonly?: boolean } = {}): Db {
  let db: Db;
  try {
    db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // The one native module built for a specific runtime: `npm start` and `npm run dist` rebuild it
    // for Electron, after which plain Node (the CLI, the tests) needs it rebuilt back.
    if (code === 'ERR_DLOPEN_FAILED') {
      throw new Error(`better-sqlite3 could not load (built for another runtime? run \`npm rebuild better-sqlite3\`): ${(err as Error).message.split('\n')[0]}`, { cause: err });
    }
    if (options.readonly && code === 'SQLITE_CANTOPEN') throw new DomainError('not_found', `there is no library database at ${path} yet`, { cause: err });
    throw err;
  }
  db.pragma('busy_timeout = 10000');
  if (options.readonly) {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version < MIGRATIONS.length) {
      db.close();
      throw new DomainError('read_only', `this library was written by an earlier version and needs upgrading first: index it once (\`photo-search index\`) or open it in the app`);
    }
    if (version > MIGRATIONS.length) {
      db.close();
      throw new Error(`this library was written by a newer version (schema ${version}, this app knows ${MIGRATIONS.length})`);
    }
  } else {
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

/** Prepared statements by SQL text, prepared once: a repository's hot loops reuse them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each statement takes its own bind parameters
export type Statement = Database.Statement<any[]>;

export function statements(db: Db): (sql: string) => Statement {
  const cache = new Map<string, Statement>();
  return (sql) => {
    let stmt = cache.get(sql);
    if (!stmt) cache.set(sql, (stmt = db.prepare(sql)));
    return stmt;
  };
}
