// Tags in a library used with two models: each model keeps its own tags, made from the library's vocabulary and the
// person's examples; switching (with the engine, as the CLI's --model does, or with the UI's model switch) neither
// shows one model's tags under the other's name nor throws them away, and one model at one precision never looks like
// two. Libraries from before (one shared set of tags) keep theirs, under the model that made them.
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoHit } from '../src-shared/api.js';
import { cli, cliJson } from './helpers/cli.js';
import { ApiService } from '../src-main/api/service.js';
import { Engine } from '../src-main/engine/engine.js';
import { toBlob } from '../src-main/embed/vectors.js';
import { MIGRATIONS } from '../src-main/store/migrations.js';
import { openLibraryStore } from '../src-main/store/library.js';
import { tempLibrary, type TempLibrary } from './helpers/library.js';
import { FIXTURES } from './helpers/paths.js';

const KO_VOCABULARY = readFileSync(join(FIXTURES, 'shapes-vocabulary-ko.txt'), 'utf8');

describe('taught tags with two models', () => {
  let lib: TempLibrary;
  const open = (model: string) => Engine.open({ libraryDir: lib.library, model, device: 'cpu' });
  const read = (model: string) => Engine.open({ libraryDir: lib.library, model, device: 'cpu', mode: 'read' });
  const fileOf = (colour: string, shape: string) => join(lib.photos, lib.written.find((w) => w.colour === colour && w.shape === shape)!.file);

  beforeAll(async () => {
    lib = await tempLibrary(1, 13);
  });
  afterAll(() => lib?.cleanup());

  it('each model learns a taught tag from the same examples, and a new lesson makes the others learn again', async () => {
    const en = await open('tiny-clip');
    en.addFolder(lib.photos);
    await en.indexAll();
    const photo = (colour: string, shape: string) => en.photoAt(fileOf(colour, shape))!.id;
    const [redCircle, redSquare, blueStar, greenTriangle] = [photo('red', 'circle'), photo('red', 'square'), photo('blue', 'star'), photo('green', 'triangle')];
    en.teach('favourite', [redCircle, redSquare], [blueStar]);
    const enMatches = en.photosWithTag('favourite').map((p) => p.id);
    expect(enMatches).toEqual(expect.arrayContaining([redCircle, redSquare]));
    expect(en.status().tags.taughtWaiting).toBe(0);
    await en.close();

    // tiny-clip-ko learns it from the examples when it indexes; tiny-clip keeps what it learnt.
    const ko = await open('tiny-clip-ko');
    await ko.indexAll();
    expect(ko.status().tags.taughtWaiting).toBe(0);
    expect(ko.photosWithTag('favourite').map((p) => p.id)).toEqual(expect.arrayContaining([redCircle, redSquare]));
    await ko.close();
    const enAgain = await read('tiny-clip');
    expect(enAgain.status().tags).toMatchObject({ photosWaiting: 0, taughtWaiting: 0 });
    expect(enAgain.photosWithTag('favourite').map((p) => p.id)).toEqual(enMatches);
    await enAgain.close();

    // A new lesson with tiny-clip-ko: tiny-clip's answer is out of date, and it says so rather than show it.
    const ko2 = await open('tiny-clip-ko');
    ko2.teach('favourite', [], [redSquare]);
    expect(ko2.photosWithTag('favourite').map((p) => p.id)).not.toContain(redSquare);
    await ko2.close();
    const stale = await read('tiny-clip');
    expect(stale.status().tags.taughtWaiting).toBe(1);
    expect(stale.photosWithTag('favourite')).toEqual([]);
    await stale.close();
    const relearn = await open('tiny-clip');
    await relearn.indexAll();
    expect(relearn.status().tags.taughtWaiting).toBe(0);
    const now = relearn.photosWithTag('favourite').map((p) => p.id);
    expect(now).toContain(redCircle);
    expect(now).not.toContain(redSquare);
    expect(now).not.toContain(greenTriangle);
    await relearn.close();
  }, 180_000);
});

describe("the UI's model switch, there and back", () => {
  let lib: TempLibrary;
  let service: ApiService;
  const call = async <T>(method: string, params: object = {}): Promise<T> => {
    const r = await service.call(method as never, params as never);
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  };
  const search = (query: string) => call<{ hits: PhotoHit[] }>('search', { query, limit: 50 });

  beforeAll(async () => {
    lib = await tempLibrary(1, 14);
    // Indexed in fp32 (chosen so, or before the int8 files were measured).
    service = new ApiService({ libraryDir: lib.library, model: 'tiny-clip@fp32', device: 'cpu', watch: false });
    await service.start();
    await call('folders.add', { path: lib.photos });
    await service.settled();
  }, 120_000);
  afterAll(async () => {
    await service?.close();
    lib?.cleanup();
  });

  it('comes back to the same model at the same precision, with its own tags from the library vocabulary', async () => {
    expect((await call<{ model: { id: string } }>('status')).model.id).toBe('tiny-clip');
    expect((await call<{ model: { id: string } }>('models.use', { id: 'tiny-clip-ko' })).model.id).toBe('tiny-clip-ko');
    await service.settled();
    await call('tags.vocabulary', { text: KO_VOCABULARY });
    const koRed = (await search('tag:빨강')).hits;
    expect(koRed.length).toBeGreaterThan(0);

    // Back: the library's tiny-clip (fp32) index, not a second one at the precision `auto` would pick.
    const back = await call<{ model: { id: string } }>('models.use', { id: 'tiny-clip' });
    expect(back.model.id).toBe('tiny-clip');
    await service.settled();
    const status = await call<{ model: { id: string }; searchable: number; counts: { waiting: number } }>('status');
    expect(status).toMatchObject({ model: { id: 'tiny-clip' }, searchable: 24, counts: { waiting: 0 } });
    const listed = (await call<{ id: string; active: boolean; precision: string }[]>('models.list')).find((m) => m.active);
    expect(listed).toMatchObject({ id: 'tiny-clip', precision: 'fp32' });
    expect((await search('red square')).hits[0]?.path).toMatch(/red-square/);
    // tiny-clip's own tags, from the vocabulary set while tiny-clip-ko was in use.
    const enRed = (await search('tag:빨강')).hits;
    expect(enRed.length).toBeGreaterThan(0);
    expect(enRed.every((h) => /red-/.test(h.path))).toBe(true);
    const tags = await call<{ name: string; names?: Record<string, string> }[]>('tags.list');
    expect(tags.find((t) => t.name === 'red')?.names).toEqual({ ko: '빨강' });
  }, 180_000);
});

