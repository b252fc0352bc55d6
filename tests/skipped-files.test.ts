// Nothing is skipped in silence: other names for JPEG and HEIF are photos, a file's content decides
// when its extension does not say, links to folders are followed once (no cycles), and every file
// that is not indexed is counted in `status` with its reason.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderScene, randomScene, rng } from '../src-main/demo/scenes.js';
import { Engine, type SkippedGroup } from '../src-main/engine/engine.js';
import { cli } from './helpers/cli.js';
import { tempLibrary, type TempLibrary } from './helpers/library.js';

/** A 2x2 24-bit BMP (BITMAPINFOHEADER), which the app does not decode. */
function bmp(): Buffer {
  const b = Buffer.alloc(54 + 16);
  b.write('BM', 0);
  b.writeUInt32LE(b.length, 2);
  b.writeUInt32LE(54, 10);
  b.writeUInt32LE(40, 14);
  b.writeInt32LE(2, 18);
  b.writeInt32LE(2, 22);
  b.writeUInt16LE(1, 26);
  b.writeUInt16LE(24, 28);
  return b;
}

/** The first bytes of a QuickTime movie: enough for its format to be recognised. */
function mov(): Buffer {
  const b = Buffer.alloc(64);
  b.writeUInt32BE(20, 0);
  b.write('ftypqt  ', 4, 'latin1');
  b.write('qt  ', 16, 'latin1');
  return b;
}

describe('files that are not skipped in silence', () => {
  let lib: TempLibrary;
  let engine: Engine;
  let dir: string;
  beforeAll(async () => {
    lib = await tempLibrary(1, 31);
    dir = join(lib.root, 'mixed');
    const year = join(lib.root, 'archive', '2019');
    mkdirSync(join(dir, 'nested'), { recursive: true });
    mkdirSync(year, { recursive: true });
    const jpeg = await renderScene(randomScene(rng(5), 'red', 'circle'), { format: 'jpeg', width: 320, height: 240 });
    for (const name of ['a.jfif', 'b.pjpeg', 'c.jpg_large', 'D.JPG', 'e.JPE', 'no-extension', 'nested/f.jpg']) writeFileSync(join(dir, name), jpeg);
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/caf`), Buffer.from([0xe9]), Buffer.from('.jpg')]), jpeg); // Latin-1 "café.jpg"
    writeFileSync(join(year, 'g.jpg'), jpeg);
    symlinkSync('../archive/2019', join(dir, '2019')); // a relative link to a year folder
    symlinkSync('..', join(dir, 'nested', 'loop')); // a cycle
    symlinkSync(join(dir, 'nested'), join(dir, 'nested-again')); // the same folder twice
    writeFileSync(join(dir, 'clip.mov'), mov());
    writeFileSync(join(dir, 'clip-without-extension'), mov());
    writeFileSync(join(dir, 'scan.bmp'), bmp());
    writeFileSync(join(dir, 'IMG_0001.CR2'), Buffer.alloc(100));
    writeFileSync(join(dir, 'notes.txt'), 'not a photo');
    mkdirSync(join(dir, '.thumbnails'));
    writeFileSync(join(dir, '.thumbnails', 't.jpg'), jpeg);
    writeFileSync(join(dir, '._IMG_0001.JPG'), 'resource fork');
    engine = await Engine.open({ libraryDir: lib.library, model: 'tiny-clip', device: 'cpu' });
    engine.addFolder(dir);
    await engine.indexAll();
  });
  afterAll(async () => {
    await engine?.close();
    lib?.cleanup();
  });

  it('indexes other names for JPEG, content without an extension, and linked folders once', () => {
    const names = engine.latest({ limit: 100 }).map((h) => h.path.slice(dir.length + 1)).sort();
    expect(names).toEqual(['2019/g.jpg', 'D.JPG', 'a.jfif', 'b.pjpeg', 'c.jpg_large', 'e.JPE', 'nested/f.jpg', 'no-extension']);
    // A RAW file without an embedded preview is reported, with the reason.
    expect(engine.status().failures).toEqual([{ path: join(dir, 'IMG_0001.CR2'), error: expect.stringMatching(/^RAW file could not be read \(.*binary zeros/) }]);
  });

  it('accounts for every other file in status, grouped by reason', () => {
    const groups = engine.status().skipped;
    const of = (detail: string): SkippedGroup | undefined => groups.find((g) => g.detail === detail);
    expect(of('video')?.count).toBe(2);
    expect(of('RAW')).toBeUndefined(); // RAW files are photos now (raw-files.test.ts)
    expect(of('other image')?.count).toBe(1);
    expect(of('other')?.examples).toEqual([join(dir, 'notes.txt')]);
    expect(of('file name is not valid UTF-8')).toMatchObject({ reason: 'name', count: 1, examples: [join(dir, 'caf\\xe9.jpg')] });
    expect(of('hidden folder')?.examples).toEqual([join(dir, '.thumbnails')]);
    expect(of('hidden file')?.examples).toEqual([join(dir, '._IMG_0001.JPG')]);
    const text = cli(['status', '--library', lib.library, '--device', 'cpu']).stdout;
    expect(text).toMatch(/Not indexed:\n/);
    expect(text).toMatch(/2 video files \(\.mov(, )?\)?/);
    expect(text).toMatch(/1 files?: file name is not valid UTF-8/);
  });
});
