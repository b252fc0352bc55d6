// Reads a CLIP model folder in either public ONNX layout (see shared/docs/model-formats.md) into one
// description the embedder can use. Every size comes from the files; a missing or inconsistent file
// fails here with a message that names the file and the problem.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../errors.js';

/** A model folder whose files are missing or not what a CLIP model needs (code failed). */
export class ModelFormatError extends DomainError {
  constructor(file: string, problem: string) {
    super('failed', `${file}: ${problem}`);
    this.name = 'ModelFormatError';
  }
}

export type Resample = 'cubic' | 'linear' | 'nearest';

/** How a model's images are preprocessed; `size` in pixels. */
export interface ImageSpec {
  size: number; // square input side, after resize and centre crop
  // Per RGB channel, on the 0-1 scale; OpenAI CLIP's are in shared/docs/model-formats.md, step 4.
  mean: [number, number, number];
  std: [number, number, number];
  resample: Resample;
  // 'shortest': shorter side to `size`, then centre crop (OpenAI CLIP). 'squash': stretch to size x size.
  resizeMode: 'shortest' | 'squash';
}

/**
 * The weights' number format. The public ONNX repositories publish `onnx/<tower>_quantized.onnx`
 * (int8: dynamic quantisation of the matrix multiplications) and `onnx/<tower>_fp16.onnx` beside
 * the fp32 files; training/quantize.py writes the same for the bundled model.
 */
export const PRECISIONS = ['fp32', 'fp16', 'int8'] as const;
export type Precision = (typeof PRECISIONS)[number];
const SUFFIX: Record<Precision, string> = { fp32: '', fp16: '_fp16', int8: '_quantized' };

/**
 * The precisions whose files the folder `dir` holds: both towers in the HF layout; the open_clip layout (and a
 * folder that says nothing) counts as fp32.
 */
export function precisionsIn(dir: string): Precision[] {
  const found = PRECISIONS.filter((p) => existsSync(join(dir, 'onnx', `vision_model${SUFFIX[p]}.onnx`)) && existsSync(join(dir, 'onnx', `text_model${SUFFIX[p]}.onnx`)));
  return found.length ? found : ['fp32'];
}

/** The file a finished download of `precision`'s files leaves in the model folder (download.ts). */
export function completeMarker(precision: Precision): string {
  return precision === 'fp32' ? '.complete' : `.complete-${precision}`;
}

/** A tower's file in the HF layout at `precision`. */
export function towerFile(tower: 'vision_model' | 'text_model', precision: Precision): string {
  return `onnx/${tower}${SUFFIX[precision]}.onnx`;
}

export interface ModelFiles {
  dir: string;
  layout: 'hf-onnx' | 'open-clip-onnx';
  precision: Precision;
  visionModel: string;
  textModel: string;
  tokenizerJson: unknown;
  tokenizerConfig: Record<string, unknown>;
  image: ImageSpec;
  contextLength: number;
  padToken: string;
  embedDim: number | undefined;
}

function readJson(dir: string, file: string): Record<string, unknown> {
  const path = join(dir, file);
  if (!existsSync(path)) throw new ModelFormatError(path, 'missing');
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
    return value as Record<string, unknown>;
  } catch (err) {
    throw new ModelFormatError(path, `unreadable JSON (${(err as Error).message})`);
  }
}

function requireFile(dir: string, file: string): string {
  const path = join(dir, file);
  if (!existsSync(path)) throw new ModelFormatError(path, 'missing');
  return path;
}

function num(value: unknown, file: string, field: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  throw new ModelFormatError(file, `${field} should be a positive number, found ${JSON.stringify(value)}`);
}

function triple(value: unknown, file: string, field: string): [number, number, number] {
  if (Array.isArray(value) && value.length === 3 && value.every((v) => typeof v === 'number')) {
    const [a, b, c] = value as number[];
    return [a!, b!, c!];
  }
  throw new ModelFormatError(file, `${field} should be three numbers, found ${JSON.stringify(value)}`);
}

// PIL resample codes used by Hugging Face image processors.
const PIL_RESAMPLE: Record<number, Resample> = { 0: 'nearest', 2: 'linear', 3: 'cubic' };

function sizeOf(value: unknown, file: string, field: string): number {
  if (typeof value === 'number') return num(value, file, field);
  if (Array.isArray(value)) return num(value[0], file, field);
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    return num(v.shortest_edge ?? v.height ?? v.width, file, field);
  }
  throw new ModelFormatError(file, `${field} missing`);
}

/** The three JSON files every layout has: the model config, the preprocessing and the tokenizer config. */
function readConfigs(dir: string, preprocessing: string, tokenizerConfig: string) {
  return { config: readJson(dir, 'config.json'), pre: readJson(dir, preprocessing), tokConfig: readJson(dir, tokenizerConfig), preFile: join(dir, preprocessing) };
}

