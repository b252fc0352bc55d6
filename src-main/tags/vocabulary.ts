// Tag vocabularies: plain text, one label per line, optionally with synonyms after a colon
// ("dog: puppy"), and names in other languages after a bar ("dog: puppy | ko: 강아지, 개"); '#' starts a
// comment. The default one suits real CLIP models and has Korean names for every label
// (vocabulary-ko.json); a file replaces or extends it (tiny-clip's tests use colours and shapes).
// A label's names in another language are prompted (in that language's templates) only with a model
// that reads the language (models/registry.ts `languages`); they always name the tag in that language.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { domainErrorKind } from '../errors.js';
import { DEFAULT_VOCABULARY } from './default-vocabulary.js';
import KOREAN_NAMES from './vocabulary-ko.json' with { type: 'json' };

export interface Label {
  name: string; // the tag
  names: string[]; // the name and its synonyms, each put into every template
  /** Its names in other languages, by BCP-47 code, the first the tag's name in that language: { ko: ['강아지', '개'] }. */
  local?: Record<string, string[]>;
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

/** A language code after a bar: "ko", "zh-Hant". */
const LANGUAGE = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i;

/** Names separated by commas: trimmed, lower-cased, over 100 characters dropped. */
function nameList(text: string): string[] {
  return text.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s && s.length <= MAX_NAME);
}

function addNames(into: string[], names: readonly string[]): void {
  for (const n of names) if (!into.includes(n)) into.push(n);
}

/** The vocabulary of `labels`, with its canonical text (the format of this file's header) and that text's hash. */
function vocabularyOf(labels: readonly Label[]): Vocabulary {
  const line = (l: Label) =>
    [`${l.name}: ${l.names.slice(1).join(', ')}`, ...Object.entries(l.local ?? {}).map(([lang, names]) => `${lang}: ${names.join(', ')}`)].join(' | ');
  const canonical = labels.map(line).join('\n');
  return { labels: [...labels], text: canonical, hash: createHash('sha256').update(canonical).digest('hex').slice(0, 16) };
}

/**
 * Parses vocabulary text (the format of this file's header), read as Unicode NFC. Labels and synonyms are lower-cased,
 * a repeated label's synonyms merged, synonyms over 100 characters dropped. The result's `text` is the canonical form
 * and `hash` the first 16 hex digits of its SHA-256 (a vocabulary without names in other languages keeps the text and
 * hash it had before they existed).
 * @throws DomainError invalid_request (VocabularyError) naming the line for a label of 0 or over 100 characters
 *   or with a double quote, or a part after a bar that is not "language: names"; also for a text without labels or
 *   with over 5,000
 */
