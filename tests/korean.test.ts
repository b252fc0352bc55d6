// Korean as a first language, end to end with the bundled bilingual model (tiny-clip-ko, in the multilingual models'
// layout): Korean, English and mixed queries through the API and the CLI, Unicode normalisation of queries, file and
// folder names (macOS writes names decomposed, NFD; typed text is composed, NFC), `tag:` and album names in Hangul, the
// Korean names of the vocabulary's labels, and the model switch.
import { mkdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoHit } from '../src-shared/api.js';
import { writeDemoLibrary } from '../src-main/demo/demo-library.js';
import { cli, cliJson } from './helpers/cli.js';
import { tempLibrary, type TempLibrary } from './helpers/library.js';
import { FIXTURES, ROOT } from './helpers/paths.js';
import { indexedService, type IndexedService } from './helpers/service.js';

/** The queries of issue 16: Korean in two phrasings, English, and mixed. */
const RED_CIRCLE_QUERIES = ['빨간 원', '빨간색 동그라미', 'a photo of a red circle', '빨간 circle'];
const KO_VOCABULARY = readFileSync(join(FIXTURES, 'shapes-vocabulary-ko.txt'), 'utf8');
const NFD_FOLDER = '여행 사진'.normalize('NFD'); // "travel photos", as a Mac writes it

