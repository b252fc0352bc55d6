// Suggestions while typing in the search box: the tags, albums, folders and cameras whose names
// contain what is typed, and recent searches (kept in localStorage; Enter commits a search to them).
// The box is an ARIA combobox: the list opens under it, arrows move, Enter picks, Esc closes.

export type SuggestionKind = 'recent' | 'tag' | 'album' | 'folder' | 'camera';

export interface Suggestion {
  kind: SuggestionKind;
  value: string; // the tag, album, folder, camera or past query
}

export interface SuggestSources {
  tags: readonly string[];
  albums: readonly string[];
  folders: readonly string[];
  cameras: readonly string[];
}

const KEY = 'photo-search.recent-searches';
const MAX_RECENT = 8;
const PER_KIND = 3;
const MAX_SHOWN = 8;

/** What `query` suggests, recent searches first; the typed text itself is never suggested back. */
export function suggestionsFor(query: string, recent: readonly string[], sources: SuggestSources): Suggestion[] {
  // Compared composed (NFC): a folder named on macOS arrives decomposed, typed text composed.
  const fold = (s: string) => s.normalize('NFC').toLocaleLowerCase();
  const q = fold(query.trim());
  const matching = (kind: SuggestionKind, names: readonly string[]): Suggestion[] =>
    names
      .filter((n) => (q ? fold(n).includes(q) && fold(n) !== q : kind === 'recent'))
      .slice(0, kind === 'recent' ? 5 : PER_KIND)
      .map((value) => ({ kind, value }));
  return [
    ...matching('recent', recent),
    ...matching('tag', sources.tags),
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
