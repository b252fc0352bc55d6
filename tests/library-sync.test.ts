// Library sync never loses a person's work: a folder whose drive or share goes away is offline (its
// photos kept, searchable, unavailable), a photo gone from an online folder is recently removed and
// comes back with its id, and a sub-folder that cannot be read keeps its photos.
import { chmodSync, chownSync, cpSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, type FolderSummary } from '../src-main/engine/engine.js';
import { cli, cliAs, cliJson, startCli, waitFor } from './helpers/cli.js';
import { tempLibrary, type TempLibrary } from './helpers/library.js';

describe('a folder that goes offline and comes back', () => {
  let lib: TempLibrary;
  let engine: Engine;
  const idsByName = () => new Map(engine.latest({ limit: 1000 }).map((h) => [h.path.split('/').pop()!, h.id]));

  beforeAll(async () => {
    lib = await tempLibrary(1, 21); // 24 photos
    engine = await Engine.open({ libraryDir: lib.library, model: 'tiny-clip', device: 'cpu' });
    engine.addFolder(lib.photos);
    await engine.indexAll();
  });
  afterAll(async () => {
    await engine?.close();
    lib?.cleanup();
  });

  it('keeps ids, taught tags, verdicts and albums through an empty mount point and a missing root', async () => {
    const before = idsByName();
    const red = [...before].filter(([n]) => n.startsWith('red-')).map(([, id]) => id);
    const blue = [...before].filter(([n]) => n.startsWith('blue-')).map(([, id]) => id);
    engine.teach('reddish', red, blue);
    engine.createAlbum({ name: 'like red', examples: [red[0]!] });
    const albumBefore = await engine.albumPhotos('like red');
    const away = join(lib.root, 'away');

    // 1. The share unmounts: its mount point stays, empty.
    mkdirSync(away);
    for (const f of readdirSync(lib.photos)) renameSync(join(lib.photos, f), join(away, f));
    const scan = await engine.scan();
    expect(scan.missing).toBe(0);
    expect(scan.offline[0]?.reason).toMatch(/empty but held 24 photos.*disconnected/);
    const folder = engine.folders()[0] as FolderSummary;
    expect(folder).toMatchObject({ state: 'offline', photos: 24 });
    expect(engine.status().counts).toMatchObject({ unavailable: 24, missing: 0 });
    // Still searchable, marked unavailable; a filter hides them.
    const hits = await engine.search('a photo of a red circle', { limit: 3, minScore: -1 });
    expect(hits.hits[0]!.unavailable).toMatch(/disconnected/);
    expect((await engine.search('a photo of a red circle', { limit: 3, minScore: -1, filters: { available: true } })).hits).toEqual([]);
    // However long it stays away, nothing is purged: emptying "recently removed" finds nothing of it.
    expect(engine.emptyRecentlyRemoved()).toBe(0);
    await engine.indexAll(); // no photo of it waits forever
    expect(engine.status().counts.waiting).toBe(0);

    // 2. The mount point itself goes away.
    rmSync(lib.photos, { recursive: true });
    expect((await engine.scan()).offline[0]?.reason).toMatch(/not there.*disconnected/);
    expect(engine.emptyRecentlyRemoved()).toBe(0);

    // 3. Back: same ids, same tags, same album.
    renameSync(away, lib.photos);
    await engine.indexAll();
    expect(engine.folders()[0]).toMatchObject({ state: 'online', reason: null, photos: 24 });
    expect(idsByName()).toEqual(before);
    expect(engine.status().counts).toMatchObject({ unavailable: 0, missing: 0, indexed: 24 });
    expect(engine.tags().find((t) => t.name === 'reddish')).toBeDefined();
    expect((await engine.albumPhotos('like red')).map((p) => p.id)).toEqual(albumBefore.map((p) => p.id));
  });

  it('a photo deleted on disk is recently removed, and comes back with its id when restored', async () => {
    const before = idsByName();
    const name = [...before.keys()].find((n) => n.startsWith('green-'))!;
    const kept = join(lib.root, name);
    renameSync(join(lib.photos, name), kept);
    await engine.indexAll();
    expect(engine.status().counts.missing).toBe(1);
    expect(engine.recentlyRemoved().map((r) => r.path)).toEqual([join(lib.photos, name)]);
    expect(idsByName().has(name)).toBe(false); // not searchable while gone
    // Restored from a backup, under another name: the same content returns with the same id.
    cpSync(kept, join(lib.photos, `restored-${name}`));
    await engine.indexAll();
    expect(idsByName().get(`restored-${name}`)).toBe(before.get(name));
    expect(engine.status().counts.missing).toBe(0);
  });

  it("an album's example photo deleted on disk and purged leaves the album working", async () => {
    const names = idsByName();
    const example = [...names.keys()].find((n) => n.startsWith('purple-'))!;
    engine.createAlbum({ name: 'like purple', examples: [names.get(example)!] });
    const before = (await engine.albumPhotos('like purple')).map((p) => p.id);
    expect(before.length).toBeGreaterThan(0);
    rmSync(join(lib.photos, example));
    await engine.indexAll();
    expect(engine.emptyRecentlyRemoved()).toBe(1); // gone for good
    const after = (await engine.albumPhotos('like purple')).map((p) => p.id);
    expect(after).toEqual(before.filter((id) => id !== names.get(example)));
  });

  it('removing a folder keeps its photos as recently removed; adding it back restores them', async () => {
    const before = idsByName();
    expect(await engine.removeFolder(lib.photos)).toBe(true);
    expect(engine.folders()).toEqual([]);
    expect(engine.status().counts.missing).toBe(23);
    engine.addFolder(lib.photos);
    await engine.indexAll();
    expect(idsByName()).toEqual(before);
    expect(engine.tags().find((t) => t.name === 'reddish')).toBeDefined();
  });
});

