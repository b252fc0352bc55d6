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

  it('after tag: suggests only tags, by any of their names, shown in the UI\'s language, completing the term in place', () => {
    const sources = { tags: [{ label: 'my stars', names: ['my stars'] }, { label: '빨강', names: ['red', '빨강'] }, 'mystery'], albums: ['my album'], folders: [], cameras: [] };
    expect(suggestionsFor('tag:my', [], sources)).toEqual([
      { kind: 'tag', value: 'my stars', query: 'tag:"my stars" ' }, { kind: 'tag', value: 'mystery', query: 'tag:mystery ' },
    ]);
    expect(suggestionsFor('circle tag:re', [], sources)).toEqual([{ kind: 'tag', value: '빨강', query: 'circle tag:빨강 ' }]);
    expect(suggestionsFor('tag:"my s', [], sources).map((x) => x.value)).toEqual(['my stars']);
    expect(suggestionsFor('tag:', [], sources)).toHaveLength(3);
    expect(suggestionsFor('tag:red ', [], sources)).toEqual([]); // the term is done: a space moved on
    expect(suggestionsFor('tag:"my stars" ', [], sources)).toEqual([]);
    // Without the prefix a tag matches by its other names too, and is shown by its label.
    expect(suggestionsFor('re', [], sources)).toEqual([{ kind: 'tag', value: '빨강' }]);
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
