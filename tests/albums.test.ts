// Albums a person can trust, with tiny-clip on generated photos in two folders: every saved filter
// holds (the folder included), rename and edit keep the album's hand-picked photos and cover, photos
// added or removed by hand stay so through re-evaluation and through leaving the library and coming
// back, a cover that leaves gives way to the best match, delete takes it all. Engine, API and CLI.
import { copyFileSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlbumInfo } from '../src-shared/api.js';
import { Engine } from '../src-main/engine/engine.js';
import { DomainError } from '../src-main/errors.js';
import { writeDemoLibrary } from '../src-main/demo/demo-library.js';
import { cli, cliJson } from './helpers/cli.js';
import { tempLibrary, type TempLibrary } from './helpers/library.js';
import { FIXTURES } from './helpers/paths.js';
import { indexedService, type IndexedService } from './helpers/service.js';

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

const RED_CIRCLES = 'a photo of a red circle';

describe('albums in the engine', () => {
  let lib: TempLibrary;
  let other: string; // a second photo folder: 24 more photos, other pictures
  let engine: Engine;
  const pathOf = (id: number) => engine.photo(id).path;
  const idOf = (path: string) => engine.photoAt(path)!.id;
  const paths = async (album: string) => (await engine.albumPhotos(album)).map((h) => pathOf(h.id));

  beforeAll(async () => {
    lib = await tempLibrary(1, 7);
    other = join(lib.root, 'other');
    await writeDemoLibrary(other, 1, 99);
    engine = await Engine.open({ libraryDir: lib.library, model: 'tiny-clip', device: 'cpu' });
    engine.addFolder(lib.photos);
    engine.addFolder(other);
    await engine.indexAll();
    expect(engine.status().counts.indexed).toBe(48);
  });
  afterAll(async () => {
    await engine?.close();
    lib?.cleanup();
  });

  it('holds only the photos of the folder saved with it, and every other saved filter', async () => {
    // Threshold -1: every photo matches the words, so only the filters decide.
    engine.createAlbum({ name: 'Other folder', query: RED_CIRCLES, threshold: -1, filters: { folder: other } });
    const inAlbum = await paths('Other folder');
    expect(inAlbum).toHaveLength(24);
    expect(inAlbum.every((p) => dirname(p) === other), inAlbum.join(', ')).toBe(true);
    engine.createAlbum({ name: 'Everywhere', query: RED_CIRCLES, threshold: -1 });
    expect(await paths('Everywhere')).toHaveLength(48);
    // A date filter that nothing passes empties the album.
    engine.updateAlbum('Everywhere', { filters: { from: Date.parse('2100-01-01') } });
    expect(await paths('Everywhere')).toEqual([]);
    engine.deleteAlbum('Everywhere');
  });

  it('reads tag:NAME in its query as a filter, as a search does', async () => {
    await engine.setVocabulary(readFileSync(join(FIXTURES, 'shapes-vocabulary.txt'), 'utf8'));
    const tagged = new Set(engine.photosWithTag('red').map((h) => h.id));
    expect(tagged.size).toBeGreaterThan(0);
    engine.createAlbum({ name: 'Red tag', query: 'tag:red' });
    const only = await engine.albumPhotos('Red tag');
    expect(new Set(only.map((h) => h.id))).toEqual(tagged);
    // With words: the tag still filters, however low the threshold.
    engine.createAlbum({ name: 'Red tag circles', query: `tag:red ${RED_CIRCLES}`, threshold: -1 });
    const words = await engine.albumPhotos('Red tag circles');
    expect(words.length).toBe(tagged.size);
    expect(words.every((h) => tagged.has(h.id))).toBe(true);
    engine.deleteAlbum('Red tag');
    engine.deleteAlbum('Red tag circles');
  });

  it('is renamed and edited in place: words, threshold, filters, checked as when it was created', async () => {
    const created = engine.createAlbum({ name: 'Reds', query: RED_CIRCLES });
    const before = await engine.albumPhotos('Reds');
    expect(before.length).toBeGreaterThan(0);
    expect(basename(pathOf(before[0]!.id))).toMatch(/^red-circle/);

    const renamed = engine.updateAlbum('Reds', { name: 'Red circles' });
    expect(renamed.id).toBe(created.id);
    expect(await codeOf(() => engine.album('Reds'))).toBe('not_found');
    expect(await engine.albumPhotos('Red circles')).toEqual(before);
    expect(engine.updateAlbum('red CIRCLES', { name: 'Red Circles' }).name).toBe('Red Circles'); // its own name in another case

    engine.createAlbum({ name: 'Taken', query: 'a photo of a blue star' });
    expect(await codeOf(() => engine.updateAlbum('Red Circles', { name: 'TAKEN' }))).toBe('invalid_request');
    expect(await codeOf(() => engine.updateAlbum('Red Circles', { name: '  ' }))).toBe('invalid_request');
    expect(await codeOf(() => engine.updateAlbum('Red Circles', { query: `- ${RED_CIRCLES}` }))).toBe('invalid_request');
    expect(await codeOf(() => engine.updateAlbum('Red Circles', { query: '' }))).toBe('invalid_request'); // nothing left to match
    expect(await codeOf(() => engine.updateAlbum('Red Circles', { threshold: 2 }))).toBe('invalid_request');
    expect(await codeOf(() => engine.updateAlbum('Red Circles', { examples: [999_999] }))).toBe('not_found');
    expect(await codeOf(() => engine.updateAlbum('No such album', { threshold: 0.5 }))).toBe('not_found');
    expect(engine.album('Red Circles')).toMatchObject({ query: RED_CIRCLES, threshold: null, filters: {} }); // refusals changed nothing

    const blue = engine.updateAlbum('Red Circles', { query: 'a photo of a blue square' });
    expect(blue.query).toBe('a photo of a blue square');
    const blues = await engine.albumPhotos('Red Circles');
    expect(basename(pathOf(blues[0]!.id))).toMatch(/^blue-square/);

    engine.updateAlbum('Red Circles', { threshold: -1, filters: { folder: other } });
    expect(await paths('Red Circles')).toHaveLength(24);
    engine.updateAlbum('Red Circles', { filters: {} }); // all filters gone
    expect(await paths('Red Circles')).toHaveLength(48);
    engine.updateAlbum('Red Circles', { threshold: null }); // the default again
    expect(await engine.albumPhotos('Red Circles')).toEqual(blues);

    const example = blues[0]!.id;
    engine.updateAlbum('Red Circles', { query: '', examples: [example] });
    expect(engine.album('Red Circles')).toMatchObject({ query: '', examples: [example] });
    expect((await engine.albumPhotos('Red Circles'))[0]!.id).toBe(example);
    engine.deleteAlbum('Red Circles');
    engine.deleteAlbum('Taken');
  });

  it('keeps photos added and removed by hand through re-evaluation and their leaving the library', async () => {
    engine.createAlbum({ name: 'Picked', query: RED_CIRCLES, filters: { folder: lib.photos } });
    const matched = await engine.albumPhotos('Picked');
    const everything = new Map((await engine.search(RED_CIRCLES, { limit: 100, minScore: -1 })).hits.map((h) => [h.id, h.score]));
    const outside = [...everything].filter(([id]) => !matched.some((m) => m.id === id)).map(([id]) => id);
    const addedId = outside.find((id) => dirname(pathOf(id)) === other && /^green-/.test(basename(pathOf(id))))!; // fails the filter and the words
    const removedId = matched[0]!.id; // the best match
    const added = join(other, basename(pathOf(addedId)));
    const removed = pathOf(removedId);

    const after = engine.addToAlbum('Picked', [addedId]);
    expect(engine.removeFromAlbum('Picked', [removedId])).toMatchObject({ id: after.id, added: 1, removed: 1 });
    const hand = await engine.albumPhotos('Picked');
    expect(hand.map((h) => h.id)).toContain(addedId);
    expect(hand.map((h) => h.id)).not.toContain(removedId);
    expect(hand).toHaveLength(matched.length); // one in, one out
    // Added with its real score, not a made-up one: what the album's words score it without a threshold or filter.
    const score = hand.find((h) => h.id === addedId)!.score;
    expect(score).toBeLessThan(matched.at(-1)!.score);
    engine.createAlbum({ name: 'Scores', query: RED_CIRCLES, threshold: -1 });
    expect((await engine.albumPhotos('Scores')).find((h) => h.id === addedId)!.score).toBeCloseTo(score, 6);
    engine.deleteAlbum('Scores');

    // Re-evaluated: a threshold that lets every photo of the folder in still leaves the removed one out.
    engine.updateAlbum('Picked', { threshold: -1 });
    const loose = (await engine.albumPhotos('Picked')).map((h) => pathOf(h.id));
    expect(loose).toHaveLength(24); // the folder's 24, less the removed one, plus the added one
    expect(loose).toContain(added);
    expect(loose).not.toContain(removed);
    engine.updateAlbum('Picked', { threshold: null });

    // Both photos leave the library for good (their folders removed, recently removed emptied) and come back
    // under new ids: the album still knows them by content. (A third folder stays, so that ids are not reused.)
    const keep = join(lib.root, 'keep');
    await writeDemoLibrary(keep, 1, 123);
    engine.addFolder(keep);
    await engine.indexAll();
    expect(await engine.removeFolder(lib.photos)).toBe(true);
    expect(await engine.removeFolder(other)).toBe(true);
    expect(engine.emptyRecentlyRemoved()).toBe(48);
    expect(await engine.albumPhotos('Picked')).toEqual([]);
    engine.addFolder(lib.photos);
    engine.addFolder(other);
    await engine.indexAll();
    expect(idOf(added)).not.toBe(addedId);
    const back = (await engine.albumPhotos('Picked')).map((h) => pathOf(h.id));
    expect(back).toContain(added);
    expect(back).not.toContain(removed);
    expect(back).toHaveLength(matched.length);

    // Moved on disk (another name, same content): still added.
    const moved = join(other, `moved-${basename(added)}`);
    renameSync(added, moved);
    await engine.indexAll();
    expect((await engine.albumPhotos('Picked')).map((h) => pathOf(h.id))).toContain(moved);

    // By hand again: the removed photo added back comes in, the added one removed goes out.
    engine.addToAlbum('Picked', [idOf(removed)]);
    engine.removeFromAlbum('Picked', [idOf(moved)]);
    const swapped = (await engine.albumPhotos('Picked')).map((h) => pathOf(h.id));
    expect(swapped).toContain(removed);
    expect(swapped).not.toContain(moved);
    expect(await codeOf(() => engine.addToAlbum('Picked', [999_999]))).toBe('not_found');
    expect(await codeOf(() => engine.removeFromAlbum('Nope', [idOf(removed)]))).toBe('not_found');
    engine.deleteAlbum('Picked');
  });

  it('adds or removes by hand only the file named, not an identical file elsewhere', async () => {
    const original = join(lib.photos, lib.written.find((w) => w.colour === 'blue' && w.shape === 'star')!.file);
    const twin = join(other, 'same bytes as the blue star.jpg');
    copyFileSync(original, twin);
    await engine.scan();
    await engine.indexAll();
    engine.createAlbum({ name: 'Twins', query: RED_CIRCLES });
    engine.addToAlbum('Twins', [idOf(twin)]);
    expect(await paths('Twins')).toContain(twin);
    expect(await paths('Twins')).not.toContain(original);
    engine.updateAlbum('Twins', { query: 'a photo of a blue star', threshold: -1 });
    engine.removeFromAlbum('Twins', [idOf(original)]);
    expect(await paths('Twins')).toContain(twin);
    expect(await paths('Twins')).not.toContain(original);
    engine.deleteAlbum('Twins');
    rmSync(twin);
    await engine.scan();
  });

  it('shows a chosen cover while it is in the album, else the best match', async () => {
    engine.createAlbum({ name: 'Covered', query: RED_CIRCLES });
    const hits = await engine.albumPhotos('Covered');
    expect(hits.length).toBeGreaterThan(2);
    expect(await engine.albumSummary('Covered')).toEqual({ photos: hits.length, cover: hits[0]!.id });

    const chosen = hits[2]!.id;
    expect((await engine.setAlbumCover('Covered', chosen)).coverHash).toBe(engine.photoAt(pathOf(chosen))!.hash);
    expect((await engine.albumSummary('Covered')).cover).toBe(chosen);
    engine.updateAlbum('Covered', { name: 'Covered, renamed' });
    expect((await engine.albumSummary('Covered, renamed')).cover).toBe(chosen);

    // The cover leaves the album (removed by hand): the best match stands in; back in, it is the cover again.
    engine.removeFromAlbum('Covered, renamed', [chosen]);
    expect((await engine.albumSummary('Covered, renamed')).cover).toBe(hits[0]!.id);
    engine.addToAlbum('Covered, renamed', [chosen]);
    expect((await engine.albumSummary('Covered, renamed')).cover).toBe(chosen);

    // A photo outside the album cannot be its cover; null goes back to the best match.
    const outside = (await engine.search('a photo of a blue star', { limit: 1 })).hits[0]!.id;
    expect(hits.some((h) => h.id === outside)).toBe(false);
    expect(await codeOf(() => engine.setAlbumCover('Covered, renamed', outside))).toBe('invalid_request');
    await engine.setAlbumCover('Covered, renamed', null);
    expect((await engine.albumSummary('Covered, renamed')).cover).toBe(hits[0]!.id);

    // An empty album has no cover.
    engine.updateAlbum('Covered, renamed', { filters: { from: Date.parse('2100-01-01') } });
    engine.removeFromAlbum('Covered, renamed', [chosen]);
    expect(await engine.albumSummary('Covered, renamed')).toEqual({ photos: 0, cover: null });
    engine.deleteAlbum('Covered, renamed');
  });

  it('is deleted with its hand-picked photos and cover', async () => {
    engine.createAlbum({ name: 'Gone', query: RED_CIRCLES });
    const [first, second] = await engine.albumPhotos('Gone');
    engine.removeFromAlbum('Gone', [first!.id]);
    await engine.setAlbumCover('Gone', second!.id);
    engine.deleteAlbum('Gone');
    expect(await codeOf(() => engine.albumPhotos('Gone'))).toBe('not_found');
    expect(await codeOf(() => engine.deleteAlbum('Gone'))).toBe('not_found');
    expect(engine.albums().map((a) => a.name)).not.toContain('Gone');
    // The same name again is a new album: nothing of the old one comes back.
    const again = engine.createAlbum({ name: 'Gone', query: RED_CIRCLES });
    expect(again).toMatchObject({ added: 0, removed: 0, coverHash: null });
    expect((await engine.albumPhotos('Gone')).map((h) => h.id)).toContain(first!.id);
    engine.deleteAlbum('Gone');
  });

  it('is made of picked photos only (a selection), exactly those, and stays so through a rename', async () => {
    const picked = (await engine.search(RED_CIRCLES, { limit: 3 })).hits.map((h) => h.id);
    expect(picked).toHaveLength(3);
    // Neither query nor examples nor picks: nothing to hold.
    expect(await codeOf(() => engine.createAlbum({ name: 'Empty' }))).toBe('invalid_request');
    // A photo not in the library: refused, and no half-made album is left behind.
    expect(await codeOf(() => engine.createAlbum({ name: 'Half', photos: [picked[0]!, 999_999] }))).toBe('not_found');
    expect(engine.albums().map((a) => a.name)).not.toContain('Half');

    engine.createAlbum({ name: 'Picked', photos: picked });
    expect((await engine.albumPhotos('Picked')).map((h) => h.id).sort()).toEqual([...picked].sort());
    engine.updateAlbum('Picked', { name: 'Picked, renamed' });
    engine.removeFromAlbum('Picked, renamed', [picked[0]!]);
    expect((await engine.albumPhotos('Picked, renamed')).map((h) => h.id).sort()).toEqual(picked.slice(1).sort());
    engine.deleteAlbum('Picked, renamed');
  });
});

