// The model catalogue for front ends: which models exist, which are downloaded, downloading one,
// and running one model on its own (the CLI's embed and tokenize) without opening a library.
import { readFileSync, statSync } from 'node:fs';
import { ClipModel } from '../embed/clip-model.js';
import { DEVICES, isDevice, type Device } from '../embed/execution-providers.js';
import type { PhotoView } from '../embed/photo-views.js';
import { DomainError, notFound } from '../errors.js';
import { downloadModel as download, type DownloadProgress } from '../models/download.js';
import { PRECISIONS, precisionsIn, readModelFiles, towerFile, type Precision } from '../models/model-files.js';
import { choosePrecision, fastestPrecision, measuredSmallCost, type PrecisionChoice } from '../models/precision-choice.js';
import { checkPrecision, type PrecisionCost } from './precision-check.js';
import { BUNDLED_MODEL, DEFAULT_MODEL, findModel, locateModel, MODELS, packageRoot, splitModelKey, type RegistryModel } from '../models/registry.js';
import { defaultModelsDir } from './library-path.js';
import { readsScript, type Script } from '../../src-shared/scripts.js';
import { modelMissing, resolveModel } from './model-choice.js';

export { BUNDLED_MODEL, DEFAULT_MODEL, DEVICES, isDevice, packageRoot, PRECISIONS, splitModelKey };
export type { Device, DownloadProgress, Precision, PrecisionChoice, RegistryModel };

export function isPrecision(value: string): value is Precision {
  return (PRECISIONS as readonly string[]).includes(value);
}

/** One precision of a catalogue model. */
export interface PrecisionOption {
  precision: Precision;
  sizeMB: number; // download size: the registry's for fp32, estimated (about) for the others
  downloaded: boolean; // its files are complete (bundled: present)
  measuredSmallCost: boolean; // its accuracy cost was measured and is small (precision-choice.ts)
}

export interface CatalogueEntry {
  id: string;
  title: string;
  sizeMB: number; // download size at `recommended`
  languages: readonly string[]; // BCP-47 codes (models/registry.ts)
  languagesText: string;
  note: string;
  downloadable: boolean; // false: bundled with the app
  downloaded: boolean; // its files at `recommended` are complete in `modelsDir` (always true when bundled)
  precisions: PrecisionOption[]; // what the model publishes (bundled: what the folder holds)
  recommended: Precision; // what `auto` picks on this device (see choosePrecision)
}

/**
 * Share of the fp32 download a precision's files take: fp16 stores each weight in 2 bytes instead of 4; int8
 * (dynamic quantisation) stores the matrix weights in 1 byte and keeps the rest (embeddings, norms) in fp32,
 * about 0.26 for ViT-B/32 (Xenova/clip-vit-base-patch32: 154 of 606 MB). An estimate for the picker; the
 * download itself reports exact sizes.
 */
const SIZE_SHARE: Record<Precision, number> = { fp32: 1, fp16: 0.5, int8: 0.26 };

/** Every model the app knows by name, its precisions, and what is ready in `modelsDir`; `onGpu`: the device runs a GPU provider. */
export function listModels(modelsDir: string, onGpu = false): CatalogueEntry[] {
  return MODELS.map((m) => {
    const fp32 = locateModel(m.id, modelsDir, 'fp32');
    const published: Precision[] = !m.repo ? precisionsIn(fp32.dir) : m.files.includes(towerFile('vision_model', 'fp32')) ? [...PRECISIONS] : ['fp32'];
    const precisions = published.map((precision) => ({
      precision,
      sizeMB: m.repo ? Math.round(m.sizeMB * SIZE_SHARE[precision]) : precisionSizeMB(fp32.dir, precision, m.sizeMB),
      downloaded: !locateModel(m.id, modelsDir, precision).needsDownload,
      measuredSmallCost: measuredSmallCost(fp32.dir, precision),
    }));
    const recommended = choosePrecision(fp32.dir, precisions.filter((p) => p.downloaded).map((p) => p.precision), onGpu);
    const chosen = precisions.find((p) => p.precision === recommended)!;
    return {
      id: m.id,
      title: m.title,
      sizeMB: chosen.sizeMB,
      languages: m.languages,
      languagesText: m.languagesText,
      note: m.note,
      downloadable: m.repo !== undefined,
      downloaded: chosen.downloaded,
      precisions,
      recommended,
    };
  });
}

/** MB of a bundled model's two towers at `precision`, in either layout; `fallback` when its files cannot be read. */
function precisionSizeMB(dir: string, precision: Precision, fallback: number): number {
  try {
    const files = readModelFiles(dir, precision);
    const bytes = [files.visionModel, files.textModel].reduce((n, f) => n + statSync(f).size, 0);
    return Math.round(bytes / 1e5) / 10;
  } catch {
    return fallback; // ClipModel.load says what is wrong when the model is used
  }
}

