// Both public layouts load through the same code; sizes and names come from the files; a broken
// folder fails with a message naming the file.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ClipModel } from '../src-main/embed/clip-model.js';
import { candidates, createSessions } from '../src-main/embed/execution-providers.js';
import { dot } from '../src-main/embed/vectors.js';
import { readModelFiles } from '../src-main/models/model-files.js';
import { FIXTURES, TINY_CLIP } from './helpers/paths.js';

const tmp = mkdtempSync(join(tmpdir(), 'model-files-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** tiny-clip rewritten in the Immich / open_clip layout (layout B). */
function openClipCopy(): string {
  const dir = join(tmp, 'open-clip');
  mkdirSync(join(dir, 'visual'), { recursive: true });
  mkdirSync(join(dir, 'textual'), { recursive: true });
  const hf = JSON.parse(readFileSync(join(TINY_CLIP, 'config.json'), 'utf8'));
  const pre = JSON.parse(readFileSync(join(TINY_CLIP, 'preprocessor_config.json'), 'utf8'));
  cpSync(join(TINY_CLIP, 'onnx', 'vision_model.onnx'), join(dir, 'visual', 'model.onnx'));
  cpSync(join(TINY_CLIP, 'onnx', 'text_model.onnx'), join(dir, 'textual', 'model.onnx'));
  cpSync(join(TINY_CLIP, 'tokenizer.json'), join(dir, 'textual', 'tokenizer.json'));
  writeFileSync(join(dir, 'textual', 'tokenizer_config.json'), JSON.stringify({ pad_token: '<|endoftext|>' }));
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ embed_dim: hf.projection_dim, text_cfg: { context_length: 77 }, vision_cfg: { image_size: 224 } }));
  writeFileSync(join(dir, 'visual', 'preprocess_cfg.json'), JSON.stringify({ size: [224, 224], mode: 'RGB', mean: pre.image_mean, std: pre.image_std, interpolation: 'bicubic', resize_mode: 'shortest' }));
  return dir;
}

describe('model folders', () => {
  it('reads layout A (Hugging Face ONNX) sizes from the configs', () => {
    const files = readModelFiles(TINY_CLIP);
    expect(files.layout).toBe('hf-onnx');
    expect(files.image).toMatchObject({ size: 224, resample: 'cubic', resizeMode: 'shortest' });
    expect(files.contextLength).toBe(77);
    expect(files.embedDim).toBe(64);
  });

  it('loads layout B (Immich / open_clip) and gives the same embeddings', async () => {
    const dir = openClipCopy();
    expect(readModelFiles(dir).layout).toBe('open-clip-onnx');
    const [a, b] = await Promise.all([ClipModel.load(TINY_CLIP, 'cpu'), ClipModel.load(dir, 'cpu')]);
    const img = readFileSync(join(FIXTURES, 'reference-images', 'red-circle.jpg'));
    const [va] = await a.embedImageBuffers([img]);
    const [vb] = await b.embedImageBuffers([img]);
    expect(dot(va!, vb!)).toBeGreaterThan(0.9999);
    const [ta] = await a.embedTexts(['a red circle']);
    const [tb] = await b.embedTexts(['a red circle']);
    expect(dot(ta!, tb!)).toBeGreaterThan(0.9999);
    await Promise.all([a.release(), b.release()]);
  });

  it('names the file and the problem when a folder is broken', async () => {
    const dir = join(tmp, 'broken');
    cpSync(TINY_CLIP, dir, { recursive: true });
    rmSync(join(dir, 'onnx', 'text_model.onnx'));
    expect(() => readModelFiles(dir)).toThrow(/text_model\.onnx: missing/);
    cpSync(join(TINY_CLIP, 'onnx', 'text_model.onnx'), join(dir, 'onnx', 'text_model.onnx'));
    const pre = JSON.parse(readFileSync(join(dir, 'preprocessor_config.json'), 'utf8'));
    writeFileSync(join(dir, 'preprocessor_config.json'), JSON.stringify({ ...pre, image_mean: [0.5] }));
    expect(() => readModelFiles(dir)).toThrow(/preprocessor_config\.json: image_mean should be three numbers/);
    writeFileSync(join(dir, 'preprocessor_config.json'), JSON.stringify({ ...pre, size: { shortest_edge: 336 }, crop_size: { height: 336, width: 336 } }));
    const model = await ClipModel.load(dir, 'cpu'); // the image tower loads on first use
    await expect(model.ensureVision()).rejects.toThrow(/takes 224x224 images but the preprocessing config says 336/);
    await model.release();
    expect(() => readModelFiles(join(tmp, 'nothing-here'))).toThrow(/model folder not found/);
  });
});

describe('execution providers', () => {
  it('tries the GPU providers that fit the platform, then the CPU', () => {
    expect(candidates('auto', 'win32')).toEqual(['dml', 'webgpu', 'cpu']);
    expect(candidates('auto', 'darwin')).toEqual(['coreml', 'webgpu', 'cpu']);
    expect(candidates('auto', 'linux')).toEqual(['cuda', 'webgpu', 'cpu']);
    expect(candidates('cpu')).toEqual(['cpu']);
    expect(candidates('cuda')).toEqual(['cuda', 'cpu']);
  });

  it.each(['cuda', 'dml', 'coreml', 'webgpu', 'auto'] as const)('asking for %s where it is absent falls back to the CPU with a reason', async (device) => {
    const { sessions, choice } = await createSessions([join(TINY_CLIP, 'onnx', 'text_model.onnx')], device);
    expect(choice.provider).toBe('cpu');
    expect(choice.fallbacks.length).toBeGreaterThan(0);
    expect(choice.fallbacks.join(' ')).toMatch(/unavailable/);
    await Promise.all(sessions.map((s) => s.release()));
  });
});
