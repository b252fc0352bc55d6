// A tag as people read it: its name in the UI's language where its vocabulary gives one (the default vocabulary has
// Korean names for every label: src-main/tags/vocabulary-ko.json), else its own name. Searches and calls keep using
// the tag's own name; the engine also accepts the other names (tag:빨강 is tag:red).
import { locale } from './i18n';

export function tagLabel(tag: { name: string; names?: Record<string, string> }, language: string = locale): string {
  return tag.names?.[language] ?? tag.name;
}
