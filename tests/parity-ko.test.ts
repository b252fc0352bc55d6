// The bilingual bundled model (models/tiny-clip-ko) in the multilingual models' layout (B: open_clip / Immich, a
// SentencePiece Unigram tokenizer, input_ids + attention_mask): the TypeScript pipeline must reproduce what PyTorch and
// SentencePiece computed (tests/fixtures/tiny-clip-ko-reference.json, written by training/train_ko.py), and an export
// whose batch is fixed at 1 (as some real exports are) must give the same embeddings, run one input at a time.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClipModel } from '../src-main/embed/clip-model.js';
import { dot } from '../src-main/embed/vectors.js';
import { readModelFiles } from '../src-main/models/model-files.js';
import { cliJson } from './helpers/cli.js';
import { FIXTURES, ROOT } from './helpers/paths.js';

const TINY_CLIP_KO = join(ROOT, 'models', 'tiny-clip-ko');

interface Reference {
  layout: string;
  images: { file: string; embedding: number[] }[];
  texts: { text: string; checks: string; nfd: boolean; input_ids: number[]; embedding: number[] }[];
}
const reference = JSON.parse(readFileSync(join(FIXTURES, 'tiny-clip-ko-reference.json'), 'utf8')) as Reference;

describe('tiny-clip-ko: parity with the PyTorch and SentencePiece reference', () => {
  let model: ClipModel;
  beforeAll(async () => {
    model = await ClipModel.load(TINY_CLIP_KO, 'cpu');
  });
  afterAll(() => model?.release());

  it('is read as layout B, with the SentencePiece pad token', () => {
    const files = readModelFiles(TINY_CLIP_KO);
    expect(files.layout).toBe('open-clip-onnx');
    expect(reference.layout).toBe('open-clip-onnx');
    expect(files.padToken).toBe('<pad>');
    expect(model.tokenizer.padId).toBe(1);
  });

  it('covers Korean, mixed-language and decomposed (NFD) texts', () => {
    expect(reference.texts.some((t) => t.nfd && t.text !== t.text.normalize('NFC'))).toBe(true);
    expect(reference.texts.some((t) => /[\uAC00-\uD7AF]/.test(t.text) && /[a-z]/i.test(t.text))).toBe(true);
  });

  it.each(reference.texts.map((t) => [`${t.text.normalize('NFC')}${t.nfd ? ' (NFD)' : ''}`, t] as const))('text %s: the same ids', (_name, t) => {
    expect(model.tokenizer.encode(t.text)).toEqual(t.input_ids);
    // Starts with <s> 0 and ends with </s> 2, as the XLM-R models' template does.
    expect([t.input_ids[0], t.input_ids.at(-1)]).toEqual([0, 2]);
  });

  it('texts: cosine >= 0.999, in one padded batch (the mask keeps padding out of the mean)', async () => {
    const vs = await model.embedTexts(reference.texts.map((t) => t.text));
    const cosines = reference.texts.map((t, i) => dot(vs[i]!, Float32Array.from(t.embedding)));
    console.log(`tiny-clip-ko text parity: lowest cosine ${Math.min(...cosines).toFixed(6)} over ${cosines.length} texts`);
    for (const c of cosines) expect(c).toBeGreaterThanOrEqual(0.999);
  });

  it.each(reference.images.map((r) => [r.file, r] as const))('image %s: cosine >= 0.999', async (_name, ref) => {
    const [v] = await model.embedImageBuffers([readFileSync(join(FIXTURES, ref.file))]);
    expect(dot(v!, Float32Array.from(ref.embedding))).toBeGreaterThanOrEqual(0.999);
  });

  it('the CLI `tokenize` and `embed --text` with --model tiny-clip-ko give the same ids and vector', () => {
    const nfd = reference.texts.find((t) => t.nfd)!;
    expect(cliJson<number[]>(['tokenize', nfd.text, '--model', 'tiny-clip-ko'])).toEqual(nfd.input_ids);
    const txt = cliJson<{ embedding: number[] }>(['embed', '--text', reference.texts[0]!.text, '--model', 'tiny-clip-ko', '--device', 'cpu']);
    expect(dot(Float32Array.from(txt.embedding), Float32Array.from(reference.texts[0]!.embedding))).toBeGreaterThanOrEqual(0.999);
  });
});

