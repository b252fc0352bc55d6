// Reads a library's SQLite file directly, as a second process would, for assertions (and, with
// `write`, changes it as an older version of the app would have left it).
import Database from 'better-sqlite3';
import { join } from 'node:path';

export function readLibrary<T>(library: string, read: (db: Database.Database) => T, opts: { write?: boolean } = {}): T {
  const db = new Database(join(library, 'library.sqlite3'), { readonly: !opts.write });
  try {
    return read(db);
  } finally {
    db.close();
  }
}
