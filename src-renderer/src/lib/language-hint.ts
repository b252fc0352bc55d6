// Which queries an English-only model cannot read: Hangul, kana and CJK ideographs. The model list
// says which models are multilingual (their languages, or "multilingual" in the id or title); a
// query in such a script with an English-only model in use gets a hint and a one-click switch.
import type { ModelInfo } from '../../../src-shared/api';

export type Script = 'hangul' | 'kana' | 'cjk';

const SCRIPTS: [Script, RegExp][] = [
  ['hangul', /[\u1100-\u11FF\u3130-\u318F\uAC00-\uD7AF]/],
  ['kana', /[\u3040-\u30FF\u31F0-\u31FF]/],
  ['cjk', /[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]/],
];

/** The first non-Latin script the query is written in that English-only models do not read, if any. */
export function scriptOf(query: string): Script | null {
  return SCRIPTS.find(([, re]) => re.test(query))?.[0] ?? null;
}

export function isMultilingual(m: Pick<ModelInfo, 'id' | 'title' | 'languages'>): boolean {
  return /multilingual|xlm/i.test(`${m.id} ${m.title}`) || !/^english$/i.test(m.languages.trim());
}

/** The multilingual model to offer: one already downloaded, else the smallest download. */
export function multilingualChoice(models: readonly ModelInfo[]): ModelInfo | undefined {
  const all = models.filter(isMultilingual);
  return all.find((m) => m.downloaded) ?? [...all].sort((a, b) => a.sizeMB - b.sizeMB)[0];
}

/** The model to suggest for `query`, when the one in use cannot read its script. */
export function hintFor(query: string, models: readonly ModelInfo[]): { script: Script; model: ModelInfo } | null {
  const script = scriptOf(query);
  const active = models.find((m) => m.active);
  if (!script || !active || isMultilingual(active)) return null;
  const model = multilingualChoice(models);
  return model ? { script, model } : null;
}
