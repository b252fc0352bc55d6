// A difference hash ("dHash") of a photo: 64 bits saying, on a 9x8 grid of the image's brightness,
// whether each cell is brighter than its right-hand neighbour. Resizing, re-encoding and small edits
// keep it; a different photo of the same kind of subject does not. Duplicate detection uses it to
// confirm candidates that the embeddings find (a small model's embeddings put every red circle in
// one spot; a large one's put burst shots of a dog together, which is what "near-duplicate" means).

/** From CLIP's preprocessed pixels (float CHW, `side` x `side`, normalised): 16 hex digits. */
export function dhashFromPixels(pixels: Float32Array, side: number, offset = 0): string {
  const plane = side * side;
  const cols = 9;
  const rows = 8;
  const cells = new Float64Array(cols * rows);
  const counts = new Uint32Array(cols * rows);
  for (let y = 0; y < side; y++) {
    const cy = Math.min(rows - 1, Math.floor((y * rows) / side));
    for (let x = 0; x < side; x++) {
      const cx = Math.min(cols - 1, Math.floor((x * cols) / side));
      const i = offset + y * side + x;
      // Brightness from the normalised channels (an affine map of luma: fine for comparisons).
      cells[cy * cols + cx]! += 0.299 * pixels[i]! + 0.587 * pixels[i + plane]! + 0.114 * pixels[i + 2 * plane]!;
      counts[cy * cols + cx]!++;
    }
  }
  let hex = '';
  for (let y = 0; y < rows; y++) {
    let byte = 0;
    for (let x = 0; x < 8; x++) {
      const a = cells[y * cols + x]! / counts[y * cols + x]!;
      const b = cells[y * cols + x + 1]! / counts[y * cols + x + 1]!;
      byte = (byte << 1) | (a > b ? 1 : 0);
    }
    hex += byte.toString(16).padStart(2, '0');
  }
  return hex;
}

/** How many of the 64 bits differ. */
export function hammingDistance(a: string, b: string): number {
  let d = 0;
  for (let i = 0; i < 16; i += 8) {
    let x = (parseInt(a.slice(i, i + 8), 16) ^ parseInt(b.slice(i, i + 8), 16)) >>> 0;
    while (x) {
      x &= x - 1;
      d++;
    }
  }
  return d;
}
