// Small vector helpers shared by search, tagging and the index.

/** Scales a float32 [D] to unit (L2) length in place and returns the same array. A zero vector stays zero. */
export function l2normalise(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}

/** The dot product of two float32 [D]: their cosine similarity (-1..1) when both are L2-normalised. */
export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** A float32 [D] embedding as a SQLite BLOB (D*4 bytes, platform byte order) that shares its memory: no copy. */
export function toBlob(v: Float32Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

/**
 * The float32 [D] stored by `toBlob`. Copies: a Buffer may start at a byte offset that is not a multiple of 4,
 * which a Float32Array cannot view.
 */
export function fromBlob(b: Buffer): Float32Array {
  const copy = new Uint8Array(b.byteLength);
  copy.set(b);
  return new Float32Array(copy.buffer);
}
