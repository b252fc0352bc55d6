import { describe, expect, it } from 'vitest';
import { RecentSearches, suggestionsFor } from './suggest.svelte';

describe('search suggestions', () => {
  it('matches names of every kind, recent searches first, never the text itself', () => {
    const sources = { tags: ['red', 'green'], albums: ['Reds'], folders: ['/photos/red-trip'], cameras: ['Canon'] };
    expect(suggestionsFor('re', ['red circles'], sources)).toEqual([
      { kind: 'recent', value: 'red circles' }, { kind: 'tag', value: 'red' }, { kind: 'tag', value: 'green' },
      { kind: 'album', value: 'Reds' }, { kind: 'folder', value: '/photos/red-trip' },
    ]);
    expect(suggestionsFor('red', [], sources).map((s) => s.value)).not.toContain('red');
    expect(suggestionsFor('', ['dogs'], sources)).toEqual([{ kind: 'recent', value: 'dogs' }]);
  });

  it('keeps the last searches, newest first, without repeats, in storage', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    const recent = new RecentSearches(storage);
    for (const q of ['dogs', 'cats', 'dogs ', '']) recent.commit(q);
    expect(recent.items).toEqual(['dogs', 'cats']);
    expect(new RecentSearches(storage).items).toEqual(['dogs', 'cats']);
    expect(new RecentSearches({ getItem: () => '{not json', setItem: () => undefined }).items).toEqual([]);
  });
});