describe('a taught tag whose examples leave the library', () => {
  it('keeps teaching with them, by the embedding kept for their content', async () => {
    const lib = await tempLibrary(1, 23);
    const engine = await Engine.open({ libraryDir: lib.library, model: 'tiny-clip', device: 'cpu' });
    try {
      engine.addFolder(lib.photos);
      await engine.indexAll();
      const ids = new Map(engine.latest({ limit: 100 }).map((h) => [h.path.split('/').pop()!, h.id]));
      const pick = (prefix: string) => [...ids].filter(([n]) => n.startsWith(prefix)).map(([, id]) => id);
      const first = engine.teach('warm', [...pick('red-'), ...pick('orange-')], pick('blue-'));
      expect(first.examples).toEqual({ yes: 8, no: 4 });
      for (const [name] of [...ids].filter(([n]) => n.startsWith('red-'))) rmSync(join(lib.photos, name));
      await engine.indexAll();
      expect(engine.emptyRecentlyRemoved()).toBe(4); // the red examples are gone for good
      const again = engine.teach('warm', pick('yellow-'));
      expect(again.examples).toEqual({ yes: 12, no: 4 }); // 4 orange + 4 yellow here, 4 red by their embeddings
      const names = again.matches.map((m) => [...ids].find(([, id]) => id === m.id)![0]);
      expect(names.filter((n) => /^(orange|yellow)-/.test(n)).length).toBe(8);
    } finally {
      await engine.close();
      lib.cleanup();
    }
  });
});

