// Reads a library's SQLite file directly, as a second process would, for assertions.
import Database from 'better-sqlite3';
import { join } from 'node:path';

export function readLibrary<T>(library: string, read: (db: Database.Database) => T): T {
  const db = new Database(join(library, 'library.sqlite3'), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}
