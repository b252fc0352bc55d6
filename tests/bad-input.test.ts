// A folder of broken and awkward files: nothing crashes, each bad file gets a readable reason, and
// every good file is searchable.
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomScene, renderScene, rng } from '../src-main/demo/scenes.js';
import { Engine } from '../src-main/engine/engine.js';
import { tempLibrary, type TempLibrary } from './helpers/library.js';

describe('bad input', () => {
  let lib: TempLibrary;
  let engine: Engine;
  const good: string[] = [];
  const bad = new Map<string, RegExp>();

  beforeAll(async () => {
    lib = await tempLibrary(1);
    const dir = join(lib.root, 'awkward');
    mkdirSync(dir);
    const rand = rng(99);
    const scene = () => randomScene(rand, 'blue', 'square', 0.4);
    const jpeg = await renderScene(scene(), { width: 640, height: 480, format: 'jpeg' });

    writeFileSync(join(dir, 'truncated.jpg'), jpeg.subarray(0, Math.floor(jpeg.length / 2)));
    bad.set('truncated.jpg', /damaged|incomplete|truncated|premature/i);
    writeFileSync(join(dir, 'zero.jpg'), Buffer.alloc(0));
    bad.set('zero.jpg', /empty/i);
    writeFileSync(join(dir, 'not-an-image.png'), 'this is a text file with a .png name\n'.repeat(20));
    bad.set('not-an-image.png', /not an image|unsupported/i);
    // A PNG header claiming 60000 x 60000 pixels: a decompression bomb, refused before decoding.
    const bomb = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } }).png().toBuffer();
    bomb.writeUInt32BE(60000, 16);
    bomb.writeUInt32BE(60000, 20);
    writeFileSync(join(dir, 'bomb.png'), bomb);
    bad.set('bomb.png', /too large|pixel limit|damaged|decode/i);
    writeFileSync(join(dir, 'unreadable.jpg'), jpeg);
    chmodSync(join(dir, 'unreadable.jpg'), 0o000);
    if (process.getuid?.() !== 0) bad.set('unreadable.jpg', /permission/i); // root reads anything

    // Awkward but valid: these must be indexed.
    const png = await renderScene(scene(), { format: 'png' });
    writeFileSync(join(dir, 'mislabelled-png.jpg'), png);
    writeFileSync(join(dir, 'cmyk.jpg'), await sharp(jpeg).toColourspace('cmyk').jpeg().toBuffer());
    writeFileSync(join(dir, 'sixteen-bit.png'), await sharp(png).toColourspace('rgb16').png().toBuffer());
    writeFileSync(join(dir, 'grey.png'), await sharp(png).greyscale().png().toBuffer());
    writeFileSync(join(dir, 'alpha.png'), await sharp(png).ensureAlpha(0.5).png().toBuffer());
    writeFileSync(join(dir, 'animated.gif'), await sharp(png, { animated: true }).gif().toBuffer());
    writeFileSync(join(dir, 'picture.tif'), await renderScene(scene(), { format: 'tiff' }));
    writeFileSync(join(dir, 'picture.avif'), await renderScene(scene(), { format: 'avif' }));
    good.push('mislabelled-png.jpg', 'cmyk.jpg', 'sixteen-bit.png', 'grey.png', 'alpha.png', 'animated.gif', 'picture.tif', 'picture.avif');
    if (process.getuid?.() === 0) good.push('unreadable.jpg');
    // A hidden folder and a non-photo file are not part of the library at all.
    mkdirSync(join(dir, '.thumbnails'));
    writeFileSync(join(dir, '.thumbnails', 'thumb.jpg'), jpeg);
    writeFileSync(join(dir, 'notes.txt'), 'hello');

    engine = await Engine.open({ libraryDir: lib.library, model: 'tiny-clip', device: 'cpu' });
    engine.addFolder(lib.photos);
    engine.addFolder(dir);
    // A file that vanishes between the scan and its turn to be indexed.
    await engine.scan();
    writeFileSync(join(dir, 'vanishing.jpg'), jpeg);
    await engine.scan();
    rmSync(join(dir, 'vanishing.jpg'));
    await engine.indexAll();
  });

  afterAll(async () => {
    await engine?.close();
    lib?.cleanup();
  });

  it('records a readable reason for each bad file', () => {
    const failures = new Map(engine.status().failures.map((f) => [f.path.split('/').pop()!, f.error]));
    for (const [file, reason] of bad) {
      expect(failures.get(file), `${file} in ${JSON.stringify([...failures])}`).toMatch(reason);
    }
    expect(failures.size).toBe(bad.size);
  });

  it('indexes every good file, the awkward ones included, and ignores hidden and non-photo files', async () => {
    const s = engine.status();
    expect(s.indexed).toBe(24 + good.length);
    for (const file of good) {
      const row = engine.photoAt(join(lib.root, 'awkward', file));
      expect(row?.status, file).toBe('indexed');
    }
    expect(engine.photoAt(join(lib.root, 'awkward', '.thumbnails', 'thumb.jpg'))).toBeUndefined();
    const res = await engine.search('a photo of a blue square', { limit: 50, minScore: -1 });
    expect(res.hits.length).toBe(24 + good.length);
  });

  it('keeps no row for a file that vanished before it was read', () => {
    const row = engine.photoAt(join(lib.root, 'awkward', 'vanishing.jpg'));
    expect(row === undefined || row.status === 'missing' || row.status === 'pending').toBe(true);
    expect(readFileSync(join(lib.photos, 'red-circle-1.jpg')).length).toBeGreaterThan(0);
  });
});
