// Duplicates a person can act on, through the real pipeline (files on disk, the indexer, tiny-clip,
// SQLite, the HNSW index): copies of one picture (exact, resized, re-encoded, metadata edited,
// transparent and flattened) are grouped as copies; a burst as similar shots; different pictures
// that share a background, and different panoramas with empty middles, never. Precision and recall
// of the pairs are printed for the closing note.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, type DuplicateGroup } from '../src-main/engine/engine.js';
import { similarityText } from '../src-shared/similarity-text.js';
import { cli, cliJson } from './helpers/cli.js';
import { indexedEngine, tempLibrary } from './helpers/library.js';
import { readLibrary } from './helpers/db.js';
import { exifAt, RED_CIRCLE, scene, writeDuplicatePhotos } from './helpers/duplicate-scenes.js';

/** Pairs of file names, unordered. */
function pairsOf(groups: string[][]): Set<string> {
  const out = new Set<string>();
  for (const g of groups) for (const a of g) for (const b of g) if (a < b) out.add(`${a}|${b}`);
  return out;
}

function precisionRecall(found: Set<string>, truth: Set<string>): { precision: number; recall: number } {
  const hit = [...found].filter((p) => truth.has(p)).length;
  return { precision: found.size ? hit / found.size : 1, recall: truth.size ? hit / truth.size : 1 };
}

describe('similarity as people read it', () => {
  it('never shows a near-copy as 1', () => {
    expect(similarityText(0.98107)).toBe('0.9811');
    expect(similarityText(0.99997)).toBe('0.99997');
    expect(similarityText(0.9999996)).toBe('0.9999996');
    expect(similarityText(0.99999999)).toBe('0.9999999');
    expect(similarityText(1)).toBe('1');
  });
});

