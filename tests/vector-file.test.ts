// A new process's first answers come from the compact vector file (int8, rescored exactly):
// the same photos as the writer's graph finds, photos indexed after the file included, and a
// damaged file only costs speed.
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../src-main/engine/engine.js';
import { indexedEngine, tempLibrary, type TempLibrary } from './helpers/library.js';

describe('the compact vector file', () => {
  let lib: TempLibrary;
  beforeAll(async () => {
    lib = await tempLibrary(2, 31);
    await (await indexedEngine(lib)).close();
  });
  afterAll(() => lib?.cleanup());
  const reader = () => Engine.open({ libraryDir: lib.library, model: 'tiny-clip', device: 'cpu', mode: 'read' });
  const queries = ['a photo of a red circle', 'a photo of a blue star', 'something green'];

  it('is written by the indexer and answers a reader exactly as a full scan does', async () => {
    expect(readdirSync(lib.library).some((f) => f.endsWith('.vectors'))).toBe(true);
    const r = await reader();
    try {
      for (const q of queries) {
        const fast = await r.search(q, { limit: 10, minScore: -1 });
        const exact = await r.search(q, { limit: 48, minScore: -1 }); // every photo: the exact order
        expect(fast.hits.map((h) => h.id), q).toEqual(exact.hits.slice(0, 10).map((h) => h.id));
      }
    } finally {
      await r.close();
    }
  });

  it('includes photos indexed after it was written, leaves out removed ones, and falls back when damaged', async () => {
    const file = join(lib.library, readdirSync(lib.library).find((f) => f.endsWith('.vectors'))!);
    const older = readFileSync(file);
    const blue = lib.written.find((w) => w.colour === 'blue' && w.shape === 'star')!;
    copyFileSync(join(lib.photos, blue.file), join(lib.photos, 'new-blue-star.jpg'));
    const writer = await Engine.open({ libraryDir: lib.library, model: 'tiny-clip', device: 'cpu' });
    await writer.indexAll();
    await writer.close();
    writeFileSync(file, older); // as if the file were written before the new photo
    const r = await reader();
    const hits = (await r.search(queries[1]!, { limit: 3, minScore: -1 })).hits.map((h) => h.path);
    expect(hits).toContain(join(lib.photos, 'new-blue-star.jpg'));
    await r.close();

    const editor = await Engine.open({ libraryDir: lib.library, model: 'tiny-clip', device: 'cpu', mode: 'edit' });
    await editor.removeFolder(lib.photos); // no writer lock: the file is not rewritten
    await editor.close();
    const after = await reader();
    expect((await after.search(queries[0]!, { limit: 5, minScore: -1 })).hits).toEqual([]); // removed photos never come back
    await after.close();
    writeFileSync(file, 'damaged');
    const again = await reader();
    expect((await again.search(queries[0]!, { limit: 5, minScore: -1 })).hits).toEqual([]);
    await again.close();
  });
});
