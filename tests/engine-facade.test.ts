// The engine's facade: errors carry codes, a library opened for reading cannot write, and every
// front end finds the same library by default.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, type EngineReader } from '../src-main/engine/engine.js';
import { resolveLibrary } from '../src-main/engine/library-path.js';
import { DomainError } from '../src-main/errors.js';
import { indexedEngine, tempLibrary, type TempLibrary } from './helpers/library.js';

/** 'ok', or the code of the DomainError that `f` threw (anything else fails the test). */
async function codeOf(f: () => unknown): Promise<string> {
  try {
    await f();
    return 'ok';
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    return (err as DomainError).code;
  }
}

describe('the engine facade', () => {
  let lib: TempLibrary;
  beforeAll(async () => {
    lib = await tempLibrary(1, 11);
    await (await indexedEngine(lib)).close();
  });
  afterAll(() => lib?.cleanup());

  it('refuses with a DomainError whose code says what kind of refusal', async () => {
    const engine = await Engine.open({ libraryDir: lib.library, model: 'tiny-clip', device: 'cpu', mode: 'read' });
    try {
      expect(await codeOf(() => engine.photo(999_999))).toBe('not_found');
      expect(await codeOf(() => engine.similar(999_999))).toBe('not_found');
      expect(await codeOf(() => engine.search('- red'))).toBe('invalid_request');
      expect(await codeOf(() => engine.album('no such album'))).toBe('not_found');
      expect(await codeOf(() => engine.photosWithTag('no such tag'))).toBe('not_found');
      expect(await codeOf(() => Engine.open({ libraryDir: lib.library, model: 'no-such-model', device: 'cpu' }))).toBe('not_found');
      expect(await codeOf(() => Engine.open({ libraryDir: lib.library, model: 'clip-vit-b-32', device: 'cpu' }))).toBe('model_missing');
    } finally {
      await engine.close();
    }
  });

  it('opens a library for reading that answers searches and cannot write, even when cast', async () => {
    const db = join(lib.library, 'library.sqlite3');
    const before = statSync(db).mtimeMs;
    const reader: EngineReader = await Engine.open({ libraryDir: lib.library, model: 'tiny-clip', device: 'cpu', mode: 'read' });
    try {
      expect((await reader.search('a photo of a red circle', { limit: 1 })).hits[0]?.path).toMatch(/red-circle/);
      expect(reader.status().indexed).toBe(24);
      expect('addFolder' in reader && typeof (reader as Engine).addFolder).toBe('function'); // the same object at runtime...
      const refusal = (f: () => unknown) => {
        try {
          f();
        } catch (err) {
          return (err as DomainError).code;
        }
        return 'ok';
      };
      expect(refusal(() => (reader as Engine).addFolder(lib.root))).toBe('read_only'); // ...that refuses writes
      expect(refusal(() => (reader as Engine).createAlbum({ name: 'x', query: 'star' }))).toBe('read_only');
      expect(reader.folders().map((f) => f.path)).toEqual([lib.photos]);
    } finally {
      await reader.close();
    }
    expect(statSync(db).mtimeMs).toBe(before);
  });

  it('opens for reading without creating, upgrading or writing anything', async () => {
    const missing = join(lib.root, 'no-library-here');
    await expect(Engine.open({ libraryDir: missing, model: 'tiny-clip', device: 'cpu', mode: 'read' })).rejects.toMatchObject({ code: 'not_found' });
    expect(existsSync(missing)).toBe(false);
    // A library written by an earlier version (one migration behind) is not upgraded by a reader.
    const db = join(lib.library, 'library.sqlite3');
    const current = new Database(db).pragma('user_version', { simple: true }) as number;
    const setVersion = (v: number) => {
      const c = new Database(db);
      c.pragma(`user_version = ${v}`);
      c.close();
    };
    setVersion(current - 1);
    try {
      const bytes = readFileSync(db);
      await expect(Engine.open({ libraryDir: lib.library, model: 'tiny-clip', device: 'cpu', mode: 'read' })).rejects.toMatchObject({ code: 'read_only' });
      expect(readFileSync(db).equals(bytes)).toBe(true);
    } finally {
      setVersion(current);
    }
  });

  it('finds photos like a file only when the file is a photo, and refuses a lesson without leaving a tag', async () => {
    const engine = await Engine.open({ libraryDir: lib.library, model: 'tiny-clip', device: 'cpu' });
    try {
      expect(await codeOf(() => engine.similarToFile(join(lib.root, 'a red circle.jpg')))).toBe('not_found');
      writeFileSync(join(lib.root, 'notes.txt'), 'a red circle');
      expect(await codeOf(() => engine.similarToFile(join(lib.root, 'notes.txt')))).toBe('unsupported_file');
      expect(await codeOf(() => engine.similarToFile(lib.photos))).toBe('unsupported_file');
      const photo = lib.written.find((w) => w.colour === 'red' && w.shape === 'circle')!;
      const copy = join(lib.root, 'outside.jpg');
      copyFileSync(join(lib.photos, photo.file), copy);
      expect((await engine.similarToFile(copy, { limit: 1 }))[0]?.path).toBe(join(lib.photos, photo.file));

      const id = engine.photoAt(join(lib.photos, photo.file))!.id;
      expect(await codeOf(() => engine.teach('both ways', [id], [id]))).toBe('invalid_request');
      expect(await codeOf(() => engine.teach('ghost', [999_999]))).toBe('not_found');
      expect(await codeOf(() => engine.teach('only no', [], [id]))).toBe('invalid_request');
      expect(engine.tags().map((t) => t.name)).not.toEqual(expect.arrayContaining(['both ways']));
      expect(engine.tags().map((t) => t.name).filter((n) => ['both ways', 'ghost', 'only no'].includes(n))).toEqual([]);
    } finally {
      await engine.close();
    }
  });

  it('puts the library in one place per computer for the desktop app, web mode and the CLI', () => {
    expect(resolveLibrary('/x/lib', {}, 'linux')).toBe('/x/lib');
    expect(resolveLibrary(undefined, { PHOTO_SEARCH_LIBRARY: '/y/lib' }, 'darwin')).toBe('/y/lib');
    expect(resolveLibrary(undefined, { XDG_DATA_HOME: '/data' }, 'linux')).toBe('/data/photo-search');
    expect(resolveLibrary(undefined, {}, 'darwin')).toMatch(/\/Library\/Application Support\/photo-search$/);
    expect(resolveLibrary(undefined, { APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toMatch(/AppData.Roaming.photo-search$/);
    expect(existsSync(lib.library)).toBe(true);
  });
});
