// The model downloader against a local server in the hub's URL layout, serving tiny-clip.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ClipModel } from '../src-main/embed/clip-model.js';
import { downloadModel, type DownloadProgress } from '../src-main/models/download.js';
import { locateModel, type RegistryModel } from '../src-main/models/registry.js';
import { precisionsIn } from '../src-main/models/model-files.js';
import { choosePrecision } from '../src-main/models/precision-choice.js';
import { checkPrecision } from '../src-main/engine/precision-check.js';
import { startFakeHub, type FakeHub } from './helpers/fake-hub.js';
import { TINY_CLIP } from './helpers/paths.js';

const FILES = ['config.json', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/vision_model.onnx', 'onnx/text_model.onnx'];
const entry: RegistryModel = { id: 'clip-vit-b-32', title: 'test', repo: 'test-org/tiny-clip', revision: 'main', files: FILES, sizeMB: 8, languages: ['en'], languagesText: 'English', relevanceFloor: 0.3, note: '' };

describe('model download', () => {
  let hub: FakeHub;
  let modelsDir: string;
  beforeAll(async () => {
    hub = await startFakeHub('test-org/tiny-clip', TINY_CLIP);
  });
  afterAll(() => hub.close());
  beforeEach(() => {
    modelsDir = mkdtempSync(join(tmpdir(), 'models-'));
    hub.requests.length = 0;
    return () => rmSync(modelsDir, { recursive: true, force: true });
  });

  it('downloads every file, reports progress, verifies, and the model loads', async () => {
    const seen: DownloadProgress[] = [];
    const dir = await downloadModel(entry, modelsDir, { hubUrl: hub.url, onProgress: (p) => seen.push(p) });
    const same = (a: string, b: string) => readFileSync(a).equals(readFileSync(b)); // toEqual on MBs of bytes is slow
    for (const f of FILES) expect(same(join(dir, f), join(TINY_CLIP, f)), f).toBe(true);
    expect(existsSync(join(dir, '.complete'))).toBe(true);
    const total = FILES.reduce((n, f) => n + statSync(join(TINY_CLIP, f)).size, 0);
    expect(seen.at(-1)).toMatchObject({ receivedBytes: total, totalBytes: total });
    expect(seen.every((p, i) => i === 0 || p.receivedBytes >= seen[i - 1]!.receivedBytes)).toBe(true);
    expect(locateModel('clip-vit-b-32', modelsDir).needsDownload).toBe(false);
    const model = await ClipModel.load(dir, 'cpu');
    expect(model.dim).toBe(64);
    await model.release();
  });

  it('resumes an interrupted download with a Range request, and nothing looks complete before', async () => {
    hub.fault = { file: 'onnx/vision_model.onnx', kind: 'cut', after: 1_000_000 };
    await expect(downloadModel(entry, modelsDir, { hubUrl: hub.url })).rejects.toThrow();
    expect(existsSync(join(modelsDir, 'clip-vit-b-32'))).toBe(false);
    expect(locateModel('clip-vit-b-32', modelsDir).needsDownload).toBe(true);
    const partial = join(modelsDir, 'clip-vit-b-32.download', 'onnx', 'vision_model.onnx.incomplete');
    const kept = statSync(partial).size; // what arrived before the connection broke
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(1_000_000);

    const dir = await downloadModel(entry, modelsDir, { hubUrl: hub.url });
    const resumed = hub.requests.find((r) => r.path.endsWith('vision_model.onnx') && r.range);
    expect(resumed?.range).toBe(`bytes=${kept}-`);
    expect(readFileSync(join(dir, 'onnx/vision_model.onnx')).equals(readFileSync(join(TINY_CLIP, 'onnx/vision_model.onnx')))).toBe(true);
    // Files finished before the interruption are not fetched again.
    expect(hub.requests.filter((r) => r.path.endsWith('/main/config.json')).length).toBe(1);
  });

  it('rejects a corrupted file by its SHA-256, keeps nothing of it, and succeeds on retry', async () => {
    hub.fault = { file: 'onnx/text_model.onnx', kind: 'corrupt' };
    await expect(downloadModel(entry, modelsDir, { hubUrl: hub.url })).rejects.toThrow(/failed verification.*SHA-256/);
    expect(existsSync(join(modelsDir, 'clip-vit-b-32'))).toBe(false);
    expect(readdirSync(join(modelsDir, 'clip-vit-b-32.download', 'onnx'))).not.toContain('text_model.onnx');
    const dir = await downloadModel(entry, modelsDir, { hubUrl: hub.url });
    expect(existsSync(join(dir, '.complete'))).toBe(true);
  });

  it('rejects a corrupted small file by its git hash', async () => {
    hub.fault = { file: 'tokenizer.json', kind: 'corrupt' };
    await expect(downloadModel(entry, modelsDir, { hubUrl: hub.url })).rejects.toThrow(/tokenizer.json failed verification.*git SHA-1/);
  });

  it('adds a precision beside another: only its towers are fetched, each precision has its own marker', async () => {
    await downloadModel(entry, modelsDir, { hubUrl: hub.url });
    expect(locateModel('clip-vit-b-32', modelsDir, 'int8').needsDownload).toBe(true);
    hub.requests.length = 0;
    const dir = await downloadModel(entry, modelsDir, { hubUrl: hub.url, precision: 'int8' });
    const fetched = hub.requests.filter((r) => r.path.includes('/resolve/')).map((r) => r.path.split('/main/')[1]).sort();
    expect(fetched).toEqual(['onnx/text_model_quantized.onnx', 'onnx/vision_model_quantized.onnx']);
    expect(existsSync(join(dir, '.complete-int8'))).toBe(true);
    expect(existsSync(join(dir, '.complete'))).toBe(true); // fp32 untouched
    expect(locateModel('clip-vit-b-32', modelsDir, 'int8').needsDownload).toBe(false);
    expect(locateModel('clip-vit-b-32', modelsDir, 'fp16').needsDownload).toBe(true);
    for (const precision of ['fp32', 'int8'] as const) {
      const model = await ClipModel.load(dir, 'cpu', { precision });
      expect(model.files.textModel).toMatch(precision === 'int8' ? /_quantized\.onnx$/ : /text_model\.onnx$/);
      await model.release();
    }
  });

  it('downloads a precision alone, and refuses one the layout does not publish', async () => {
    const dir = await downloadModel(entry, modelsDir, { hubUrl: hub.url, precision: 'fp16' });
    expect(existsSync(join(dir, 'onnx', 'vision_model_fp16.onnx'))).toBe(true);
    expect(existsSync(join(dir, 'onnx', 'vision_model.onnx'))).toBe(false);
    expect(locateModel('clip-vit-b-32', modelsDir, 'fp16').needsDownload).toBe(false);
    expect(locateModel('clip-vit-b-32', modelsDir).needsDownload).toBe(true); // fp32 was not fetched
    const openClip: RegistryModel = { ...entry, id: 'open-clip-test', files: ['config.json', 'visual/model.onnx', 'textual/model.onnx'] };
    await expect(downloadModel(openClip, modelsDir, { hubUrl: hub.url, precision: 'int8' })).rejects.toThrow(/published in fp32 only/);
  });

  it('measures a downloaded int8 against fp32 on this computer, and auto then uses it', async () => {
    const dir = await downloadModel(entry, modelsDir, { hubUrl: hub.url });
    expect(choosePrecision(dir, precisionsIn(dir), false)).toBe('fp32'); // int8 not here yet
    await downloadModel(entry, modelsDir, { hubUrl: hub.url, precision: 'int8' });
    expect(choosePrecision(dir, precisionsIn(dir), false)).toBe('fp32'); // here, but never measured
    const cost = await checkPrecision(dir, 'int8');
    expect(cost.image_cosine_to_fp32).toBeGreaterThan(0.999);
    expect(cost.top1_agreement).toBeGreaterThan(0.95);
    expect(JSON.parse(readFileSync(join(dir, 'precision-check.json'), 'utf8')).precisions.int8.probe).toMatch(/48 generated photos, 333 default labels/);
    expect(choosePrecision(dir, precisionsIn(dir), false)).toBe('int8');
  }, 60_000);
});
