import { describe, expect, it } from 'vitest';
import { Composition } from './ime';
import { suggestionsFor } from './suggest.svelte';

describe('typing through an input method', () => {
  it('is composing between compositionstart and compositionend, or when the event says so', () => {
    const ime = new Composition();
    expect(ime.composing({ isComposing: false })).toBe(false);
    ime.start();
    expect(ime.composing({ isComposing: false })).toBe(true); // an input event fired before the browser's flag
    ime.end();
    expect(ime.composing({ isComposing: false })).toBe(false);
    expect(ime.composing({ isComposing: true })).toBe(true); // Enter that commits the syllable, in Chromium
    expect(ime.composing({ isComposing: false, keyCode: 229 })).toBe(true); // the same Enter in Safari, after compositionend
    expect(ime.composing({ isComposing: false, keyCode: 13 })).toBe(false);
  });

  it('suggests a folder whose decomposed (macOS) name matches the composed text typed', () => {
    const nfd = '/photos/여행 사진'.normalize('NFD');
    expect(nfd).not.toBe('/photos/여행 사진');
    expect(suggestionsFor('여행', [], { tags: [], albums: [], folders: [nfd], cameras: [] })).toEqual([{ kind: 'folder', value: nfd }]);
  });
});
