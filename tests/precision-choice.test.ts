// `auto` precision: the fastest for the device when the model measured its accuracy cost small,
// else fp32; and a library never changes precision by itself.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../src-main/engine/engine.js';
import { resolveModel } from '../src-main/engine/model-choice.js';
import { listModels } from '../src-main/engine/models.js';
import { choosePrecision, measuredSmallCost } from '../src-main/models/precision-choice.js';
import { precisionsIn } from '../src-main/models/model-files.js';
import { openLibraryStore } from '../src-main/store/library.js';
import { cliJson } from './helpers/cli.js';
import { tempLibrary } from './helpers/library.js';
import { TINY_CLIP } from './helpers/paths.js';

const tmp = mkdtempSync(join(tmpdir(), 'precision-choice-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** tiny-clip with its measured precisions replaced by `precisions` (undefined: none measured). */
function copyWithMetrics(name: string, precisions: Record<string, unknown> | undefined): string {
  const dir = join(tmp, name);
  cpSync(TINY_CLIP, dir, { recursive: true });
  const metrics = JSON.parse(readFileSync(join(TINY_CLIP, 'metrics.json'), 'utf8'));
  if (precisions) metrics.precisions = precisions;
  else delete metrics.precisions;
  writeFileSync(join(dir, 'metrics.json'), JSON.stringify(metrics));
  return dir;
}

describe('auto precision', () => {
  it('picks int8 on the CPU and fp16 on a GPU for the bundled model, whose cost was measured small', () => {
    expect(measuredSmallCost(TINY_CLIP, 'int8')).toBe(true);
    expect(choosePrecision(TINY_CLIP, precisionsIn(TINY_CLIP), false)).toBe('int8');
    expect(choosePrecision(TINY_CLIP, precisionsIn(TINY_CLIP), true)).toBe('fp16');
    expect(choosePrecision(TINY_CLIP, ['fp32'], false)).toBe('fp32'); // its files are absent
  });

  it('stays with fp32 when the cost was never measured, or was measured large', () => {
    const unmeasured = copyWithMetrics('unmeasured', undefined);
    expect(choosePrecision(unmeasured, precisionsIn(unmeasured), false)).toBe('fp32');
    const fp32 = { seen_top1: 1, held_out_top1: 0.6, image_cosine_to_fp32: 1, text_cosine_to_fp32: 1 };
    const lossy = copyWithMetrics('lossy', { fp32, int8: { ...fp32, held_out_top1: 0.55, image_cosine_to_fp32: 0.999, text_cosine_to_fp32: 0.999 } });
    expect(choosePrecision(lossy, precisionsIn(lossy), false)).toBe('fp32');
    const drifted = copyWithMetrics('drifted', { fp32, int8: { ...fp32, image_cosine_to_fp32: 0.95, text_cosine_to_fp32: 0.999 } });
    expect(choosePrecision(drifted, precisionsIn(drifted), false)).toBe('fp32');
  });

  it('a new library gets the fast precision; one indexed in fp32 keeps it, asked by name or not', async () => {
    const lib = await tempLibrary(1, 5);
    try {
      const fresh = await Engine.open({ libraryDir: lib.library, model: 'tiny-clip', device: 'cpu' });
      fresh.addFolder(lib.photos);
      await fresh.indexAll();
      expect(fresh.status().model.id).toBe('tiny-clip@int8');
      expect(fresh.status().model.title).toMatch(/\(int8\)/);
      await fresh.close();

      // A library from before `auto` (or chosen so): its active model is plain fp32 tiny-clip.
      const store = openLibraryStore(lib.library);
      store.meta.setActiveModel('tiny-clip');
      store.close();
      for (const model of [undefined, 'tiny-clip']) {
        const kept = resolveModel({ requested: model, libraryDir: lib.library, modelsDir: join(tmp, 'models') });
        expect(kept.key, `--model ${model}`).toBe('tiny-clip');
      }
      const status = cliJson<{ model: { id: string } }>(['status', '--json', '--library', lib.library, '--device', 'cpu']);
      expect(status.model.id).toBe('tiny-clip');
      // Asked for explicitly, another precision is another index.
      expect(resolveModel({ requested: 'tiny-clip', precision: 'fp16', libraryDir: lib.library, modelsDir: join(tmp, 'models') }).key).toBe('tiny-clip@fp16');
    } finally {
      lib.cleanup();
    }
  });

  it('the catalogue lists each precision with its size, and what auto picks', () => {
    const tiny = listModels(join(tmp, 'models')).find((m) => m.id === 'tiny-clip')!;
    expect(tiny.recommended).toBe('int8');
    expect(tiny.precisions.map((p) => p.precision)).toEqual(['fp32', 'fp16', 'int8']);
    const size = (p: string) => tiny.precisions.find((o) => o.precision === p)!.sizeMB;
    expect(size('int8')).toBeLessThan(size('fp16'));
    expect(size('fp16')).toBeLessThan(size('fp32'));
    const b32 = listModels(join(tmp, 'models')).find((m) => m.id === 'clip-vit-b-32')!;
    expect(b32.recommended).toBe('fp32'); // not downloaded, nothing measured
    expect(b32.precisions.every((p) => !p.downloaded)).toBe(true);
    expect(b32.precisions.find((p) => p.precision === 'int8')!.sizeMB).toBeLessThan(b32.sizeMB / 3);
  });

  it('a folder with int8 files only opens under auto, and a search with a precision not indexed fails clearly', async () => {
    const { rmSync: rm } = await import('node:fs');
    const only = copyWithMetrics('int8-only', undefined);
    for (const f of ['vision_model.onnx', 'text_model.onnx', 'vision_model_fp16.onnx', 'text_model_fp16.onnx']) rm(join(only, 'onnx', f));
    expect(choosePrecision(only, precisionsIn(only), false)).toBe('int8');
    const lib = await tempLibrary(1, 6);
    try {
      const common = ['--library', lib.library, '--device', 'cpu'];
      const { cli } = await import('./helpers/cli.js');
      expect(cli(['folders', 'add', lib.photos, ...common]).code).toBe(0);
      const indexed = cli(['index', '--model', only, ...common]);
      expect(indexed.code, indexed.stderr).toBe(0);
      const status = cliJson<{ model: { id: string; precision: string } }>(['status', ...common]);
      expect(status.model).toMatchObject({ id: `${only}@int8`, precision: 'int8' });
      const wrong = cli(['search', 'a photo of a red circle', '--model', 'tiny-clip', '--precision', 'fp16', ...common]);
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(new RegExp(`No photos are indexed with tiny-clip \\(fp16\\) yet; this library was indexed with .* \\(int8\\) \\(use --model .* --precision int8`));
    } finally {
      lib.cleanup();
    }
  });
});
