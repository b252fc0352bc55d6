import { describe, expect, it } from 'vitest';
import { clampView, FIT, fitSize, MAX_SCALE, panBy, swipeOf, toggleAt, zoomAt, type Frame } from './zoom';

// A 4:3 photo in a 1000 x 500 frame: fitted, it is 666.7 x 500.
const frame: Frame = { width: 1000, height: 500, ...fitSize(4000, 3000, 1000, 500) };

describe('zoom and pan', () => {
  it('fits the photo into the frame, keeping its shape', () => {
    expect(frame.fitHeight).toBe(500);
    expect(frame.fitWidth).toBeCloseTo(666.67, 1);
    expect(fitSize(0, 0, 300, 200)).toEqual({ fitWidth: 300, fitHeight: 200 }); // size unknown yet
  });

  it('keeps the point under the cursor still while zooming', () => {
    const v = zoomAt(FIT, 2, 100, 50, frame);
    expect(v.scale).toBe(2);
    // The photo point under (100, 50) was (100, 50) at scale 1, so it is at 2*(100,50) + shift = (100, 50).
    expect(v.x + 2 * 100).toBeCloseTo(100);
    expect(v.y + 2 * 50).toBeCloseTo(50);
  });

  it('stays between fitted and the largest scale', () => {
    expect(zoomAt(FIT, 0.5, 0, 0, frame)).toEqual(FIT);
    expect(zoomAt({ scale: 6, x: 0, y: 0 }, 4, 0, 0, frame).scale).toBe(MAX_SCALE);
  });

  it('pans only as far as the zoomed photo reaches', () => {
    expect(panBy(FIT, 300, 300, frame)).toEqual(FIT); // fitted: nothing to pan
    const v = panBy({ scale: 2, x: 0, y: 0 }, 1000, -1000, frame);
    expect(v.x).toBeCloseTo((666.67 * 2 - 1000) / 2, 0); // the left edge reaches the frame's left edge
    expect(v.y).toBe(-(500 * 2 - 500) / 2);
    expect(clampView({ scale: 0.2, x: 5, y: 5 }, frame)).toEqual(FIT);
  });

  it('toggles between fitted and zoomed in on the point with a double-click or double-tap', () => {
    const zoomed = toggleAt(FIT, 0, 0, frame);
    expect(zoomed.scale).toBeGreaterThan(1);
    expect(toggleAt(zoomed, 0, 0, frame)).toEqual(FIT);
  });

  it('reads a one-finger gesture as a swipe only when it is long and mostly one way', () => {
    expect(swipeOf(-120, 10)).toBe('next');
    expect(swipeOf(120, -10)).toBe('previous');
    expect(swipeOf(5, -150)).toBe('up');
    expect(swipeOf(20, 10)).toBeNull(); // a tap that moved a little
    expect(swipeOf(80, 75)).toBeNull(); // diagonal: neither
  });
});
