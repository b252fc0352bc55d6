// A picture's signature: its average colour on an 8x8 grid (192 bytes, hex). Two photos are the
// same picture when no cell differs by more than a small share of the range: a resized, re-encoded
// or lightly edited copy passes, a different photo does not, even of the same kind of subject
// (where a small model's embeddings cannot tell them apart). Duplicate detection confirms the
// vector index's candidates with it.

const GRID = 8;

/**
 * The signature of one preprocessed image: `pixels` holds float32 [3*side*side], CHW, normalised with
 * `mean`/`std` (as preprocessImage writes it; only the first image is read). Returns 384 hex characters: per
 * cell, row by row, the mean R, G and B in 0-255.
 */
export function signatureFromPixels(pixels: Float32Array, side: number, mean: readonly number[], std: readonly number[]): string {
  const plane = side * side;
  const sums = new Float64Array(GRID * GRID * 3);
  const counts = new Uint32Array(GRID * GRID);
  for (let y = 0; y < side; y++) {
    const cy = Math.floor((y * GRID) / side);
    for (let x = 0; x < side; x++) {
      const cell = cy * GRID + Math.floor((x * GRID) / side);
      counts[cell]!++;
      for (let c = 0; c < 3; c++) sums[cell * 3 + c]! += pixels[c * plane + y * side + x]! * std[c]! + mean[c]!;
    }
  }
  let hex = '';
  for (let i = 0; i < sums.length; i++) {
    const v = Math.max(0, Math.min(255, Math.round((sums[i]! / counts[Math.floor(i / 3)]!) * 255)));
    hex += v.toString(16).padStart(2, '0');
  }
  return hex;
}

/** The largest difference of any cell and channel, as a share of 0-255: 0 (identical) to 1 (also unequal lengths). */
export function signatureDistance(a: string, b: string): number {
  if (a.length !== b.length) return 1;
  let max = 0;
  for (let i = 0; i < a.length; i += 2) {
    max = Math.max(max, Math.abs(parseInt(a.slice(i, i + 2), 16) - parseInt(b.slice(i, i + 2), 16)));
  }
  return max / 255;
}