describe('from the command line', () => {
  let lib: TempLibrary;
  const args = () => ['--library', lib.library, '--model', 'tiny-clip', '--device', 'cpu'];
  beforeAll(async () => {
    lib = await tempLibrary(1, 22);
  });
  afterAll(() => lib?.cleanup());

  it('index --watch stays up when its only folder goes away, and follows it again when it is back', { timeout: 90_000 }, async () => {
    const root = join(lib.root, 'watched');
    const photos = join(root, 'photos');
    mkdirSync(photos, { recursive: true });
    for (const f of readdirSync(lib.photos).slice(0, 4)) cpSync(join(lib.photos, f), join(photos, f));
    const library = join(root, 'library');
    const common = ['--library', library, '--model', 'tiny-clip', '--device', 'cpu'];
    expect(cli(['folders', 'add', photos, ...common]).code).toBe(0);
    const watcher = startCli(['index', '--watch', ...common]);
    try {
      await waitFor(() => (/Watching for changes/.test(watcher.output()) ? true : undefined), 30_000, 'the watcher');
      renameSync(photos, `${photos}-away`);
      await new Promise((r) => setTimeout(r, 3000));
      expect(watcher.exitCode).toBeNull();
      renameSync(`${photos}-away`, photos);
      cpSync(join(lib.photos, readdirSync(lib.photos)[5]!), join(photos, 'new-after-return.jpg'));
      await waitFor(() => {
        const hits = cliJson<{ path: string }[]>(['search', 'a photo of a shape', '-k', '50', '--min-score=-1', ...common]);
        return hits.some((h) => h.path.endsWith('new-after-return.jpg')) ? true : undefined;
      }, 60_000, 'the photo added after the folder came back');
    } finally {
      watcher.kill('SIGINT');
    }
  });

  it('a folder deleted before index: exit code 3, named offline, nothing waits; status says so', () => {
    expect(cli(['folders', 'add', lib.photos, ...args()]).code).toBe(0);
    expect(cli(['index', ...args()]).code).toBe(0);
    renameSync(lib.photos, `${lib.photos}-elsewhere`);
    const r = cli(['index', ...args()]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`Folder ${lib.photos} is offline`);
    const s = cliJson<{ counts: { waiting: number; unavailable: number }; folderStates: FolderSummary[] }>(['status', ...args()]);
    expect(s.counts).toMatchObject({ waiting: 0, unavailable: 24 });
    expect(s.folderStates[0]).toMatchObject({ path: lib.photos, state: 'offline' });
    expect(cli(['status', ...args()]).stdout).toMatch(/OFFLINE since .*its photos are kept/);
    renameSync(`${lib.photos}-elsewhere`, lib.photos);
    expect(cli(['index', ...args()]).code).toBe(0);
  });

  it('--folder given as the link it was added by finds its photos', () => {
    const link = join(lib.root, 'link-to-photos');
    symlinkSync(lib.photos, link);
    const hits = cliJson<unknown[]>(['search', 'a photo of a red circle', '--folder', link, '--min-score=-1', ...args()]);
    expect(hits.length).toBeGreaterThan(0);
  });

  it('a sub-folder that cannot be read keeps its photos, with the reason (as an ordinary user)', () => {
    const root = join(lib.root, 'user');
    const photos = join(root, 'photos');
    const sub = join(photos, 'private');
    mkdirSync(sub, { recursive: true });
    for (const f of readdirSync(lib.photos).slice(0, 6)) cpSync(join(lib.photos, f), join(photos, f));
    for (const f of readdirSync(lib.photos).slice(6, 10)) cpSync(join(lib.photos, f), join(sub, f));
    const library = join(root, 'library');
    mkdirSync(library);
    for (const p of [root, photos, sub, library, ...readdirSync(photos).map((f) => join(photos, f)), ...readdirSync(sub).map((f) => join(sub, f))]) chownSync(p, 65534, 65534);
    chmodSync(lib.root, 0o755);
    const asNobody = (a: string[]) => cliAs('nobody', root, a);
    const common = ['--library', library, '--model', 'tiny-clip', '--device', 'cpu'];
    expect(asNobody(['folders', 'add', photos, ...common]).code).toBe(0);
    expect(asNobody(['index', ...common]).code).toBe(0);
    chmodSync(sub, 0o000);
    // A folder never seen before, unreadable from the start, and a photo that cannot be read.
    const locked = join(photos, 'locked');
    mkdirSync(locked);
    cpSync(join(lib.photos, readdirSync(lib.photos)[11]!), join(locked, 'x.jpg'));
    chmodSync(locked, 0o000);
    const unreadable = join(photos, 'unreadable.jpg');
    cpSync(join(lib.photos, readdirSync(lib.photos)[12]!), unreadable);
    chmodSync(unreadable, 0o000);
    asNobody(['index', ...common]);
    type Status = { counts: { missing: number; unavailable: number; failed: number }; indexed: number; skipped: { reason: string; detail: string; examples: string[] }[] };
    const s = JSON.parse(asNobody(['status', '--json', ...common]).stdout) as Status;
    expect(s.counts).toMatchObject({ missing: 0, unavailable: 4, failed: 1 });
    expect(s.indexed).toBe(10);
    expect(s.skipped).toContainEqual({ reason: 'permission', detail: 'folder: permission denied', count: 2, examples: [locked, sub] });
    expect(asNobody(['status', ...common]).stdout).toMatch(/2 files: folder: permission denied, e\.g\. .*locked/);
    // Readable again: the folder's photos come back, and the file that failed is tried again.
    chmodSync(sub, 0o755);
    chmodSync(locked, 0o755);
    chmodSync(unreadable, 0o644);
    asNobody(['index', ...common]);
    const after = JSON.parse(asNobody(['status', '--json', ...common]).stdout) as Status;
    expect(after.counts).toMatchObject({ unavailable: 0, failed: 0 });
    expect(after.indexed).toBe(12);
  });

  it('an empty mount point or a broken link inside a folder keeps the photos under it', () => {
    const nas = join(lib.photos, 'nas');
    const external = join(lib.root, 'external');
    mkdirSync(nas);
    mkdirSync(external);
    const names = readdirSync(lib.photos).filter((f) => f.endsWith('.jpg') || f.endsWith('.png') || f.endsWith('.webp'));
    cpSync(join(lib.photos, names[0]!), join(nas, 'on-the-nas.jpg'));
    cpSync(join(lib.photos, names[1]!), join(external, 'on-the-drive.jpg'));
    symlinkSync(external, join(lib.photos, 'drive'));
    expect(cli(['index', ...args()]).code).toBe(0);
    rmSync(join(nas, 'on-the-nas.jpg')); // the share unmounted: its mount point stays, empty
    rmSync(external, { recursive: true }); // the drive unplugged: the link dangles
    expect(cli(['index', ...args()]).code).toBe(0);
    const s = cliJson<{ counts: { missing: number; unavailable: number } }>(['status', ...args()]);
    expect(s.counts).toMatchObject({ missing: 0, unavailable: 2 });
  });
});