describe('duplicates', () => {
  let root: string;
  let dir: string;
  let libraryDir: string;
  let engine: Engine;
  let truth: Awaited<ReturnType<typeof writeDuplicatePhotos>>;
  let groups: DuplicateGroup[];
  const name = (id: number) => basename(engine.photo(id).path);
  const names = (g: DuplicateGroup) => g.ids.map(name).sort();

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'photo-search-dups-'));
    dir = join(root, 'photos');
    mkdirSync(dir);
    truth = await writeDuplicatePhotos(dir);
    libraryDir = join(root, 'library');
    engine = await Engine.open({ libraryDir, model: 'tiny-clip', device: 'cpu' });
    engine.addFolder(dir);
    await engine.indexAll();
    groups = await engine.duplicates();
  }, 300_000);

  afterAll(async () => {
    await engine?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('groups copies as copies and a burst as similar shots, and nothing else', () => {
    const copies = groups.filter((g) => g.kind === 'copies').map(names);
    const similar = groups.filter((g) => g.kind === 'similar').map(names);
    expect(copies.sort()).toEqual(truth.copies.map((g) => [...g].sort()).sort());
    expect(similar).toEqual(truth.similar.map((g) => [...g].sort()));
    const grouped = new Set(groups.flatMap(names));
    for (const file of truth.apart) expect(grouped.has(file), `${file} is in no group`).toBe(false);
    const copyPairs = pairsOf(copies);
    const shotPairs = pairsOf(similar);
    const c = precisionRecall(copyPairs, pairsOf(truth.copies));
    const s = precisionRecall(shotPairs, pairsOf(truth.similar));
    console.log(`duplicates on ${truth.copies.flat().length + truth.similar.flat().length + truth.apart.length} generated photos: copies precision ${c.precision.toFixed(2)} recall ${c.recall.toFixed(2)} (${copyPairs.size} pairs); similar shots precision ${s.precision.toFixed(2)} recall ${s.recall.toFixed(2)} (${shotPairs.size} pairs)`);
  });

  it('says why, with the real figures, and suggests the original to keep', () => {
    const beach = groups.find((g) => g.kind === 'copies' && names(g).includes('beach.jpg'))!;
    // The largest, with its camera's metadata, the least compressed: the original, and of it and its identical
    // copy, the one not named as a copy.
    expect(name(beach.keeper)).toBe('beach.jpg');
    expect(name(groups.find((g) => g.kind === 'similar')!.keeper)).toBe('burst-0.jpg'); // the first shot
    expect(name(groups.find((g) => names(g).includes('sticker.png'))!.keeper)).toBe('sticker.png'); // lossless
    const identical = beach.pairs.find((p) => p.evidence.identical)!;
    expect([name(identical.a), name(identical.b)].sort()).toEqual(['beach (copy).jpg', 'beach.jpg']);
    const edited = beach.pairs.find((p) => [p.a, p.b].map(name).includes('beach-edited.jpg') && !p.evidence.identical)!;
    expect(edited.evidence.hashDistance).toBeLessThanOrEqual(24);
    expect(edited.evidence.colourDistance).toBeGreaterThan(0); // measured, not rounded to "identical"
    expect(edited.evidence.similarity).toBeLessThan(1);
    const pano = groups.find((g) => names(g).includes('pano-a.jpg'))!;
    expect(pano.pairs[0]!.evidence.viewSimilarity).toBeGreaterThan(0.95); // every part of the panorama compared
    const burst = groups.find((g) => g.kind === 'similar')!;
    expect(burst.pairs.map((p) => p.evidence.secondsApart).sort()).toEqual(expect.arrayContaining([1]));
  });

  it('found the pairs as the photos arrived, one check per photo, and checks a new copy when it arrives', async () => {
    const checked = () => readLibrary(libraryDir, (db) => db.prepare('SELECT COUNT(*) FROM duplicate_checks').pluck().get() as number);
    const photos = engine.status().indexed;
    expect(checked()).toBe(photos);
    await sharp(join(dir, 'burst-1.jpg')).resize({ width: 800 }).jpeg({ quality: 70 }).toFile(join(dir, 'burst-1-small.jpg'));
    await engine.scan();
    await engine.indexAll();
    expect(checked()).toBe(photos + 1); // checked when indexed, before anyone asked
    const now = await engine.duplicates();
    expect(now.filter((g) => g.kind === 'copies').map(names)).toContainEqual(['burst-1-small.jpg', 'burst-1.jpg']);
    expect(names(now.find((g) => g.kind === 'similar')!)).toContain('burst-1-small.jpg');
  });

  it('answers the command line with both kinds and their evidence, also while the app holds the library', () => {
    const json = cliJson<{ kind: string; keeper: string; photos: { path: string; size: number; format: string; width: number }[]; pairs: { evidence: { kind: string } }[] }[]>(['duplicates', '--library', libraryDir]);
    expect(new Set(json.map((g) => g.kind))).toEqual(new Set(['copies', 'similar']));
    const beach = json.find((g) => g.photos.some((p) => p.path.endsWith('beach.webp')))!;
    expect(beach.photos.find((p) => p.path.endsWith('beach.webp'))).toMatchObject({ format: 'WebP', width: 1200 });
    expect(beach.photos.every((p) => p.size > 0)).toBe(true);
    const text = cli(['duplicates', '--library', libraryDir]).stdout;
    expect(text).toMatch(/Copies of one picture \(6 files\); keep beach\.jpg/);
    expect(text).toMatch(/Similar shots \(\d photos\)/);
    expect(text).toMatch(/taken 1 s apart, embeddings 0\.9\d{3}/);
    expect(text).toMatch(/perceptual hashes \d+ of 256 bits apart, colours within \d+\.\d%/);
  });

  it('forgets a dismissed group for good, across a restart', async () => {
    const burst = (await engine.duplicates()).find((g) => g.kind === 'similar')!;
    engine.dismissDuplicates(burst.ids);
    expect((await engine.duplicates()).some((g) => g.kind === 'similar')).toBe(false);
    // The copy of burst-1 is still its copy: a dismissal is for the photos named, not the copies' own pair...
    // ...except that it named both of them: so no group of them is left either.
    expect((await engine.duplicates()).flatMap(names)).not.toContain('burst-0.jpg');
    await engine.close();
    engine = await Engine.open({ libraryDir, model: 'tiny-clip', device: 'cpu' });
    expect((await engine.duplicates()).some((g) => names(g).includes('burst-0.jpg'))).toBe(false);
    expect((await engine.duplicates()).filter((g) => g.kind === 'copies').length).toBe(3);
  });

  it('fingerprints a library indexed before fingerprints without embedding it again', async () => {
    await engine.close();
    readLibrary(libraryDir, (db) => db.prepare('UPDATE photos SET perceptual_hash = NULL, signature = NULL').run(), { write: true });
    engine = await Engine.open({ libraryDir, model: 'tiny-clip', device: 'cpu' });
    await engine.indexAll();
    const stages = engine.lastRunStages()!;
    expect(stages.inference).toBe(0);
    expect(readLibrary(libraryDir, (db) => db.prepare("SELECT COUNT(*) FROM photos WHERE status = 'indexed' AND (perceptual_hash IS NULL OR length(signature) != 1536)").pluck().get())).toBe(0);
    expect((await engine.duplicates()).filter((g) => g.kind === 'copies').map(names)).toContainEqual(['pano-a-small.jpg', 'pano-a.jpg']);
  });
});

