// Which writing system a query is in, and whether a model reads it: Hangul, kana and CJK ideographs against a model's
// declared languages (BCP-47 codes from the registry). The UI's language hint and the CLI's both ask this.

/** A model as far as its languages go (ModelInfo, or the engine's status). */
type ReadsLanguages = { languages: readonly string[] };

export type Script = 'hangul' | 'kana' | 'cjk';

const SCRIPTS: [Script, RegExp][] = [
  ['hangul', /[\u1100-\u11FF\u3130-\u318F\uAC00-\uD7AF]/],
  ['kana', /[\u3040-\u30FF\u31F0-\u31FF]/],
  ['cjk', /[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]/],
];

/** The languages written in each script: a model reads the script when it reads any of them. */
export const SCRIPT_LANGUAGES: Record<Script, readonly string[]> = { hangul: ['ko'], kana: ['ja'], cjk: ['zh', 'ja', 'ko'] };

/** The first non-Latin script the query is written in that English-only models do not read, if any. */
export function scriptOf(query: string): Script | null {
  return SCRIPTS.find(([, re]) => re.test(query))?.[0] ?? null;
}

/** The primary language subtags a model declares ('ko-KR' reads as 'ko'). */
export function primary(m: ReadsLanguages): string[] {
  return m.languages.map((l) => l.toLowerCase().split('-')[0]!);
}

/** True when the model reads `language` (a BCP-47 code; only its primary subtag counts). */
export function readsLanguage(m: ReadsLanguages, language: string): boolean {
  return primary(m).includes(language.toLowerCase().split('-')[0]!);
}

/** True when the model reads text in `script`. */
export function readsScript(m: ReadsLanguages, script: Script): boolean {
  return SCRIPT_LANGUAGES[script].some((l) => readsLanguage(m, l));
}