describe('one model at one precision is one model', () => {
  let lib: TempLibrary;
  const run = (...args: string[]) => cli([...args, '--library', lib.library, '--device', 'cpu']);

  beforeAll(async () => {
    lib = await tempLibrary(1, 12);
    expect(run('folders', 'add', lib.photos).code).toBe(0);
    // Indexed with tiny-clip in fp32 (chosen so, or before int8 was measured), then with tiny-clip-ko.
    expect(run('--model', 'tiny-clip', '--precision', 'fp32', 'index').code).toBe(0);
    expect(run('--model', 'tiny-clip-ko', 'index').code).toBe(0);
  }, 240_000);
  afterAll(() => lib?.cleanup());

  it('--model tiny-clip comes back to the precision the library has, not to a second, empty index', () => {
    const s = cliJson<{ model: { id: string }; indexed: number }>(['status', '--model', 'tiny-clip', '--library', lib.library, '--device', 'cpu']);
    expect(s.model.id).toBe('tiny-clip');
    expect(s.indexed).toBe(24);
    const text = run('--model', 'tiny-clip', 'search', 'red square', '-k', '3');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/red-square/);
    // Another precision asked for by name is another index, and says so without the key's "@".
    const other = run('--model', 'tiny-clip', '--precision', 'int8', 'search', 'red square');
    expect(other.code).toBe(1);
    expect(other.stdout).toBe('');
    expect(other.stderr).toMatch(/No photos are indexed with tiny-clip \(int8\) yet; this library was indexed with tiny-clip-ko/);
  });
});

describe('a library from before tags were per model', () => {
  it('keeps its tags, its record of what was tagged and its taught classifiers, under the model that made them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'photo-search-v13-'));
    const db = new Database(join(dir, 'library.sqlite3'));
    for (const m of MIGRATIONS.slice(0, 13)) db.exec(m);
    db.pragma('user_version = 13');
    db.exec(`
      INSERT INTO folders (id, path, added_at) VALUES (1, '/photos', 0);
      INSERT INTO photos (id, folder_id, path, size, mtime_ms, hash, status, tagged_with) VALUES
        (1, 1, '/photos/a.jpg', 1, 0, 'ha', 'indexed', 'tiny-clip-ko|v1|t|calibrated-2|n0'),
        (2, 1, '/photos/b.jpg', 1, 0, 'hb', 'indexed', NULL);
      INSERT INTO meta (key, value) VALUES ('active_model', 'tiny-clip@int8');
      INSERT INTO tags (id, name, kind, model, classifier, created_at) VALUES (1, 'red', 'auto', NULL, NULL, 0), (2, 'mine', 'taught', 'tiny-clip-ko', X'00000000', 0);
      INSERT INTO photo_tags (photo_id, tag_id, score, confidence) VALUES (1, 1, 0.7, 'likely'), (2, 1, 0.6, 'possible'), (1, 2, 0.9, 'likely');
    `);
    db.prepare('INSERT INTO embeddings (hash, model, vector) VALUES (?, ?, ?)').run('ha', 'tiny-clip-ko', toBlob(new Float32Array([1, 0])));
    db.close();
    const store = openLibraryStore(dir);
    try {
      // Photo 1 was tagged by tiny-clip-ko (its stamp says so); photo 2 by no known model: the active one.
      expect(store.tags.tagsOf('tiny-clip-ko', 1).map((t) => t.name).sort()).toEqual(['mine', 'red']);
      expect(store.tags.tagsOf('tiny-clip@int8', 2).map((t) => t.name)).toEqual(['red']);
      expect(store.tags.tagsOf('tiny-clip@int8', 1)).toEqual([]);
      expect(store.tags.classifiers('tiny-clip-ko').map((c) => c.id)).toEqual([2]);
      expect(store.tags.staleTaught('tiny-clip@int8')).toEqual(['mine']);
      expect(store.tags.untaggedPhotos('tiny-clip-ko', 'tiny-clip-ko|v1|t|calibrated-2|n0')).toEqual([]);
      expect(store.tags.untaggedPhotos('tiny-clip-ko', 'tiny-clip-ko|v2|t|calibrated-2|n0')).toEqual([1]);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
