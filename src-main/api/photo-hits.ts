// The UI's PhotoHit, from the engine's: one shape, whether it came from a search or a list of
// scored photo ids (a taught tag's matches, an album, a duplicate group).
import { basename } from 'node:path';
import type { PhotoHit } from '../../src-shared/api.js';
import { toHit, type PhotoHit as EngineHit } from '../search/searcher.js';
import type { PhotoStore } from '../store/photos.js';

export function fromEngineHit(h: EngineHit): PhotoHit {
  return { id: h.id, name: basename(h.path), path: h.path, score: h.score, width: h.width, height: h.height, takenAt: h.takenAt, camera: h.camera };
}

/** Scored photo ids as hits, in the given order; ids no longer in the library are left out. */
export function scoredHits(store: PhotoStore, scored: readonly { id: number; score: number }[]): PhotoHit[] {
  const rows = store.byIds(scored.map((s) => s.id));
  return scored.flatMap((s) => {
    const row = rows.get(s.id);
    return row ? [fromEngineHit(toHit(row, s.score))] : [];
  });
}