describe('Korean through the API with tiny-clip-ko', () => {
  let ctx: IndexedService;
  const call = async <T>(method: string, params: object): Promise<T> => {
    const r = await ctx.service.call(method as never, params as never);
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  };
  const search = (query: string, extra: object = {}) => call<{ hits: PhotoHit[]; noGoodMatch: boolean; unknownTags?: string[] }>('search', { query, limit: 200, ...extra });

  beforeAll(async () => {
    ctx = await indexedService(2, { model: 'tiny-clip-ko' }); // 48 photos: two of each colour and shape
    // A folder a Mac named, with photos named in Korean, all decomposed.
    const folder = join(ctx.lib.root, NFD_FOLDER);
    const written = await writeDemoLibrary(folder, 1, 11);
    for (const w of written.filter((p) => p.colour === 'red' && p.shape === 'circle')) renameSync(join(folder, w.file), join(folder, `빨간 원 ${w.file}`.normalize('NFD')));
    await call('folders.add', { path: folder });
    await ctx.service.settled();
  }, 180_000);
  afterAll(() => ctx?.close());

  it('runs tiny-clip-ko and says which languages it reads', async () => {
    const status = await call<{ model: { id: string; languages: string[] } }>('status', {});
    expect(status.model.id).toBe('tiny-clip-ko');
    expect(status.model.languages).toEqual(['en', 'ko']);
    const models = await call<{ id: string; languages: string[]; active: boolean; demo: boolean; downloaded: boolean }[]>('models.list', {});
    expect(models.find((m) => m.id === 'tiny-clip-ko')).toMatchObject({ languages: ['en', 'ko'], active: true, demo: true, downloaded: true });
    expect(models.find((m) => m.id === 'xlm-roberta-base-vit-b-32')?.languages).toContain('ko');
    expect(models.find((m) => m.id === 'clip-vit-b-32')?.languages).toEqual(['en']);
    // Its own relevance floor, measured when it was trained (metrics.json), not the registry's estimate.
    const metrics = JSON.parse(readFileSync(join(ROOT, 'models', 'tiny-clip-ko', 'metrics.json'), 'utf8')) as { relevance_floor: number };
    expect((await call<{ floor: number }>('search', { query: '빨간 원' })).floor).toBe(metrics.relevance_floor);
  });

  it.each(RED_CIRCLE_QUERIES)('"%s" puts red circles first', async (query) => {
    const r = await search(query, { filters: { folder: ctx.lib.photos } });
    const top = r.hits.slice(0, 2).map((h) => h.name);
    console.log(`API "${query}": ${r.hits.slice(0, 4).map((h) => `${h.name} ${h.score.toFixed(3)}`).join(', ')}`);
    expect(top).toHaveLength(2);
    expect(top.every((n) => n.startsWith('red-circle')), top.join(', ')).toBe(true);
  });

  it('reads a decomposed query as the composed one', async () => {
    const nfd = '빨간 원'.normalize('NFD');
    expect(nfd).not.toBe('빨간 원');
    const [a, b] = [await search(nfd), await search('빨간 원')];
    expect(a.hits.map((h) => [h.id, h.score])).toEqual(b.hits.map((h) => [h.id, h.score]));
  });

  it('finds the photos of a decomposed folder by its composed name, and shows their names composed', async () => {
    const typed = join(ctx.lib.root, '여행 사진'); // NFC, as typed
    const inFolder = await call<{ hits: PhotoHit[] }>('photos', { filters: { folder: typed } });
    expect(inFolder.hits).toHaveLength(24);
    const named = inFolder.hits.filter((h) => h.name.startsWith('빨간 원'));
    expect(named.length).toBe(1);
    expect(named[0]!.name).toBe(named[0]!.name.normalize('NFC'));
    expect(named[0]!.path.normalize('NFC')).not.toBe(named[0]!.path); // the file itself keeps its own bytes
    const r = await search('빨간 원', { filters: { folder: typed } });
    expect(r.hits[0]?.name).toMatch(/^빨간 원 red-circle/);
    // A photo's details name its own folder (the decomposed one on disk), not only the watched root.
    const details = await call<{ folder: string; path: string }>('photo', { id: named[0]!.id });
    expect(details.folder).toBe(dirname(details.path));
    // Removed by its typed name too (its photos kept as recently removed, so this costs the other tests nothing).
    const left = await call<{ path: string }[]>('folders.remove', { path: typed });
    expect(left.map((f) => f.path)).toEqual([ctx.lib.photos]);
    // Added again by its typed (composed) path, though the disk holds it decomposed: it is found (a new user's finding).
    const again = await call<{ path: string }[]>('folders.add', { path: typed });
    expect(again.map((f) => f.path.normalize('NFC'))).toContain(typed);
    await call('folders.remove', { path: typed });
  });

  it('tag:빨강 finds what tag:red finds with the Korean names of the vocabulary; tags say their Korean names', async () => {
    const set = await call<{ labels: number }>('tags.vocabulary', { text: KO_VOCABULARY });
    expect(set.labels).toBe(10);
    const [ko, en] = [await search('tag:빨강'), await search('tag:red')];
    expect(en.hits.length).toBeGreaterThan(0);
    expect(ko.hits.map((h) => h.id)).toEqual(en.hits.map((h) => h.id));
    expect((await search('tag:빨강'.normalize('NFD'))).hits.map((h) => h.id)).toEqual(en.hits.map((h) => h.id));
    // Typed in a Korean input method's full-width mode: the keyword, the colon and the name fold to plain letters.
    for (const typed of ['tag:ｒｅｄ', 'ｔａｇ：ｒｅｄ', 'ｔａｇ：빨강']) {
      const r = await search(typed);
      expect(r.hits.map((h) => h.id), typed).toEqual(en.hits.map((h) => h.id));
      expect(r.unknownTags, typed).toBeUndefined();
    }
    const tags = await call<{ name: string; names?: Record<string, string> }[]>('tags.list', {});
    expect(tags.find((t) => t.name === 'red')?.names).toEqual({ ko: '빨강' });
    expect(tags.find((t) => t.name === 'circle')?.names).toEqual({ ko: '원' });
    // Tags combined with a Korean query, and the tags' own quality: red photos carry the tag.
    const redCircles = await search('tag:빨강 동그라미');
    expect(redCircles.hits[0]?.name).toMatch(/red-circle/);
    const redShare = en.hits.filter((h) => /red-/.test(h.name)).length / en.hits.length;
    console.log(`tag:red / tag:빨강 with tiny-clip-ko: ${en.hits.length} photos, ${(redShare * 100).toFixed(0)}% of them red`);
    expect(redShare).toBeGreaterThanOrEqual(0.6);
  });

  it('keeps an album named in Hangul, found by its composed or decomposed name', async () => {
    const name = '빨간 동그라미들';
    const created = await call<{ name: string; photos: number }>('albums.create', { name: name.normalize('NFD'), query: '빨간 원' });
    expect(created.name).toBe(name);
    expect(created.photos).toBeGreaterThan(0);
    const shown = await call<{ hits: PhotoHit[] }>('albums.show', { name });
    expect(shown.hits[0]?.name).toMatch(/red-circle|빨간 원/);
    expect((await call<{ name: string }[]>('albums.list', {})).map((a) => a.name)).toContain(name);
    await call('albums.delete', { name: name.normalize('NFD') });
  });
});

