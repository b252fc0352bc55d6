// A picture's fingerprint, over its whole frame: what decides that two files are the same picture.
// Two parts, because each misses what the other sees:
// - a perceptual hash (blockhash, Yang, Gu and Niu, "Block Mean Value Based Image Perceptual
//   Hashing", 2006; the blockhash-core package, chosen over our own code as a maintained
//   implementation that takes raw pixels, so no second decode): 256 bits, each block of a 16 x 16
//   grid brighter or darker than its band's median. It survives resizing and re-encoding, but a
//   small subject on a shared background changes few blocks' side of the median (measured: 0-6
//   bits between five different pictures on one background).
// - a colour grid: the mean R, G, B of each cell of a 16 x 16 grid. Copies differ by a few levels
//   in every cell (JPEG quality 50: 3 levels); a different subject changes its cells by far more
//   (measured: 90-190 levels), however small the rest of the difference.
import { bmvbhash } from 'blockhash-core';

/** Cells a side of the colour grid, and blocks a side of the perceptual hash (16 x 16 = 256 bits). */
export const GRID = 16;
// The raster is averaged to FINE x FINE first: the hash then reads 2 x 2 cells a block, the grid averages 2 x 2.
const FINE = 2 * GRID;

export interface Fingerprint {
  perceptualHash: string; // 64 hex characters: blockhash of 256 bits
  colourGrid: string; // 1,536 hex characters: per cell (row by row) the mean R, G, B in 0-255
}

/**
 * The fingerprint of a whole frame given as raw 8-bit pixels (`channels` 3 = RGB or 1 = grey, row by row,
 * `width` x `height`, transparency already flattened). Cells follow the frame's own aspect ratio (a panorama's are
 * wide), so photos of different shapes are compared by their aspect ratios first.
 */
export function fingerprintOf(data: Uint8Array, width: number, height: number, channels: number): Fingerprint {
  const sums = new Float64Array(FINE * FINE * 3);
  const counts = new Uint32Array(FINE * FINE);
  for (let y = 0; y < height; y++) {
    const row = Math.floor((y * FINE) / height) * FINE;
    for (let x = 0; x < width; x++) {
      const cell = row + Math.floor((x * FINE) / width);
      const p = (y * width + x) * channels;
      counts[cell]!++;
      sums[cell * 3]! += data[p]!;
      sums[cell * 3 + 1]! += data[p + (channels >= 3 ? 1 : 0)]!;
      sums[cell * 3 + 2]! += data[p + (channels >= 3 ? 2 : 0)]!;
    }
  }
  const rgba = new Uint8Array(FINE * FINE * 4);
  for (let cell = 0; cell < FINE * FINE; cell++) {
    for (let c = 0; c < 3; c++) rgba[cell * 4 + c] = Math.round(sums[cell * 3 + c]! / Math.max(1, counts[cell]!));
    rgba[cell * 4 + 3] = 255;
  }
  let colourGrid = '';
  for (let gy = 0; gy < GRID; gy++) {
    for (let gx = 0; gx < GRID; gx++) {
      for (let c = 0; c < 3; c++) {
        let total = 0;
        for (const [dy, dx] of [[0, 0], [0, 1], [1, 0], [1, 1]] as const) total += rgba[((2 * gy + dy) * FINE + 2 * gx + dx) * 4 + c]!;
        colourGrid += Math.round(total / 4).toString(16).padStart(2, '0');
      }
    }
  }
  return { perceptualHash: bmvbhash({ width: FINE, height: FINE, data: rgba }, GRID), colourGrid };
}

/** Bits that differ between two perceptual hashes (Hamming distance): 0 to 256; 256 for unequal lengths. */
export function hashDistance(a: string, b: string): number {
  if (a.length !== b.length) return GRID * GRID;
  let bits = 0;
  for (let i = 0; i < a.length; i++) {
    let x = parseInt(a[i]!, 16) ^ parseInt(b[i]!, 16);
    while (x) {
      bits += x & 1;
      x >>= 1;
    }
  }
  return bits;
}

/** The largest difference of any cell and channel of two colour grids, as a share of 0-255: 0 (identical) to 1 (also unequal lengths). */
export function colourDistance(a: string, b: string): number {
  if (a.length !== b.length) return 1;
  let max = 0;
  for (let i = 0; i < a.length; i += 2) max = Math.max(max, Math.abs(parseInt(a.slice(i, i + 2), 16) - parseInt(b.slice(i, i + 2), 16)));
  return max / 255;
}
