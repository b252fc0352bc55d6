// RAW photos are indexed from the JPEG their camera embedded; a RAW+JPEG pair is one photo.
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderScene, randomScene, rng } from '../src-main/demo/scenes.js';
import { Engine } from '../src-main/engine/engine.js';
import { tempLibrary, type TempLibrary } from './helpers/library.js';

/** A DNG (a TIFF with DNGVersion) whose embedded preview is `preview`, written with exiftool. */
async function dngWithPreview(path: string, preview: Buffer): Promise<void> {
  const { ExifTool } = await import('exiftool-vendored');
  const et = new ExifTool();
  try {
    await sharp({ create: { width: 64, height: 48, channels: 3, background: '#777' } }).tiff().toFile(path);
    const previewFile = join(tmpdir(), `preview-${process.pid}-${Date.now()}.jpg`);
    writeFileSync(previewFile, preview);
    await et.write(path, { DNGVersion: '1.4.0.0' } as never, { writeArgs: ['-overwrite_original', `-PreviewImage<=${previewFile}`] });
    rmSync(previewFile);
  } finally {
    await et.end();
  }
}

describe('RAW photos', () => {
  let lib: TempLibrary;
  let engine: Engine;
  let dir: string;
  beforeAll(async () => {
    lib = await tempLibrary(1, 41);
    dir = join(lib.root, 'card');
    mkdirSync(dir);
    const red = await renderScene(randomScene(rng(8), 'red', 'circle'), { format: 'jpeg', width: 640, height: 480 });
    const blue = await renderScene(randomScene(rng(9), 'blue', 'square'), { format: 'jpeg', width: 640, height: 480 });
    await dngWithPreview(join(dir, 'IMG_0002.dng'), red);
    await dngWithPreview(join(lib.root, 'pair.dng'), blue);
    copyFileSync(join(lib.root, 'pair.dng'), join(dir, 'IMG_0003.DNG'));
    writeFileSync(join(dir, 'IMG_0003.JPG'), blue);
    engine = await Engine.open({ libraryDir: lib.library, model: 'tiny-clip', device: 'cpu' });
    engine.addFolder(dir);
    await engine.indexAll();
  }, 60_000);
  afterAll(async () => {
    await engine?.close();
    lib?.cleanup();
  });

  it('indexes a RAW file from its embedded JPEG, and finds it by what it shows', async () => {
    const res = await engine.search('a photo of a red circle', { limit: 1, minScore: -1 });
    expect(res.hits[0]?.path).toBe(join(dir, 'IMG_0002.dng'));
    expect(res.hits[0]?.width).toBe(640);
  });

  it('takes a RAW+JPEG pair as one photo', () => {
    const paths = engine.latest({ limit: 10 }).map((h) => h.path).sort();
    expect(paths).toEqual([join(dir, 'IMG_0002.dng'), join(dir, 'IMG_0003.JPG')]);
    expect(engine.status().skipped).toEqual([expect.objectContaining({ reason: 'paired', count: 1, examples: [join(dir, 'IMG_0003.DNG')] })]);
  });
});