describe('the model switch offers tiny-clip-ko', () => {
  let ctx: IndexedService;
  beforeAll(async () => {
    ctx = await indexedService(1); // tiny-clip, English only
  }, 120_000);
  afterAll(() => ctx?.close());

  it('switches from tiny-clip to tiny-clip-ko, which then answers Korean', async () => {
    const used = await ctx.service.call('models.use', { id: 'tiny-clip-ko' });
    expect(used.ok && used.value.model.languages).toEqual(['en', 'ko']);
    await ctx.service.settled();
    const r = await ctx.service.call('search', { query: '빨간 원' });
    expect(r.ok && r.value.hits[0]?.name).toMatch(/^red-circle/);
  });
});

describe('Korean through the CLI with --model tiny-clip-ko', () => {
  let lib: TempLibrary;
  const args = () => ['--library', lib.library, '--model', 'tiny-clip-ko', '--device', 'cpu'];
  beforeAll(async () => {
    lib = await tempLibrary(1);
    mkdirSync(lib.library, { recursive: true });
    expect(cli(['folders', 'add', lib.photos, ...args()]).code).toBe(0);
    const r = cli(['index', ...args()]);
    if (r.code !== 0) throw new Error(r.stderr);
  }, 180_000);
  afterAll(() => lib?.cleanup());

  it.each(RED_CIRCLE_QUERIES)('search "%s" puts the red circle first', (query) => {
    const hits = cliJson<{ path: string; score: number }[]>(['search', query, '-k', '3', ...args()]);
    expect(hits[0]?.path).toMatch(/red-circle/);
  });

  it('says when the model in use does not read the query\'s script, and names one that does', () => {
    const english = cli(['search', '빨간 circle', '--library', lib.library, '--model', 'tiny-clip', '--device', 'cpu']);
    expect(english.stderr).toContain('tiny-clip reads English only, so this query finds little: use --model tiny-clip-ko');
    expect(cli(['search', '빨간 circle', ...args()]).stderr).not.toContain('finds little');
    expect(cli(['search', 'tag:빨강', '--library', lib.library, '--model', 'tiny-clip', '--device', 'cpu']).stderr).not.toContain('finds little');
  });

  it('finds an album named in Hangul by its decomposed name in every album command', () => {
    const name = '빨간 동그라미 모음';
    const nfd = name.normalize('NFD');
    expect(cli(['albums', 'create', nfd, '--query', '빨간 원', ...args()]).code).toBe(0);
    for (const command of [['show', nfd], ['rename', nfd, '빨간 원 모음'.normalize('NFD')], ['show', '빨간 원 모음'], ['delete', '빨간 원 모음'.normalize('NFD')]]) {
      const r = cli(['albums', ...command, ...args()]);
      expect(r.code, `${command.join(' ')}: ${r.stderr}`).toBe(0);
    }
  });

  it('tag:빨강 lists what tag:red lists, after `tags auto` with the Korean names', () => {
    const file = join(FIXTURES, 'shapes-vocabulary-ko.txt');
    const r = cli(['tags', 'auto', '--vocabulary', file, ...args()]);
    expect(r.code, r.stderr).toBe(0);
    const ko = cliJson<{ path: string }[]>(['search', 'tag:빨강', ...args()]);
    expect(ko.length).toBeGreaterThan(0);
    expect(ko).toEqual(cliJson<{ path: string }[]>(['search', 'tag:red', ...args()]));
    expect(cliJson<{ path: string }[]>(['search', 'tag:RED', ...args()])).toEqual(ko); // any case
    // A tag that does not exist is said to be unknown, not answered with silence (a new user's finding).
    const unknown = cli(['search', 'tag:zzz', ...args()]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No tag "zzz"');
    expect(cli(['search', 'tag:빨강', ...args()]).stderr).not.toContain('No tag');
  });
});
