// The TypeScript pipeline (sharp preprocessing, @huggingface/tokenizers, onnxruntime-node) must
// reproduce the embeddings PyTorch computed for the committed reference images and captions.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClipModel } from '../src-main/embed/clip-model.js';
import { dot } from '../src-main/embed/vectors.js';
import { cliJson } from './helpers/cli.js';
import { FIXTURES, TINY_CLIP } from './helpers/paths.js';

interface Reference {
  images: { file: string; embedding: number[] }[];
  texts: { text: string; input_ids: number[]; embedding: number[] }[];
}
const reference = JSON.parse(readFileSync(join(FIXTURES, 'tiny-clip-reference.json'), 'utf8')) as Reference;

describe('parity with the PyTorch reference', () => {
  let model: ClipModel;
  beforeAll(async () => {
    model = await ClipModel.load(TINY_CLIP, 'cpu');
  });
  afterAll(() => model.release());

  it.each(reference.images.map((r) => [r.file, r] as const))('image %s: cosine >= 0.999', async (_name, ref) => {
    const [v] = await model.embedImageBuffers([readFileSync(join(FIXTURES, ref.file))]);
    expect(dot(v!, Float32Array.from(ref.embedding))).toBeGreaterThanOrEqual(0.999);
  });

  it('texts: same ids and cosine >= 0.999, in one padded batch', async () => {
    const vs = await model.embedTexts(reference.texts.map((t) => t.text));
    reference.texts.forEach((t, i) => {
      expect(model.tokenizer.encode(t.text)).toEqual(t.input_ids);
      expect(dot(vs[i]!, Float32Array.from(t.embedding))).toBeGreaterThanOrEqual(0.999);
    });
  });

  it('the CLI `embed` prints the same L2-normalised vectors', () => {
    const img = reference.images[2]!; // the EXIF-rotated one
    const out = cliJson<{ embedding: number[] }>(['embed', '--image', join(FIXTURES, img.file), '--model', TINY_CLIP, '--device', 'cpu']);
    const norm = Math.hypot(...out.embedding);
    expect(norm).toBeCloseTo(1, 5);
    expect(dot(Float32Array.from(out.embedding), Float32Array.from(img.embedding))).toBeGreaterThanOrEqual(0.999);
    const txt = cliJson<{ embedding: number[] }>(['embed', '--text', reference.texts[0]!.text, '--model', TINY_CLIP]);
    expect(dot(Float32Array.from(txt.embedding), Float32Array.from(reference.texts[0]!.embedding))).toBeGreaterThanOrEqual(0.999);
  });

  it('the CLI `tokenize` prints the ids the text encoder receives', () => {
    const ids = cliJson<number[]>(['tokenize', reference.texts[1]!.text, '--model', TINY_CLIP]);
    expect(ids).toEqual(reference.texts[1]!.input_ids);
  });
});
