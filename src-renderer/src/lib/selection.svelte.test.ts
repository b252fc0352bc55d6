import { describe, expect, it } from 'vitest';
import type { PhotoHit } from '../../../src-shared/api';
import { Selection } from './selection.svelte';

const hits: PhotoHit[] = Array.from({ length: 8 }, (_, i) => ({
  id: 100 + i, name: `${i}.jpg`, path: `/p/${i}.jpg`, score: 0, width: 4, height: 3, takenAt: null, dateSource: null, camera: null, unavailable: null,
}));
const ids = (s: Selection) => [...s.ids].sort();

describe('selection', () => {
  it('toggles one photo, extends a range from the last one picked, either way', () => {
    const s = new Selection();
    expect(s.active).toBe(false);
    s.toggle(hits, 2);
    expect(s.active).toBe(true);
    s.extend(hits, 5);
    expect(ids(s)).toEqual([102, 103, 104, 105]);
    s.toggle(hits, 7);
    s.extend(hits, 6);
    expect(ids(s)).toEqual([102, 103, 104, 105, 106, 107]);
    s.toggle(hits, 3); // unpick one
    expect(s.has(103)).toBe(false);
    expect(s.picked(hits).map((h) => h.id)).toEqual([102, 104, 105, 106, 107]);
  });

  it('starts a range at the keyboard position when nothing was picked, and keeps it after a re-sort', () => {
    const s = new Selection();
    s.extend(hits, 1, 3);
    expect(ids(s)).toEqual([101, 102, 103]);
    const reversed = [...hits].reverse(); // the anchor is the photo, not the place
    s.extend(reversed, 0); // from 103 (index 4 now) to 107
    expect(ids(s)).toEqual([101, 102, 103, 104, 105, 106, 107]);
  });

  it('selects all shown, and clears with the mode', () => {
    const s = new Selection();
    s.mode = true;
    expect(s.active).toBe(true);
    s.selectAll(hits);
    expect(s.size).toBe(8);
    s.clear();
    expect([s.size, s.mode, s.active]).toEqual([0, false, false]);
  });
});
