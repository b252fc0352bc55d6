// Tag vocabularies: plain text, one label per line, optionally with synonyms after a colon
// ("dog: puppy"); '#' starts a comment. The default one suits real CLIP models; a file replaces or
// extends it (tiny-clip's tests use colours and shapes).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { domainErrorKind } from '../errors.js';
import { DEFAULT_VOCABULARY } from './default-vocabulary.js';

export interface Label {
  name: string; // the tag
  names: string[]; // the name and its synonyms, each put into every template
}

export interface Vocabulary {
  labels: Label[];
  text: string; // the source, stored in the library
  hash: string; // changes when the vocabulary does: photos are then tagged again
}

/** A vocabulary that cannot be used as given (code invalid_request); the message names the line. */
export const VocabularyError = domainErrorKind('invalid_request', 'VocabularyError');

const MAX_LABELS = 5000;
const MAX_NAME = 100;

/**
 * Parses vocabulary text (the format of this file's header). Labels and synonyms are lower-cased, a repeated
 * label's synonyms merged, synonyms over 100 characters dropped. The result's `text` is the canonical form and
 * `hash` the first 16 hex digits of its SHA-256.
 * @throws DomainError invalid_request (VocabularyError) naming the line for a label of 0 or over 100 characters
 *   or with a double quote; also for a text without labels or with over 5,000
 */
export function parseVocabulary(text: string): Vocabulary {
  const labels = new Map<string, Label>();
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [head, rest] = line.split(/:(.*)/s, 2) as [string, string | undefined];
    const name = head.trim().toLowerCase();
    if (!name || name.length > MAX_NAME) throw new VocabularyError(`line ${i + 1}: a label must be 1 to ${MAX_NAME} characters`);
    if (/["\n]/.test(name)) throw new VocabularyError(`line ${i + 1}: a label cannot contain quotes`);
    const synonyms = (rest ?? '').split(',').map((s) => s.trim().toLowerCase()).filter((s) => s && s.length <= MAX_NAME);
    const existing = labels.get(name);
    if (existing) existing.names.push(...synonyms.filter((s) => !existing.names.includes(s)));
    else labels.set(name, { name, names: [name, ...synonyms.filter((s) => s !== name)] });
  }
  if (labels.size === 0) throw new VocabularyError('the vocabulary has no labels');
  if (labels.size > MAX_LABELS) throw new VocabularyError(`the vocabulary has ${labels.size} labels; at most ${MAX_LABELS}`);
  const canonical = [...labels.values()].map((l) => `${l.name}: ${l.names.slice(1).join(', ')}`).join('\n');
  return { labels: [...labels.values()], text: canonical, hash: createHash('sha256').update(canonical).digest('hex').slice(0, 16) };
}

/** The built-in vocabulary (default-vocabulary.ts), written for real CLIP models. */
export function defaultVocabulary(): Vocabulary {
  return parseVocabulary(DEFAULT_VOCABULARY);
}

/**
 * Prompt templates for photos: a subset of CLIP's 80 ImageNet templates (Radford et al. 2021). Kept: the ones about
 * photographs and their everyday flaws (dark, bright, blurry, cropped, close-up, low resolution,
 * black and white, "my"), which is what a personal library holds. Left out: the ones about art and
 * objects depicting the thing (sculpture, origami, tattoo, embroidery, plushie, video game,
 * cartoon, drawing, painting), which would pull a label toward pictures of pictures.
 */
export const PHOTO_TEMPLATES = [
  'a photo of a {}.',
  'a photo of the {}.',
  'a photo of my {}.',
  'itap of a {}.',
  'a good photo of a {}.',
  'a bad photo of a {}.',
  'a bright photo of a {}.',
  'a dark photo of a {}.',
  'a close-up photo of a {}.',
  'a cropped photo of a {}.',
  'a blurry photo of a {}.',
  'a low resolution photo of a {}.',
  'a black and white photo of a {}.',
  'a photo of one {}.',
  'a photo of many {}.',
] as const;

/**
 * The model's own templates when its folder has a `tagging.json` ({"templates": [...]}): a model
 * trained on other captions than CLIP's (tiny-clip knows "a red shape", not "a photo of a red.")
 * is prompted the way it was trained.
 */
export function templatesFor(modelDir: string): readonly string[] {
  const file = join(modelDir, 'tagging.json');
  if (!existsSync(file)) return PHOTO_TEMPLATES;
  try {
    const t = (JSON.parse(readFileSync(file, 'utf8')) as { templates?: unknown }).templates;
    if (Array.isArray(t) && t.length && t.every((x) => typeof x === 'string' && x.includes('{}'))) return t as string[];
  } catch {
    // a broken file: the default templates still work
  }
  return PHOTO_TEMPLATES;
}
