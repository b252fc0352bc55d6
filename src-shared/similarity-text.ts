// A cosine similarity as people read it in the duplicates review (CLI and UI): four decimals, or as
// many more as it takes not to show a near-copy as "1.0000", the figure of identical embeddings.

/** `x` (cosine similarity, -1..1) with 4 to 7 decimals: "0.9981", "0.99997"; exactly 1 reads "1". */
export function similarityText(x: number): string {
  if (x >= 1) return '1';
  for (let digits = 4; digits < 7; digits++) {
    const text = x.toFixed(digits);
    if (!text.startsWith('1')) return text;
  }
  return x.toFixed(7).startsWith('1') ? '0.9999999' : x.toFixed(7);
}
