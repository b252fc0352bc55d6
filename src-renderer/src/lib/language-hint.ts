// Which queries the model in use cannot read: Hangul, kana and CJK ideographs, for a model whose declared languages
// (ModelInfo.languages, BCP-47 codes from the registry) do not include the script's language. Such a query gets a
// hint and a one-click switch to a model that reads it.
import type { ModelInfo } from '../../../src-shared/api';

export type Script = 'hangul' | 'kana' | 'cjk';

const SCRIPTS: [Script, RegExp][] = [
  ['hangul', /[\u1100-\u11FF\u3130-\u318F\uAC00-\uD7AF]/],
  ['kana', /[\u3040-\u30FF\u31F0-\u31FF]/],
  ['cjk', /[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]/],
];

/** The languages written in each script: a model reads the script when it reads any of them. */
const SCRIPT_LANGUAGES: Record<Script, readonly string[]> = { hangul: ['ko'], kana: ['ja'], cjk: ['zh', 'ja', 'ko'] };

/** The first non-Latin script the query is written in that English-only models do not read, if any. */
export function scriptOf(query: string): Script | null {
  return SCRIPTS.find(([, re]) => re.test(query))?.[0] ?? null;
}

/** The primary language subtags a model declares ('ko-KR' reads as 'ko'). */
function primary(m: Pick<ModelInfo, 'languages'>): string[] {
  return m.languages.map((l) => l.toLowerCase().split('-')[0]!);
}

/** True when the model reads `language` (a BCP-47 code; only its primary subtag counts). */
export function readsLanguage(m: Pick<ModelInfo, 'languages'>, language: string): boolean {
  return primary(m).includes(language.toLowerCase().split('-')[0]!);
}

/** True when the model reads text in `script`. */
export function readsScript(m: Pick<ModelInfo, 'languages'>, script: Script): boolean {
  return SCRIPT_LANGUAGES[script].some((l) => readsLanguage(m, l));
}

/** True when the model declares a language besides English. */
export function isMultilingual(m: Pick<ModelInfo, 'languages'>): boolean {
  return primary(m).some((l) => l !== 'en');
}

/**
 * The model to offer for `language` (default Korean): of those that read it and are of the same kind as the one in use
 * (a demo model for a demo model, a real one for a real one: the bundled bilingual demo model knows only shapes), one
 * already downloaded, else the smallest download.
 */
export function multilingualChoice(models: readonly ModelInfo[], language = 'ko'): ModelInfo | undefined {
  const active = models.find((m) => m.active);
  const all = models.filter((m) => readsLanguage(m, language) && (!active || m.demo === active.demo));
  return all.find((m) => m.downloaded) ?? [...all].sort((a, b) => a.sizeMB - b.sizeMB)[0];
}

/** The model to suggest for `query`, when the one in use cannot read its script. */
export function hintFor(query: string, models: readonly ModelInfo[]): { script: Script; model: ModelInfo } | null {
  // `tag:NAME` looks a tag up by its name; it is not words for the model to read, in any script.
  const script = scriptOf(query.replace(/(^|\s)tag:("[^"]*"|\S+)/g, ' '));
  const active = models.find((m) => m.active);
  if (!script || !active || readsScript(active, script)) return null;
  const model = multilingualChoice(models, SCRIPT_LANGUAGES[script][0]);
  return model ? { script, model } : null;
}
