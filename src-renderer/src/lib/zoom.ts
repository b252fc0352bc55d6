// The arithmetic of zooming and panning a photo in the viewer. The photo is laid out to fit its
// frame (scale 1) and centred; a zoom is a scale around a point, a pan a shift, both kept so the photo
// never leaves a gap it could cover. Pure functions, tested in zoom.test.ts.

export interface ZoomView {
  scale: number; // 1: the whole photo fits
  x: number; // shift of the photo's centre from the frame's centre, px
  y: number;
}

export interface Frame {
  width: number; // the frame (the stage), px
  height: number;
  fitWidth: number; // the photo at scale 1, px
  fitHeight: number;
}

export const FIT: ZoomView = { scale: 1, x: 0, y: 0 };
export const MIN_SCALE = 1;
export const MAX_SCALE = 8;
/** What a double-click, a double-tap, or + from the fitted photo zooms to. */
export const STEP = 1.5;
export const DOUBLE_TAP_SCALE = 2.5;

/** The size of a `naturalWidth` x `naturalHeight` photo fitted into the frame (the same shape, as large as fits). */
export function fitSize(naturalWidth: number, naturalHeight: number, width: number, height: number): { fitWidth: number; fitHeight: number } {
  if (!naturalWidth || !naturalHeight || !width || !height) return { fitWidth: width, fitHeight: height };
  const s = Math.min(width / naturalWidth, height / naturalHeight);
  return { fitWidth: naturalWidth * s, fitHeight: naturalHeight * s };
}

/** The view kept inside bounds: the scale between MIN and MAX, and no pan past the photo's edges. */
export function clampView(v: ZoomView, f: Frame): ZoomView {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, v.scale));
  const maxX = Math.max(0, (f.fitWidth * scale - f.width) / 2);
  const maxY = Math.max(0, (f.fitHeight * scale - f.height) / 2);
  return { scale, x: Math.min(maxX, Math.max(-maxX, v.x)), y: Math.min(maxY, Math.max(-maxY, v.y)) };
}

/**
 * Zooms by `factor` around the point (px, py), in px from the frame's centre: the part of the photo under
 * the point stays under it (a wheel under the cursor, a pinch between the fingers).
 */
export function zoomAt(v: ZoomView, factor: number, px: number, py: number, f: Frame): ZoomView {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, v.scale * factor));
  const k = scale / v.scale;
  return clampView({ scale, x: px - (px - v.x) * k, y: py - (py - v.y) * k }, f);
}

export function panBy(v: ZoomView, dx: number, dy: number, f: Frame): ZoomView {
  return clampView({ scale: v.scale, x: v.x + dx, y: v.y + dy }, f);
}

/** Double-click or double-tap: zoom in on the point from the fitted photo, else back to fitted. */
export function toggleAt(v: ZoomView, px: number, py: number, f: Frame): ZoomView {
  return v.scale > MIN_SCALE ? FIT : zoomAt(FIT, DOUBLE_TAP_SCALE, px, py, f);
}

export type Swipe = 'next' | 'previous' | 'up' | 'down' | null;

/** A one-finger gesture at scale 1 read as a swipe: mostly sideways (or up/down) and long enough. */
export function swipeOf(dx: number, dy: number, minDistance = 48): Swipe {
  if (Math.max(Math.abs(dx), Math.abs(dy)) < minDistance) return null;
  if (Math.abs(dx) > Math.abs(dy) * 1.2) return dx < 0 ? 'next' : 'previous';
  if (Math.abs(dy) > Math.abs(dx) * 1.2) return dy < 0 ? 'up' : 'down';
  return null;
}