describe('albums through the API', () => {
  let ctx: IndexedService;
  let other: string;
  const ok = async <T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T> => {
    const r = await p;
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value;
  };
  const codeOfCall = async (p: Promise<{ ok: boolean; error?: { code: string } }>) => {
    const r = await p;
    return r.ok ? 'ok' : r.error!.code;
  };

  beforeAll(async () => {
    ctx = await indexedService(1);
    other = join(ctx.lib.root, 'other');
    await writeDemoLibrary(other, 1, 99);
    await ok(ctx.service.call('folders.add', { path: other }));
    await ctx.service.settled();
  }, 120_000);
  afterAll(async () => {
    await ctx?.close();
  });

  it('creates with filters, renames, edits, picks by hand, chooses a cover and deletes', async () => {
    const created: AlbumInfo = await ok(ctx.service.call('albums.create', { name: 'Red', query: RED_CIRCLES, threshold: -1, filters: { folder: other } }));
    expect(created).toMatchObject({ name: 'Red', photos: 24, filters: { folder: other }, added: 0, removed: 0, coverChosen: false });
    const shown = await ok(ctx.service.call('albums.show', { name: 'Red' }));
    expect(shown.hits.every((h) => dirname(h.path) === other)).toBe(true);
    expect(created.cover).toBe(shown.hits[0]!.id);

    const renamed = await ok(ctx.service.call('albums.update', { name: 'Red', newName: 'Red circles', threshold: null, query: RED_CIRCLES }));
    expect(renamed).toMatchObject({ name: 'Red circles', threshold: null, filters: { folder: other } });
    expect(renamed.photos).toBeLessThan(24);
    expect(await codeOfCall(ctx.service.call('albums.show', { name: 'Red' }))).toBe('not_found');
    expect(await ok(ctx.service.call('albums.update', { name: 'Red circles', threshold: -1 }))).toMatchObject({ photos: 24, threshold: -1 });

    const inside = (await ok(ctx.service.call('albums.show', { name: 'Red circles' }))).hits;
    const notInside = (await ok(ctx.service.call('search', { query: 'a photo of a blue star', limit: 1, filters: { folder: ctx.lib.photos } }))).hits[0]!;
    const added = await ok(ctx.service.call('albums.addPhotos', { name: 'Red circles', ids: [notInside.id] }));
    expect(added).toMatchObject({ added: 1, removed: 0, photos: 25 });
    const removed = await ok(ctx.service.call('albums.removePhotos', { name: 'Red circles', ids: [inside[0]!.id] }));
    expect(removed).toMatchObject({ added: 1, removed: 1, photos: 24, cover: inside[1]!.id });
    const covered = await ok(ctx.service.call('albums.setCover', { name: 'Red circles', id: notInside.id }));
    expect(covered).toMatchObject({ cover: notInside.id, coverChosen: true });
    const listed = await ok(ctx.service.call('albums.list', {}));
    expect(listed.find((a) => a.name === 'Red circles')).toEqual(covered);

    // Refused as given: an unknown key, an empty new name, a taken name, a photo outside the album as its cover.
    expect(await codeOfCall(ctx.service.call('albums.update', { name: 'Red circles', colour: 'red' } as never))).toBe('invalid_request');
    expect(await codeOfCall(ctx.service.call('albums.update', { name: 'Red circles', newName: ' ' }))).toBe('invalid_request');
    await ok(ctx.service.call('albums.create', { name: 'Stars', query: 'a photo of a star' }));
    expect(await codeOfCall(ctx.service.call('albums.update', { name: 'Red circles', newName: 'stars' }))).toBe('invalid_request');
    expect(await codeOfCall(ctx.service.call('albums.setCover', { name: 'Red circles', id: inside[0]!.id }))).toBe('invalid_request');
    expect(await codeOfCall(ctx.service.call('albums.addPhotos', { name: 'Red circles', ids: [] }))).toBe('invalid_request');

    expect(await ok(ctx.service.call('albums.delete', { name: 'Red circles' }))).toEqual({ done: true });
    expect((await ok(ctx.service.call('albums.list', {}))).map((a) => a.name)).toEqual(['Stars']);
  });
});

