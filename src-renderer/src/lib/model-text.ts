// A model as the UI shows it, in the UI's language: its title, its note and the languages it reads. The engine's
// registry (src-main/models/registry.ts) has them in English for the command line; the known models' titles and
// notes are translated in lib/messages, and language names come from the browser's own CLDR data
// (Intl.DisplayNames), so they follow the UI's language for every code a model declares.
import type { ModelInfo } from '../../../src-shared/api';
import { primary } from '../../../src-shared/scripts';
import { locale, t, translate, type MessageKey } from './i18n';
import { en } from './messages/en';

/** More declared languages than this read as "100 languages, Korean included" rather than a list. */
const LISTED_LANGUAGES = 6;

function known(key: string): key is MessageKey {
  return key in en;
}

/** A registry id without its precision (`tiny-clip@int8` is tiny-clip). */
function baseId(id: string): string {
  return id.split('@')[0]!;
}

/** The model's title in the UI's language: a translated one for a registry model, else the engine's. */
export function modelTitle(m: Pick<ModelInfo, 'id' | 'title'>): string {
  const key = `model.title.${baseId(m.id)}`;
  return known(key) ? t(key) : m.title;
}

/** The model's one-line note in the UI's language: a translated one for a registry model, else the engine's. */
export function modelNote(m: Pick<ModelInfo, 'id' | 'note'>): string {
  const key = `model.note.${baseId(m.id)}`;
  return known(key) ? t(key) : m.note;
}

/**
 * The languages a model reads, in words of `lang` ("English and Korean", "영어 및 한국어"; "100 languages, Korean
 * included" for a long list). Codes are BCP-47; their names come from Intl.DisplayNames (CLDR).
 */
export function languagesInWords(m: Pick<ModelInfo, 'languages'>, lang: string = locale): string {
  const codes = [...new Set(primary(m))];
  const names = new Intl.DisplayNames([lang], { type: 'language', fallback: 'code' });
  if (codes.length > LISTED_LANGUAGES) {
    // The UI's own language is the one the person cares about; English where the model does not read it.
    const own = codes.includes(lang) ? lang : 'en';
    return translate(lang, 'model.languagesMany', { n: codes.length, language: names.of(own) ?? own });
  }
  return new Intl.ListFormat([lang], { type: 'conjunction' }).format(codes.map((c) => names.of(c) ?? c));
}