export function parseVocabulary(text: string): Vocabulary {
  const labels = new Map<string, Label>();
  for (const [i, raw] of text.normalize('NFC').split(/\r?\n/).entries()) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [own, ...others] = line.split('|');
    const [head, rest] = own!.split(/:(.*)/s, 2) as [string, string | undefined];
    const name = head.trim().toLowerCase();
    if (!name || name.length > MAX_NAME) throw new VocabularyError(`line ${i + 1}: a label must be 1 to ${MAX_NAME} characters`);
    if (/["\n]/.test(name)) throw new VocabularyError(`line ${i + 1}: a label cannot contain quotes`);
    const local: Record<string, string[]> = {};
    for (const part of others) {
      const m = part.match(/^\s*([^:]+?)\s*:(.*)$/s);
      if (!m || !LANGUAGE.test(m[1]!)) throw new VocabularyError(`line ${i + 1}: after "|" comes a language code and names, as in "| ko: 강아지, 개"`);
      addNames((local[m[1]!.toLowerCase()] ??= []), nameList(m[2]!));
    }
    const label = labels.get(name) ?? { name, names: [name] };
    labels.set(name, label);
    addNames(label.names, nameList(rest ?? ''));
    for (const [lang, names] of Object.entries(local)) if (names.length) addNames(((label.local ??= {})[lang] ??= []), names);
  }
  if (labels.size === 0) throw new VocabularyError('the vocabulary has no labels');
  if (labels.size > MAX_LABELS) throw new VocabularyError(`the vocabulary has ${labels.size} labels; at most ${MAX_LABELS}`);
  return vocabularyOf([...labels.values()]);
}

/**
 * `vocabulary` with names in `language` added from `names` (label -> its names there, the first its name), where the
 * vocabulary has none in that language already.
 */
export function withLocalNames(vocabulary: Vocabulary, language: string, names: Readonly<Record<string, readonly string[]>>): Vocabulary {
  return vocabularyOf(
    vocabulary.labels.map((l) => {
      const given = names[l.name]?.map((n) => n.normalize('NFC').trim().toLowerCase()).filter(Boolean);
      if (!given?.length || l.local?.[language]?.length) return l;
      return { ...l, local: { ...l.local, [language]: [...new Set(given)] } };
    }),
  );
}

/** The built-in vocabulary (default-vocabulary.ts), written for real CLIP models, with every label's Korean names. */
export function defaultVocabulary(): Vocabulary {
  return withLocalNames(parseVocabulary(DEFAULT_VOCABULARY), 'ko', KOREAN_NAMES as Record<string, string[]>);
}

/**
 * The label that `name` names in any of its languages (its own name, or a name in another language: "빨강" for "red";
 * compared in NFC, lower case); undefined when none does. English synonyms do not name a tag: "puppy" is not "dog".
 */
export function labelNamed(vocabulary: Vocabulary, name: string): Label | undefined {
  const n = name.normalize('NFC').trim().toLowerCase();
  return vocabulary.labels.find((l) => l.name === n) ?? vocabulary.labels.find((l) => Object.values(l.local ?? {}).some((names) => names.includes(n)));
}

/** A label's name in each of its other languages ({ ko: '강아지' }); undefined when it has none. */
export function localNamesOf(label: Label): Record<string, string> | undefined {
  const entries = Object.entries(label.local ?? {}).filter(([, names]) => names.length).map(([lang, names]) => [lang, names[0]!] as const);
  return entries.length ? Object.fromEntries(entries) : undefined;
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
 * Korean prompt templates for a model that reads Korean: the same kinds of photograph as PHOTO_TEMPLATES, in the word
 * order Korean captions use ("{}의 사진": a photo of {}; "{} 사진": {} photo). A choice of this project.
 */
export const KOREAN_PHOTO_TEMPLATES = [
  '{}의 사진',
  '{} 사진',
  '내 {} 사진',
  '{}의 좋은 사진',
  '{}의 나쁜 사진',
  '{}의 밝은 사진',
  '{}의 어두운 사진',
  '{}의 클로즈업 사진',
  '{}의 흐릿한 사진',
  '{}의 흑백 사진',
  '{} 한 개의 사진',
  '여러 개의 {} 사진',
] as const;

/** Templates in languages beside the model's own (English), by language code: for the labels' names in those languages. */
export type LocalTemplates = Readonly<Record<string, readonly string[]>>;

/** How labels are put into prompts with one model: its templates, and templates for the other languages it reads. */
export interface Prompting {
  templates: readonly string[];
  local: LocalTemplates;
}

/** The templates in `tagging.json` of `modelDir`, by language ("templates": [...] is English); undefined without the file. */
function taggingTemplates(modelDir: string): Record<string, string[]> | undefined {
  const file = join(modelDir, 'tagging.json');
  if (!existsSync(file)) return undefined;
  const valid = (t: unknown): t is string[] => Array.isArray(t) && t.length > 0 && t.every((x) => typeof x === 'string' && x.includes('{}'));
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const t = json.templates;
    // {"templates": [...], "templates_ko": [...]} or {"templates": {"en": [...], "ko": [...]}}
    const byLanguage: [string, unknown][] = [
      ...(valid(t) ? [['en', t] as [string, unknown]] : t && typeof t === 'object' ? Object.entries(t) : []),
      ...Object.entries(json).filter(([k]) => /^templates_[a-z]{2,3}$/i.test(k)).map(([k, v]) => [k.slice('templates_'.length), v] as [string, unknown]),
    ];
    return Object.fromEntries(byLanguage.filter(([, v]) => valid(v)).map(([k, v]) => [k.toLowerCase(), (v as string[]).map((x) => x.normalize('NFC'))]));
  } catch {
    // a broken file: the default templates still work
  }
  return {};
}

/**
 * The model's own templates when its folder has a `tagging.json` ({"templates": [...]}; other languages' as
 * "templates_ko": [...], or all as {"templates": {"en": [...], "ko": [...]}}): a model trained on other captions than CLIP's (tiny-clip knows "a red shape", not "a photo of a red.")
 * is prompted the way it was trained.
 */
export function templatesFor(modelDir: string): readonly string[] {
  return taggingTemplates(modelDir)?.en ?? PHOTO_TEMPLATES;
}

/**
 * The prompting for a model in `modelDir` that reads `languages` (BCP-47 codes): its templates (templatesFor) and,
 * where it reads Korean, Korean templates for the labels' Korean names: its tagging.json's "ko" ones, else, for a model
 * with its own templates, those of them without words ("{}"), else KOREAN_PHOTO_TEMPLATES.
 */
export function promptingFor(modelDir: string, languages: readonly string[]): Prompting {
  const own = taggingTemplates(modelDir);
  const local: Record<string, readonly string[]> = {};
  if (languages.some((l) => l.toLowerCase().split('-')[0] === 'ko')) {
    const wordless = own?.en?.filter((t) => !/\p{L}/u.test(t.replace('{}', '')));
    local.ko = own?.ko ?? (own?.en ? (wordless?.length ? wordless : ['{}']) : KOREAN_PHOTO_TEMPLATES);
  }
  return { templates: own?.en ?? PHOTO_TEMPLATES, local };
}