describe('duplicates in a library of different photos', () => {
  it('groups none of 384 generated scenes (same shapes and colours, different pictures)', async () => {
    const lib = await tempLibrary(16);
    const engine = await indexedEngine(lib);
    try {
      const groups = await engine.duplicates();
      console.log(`duplicates among ${lib.written.length} different generated photos: ${groups.length} groups`);
      expect(groups.map((g) => g.ids.map((id) => basename(engine.photo(id).path)))).toEqual([]);
    } finally {
      await engine.close();
      lib.cleanup();
    }
  }, 300_000);
});

describe('duplicates as a person tidies them (from a new user\'s tryout)', () => {
  let root: string;
  let library: string;
  const run = (...args: string[]) => ['--library', library, ...args];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'photo-search-dups-tidy-'));
    const camera = join(root, 'photos', 'camera');
    const exports = join(root, 'photos', 'exports');
    mkdirSync(camera, { recursive: true });
    mkdirSync(exports, { recursive: true });
    const original = await scene([{ ...RED_CIRCLE, shape: 'star', fill: 'rgb(36,72,210)' }], { seed: 41 }).jpeg({ quality: 90 }).withMetadata(exifAt(Date.UTC(2024, 0, 2, 10))).toBuffer();
    writeFileSync(join(camera, 'IMG_0001.jpg'), original);
    await sharp(original).png().toFile(join(exports, 'star.png')); // lossless, but made from the camera's JPEG
    writeFileSync(join(exports, 'IMG_0001 kept on purpose.jpg'), original);
    const other = await scene([RED_CIRCLE], { seed: 43 }).jpeg({ quality: 90 }).toBuffer();
    writeFileSync(join(camera, 'sunset.jpg'), other);
    writeFileSync(join(exports, 'sunset copy.jpg'), other);
    library = join(root, 'library');
    expect(cli(run('--model', 'tiny-clip', 'folders', 'add', join(root, 'photos'))).code).toBe(0);
    expect(cli(run('index')).code).toBe(0);
  }, 120_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  type Group = { kind: string; keeper: string; photos: { path: string; folder: string }[] };
  const groups = () => cliJson<Group[]>(run('duplicates'));

  it('keeps the camera original over a PNG made of it, and shows each file\'s own folder', () => {
    const star = groups().find((g) => g.photos.some((p) => p.path.endsWith('star.png')))!;
    expect(basename(star.keeper)).toBe('IMG_0001.jpg');
    expect(star.photos.map((p) => basename(p.folder)).sort()).toEqual(['camera', 'exports', 'exports']);
  });

  it('dismisses identical files kept on purpose, and says when named photos stay linked through others', () => {
    const dismissed = cli(run('duplicates', 'dismiss', join(root, 'photos', 'camera', 'sunset.jpg'), join(root, 'photos', 'exports', 'sunset copy.jpg')));
    expect(dismissed.code).toBe(0);
    expect(groups().some((g) => g.photos.some((p) => p.path.endsWith('sunset.jpg')))).toBe(false);
    const partial = cli(run('duplicates', 'dismiss', join(root, 'photos', 'camera', 'IMG_0001.jpg'), join(root, 'photos', 'exports', 'IMG_0001 kept on purpose.jpg')));
    expect(partial.stdout).toMatch(/still in one group through star\.png/);
    expect(cli(run('duplicates', '--threshold', 'abc')).stderr).toMatch(/--threshold is a cosine similarity/);
  });

  it('does not offer a file deleted since the last scan', () => {
    rmSync(join(root, 'photos', 'exports', 'star.png'));
    const star = groups().filter((g) => g.photos.some((p) => p.path.endsWith('IMG_0001.jpg')));
    expect(star.flatMap((g) => g.photos.map((p) => basename(p.path)))).not.toContain('star.png');
  });
});