describe('tiny-clip-ko exported with its batch fixed at 1 (training/fix_batch.py)', () => {
  let dir: string;
  let batch1: ClipModel;
  let normal: ClipModel;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tiny-clip-ko-b1-'));
    const out = join(dir, 'tiny-clip-ko-b1');
    const r = spawnSync(join(ROOT, 'scripts', 'python3'), [join(ROOT, 'training', 'fix_batch.py'), TINY_CLIP_KO, out], { encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`fix_batch.py failed: ${r.stderr}`);
    [batch1, normal] = await Promise.all([ClipModel.load(out, 'cpu'), ClipModel.load(TINY_CLIP_KO, 'cpu')]);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([batch1?.release(), normal?.release()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // onnxruntime refuses a batch of 18 for an input declared [1, ...]: these calls succeed only when split into runs of one.
  it('takes one input per run, and a batch of texts and of photos is split into runs of one', async () => {
    expect((await batch1.ensureVision()).info.maxBatch).toBe(1);
    const texts = reference.texts.map((t) => t.text);
    const [a, b] = [await batch1.embedTexts(texts), await normal.embedTexts(texts)];
    expect(a).toHaveLength(texts.length);
    a.forEach((v, i) => expect(dot(v, b[i]!)).toBeGreaterThanOrEqual(0.9999));
    const images = reference.images.map((r) => readFileSync(join(FIXTURES, r.file)));
    const [p, q] = [await batch1.embedImageBuffers(images), await normal.embedImageBuffers(images)];
    expect(p).toHaveLength(images.length);
    p.forEach((v, i) => expect(dot(v, q[i]!)).toBeGreaterThanOrEqual(0.9999));
  });

  it('indexes and searches a library with the same results as the normal export', async () => {
    const { Engine } = await import('../src-main/engine/engine.js');
    const { tempLibrary } = await import('./helpers/library.js');
    const lib = await tempLibrary(1);
    const results: { path: string; score: number }[][][] = [];
    try {
      for (const model of [join(dir, 'tiny-clip-ko-b1'), 'tiny-clip-ko']) {
        const engine = await Engine.open({ libraryDir: join(lib.root, `library-${results.length}`), model, device: 'cpu' });
        try {
          engine.addFolder(lib.photos);
          await engine.indexAll();
          const answers = [];
          for (const q of ['빨간 원', 'a photo of a blue star', '노란 네모']) {
            const r = await engine.search(q, { limit: 5, minScore: -1 });
            answers.push(r.hits.map((h) => ({ path: h.path, score: h.score })));
          }
          results.push(answers);
        } finally {
          await engine.close();
        }
      }
    } finally {
      lib.cleanup();
    }
    const [b1, normal] = results as [typeof results[0], typeof results[0]];
    b1.forEach((hits, q) => {
      expect(hits.map((h) => h.path)).toEqual(normal[q]!.map((h) => h.path));
      hits.forEach((h, i) => expect(Math.abs(h.score - normal[q]![i]!.score)).toBeLessThan(1e-4));
    });
  });
});

describe('tiny-clip-ko with int32 text inputs of fixed shape [1, 77], as Immich exports declare them', () => {
  let dir: string;
  let int32: ClipModel;
  let normal: ClipModel;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tiny-clip-ko-int32-'));
    const out = join(dir, 'tiny-clip-ko-int32');
    const r = spawnSync(join(ROOT, 'scripts', 'python3'), [join(ROOT, 'tests', 'helpers', 'int32_text_inputs.py'), TINY_CLIP_KO, out], { encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`int32_text_inputs.py failed: ${r.stderr}`);
    [int32, normal] = await Promise.all([ClipModel.load(out, 'cpu'), ClipModel.load(TINY_CLIP_KO, 'cpu')]);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([int32?.release(), normal?.release()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // onnxruntime refuses int64 for an int32 input, and a length other than 77: these succeed only when the app feeds
  // what the graph declares (padded to 77, one text per run); the mask keeps the padding out of the pooled embedding.
  it('feeds int32 ids and mask padded to 77, one text per run, with the same embeddings', async () => {
    const texts = reference.texts.map((t) => t.text);
    const [a, b] = [await int32.embedTexts(texts), await normal.embedTexts(texts)];
    a.forEach((v, i) => expect(dot(v, b[i]!)).toBeGreaterThanOrEqual(0.9999));
    a.forEach((v, i) => expect(dot(v, Float32Array.from(reference.texts[i]!.embedding))).toBeGreaterThanOrEqual(0.999));
  });
});
