// Suggestions while typing in the search box: the tags, albums, folders and cameras whose names
// contain what is typed (after `tag:`, the tags only), and recent searches (kept in localStorage; Enter
// commits a search to them; an empty box offers them).
// The box is an ARIA combobox: the list opens under it, arrows move, Enter picks, Esc closes.

export type SuggestionKind = 'recent' | 'tag' | 'album' | 'folder' | 'camera';

export interface Suggestion {
  kind: SuggestionKind;
  value: string; // the tag (as the UI names it), album, folder, camera or past query
  /** The whole query picking it gives, where it completes a term in place (`tag:my` → `tag:"my stars"`). */
  query?: string;
}

/** A tag: its name in the UI's language (shown), and every name it answers to (its own, its translations). */
export interface TagSource {
  label: string;
  names: readonly string[];
}

export interface SuggestSources {
  tags: readonly (string | TagSource)[];
  albums: readonly string[];
  folders: readonly string[];
  cameras: readonly string[];
}

const KEY = 'photo-search.recent-searches';
const MAX_RECENT = 8;
const PER_KIND = 3;
const MAX_SHOWN = 8;

/** A `tag:` term still being typed at the end of the query (its quote maybe opened, not closed): what comes before it, and the part typed. */
const TAG_BEING_TYPED = /(^|\s)(?:tag|ｔａｇ)[:：](?:["＂“”]([^"＂“”]*)|(\S*))$/i;

// Compared composed (NFC): a folder named on macOS arrives decomposed, typed text composed.
const fold = (s: string) => s.normalize('NFC').toLocaleLowerCase();

/** `tag:NAME` as the search reads it (quoted when the name has a space). */
export const tagTerm = (name: string): string => (/\s/.test(name) ? `tag:"${name}"` : `tag:${name}`);

const asTag = (t: string | TagSource): TagSource => (typeof t === 'string' ? { label: t, names: [t] } : t);

/**
 * What `query` suggests, recent searches first; the typed text itself is never suggested back. After `tag:` only
 * tags are suggested, by any of their names and shown in the UI's language; picking one completes the term in place.
 * An empty box suggests the recent searches.
 */
export function suggestionsFor(query: string, recent: readonly string[], sources: SuggestSources): Suggestion[] {
  const tagTyped = TAG_BEING_TYPED.exec(query.normalize('NFC'));
  if (tagTyped) {
    const part = fold((tagTyped[2] ?? tagTyped[3] ?? '').trim());
    const before = query.normalize('NFC').slice(0, tagTyped.index + tagTyped[1]!.length);
    const tags = sources.tags.map(asTag);
    // Names that start with what is typed first, then those that contain it.
    const rank = (t: TagSource) => (t.names.concat(t.label).some((n) => fold(n).startsWith(part)) ? 0 : 1);
    return tags
      .filter((t) => t.names.concat(t.label).some((n) => fold(n).includes(part)) && !t.names.concat(t.label).some((n) => fold(n) === part))
      .sort((a, b) => rank(a) - rank(b))
      .slice(0, MAX_SHOWN)
      .map((t) => ({ kind: 'tag', value: t.label, query: `${before}${tagTerm(t.label)} ` }));
  }
  const q = fold(query.trim());
  const matching = (kind: SuggestionKind, names: readonly string[]): Suggestion[] =>
    names
      .filter((n) => (q ? fold(n).includes(q) && fold(n) !== q : kind === 'recent'))
      .slice(0, kind === 'recent' ? 5 : PER_KIND)
      .map((value) => ({ kind, value }));
  const tags: Suggestion[] = sources.tags
    .map(asTag)
    .filter((t) => q && t.names.concat(t.label).some((n) => fold(n).includes(q)) && !t.names.concat(t.label).some((n) => fold(n) === q))
    .slice(0, PER_KIND)
    .map((t) => ({ kind: 'tag', value: t.label }));
  return [
    ...matching('recent', recent),
    ...tags,
    ...matching('album', sources.albums),
    ...matching('folder', sources.folders),
    ...matching('camera', sources.cameras),
  ].slice(0, MAX_SHOWN);
}

export class RecentSearches {
  items = $state<string[]>([]);

  constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.localStorage) {
    try {
      const saved = JSON.parse(storage?.getItem(KEY) ?? '[]') as unknown;
      if (Array.isArray(saved)) this.items = saved.filter((s): s is string => typeof s === 'string').slice(0, MAX_RECENT);
    } catch {
      this.items = []; // unreadable history: start a new one
    }
  }

  /** The person pressed Enter on a search: it goes to the front of the history. */
  commit(query: string): void {
    const q = query.trim();
    if (!q) return;
    this.items = [q, ...this.items.filter((s) => s !== q)].slice(0, MAX_RECENT);
    try {
      this.storage?.setItem(KEY, JSON.stringify(this.items));
    } catch {
      // storage full or refused (private mode): the history lasts this session only
    }
  }
}