describe('duplicates whose files went since the last scan', () => {
  let root: string;
  let engine: Engine;
  const names = (g: DuplicateGroup) => g.ids.map((id) => basename(engine.photo(id).path)).sort();

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'photo-search-dups-gone-'));
    const dir = join(root, 'photos');
    mkdirSync(dir);
    // Three copies of one picture: the largest (the suggested keeper) will go; the survivor with the lowest id
    // ("a-small") is not the one to keep ("b-medium" has more pixels).
    const star = await scene([{ ...RED_CIRCLE, shape: 'star', fill: 'rgb(36,72,210)' }], { width: 1500, height: 1000, seed: 51 }).png().toBuffer();
    writeFileSync(join(dir, 'c-large.png'), star);
    await sharp(star).resize(900, 600).jpeg({ quality: 85 }).toFile(join(dir, 'a-small.jpg'));
    await sharp(star).resize(1200, 800).jpeg({ quality: 90 }).toFile(join(dir, 'b-medium.jpg'));
    // Two copies of another picture: one goes, and the group with it.
    const circle = await scene([RED_CIRCLE], { seed: 53 }).jpeg({ quality: 90 }).toBuffer();
    writeFileSync(join(dir, 'x.jpg'), circle);
    await sharp(circle).resize(800, 600).jpeg({ quality: 80 }).toFile(join(dir, 'y.jpg'));
    engine = await Engine.open({ libraryDir: join(root, 'library'), model: 'tiny-clip', device: 'cpu' });
    engine.addFolder(dir);
    await engine.indexAll();
  }, 120_000);

  afterAll(async () => {
    await engine?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('drops a group left with one file, and suggests a keeper among the files still there', async () => {
    const before = await engine.duplicates();
    expect(before.map(names).sort()).toEqual([['a-small.jpg', 'b-medium.jpg', 'c-large.png'], ['x.jpg', 'y.jpg']]);
    expect(basename(engine.photo(before.find((g) => g.ids.length === 3)!.keeper).path)).toBe('c-large.png');
    rmSync(join(root, 'photos', 'c-large.png'));
    rmSync(join(root, 'photos', 'y.jpg'));
    const after = await engine.duplicates();
    expect(after.map(names)).toEqual([['a-small.jpg', 'b-medium.jpg']]);
    const [group] = after;
    expect(basename(engine.photo(group!.keeper).path)).toBe('b-medium.jpg');
    expect(group!.pairs.every((p) => group!.ids.includes(p.a) && group!.ids.includes(p.b))).toBe(true);
  });
});
