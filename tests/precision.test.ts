// Precisions: the bundled model's int8 and fp16 files load through the normal model path, each is
// its own index, and they find what fp32 finds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../src-main/engine/engine.js';
import { precisionsIn } from '../src-main/models/model-files.js';
import { tempLibrary, type TempLibrary } from './helpers/library.js';
import { TINY_CLIP } from './helpers/paths.js';
import { cli } from './helpers/cli.js';

describe('model precisions', () => {
  let lib: TempLibrary;
  beforeAll(async () => {
    lib = await tempLibrary(1, 41);
  });
  afterAll(() => lib?.cleanup());

  it('ships tiny-clip in fp32, int8 and fp16', () => {
    expect(precisionsIn(TINY_CLIP)).toEqual(['fp32', 'fp16', 'int8']);
  });

  for (const precision of ['int8', 'fp16'] as const) {
    it(`indexes and searches with ${precision}, in an index of its own`, async () => {
      const engine = await Engine.open({ libraryDir: lib.library, model: 'tiny-clip', device: 'cpu', precision });
      try {
        engine.addFolder(lib.photos);
        await engine.indexAll();
        expect(engine.status().model.id).toBe(`tiny-clip@${precision}`);
        expect(engine.status().indexed).toBe(24);
        for (const [colour, shape] of [['red', 'circle'], ['blue', 'square'], ['green', 'star']]) {
          const res = await engine.search(`a photo of a ${colour} ${shape}`, { limit: 1, minScore: -1 });
          expect(res.hits[0]?.path, `${precision}: ${colour} ${shape}`).toMatch(new RegExp(`${colour}-${shape}`));
        }
      } finally {
        await engine.close();
      }
    });
  }

  it('keeps the precision a library was indexed with, and refuses one a model lacks', () => {
    const status = cli(['status', '--json', '--library', lib.library, '--device', 'cpu']);
    expect(JSON.parse(status.stdout).model.id).toMatch(/^tiny-clip@(int8|fp16)$/); // the active one, as stored
    const bad = cli(['status', '--library', lib.library, '--precision', 'int4']);
    expect(bad.code).toBe(2);
  });
});
