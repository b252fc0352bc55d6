// A photo's views share the vector index: each view's label is its photo id times VIEW_SLOTS plus
// the view number (0: the main view). hnswlib-node's labels are unsigned 32-bit and the compact
// vector file's ids signed 32-bit, so photo ids stay below 2^31 / VIEW_SLOTS (134 million).

/** Views a photo may have in the index, the main one included (embed/photo-views.ts keeps within it). */
export const VIEW_SLOTS = 16;

/** The index label of view `view` (0: main) of photo `id`. */
export function labelOf(id: number, view = 0): number {
  return id * VIEW_SLOTS + view;
}

/** The photo id of an index label. */
export function photoOf(label: number): number {
  return Math.floor(label / VIEW_SLOTS);
}

/** The view number of an index label (0: the main view). */
export function viewOf(label: number): number {
  return label % VIEW_SLOTS;
}

// What a view shows, as stored beside its vector (embed/photo-views.ts computes views).
/** A part of the upright frame, in fractions of its width and height (0-1). */
export interface ViewRegion {
  x: number;
  y: number;
  w: number;
  h: number;
}

export type ViewKind = 'centre' | 'crop' | 'frame';

/** One embedded view of a photo. */
export interface PhotoView {
  view: number; // 0: the main view (centre crop of the main frame); 1, 2, ...: the others
  kind: ViewKind; // centre: CLIP's standard crop; crop: a square across the whole frame; frame: another animation frame
  region: ViewRegion; // what the view shows of its frame
  frame: number | null; // animation frame (from 0); null for a still photo
  atMs: number | null; // when that frame shows, ms from the animation's start; null for a still
}