/** The registry entry of `id`; undefined for an unknown id. */
/**
 * For a query in `script` that the model `modelKey` (id, maybe with `@precision`) does not read: its name and
 * languages in words, and the registry model to use instead (the bundled bilingual one for a bundled model, else the
 * smallest download that reads the script). Undefined when the model reads the script.
 */
export function unreadScriptAdvice(model: { id: string; languages: readonly string[] }, script: Script): { name: string; reads: string; use?: RegistryModel } | undefined {
  if (readsScript(model, script)) return undefined;
  const name = model.id.split('@')[0]!;
  const entry = findModel(name);
  const use = MODELS.filter((m) => readsScript(m, script) && !m.repo === !entry?.repo).sort((a, b) => a.sizeMB - b.sizeMB)[0];
  return { name, reads: entry?.languagesText ?? model.languages.join(', '), use };
}

export function modelEntry(id: string): RegistryModel | undefined {
  return findModel(id);
}

/**
 * Downloads model `id`'s files at `opts.precision` into `<modelsDir>/<id>/` (resumable, verified) and returns
 * that folder. Without a precision (`auto`): fp32, then the precision that runs fastest on the device (int8 on
 * a CPU, fp16 with `onGpu`) where the model publishes it, which is then measured against fp32 on this
 * computer (engine/precision-check.ts) so that `auto` uses it when its cost is small; `onChecked` gets the
 * measurement.
 * @throws DomainError not_found for an unknown id, invalid_request for a bundled model;
 *   DownloadError (code failed) when the hub cannot be reached or a file fails verification
 */
export async function downloadModel(
  id: string,
  modelsDir: string,
  opts: {
    hubUrl?: string; signal?: AbortSignal; onProgress?: (p: DownloadProgress) => void; precision?: Precision; onGpu?: boolean;
    onChecked?: (precision: Precision, cost: PrecisionCost | Error) => void;
  } = {},
): Promise<string> {
  const entry = findModel(id);
  if (!entry) throw notFound(`unknown model "${id}" (see \`photo-search models list\`)`);
  if (!entry.repo) throw new DomainError('invalid_request', `${id} is bundled with the app; nothing to download`);
  if (opts.precision) return download(entry, modelsDir, opts);
  const dir = await download(entry, modelsDir, { ...opts, precision: 'fp32' });
  const fastest = fastestPrecision(opts.onGpu ?? false);
  if (fastest === 'fp32' || !entry.files.includes(towerFile('vision_model', 'fp32'))) return dir; // the open_clip layout: fp32 only
  await download(entry, modelsDir, { ...opts, precision: fastest });
  if (fastest !== 'int8' && fastest !== 'fp16') return dir;
  // Measured once per download: a failure only means auto keeps fp32.
  const cost = await checkPrecision(dir, fastest).catch((err: Error) => err);
  opts.onChecked?.(fastest, cost);
  return dir;
}

export interface ModelToolOptions {
  libraryDir: string;
  model?: string; // default: the library's active model, else tiny-clip
  device?: Device;
  precision?: PrecisionChoice;
}

async function withModel<T>(opts: ModelToolOptions, body: (model: ClipModel) => Promise<T>): Promise<T> {
  const device = opts.device ?? 'auto';
  const info = resolveModel({ requested: opts.model, libraryDir: opts.libraryDir, modelsDir: defaultModelsDir(opts.libraryDir), precision: opts.precision, onGpu: device !== 'auto' && device !== 'cpu' });
  if (info.needsDownload) throw modelMissing(info);
  const model = await ClipModel.load(info.dir, device, { precision: info.precision });
  try {
    return await body(model);
  } finally {
    await model.release();
  }
}

/**
 * The L2-normalised embedding, float32 [D], of an image file or a text, with the library's model.
 * @throws DomainError model_missing, not_found (model); Error when the file cannot be decoded
 */
export function embedOne(opts: ModelToolOptions, input: { image: string } | { text: string }): Promise<{ modelDir: string; vector: Float32Array; views?: { view: PhotoView; vector: Float32Array }[] }> {
  return withModel(opts, async (model) => {
    if ('text' in input) return { modelDir: model.files.dir, vector: (await model.embedTexts([input.text]))[0]! };
    // Every view, as the indexer embeds them with whole-frame views on; the main one is the photo's vector.
    const { views, vectors } = await model.embedImageViews(readFileSync(input.image));
    return { modelDir: model.files.dir, vector: vectors[0]!, views: views.map((view, i) => ({ view, vector: vectors[i]! })) };
  });
}

/** The token ids the model's text encoder receives for `text`. @throws as embedOne */
export function tokenize(opts: ModelToolOptions, text: string): Promise<number[]> {
  return withModel(opts, async (model) => [...model.tokenizer.encodeBatch([text]).ids[0]!]);
}
