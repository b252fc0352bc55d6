// Which queries the model in use cannot read: Hangul, kana and CJK ideographs, for a model whose declared languages
// (ModelInfo.languages, BCP-47 codes from the registry) do not include the script's language. Such a query gets a
// hint and a one-click switch to a model that reads it.
import type { ModelInfo } from '../../../src-shared/api';
import { primary, readsLanguage, readsScript, SCRIPT_LANGUAGES, scriptOf, type Script } from '../../../src-shared/scripts';
import { extractTags } from '../../../src-shared/tag-query';

export type { Script } from '../../../src-shared/scripts';
export { readsLanguage, readsScript, scriptOf } from '../../../src-shared/scripts';

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

/**
 * For a query in a script the model in use cannot read: the script, the model in use and the one to suggest (null
 * when none of the same kind reads it: the bundled bilingual model and a Japanese query). Null when it reads it.
 */
export function hintFor(query: string, models: readonly ModelInfo[]): { script: Script; active: ModelInfo; model: ModelInfo | null } | null {
  // `tag:NAME` looks a tag up by its name; it is not words for the model to read, in any script.
  const script = scriptOf(extractTags(query).text);
  const active = models.find((m) => m.active);
  if (!script || !active || readsScript(active, script)) return null;
  // Of the script's languages, the first that some model of this kind reads (kanji: Japanese before Chinese).
  const model = SCRIPT_LANGUAGES[script].map((l) => multilingualChoice(models, l)).find(Boolean) ?? null;
  return { script, active, model };
}
