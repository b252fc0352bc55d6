// The models the app knows by name. `tiny-clip` and `tiny-clip-ko` ship inside the app; the others are downloaded
// from the Hugging Face hub on first use. A model can also be given as a local folder (offline
// install) in either layout.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { notFound } from '../errors.js';
import { completeMarker, type Precision } from './model-files.js';

export interface RegistryModel {
  id: string;
  title: string;
  repo?: string; // Hugging Face repository; absent for bundled models
  revision: string;
  files: readonly string[];
  sizeMB: number;
  /**
   * What its text tower reads, as BCP-47 language codes ('en', 'ko'): the UI's language hint and the Korean tag
   * names (tags/vocabulary.ts) follow them. `languagesText` says it in words for people.
   */
  languages: readonly string[];
  languagesText: string;
  // Cosine similarity below which a text query's best hit is "no good match". CLIP's text-image
  // scores sit in a narrow band (about 0.15 unrelated to 0.35 a strong match for ViT-B models).
  relevanceFloor: number;
  note: string;
}

const HF_FILES = ['config.json', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/vision_model.onnx', 'onnx/text_model.onnx'];
const OPEN_CLIP_FILES = ['config.json', 'visual/model.onnx', 'visual/preprocess_cfg.json', 'textual/model.onnx', 'textual/tokenizer.json', 'textual/tokenizer_config.json'];

/**
 * The model a library uses unless told otherwise: OpenAI CLIP ViT-B/32, the cheapest in the table of
 * shared/docs/model-formats.md (8.8 image GFLOPs, 63.3% ImageNet zero-shot).
 */
export const DEFAULT_MODEL = 'clip-vit-b-32';
/** The model inside the app (models/tiny-clip), for the demo and the tests: no download. */
export const BUNDLED_MODEL = 'tiny-clip';
/**
 * The bilingual (English and Korean) model inside the app (models/tiny-clip-ko): trained like tiny-clip, exported in the
 * layout of the downloaded multilingual models (B: SentencePiece tokenizer, input_ids + attention_mask), so that the
 * code that runs those is tested on a model of the same shape.
 */
export const BUNDLED_MULTILINGUAL_MODEL = 'tiny-clip-ko';

/**
 * The languages of XLM-RoBERTa's training data (CC-100; Conneau et al. 2020), which the multilingual CLIP models'
 * text towers inherit. ISO 639-1 codes; the romanised variants of a few of them are left out.
 */
const XLM_R_LANGUAGES = [
  'af', 'am', 'ar', 'as', 'az', 'be', 'bg', 'bn', 'br', 'bs', 'ca', 'cs', 'cy', 'da', 'de', 'el', 'en', 'eo', 'es', 'et', 'eu', 'fa', 'fi',
  'fr', 'fy', 'ga', 'gd', 'gl', 'gu', 'ha', 'he', 'hi', 'hr', 'hu', 'hy', 'id', 'is', 'it', 'ja', 'jv', 'ka', 'kk', 'km', 'kn', 'ko', 'ku',
  'ky', 'la', 'lo', 'lt', 'lv', 'mg', 'mk', 'ml', 'mn', 'mr', 'ms', 'my', 'ne', 'nl', 'no', 'om', 'or', 'pa', 'pl', 'ps', 'pt', 'ro', 'ru',
  'sa', 'sd', 'si', 'sk', 'sl', 'so', 'sq', 'sr', 'su', 'sv', 'sw', 'ta', 'te', 'th', 'tl', 'tr', 'ug', 'uk', 'ur', 'uz', 'vi', 'xh', 'yi', 'zh',
] as const;

/**
 * Every model known by id. The accuracy figures in the notes are open_clip's published ones
 * (shared/docs/model-formats.md); the relevance floors (cosine similarity) are this project's estimates,
 * except tiny-clip's, which is measured when it is trained (training/, metrics.json).
 */
export const MODELS: readonly RegistryModel[] = [
  {
    id: 'tiny-clip',
    title: 'tiny-clip (demo: coloured shapes only)',
    revision: 'bundled',
    files: HF_FILES,
    sizeMB: 8,
    languages: ['en'],
    languagesText: 'English',
    relevanceFloor: 0.3, // replaced by the floor measured in models/tiny-clip/metrics.json
    note: "Bundled. Trained by this project on generated scenes; knows colours and shapes, nothing else. For tests and the demo.",
  },
  {
    id: BUNDLED_MULTILINGUAL_MODEL,
    title: 'tiny-clip-ko (demo: coloured shapes, English and Korean)',
    revision: 'bundled',
    files: OPEN_CLIP_FILES,
    sizeMB: 10,
    languages: ['en', 'ko'],
    languagesText: 'English, Korean (한국어)',
    relevanceFloor: 0.3, // replaced by the floor measured in models/tiny-clip-ko/metrics.json
    note: 'Bundled. Trained by this project on generated scenes with English and Korean captions, in the multilingual models\' layout; knows colours and shapes, nothing else.',
  },
  {
    id: 'clip-vit-b-32',
    title: 'OpenAI CLIP ViT-B/32',
    repo: 'Xenova/clip-vit-base-patch32',
    revision: 'main',
    files: HF_FILES,
    sizeMB: 605,
    languages: ['en'],
    languagesText: 'English',
    relevanceFloor: 0.2,
    note: 'The default: fast on a laptop CPU, 63% ImageNet zero-shot.',
  },
  {
    id: 'clip-vit-b-16',
    title: 'OpenAI CLIP ViT-B/16',
    repo: 'Xenova/clip-vit-base-patch16',
    revision: 'main',
    files: HF_FILES,
    sizeMB: 600,
    languages: ['en'],
    languagesText: 'English',
    relevanceFloor: 0.2,
    note: 'About 4x the compute of B/32 for a few points more accuracy (68%).',
  },
  {
    id: 'clip-vit-l-14',
    title: 'OpenAI CLIP ViT-L/14 (the paper\'s best)',
    repo: 'Xenova/clip-vit-large-patch14',
    revision: 'main',
    files: HF_FILES,
    sizeMB: 1710,
    languages: ['en'],
    languagesText: 'English',
    relevanceFloor: 0.18,
    note: '75.5% ImageNet zero-shot; best with a GPU.',
  },
  {
    id: 'xlm-roberta-base-vit-b-32',
    title: 'Multilingual CLIP: XLM-RoBERTa Base + ViT-B/32',
    repo: 'immich-app/XLM-Roberta-Base-ViT-B-32__laion5b_s13b_b90k',
    revision: 'main',
    files: OPEN_CLIP_FILES,
    sizeMB: 1150,
    languages: XLM_R_LANGUAGES,
    languagesText: '100 languages, Korean included',
    relevanceFloor: 0.15,
    note: 'Search in Korean, Japanese, German and many more; images as ViT-B/32.',
  },
  {
    id: 'xlm-roberta-large-vit-b-16plus',
    title: 'Multilingual CLIP: XLM-RoBERTa Large + ViT-B/16+',
    repo: 'immich-app/XLM-Roberta-Large-Vit-B-16Plus',
    revision: 'main',
    files: OPEN_CLIP_FILES,
    sizeMB: 2400,
    languages: XLM_R_LANGUAGES,
    languagesText: '100 languages, Korean included',
    relevanceFloor: 0.15,
    note: 'More accurate multilingual search; slower.',
  },
];

/** The registry entry of `id`, or undefined for an id the registry does not know. */
export function findModel(id: string): RegistryModel | undefined {
  return MODELS.find((m) => m.id === id);
}

export interface ResolvedModel {
  id: string; // registry id, or the absolute folder path for a local model
  precision: Precision;
  key: string; // what its embeddings and index are stored under: `id`, or `id@int8` / `id@fp16`
  dir: string;
  entry?: RegistryModel;
  needsDownload: boolean;
}

/**
 * The cosine similarity under which a text query is "no good match": the floor measured for the model (a
 * `relevance_floor` in its metrics.json, as training/ writes for tiny-clip), else the registry's
 * estimate, else 0.2, which suits OpenAI CLIP's ViT-B models.
 */
export function relevanceFloor(model: ResolvedModel): number {
  try {
    const metrics = JSON.parse(readFileSync(join(model.dir, 'metrics.json'), 'utf8')) as { relevance_floor?: unknown };
    if (typeof metrics.relevance_floor === 'number') return metrics.relevance_floor;
  } catch {
    // no measured floor
  }
  return model.entry?.relevanceFloor ?? 0.2;
}

/**
 * The languages (BCP-47 codes) the model's text tower reads: its registry entry's; for a local folder, the `languages`
 * its config.json declares (as training/ writes for tiny-clip-ko), else English.
 */
export function modelLanguages(model: Pick<ResolvedModel, 'entry' | 'dir'>): readonly string[] {
  if (model.entry) return model.entry.languages;
  try {
    const declared = (JSON.parse(readFileSync(join(model.dir, 'config.json'), 'utf8')) as { languages?: unknown }).languages;
    if (Array.isArray(declared) && declared.length && declared.every((l) => typeof l === 'string')) return declared as string[];
  } catch {
    // no config, or not JSON: ClipModel.load says what is wrong
  }
  return ['en'];
}

/** A stored key or a spec split into the model's name and the precision it names: `clip-vit-b-32@int8`. */
export function splitModelKey(spec: string): { name: string; precision?: Precision } {
  const at = spec.match(/^(.*)@(fp32|fp16|int8)$/);
  return at ? { name: at[1]!, precision: at[2] as Precision } : { name: spec };
}

/**
 * Where a model lives: a bundled one, a downloaded one in `modelsDir`, or a local folder path.
 * engine/model-choice.ts decides which model a library uses; this only finds its files.
 * @throws DomainError not_found for a name that is neither a registry id nor a folder
 */
export function locateModel(spec: string, modelsDir: string, precision?: Precision): ResolvedModel {
  const { name, precision: named } = splitModelKey(spec);
  const p: Precision = precision ?? named ?? 'fp32';
  const key = (id: string) => (p === 'fp32' ? id : `${id}@${p}`);
  const entry = findModel(name);
  if (entry) {
    if (!entry.repo) return { id: entry.id, precision: p, key: key(entry.id), dir: unpacked(join(packageRoot(), 'models', entry.id)), entry, needsDownload: false };
    const dir = join(modelsDir, entry.id);
    return { id: entry.id, precision: p, key: key(entry.id), dir, entry, needsDownload: !existsSync(join(dir, completeMarker(p))) };
  }
  const dir = isAbsolute(name) ? name : resolve(name);
  if (existsSync(dir)) return { id: dir, precision: p, key: key(dir), dir, needsDownload: false };
  throw notFound(`unknown model "${spec}": not a registry id (${MODELS.map((m) => m.id).join(', ')}) nor a folder`);
}

/**
 * In an installed app the package lives in an asar archive, which only Electron's JavaScript file
 * functions can read; the bundled model is unpacked beside it (electron-builder.yml, asarUnpack)
 * because onnxruntime opens it from native code.
 */
function unpacked(path: string): string {
  return path.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
}

/** The package root, from src-main/models (sources) or dist/src-main/models (built). */
export function packageRoot(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  return /[\\/]dist[\\/]src-main[\\/]models[\\/]?$/.test(here) ? resolve(here, '../../..') : resolve(here, '../..');
}
