// Optimised model copies (embed/session-cache.ts): made once per machine, loaded with optimisation
// off, the same embeddings as the original; a damaged copy costs speed, never an answer.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ClipModel } from '../src-main/embed/clip-model.js';
import { cachedModel, saveOptimisedModels } from '../src-main/embed/session-cache.js';
import { dot } from '../src-main/embed/vectors.js';
import { readModelFiles } from '../src-main/models/model-files.js';
import { TINY_CLIP } from './helpers/paths.js';

describe('optimised model copies', () => {
  const cache = mkdtempSync(join(tmpdir(), 'onnx-cache-'));
  afterAll(() => rmSync(cache, { recursive: true, force: true }));
  const files = readModelFiles(TINY_CLIP);

  it('are made in a process of their own and give the same embeddings', async () => {
    expect(cachedModel(files.textModel, cache)).toBeUndefined();
    await saveOptimisedModels([files.textModel, files.visionModel], cache, { wait: true });
    expect(cachedModel(files.textModel, cache)).toMatch(/model\.onnx$/);
    expect(cachedModel(files.visionModel, cache)).toMatch(/model\.onnx$/);
    const plain = await ClipModel.load(TINY_CLIP, 'cpu');
    const cached = await ClipModel.load(TINY_CLIP, 'cpu', { cacheDir: cache });
    const texts = ['a photo of a red circle', 'star'];
    const [a, b] = [await plain.embedTexts(texts), await cached.embedTexts(texts)];
    texts.forEach((_, i) => expect(dot(a[i]!, b[i]!)).toBeGreaterThan(0.9999));
    const pixels = plain.pixelBuffer(1).map((_, i) => Math.sin(i));
    expect(dot((await plain.embedPixels(pixels, 1))[0]!, (await cached.embedPixels(pixels, 1))[0]!)).toBeGreaterThan(0.9999);
    await Promise.all([plain.release(), cached.release()]);
  });

  it('falls back to the original when a copy is damaged', async () => {
    const dir = readdirSync(cache).find((d) => d.startsWith('text_model'))!;
    writeFileSync(join(cache, dir, 'model.onnx'), 'not a model');
    const model = await ClipModel.load(TINY_CLIP, 'cpu', { cacheDir: cache });
    expect((await model.embedTexts(['star']))[0]!.length).toBe(model.dim);
    await model.release();
  });
});
