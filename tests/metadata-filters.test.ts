// EXIF metadata (time taken, camera, GPS) is read, stored, and usable as search filters.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomScene, renderScene, rng } from '../src-main/demo/scenes.js';
import { Engine } from '../src-main/engine/engine.js';
import { tempLibrary, type TempLibrary } from './helpers/library.js';

describe('photo metadata and filters', () => {
  let lib: TempLibrary;
  let engine: Engine;
  let camDir: string;

  beforeAll(async () => {
    lib = await tempLibrary(1);
    camDir = join(lib.root, 'camera');
    mkdirSync(camDir);
    const rand = rng(3);
    const shots = [
      { file: 'summer.jpg', when: '2023:07:14 18:30:00', make: 'Canon', model: 'Canon EOS R6' },
      { file: 'winter.jpg', when: '2024:01:02 09:15:00', make: 'FUJIFILM', model: 'X-T4' },
    ];
    for (const s of shots) {
      const jpeg = await renderScene(randomScene(rand, 'red', 'circle'), { format: 'jpeg', width: 640, height: 480 });
      const withExif = await sharp(jpeg)
        .withExif({ IFD0: { Make: s.make, Model: s.model }, IFD2: { DateTimeOriginal: s.when } } as never)
        .jpeg()
        .toBuffer();
      writeFileSync(join(camDir, s.file), withExif);
    }
    engine = await Engine.open({ libraryDir: lib.library, model: 'tiny-clip', device: 'cpu' });
    engine.addFolder(lib.photos);
    engine.addFolder(camDir);
    await engine.indexAll();
  });
  afterAll(async () => {
    await engine?.close();
    lib?.cleanup();
  });

  it('stores when the photo was taken, the camera and the size', () => {
    const summer = engine.photoAt(join(camDir, 'summer.jpg'))!;
    expect(new Date(summer.taken_at!).toISOString()).toBe('2023-07-14T18:30:00.000Z');
    expect(summer.camera).toBe('Canon EOS R6');
    expect([summer.width, summer.height]).toEqual([640, 480]);
    expect(engine.photoAt(join(camDir, 'winter.jpg'))!.camera).toBe('FUJIFILM X-T4');
  });

  it('filters by camera, date range and folder', async () => {
    const q = 'a photo of a red circle';
    const byCamera = await engine.search(q, { limit: 10, filters: { camera: 'Canon EOS R6' }, minScore: -1 });
    expect(byCamera.hits.map((h) => h.path)).toEqual([join(camDir, 'summer.jpg')]);
    const in2024 = await engine.search(q, { limit: 10, filters: { from: Date.UTC(2024, 0, 1), to: Date.UTC(2025, 0, 1) }, minScore: -1 });
    expect(in2024.hits.map((h) => h.path)).toEqual([join(camDir, 'winter.jpg')]);
    const folder = await engine.search(q, { limit: 100, filters: { folder: camDir }, minScore: -1 });
    expect(folder.hits).toHaveLength(2);
    expect(folder.hits[0]!.camera).not.toBeNull();
  });
});