function readHfLayout(dir: string, precision: Precision): ModelFiles {
  const { config, pre, tokConfig, preFile } = readConfigs(dir, 'preprocessor_config.json', 'tokenizer_config.json');
  const textConfig = (config.text_config ?? {}) as Record<string, unknown>;
  const resize = sizeOf(pre.size, preFile, 'size');
  const crop = pre.crop_size === undefined ? resize : sizeOf(pre.crop_size, preFile, 'crop_size');
  if (pre.do_center_crop !== false && crop !== resize) {
    throw new ModelFormatError(preFile, `resize ${resize} with crop ${crop} is not CLIP's preprocessing`);
  }
  const resampleCode = typeof pre.resample === 'number' ? pre.resample : 3;
  const positions = typeof textConfig.max_position_embeddings === 'number' ? textConfig.max_position_embeddings : 77;
  const maxLength = typeof tokConfig.model_max_length === 'number' ? tokConfig.model_max_length : positions;
  return {
    dir,
    layout: 'hf-onnx',
    precision,
    visionModel: requireFile(dir, towerFile('vision_model', precision)),
    textModel: requireFile(dir, towerFile('text_model', precision)),
    tokenizerJson: readJson(dir, 'tokenizer.json'),
    tokenizerConfig: tokConfig,
    image: {
      size: crop,
      mean: triple(pre.image_mean, preFile, 'image_mean'),
      std: triple(pre.image_std, preFile, 'image_std'),
      resample: PIL_RESAMPLE[resampleCode] ?? 'cubic',
      resizeMode: 'shortest',
    },
    // Some exports say model_max_length 1e30; the position table is the real limit.
    contextLength: Math.min(maxLength, positions),
    padToken: tokenString(tokConfig.pad_token) ?? '<|endoftext|>',
    embedDim: typeof config.projection_dim === 'number' ? config.projection_dim : undefined,
  };
}

function tokenString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { content?: unknown }).content === 'string') {
    return (value as { content: string }).content;
  }
  return undefined;
}

function readOpenClipLayout(dir: string): ModelFiles {
  const { config, pre, tokConfig, preFile } = readConfigs(dir, 'visual/preprocess_cfg.json', 'textual/tokenizer_config.json');
  const textCfg = (config.text_cfg ?? {}) as Record<string, unknown>;
  const interpolation = String(pre.interpolation ?? 'bicubic');
  return {
    dir,
    layout: 'open-clip-onnx',
    precision: 'fp32',
    visionModel: requireFile(dir, 'visual/model.onnx'),
    textModel: requireFile(dir, 'textual/model.onnx'),
    tokenizerJson: readJson(dir, 'textual/tokenizer.json'),
    tokenizerConfig: tokConfig,
    image: {
      size: sizeOf(pre.size, preFile, 'size'),
      mean: triple(pre.mean, preFile, 'mean'),
      std: triple(pre.std, preFile, 'std'),
      resample: interpolation === 'bilinear' ? 'linear' : interpolation === 'nearest' ? 'nearest' : 'cubic',
      resizeMode: pre.resize_mode === 'squash' ? 'squash' : 'shortest',
    },
    contextLength: num(textCfg.context_length ?? 77, join(dir, 'config.json'), 'text_cfg.context_length'),
    padToken: tokenString(tokConfig.pad_token) ?? '<|endoftext|>',
    embedDim: typeof config.embed_dim === 'number' ? config.embed_dim : undefined,
  };
}

/**
 * Reads model folder `dir` in either layout of shared/docs/model-formats.md: B (open_clip) when visual/
 * holds the model or its config, else A (Hugging Face). Checks that the files exist and the configs parse;
 * the ONNX graphs are checked when ClipModel loads them. Where a config is silent: 77 tokens, bicubic,
 * `<|endoftext|>` padding.
 * @throws DomainError failed (ModelFormatError) naming the file: a missing folder or file, unreadable JSON,
 *   a size, mean or std that is not valid, or a crop that differs from the resize
 */
export function readModelFiles(dir: string, precision: Precision = 'fp32'): ModelFiles {
  if (!existsSync(dir)) throw new ModelFormatError(dir, 'model folder not found');
  if (existsSync(join(dir, 'visual', 'model.onnx')) || existsSync(join(dir, 'visual', 'preprocess_cfg.json'))) {
    if (precision !== 'fp32') throw new ModelFormatError(dir, `the open_clip layout has no ${precision} files`);
    return readOpenClipLayout(dir);
  }
  if (existsSync(join(dir, 'onnx')) || existsSync(join(dir, 'preprocessor_config.json'))) return readHfLayout(dir, precision);
  throw new ModelFormatError(dir, 'not a CLIP ONNX model folder (expected onnx/vision_model.onnx or visual/model.onnx)');
}
