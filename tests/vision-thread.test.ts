// The image tower runs on a thread of its own: while a batch is in the model, the indexer's thread
// goes on reading files and answering searches. And a file is read whole, even one that grew.
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ClipModel } from '../src-main/embed/clip-model.js';
import { dot } from '../src-main/embed/vectors.js';
import { readWholeFile } from '../src-main/library/scanner.js';
import { TINY_CLIP } from './helpers/paths.js';

const tmp = mkdtempSync(join(tmpdir(), 'vision-thread-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the image tower on its own thread', () => {
  it('lets timers run while a batch is embedded, and gives the same embeddings as one image at a time', async () => {
    const model = await ClipModel.load(TINY_CLIP, 'cpu');
    try {
      await model.ensureVision();
      const n = 96;
      const pixels = model.pixelBuffer(n);
      for (let i = 0; i < pixels.length; i++) pixels[i] = Math.sin(i * 0.001 + Math.floor(i / 150_528));
      let ticks = 0;
      const timer = setInterval(() => ticks++, 1);
      const started = performance.now();
      const batch = await model.embedPixels(pixels, n);
      const ms = performance.now() - started;
      clearInterval(timer);
      expect(batch).toHaveLength(n);
      // A run on this thread would let no timer fire until it returned.
      expect(ticks).toBeGreaterThan(Math.min(5, ms / 10));
      // The caller's buffer is copied, not taken: still usable, and one image alone embeds the same.
      const side = 3 * model.imageSize * model.imageSize;
      const alone = await model.embedPixels(pixels.subarray(5 * side, 6 * side), 1);
      expect(dot(alone[0]!, batch[5]!)).toBeGreaterThan(0.9999);
    } finally {
      await model.release();
    }
  });
});

describe('reading a whole file', () => {
  it('reads exactly the file, and all of it when it grew after its size was taken', async () => {
    const path = join(tmp, 'photo.jpg');
    const bytes = Buffer.from(Array.from({ length: 100_000 }, (_, i) => i % 251));
    writeFileSync(path, bytes);
    expect((await readWholeFile(path, bytes.length)).equals(bytes)).toBe(true);
    appendFileSync(path, Buffer.alloc(250_000, 7)); // grew since the size was taken
    const grown = await readWholeFile(path, bytes.length);
    expect(grown.length).toBe(350_000);
    expect(grown.subarray(0, 100_000).equals(bytes)).toBe(true);
    expect((await readWholeFile(path, 10)).length).toBe(350_000); // far larger than said
    await expect(readWholeFile(join(tmp, 'gone.jpg'), 10)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