describe('albums on the command line', () => {
  let lib: TempLibrary;
  let other: string;
  let outsider: string; // a blue star of the other folder
  const run = (...args: string[]) => ['--library', lib.library, ...args];
  interface Listed { name: string; query: string; threshold: number | null; filters: { folder?: string }; photos: number; cover: string | null; added: number; removed: number }
  const listed = (name: string) => cliJson<Listed[]>(run('albums', 'list')).find((a) => a.name === name);
  const shown = (name: string) => cliJson<{ path: string; score: number }[]>(run('albums', 'show', name)).map((h) => h.path);

  beforeAll(async () => {
    lib = await tempLibrary(1, 7);
    other = join(lib.root, 'other');
    const written = await writeDemoLibrary(other, 1, 99);
    outsider = join(other, written.find((w) => w.colour === 'blue' && w.shape === 'star')!.file);
    expect(cli(run('--model', 'tiny-clip', 'folders', 'add', lib.photos)).code).toBe(0);
    expect(cli(run('--model', 'tiny-clip', 'folders', 'add', other)).code).toBe(0);
    expect(cli(run('--model', 'tiny-clip', 'index')).code).toBe(0);
  }, 180_000);
  afterAll(() => lib?.cleanup());

  it('create with a folder, rename, edit, add, remove, cover, delete', () => {
    const created = cli(run('albums', 'create', 'Reds', '--query', RED_CIRCLES, '--threshold', '-1', '--folder', other));
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('Created album "Reds" with 24 photos');
    expect(shown('Reds').every((p) => dirname(p) === other)).toBe(true);

    const renamed = cli(run('albums', 'rename', 'Reds', 'Red circles'));
    expect(renamed.code, renamed.stderr).toBe(0);
    expect(renamed.stdout).toContain('Renamed album "Reds" to "Red circles".');
    expect(listed('Reds')).toBeUndefined();

    const edited = cli(run('albums', 'edit', 'Red circles', '--threshold', 'auto'));
    expect(edited.code, edited.stderr).toBe(0);
    expect(edited.stdout).toMatch(/Changed album Red circles {2}\("a photo of a red circle"\) {2}\[folder .*other\] {2}\d+ photos/);
    const strict = listed('Red circles')!;
    expect(strict).toMatchObject({ threshold: null, filters: { folder: other } });
    expect(strict.photos).toBeLessThan(24);
    expect(cli(run('albums', 'edit', 'Red circles', '--clear-filters', '--threshold', '-1')).code).toBe(0);
    expect(listed('Red circles')).toMatchObject({ photos: 48, filters: {}, threshold: -1 });
    expect(cli(run('albums', 'edit', 'Red circles', '--folder', lib.photos)).code).toBe(0);

    const before = shown('Red circles');
    expect(before).toHaveLength(24);
    expect(before.every((p) => dirname(p) === lib.photos)).toBe(true);
    const best = before[0]!;
    const add = cli(run('albums', 'add', 'Red circles', outsider));
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain(`Added 1 photo to "Red circles" (${before.length + 1} photos now)`);
    const remove = cli(run('albums', 'remove', 'Red circles', best));
    expect(remove.code, remove.stderr).toBe(0);
    const after = shown('Red circles');
    expect(after).toContain(outsider);
    expect(after).not.toContain(best);
    expect(listed('Red circles')).toMatchObject({ added: 1, removed: 1, cover: after[0] });

    const cover = cli(run('albums', 'cover', 'Red circles', outsider));
    expect(cover.code, cover.stderr).toBe(0);
    expect(cover.stdout).toContain(`The cover of "Red circles" is ${outsider}.`);
    expect(listed('Red circles')!.cover).toBe(outsider);
    expect(cli(run('albums', 'remove', 'Red circles', outsider)).code).toBe(0);
    expect(listed('Red circles')!.cover).toBe(after.filter((p) => p !== outsider)[0]); // the best match stands in

    const text = cli(run('albums', 'list'));
    expect(text.stdout).toMatch(/Red circles {2}\("a photo of a red circle"\) {2}\[folder .*\] {2}\d+ photos, 2 removed by hand/);

    // Readable refusals.
    const noEdit = cli(run('albums', 'edit', 'Red circles'));
    expect(noEdit.code).toBe(2);
    expect(noEdit.stderr).toContain('albums edit needs something to change');
    const badThreshold = cli(run('albums', 'edit', 'Red circles', '--threshold', 'high'));
    expect(badThreshold.code).toBe(2);
    expect(badThreshold.stderr).toContain('--threshold must be a number from -1 to 1, or auto');
    const badQuery = cli(run('albums', 'edit', 'Red circles', `--query=- ${RED_CIRCLES}`));
    expect(badQuery.code).toBe(1);
    expect(badQuery.stderr).toContain('not subtracted');
    const notAPhoto = cli(run('albums', 'add', 'Red circles', '/no/such.jpg'));
    expect(notAPhoto.code).toBe(1); // the command was right; the file is not a photo of the library
    expect(notAPhoto.stderr.trim()).toBe('photo-search: albums add: /no/such.jpg is not an indexed photo of this library: there is no such file');

    const deleted = cli(run('albums', 'delete', 'Red circles'));
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toContain('Deleted album "Red circles"');
    const gone = cli(run('albums', 'show', 'Red circles'));
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('no album "Red circles"');
  });
});
