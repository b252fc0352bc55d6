// The model catalogue for front ends: which models exist, which are downloaded, downloading one,
// and running one model on its own (the CLI's embed and tokenize) without opening a library.
import { readFileSync } from 'node:fs';
import { ClipModel } from '../embed/clip-model.js';
import { DEVICES, isDevice, type Device } from '../embed/execution-providers.js';
import { DomainError, notFound } from '../errors.js';
import { downloadModel as download, type DownloadProgress } from '../models/download.js';
import { PRECISIONS, type Precision } from '../models/model-files.js';
import { BUNDLED_MODEL, DEFAULT_MODEL, findModel, locateModel, MODELS, packageRoot, type RegistryModel } from '../models/registry.js';
import { defaultModelsDir } from './library-path.js';
import { modelMissing, resolveModel } from './model-choice.js';

export { BUNDLED_MODEL, DEFAULT_MODEL, DEVICES, isDevice, packageRoot, PRECISIONS };
export type { Device, DownloadProgress, Precision, RegistryModel };

export function isPrecision(value: string): value is Precision {
  return (PRECISIONS as readonly string[]).includes(value);
}

export interface CatalogueEntry {
  id: string;
  title: string;
  sizeMB: number; // download size
  languages: string;
  note: string;
  downloadable: boolean; // false: bundled with the app
  downloaded: boolean; // its files are complete in `modelsDir` (always true when bundled)
}

/** Every model the app knows by name, and whether each is ready in `modelsDir`. */
export function listModels(modelsDir: string): CatalogueEntry[] {
  return MODELS.map((m) => ({
    id: m.id,
    title: m.title,
    sizeMB: m.sizeMB,
    languages: m.languages,
    note: m.note,
    downloadable: m.repo !== undefined,
    downloaded: !locateModel(m.id, modelsDir).needsDownload,
  }));
}

/** The registry entry of `id`; undefined for an unknown id. */
export function modelEntry(id: string): RegistryModel | undefined {
  return findModel(id);
}

/**
 * Downloads model `id` into `<modelsDir>/<id>/` (resumable, verified) and returns that folder.
 * @throws DomainError not_found for an unknown id, invalid_request for a bundled model;
 *   DownloadError (code failed) when the hub cannot be reached or a file fails verification
 */
export async function downloadModel(
  id: string,
  modelsDir: string,
  opts: { hubUrl?: string; signal?: AbortSignal; onProgress?: (p: DownloadProgress) => void } = {},
): Promise<string> {
  const entry = findModel(id);
  if (!entry) throw notFound(`unknown model "${id}" (see \`photo-search models list\`)`);
  if (!entry.repo) throw new DomainError('invalid_request', `${id} is bundled with the app; nothing to download`);
  return download(entry, modelsDir, opts);
}

export interface ModelToolOptions {
  libraryDir: string;
  model?: string; // default: the library's active model, else tiny-clip
  device?: Device;
  precision?: Precision;
}

async function withModel<T>(opts: ModelToolOptions, body: (model: ClipModel) => Promise<T>): Promise<T> {
  const info = resolveModel({ requested: opts.model, libraryDir: opts.libraryDir, modelsDir: defaultModelsDir(opts.libraryDir), precision: opts.precision });
  if (info.needsDownload) throw modelMissing(info);
  const model = await ClipModel.load(info.dir, opts.device ?? 'auto', { precision: info.precision });
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
export function embedOne(opts: ModelToolOptions, input: { image: string } | { text: string }): Promise<{ modelDir: string; vector: Float32Array }> {
  return withModel(opts, async (model) => {
    const [v] = 'image' in input ? await model.embedImageBuffers([readFileSync(input.image)]) : await model.embedTexts([input.text]);
    return { modelDir: model.files.dir, vector: v! };
  });
}

/** The token ids the model's text encoder receives for `text`. @throws as embedOne */
export function tokenize(opts: ModelToolOptions, text: string): Promise<number[]> {
  return withModel(opts, async (model) => [...model.tokenizer.encodeBatch([text]).ids[0]!]);
}
