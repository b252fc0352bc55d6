// One library's storage: the SQLite file and its repositories. The only place that opens the
// database; everything above store/ reaches SQL through these repositories' named methods.
import { join } from 'node:path';
import { AlbumStore, type AlbumReader } from './albums.js';
import { openDatabase, type Db } from './database.js';
import { DuplicateStore, type DuplicateReader } from './duplicates.js';
import { EmbeddingStore, type EmbeddingReader } from './embeddings.js';
import { MetaStore, type MetaReader } from './meta.js';
import { PhotoStore, type PhotoReader } from './photos.js';
import { TagStore, type TagReader } from './tags.js';

/** What a read-only library offers: the repositories' reading methods only. */
export interface LibraryReader {
  readonly dbPath: string;
  readonly photos: PhotoReader;
  readonly embeddings: EmbeddingReader;
  readonly tags: TagReader;
  readonly albums: AlbumReader;
  readonly duplicates: DuplicateReader;
  readonly meta: MetaReader;
  close(): void;
}

/** A library open for reading and writing. */
export interface LibraryStore extends LibraryReader {
  readonly photos: PhotoStore;
  readonly embeddings: EmbeddingStore;
  readonly tags: TagStore;
  readonly albums: AlbumStore;
  readonly duplicates: DuplicateStore;
  readonly meta: MetaStore;
}

/** The SQLite file of the library in `libraryDir`. */
export function libraryDbPath(libraryDir: string): string {
  return join(libraryDir, 'library.sqlite3');
}

/**
 * Opens the library's database (creating and migrating it when needed). With `readOnly`, an
 * existing database is opened as it is and nothing is written: the connection refuses writes and
 * the types offer only reading methods.
 * @throws as openDatabase
 */
export function openLibraryStore(libraryDir: string, opts: { readOnly: true }): LibraryReader;
export function openLibraryStore(libraryDir: string, opts?: { readOnly?: false }): LibraryStore;
export function openLibraryStore(libraryDir: string, opts: { readOnly?: boolean } = {}): LibraryReader | LibraryStore {
  const dbPath = libraryDbPath(libraryDir);
  const db: Db = openDatabase(dbPath, { readonly: opts.readOnly === true });
  const embeddings = new EmbeddingStore(db);
  return {
    dbPath,
    photos: new PhotoStore(db, embeddings),
    embeddings,
    tags: new TagStore(db),
    albums: new AlbumStore(db),
    duplicates: new DuplicateStore(db),
    meta: new MetaStore(db),
    close: () => db.close(),
  };
}

/**
 * The library's active model and how many photo contents it has embedded with each of `keys` (model keys), read
 * without opening it for good; null and zeros when there is no library yet.
 */
export function readModelUse(libraryDir: string, keys: readonly string[]): { active: string | null; embedded: Map<string, number> } {
  const embedded = new Map(keys.map((k) => [k, 0]));
  let db: Db;
  try {
    db = openDatabase(libraryDbPath(libraryDir), { readonly: true });
  } catch {
    return { active: null, embedded }; // no library yet
  }
  try {
    const store = new EmbeddingStore(db);
    for (const k of keys) embedded.set(k, store.count(k));
    return { active: new MetaStore(db).activeModel(), embedded };
  } catch {
    return { active: null, embedded }; // a file from before these tables: nothing chosen, nothing embedded
  } finally {
    db.close();
  }
}

/** The library's active model, read without opening it for good; null when there is no library yet. */
export function readActiveModel(libraryDir: string): string | null {
  const dbPath = libraryDbPath(libraryDir);
  let db: Db;
  try {
    db = openDatabase(dbPath, { readonly: true });
  } catch {
    return null; // no library yet
  }
  try {
    return new MetaStore(db).activeModel();
  } catch {
    return null; // a file from before the meta table: nothing chosen
  } finally {
    db.close();
  }
}
