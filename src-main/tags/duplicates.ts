// Duplicates and near-duplicates: photos whose embeddings are nearly identical (exact copies,
// resized or re-encoded copies, burst shots). Each photo asks the vector index for its few nearest
// neighbours, so the work grows with the library, not with its square; pairs above the threshold
// confirmed by their colour signatures (src-main/library/signature.ts) and joined into groups (union-find).
import { signatureDistance } from '../library/signature.js';
import type { EmbeddingMatrix } from '../store/embedding-matrix.js';
import type { ModelIndex } from '../store/model-index.js';
import type { PhotoReader } from '../store/photos.js';

/** Cosine similarity from which two photos are candidates (a choice of this project; the signature decides)... */
export const DUPLICATE_THRESHOLD = 0.95;
/**
 * ...and the most any cell of their signatures may differ (share of the 0-255 range, so 0.1 is about 25 levels)
 * to be the same picture. A choice of this project.
 */
export const MAX_SIGNATURE_DISTANCE = 0.1;
const NEIGHBOURS = 8;

export interface DuplicateGroup {
  ids: number[]; // ascending photo id
  similarity: number; // the lowest similarity that joined the group
}

/**
 * Groups of searchable photos that are the same picture, largest group first (then by lowest id). `threshold`
 * is the cosine similarity from which two photos are candidates. Same content hash, or signatures within
 * MAX_SIGNATURE_DISTANCE, confirms a pair; groups join transitively. A group's `similarity` is a cosine
 * similarity. Refreshes `matrix`.
 */
export function findDuplicates(photos: Pick<PhotoReader, 'duplicateEvidence'>, matrix: EmbeddingMatrix, index: ModelIndex, threshold = DUPLICATE_THRESHOLD): DuplicateGroup[] {
  matrix.refresh();
  const info = new Map(photos.duplicateEvidence().map((r) => [r.id, r]));
  // A copy indexed without decoding (its content was known) shares the original's hash and signature.
  const byHash = new Map<string, string>();
  for (const r of info.values()) if (r.signature) byHash.set(r.hash, r.signature);
  const same = (a: number, b: number) => {
    const x = info.get(a);
    const y = info.get(b);
    if (!x || !y) return false;
    if (x.hash === y.hash) return true;
    const sx = x.signature ?? byHash.get(x.hash);
    const sy = y.signature ?? byHash.get(y.hash);
    return !!sx && !!sy && signatureDistance(sx, sy) <= MAX_SIGNATURE_DISTANCE;
  };
  const parent = new Map<number, number>();
  const find = (a: number): number => {
    let root = a;
    while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(a, root);
    return root;
  };
  const weakest = new Map<number, number>();
  for (let r = 0; r < matrix.size; r++) {
    const id = matrix.idAt(r);
    // Photo to photo (main views): a panorama is not a copy of a photo that matches one of its squares.
    for (const n of index.search(matrix.vector(id)!, NEIGHBOURS, { mainViewsOnly: true })) {
      if (n.id === id || n.score < threshold || !same(id, n.id)) continue;
      const [a, b] = [find(id), find(n.id)];
      if (!parent.has(id)) parent.set(id, id);
      if (!parent.has(n.id)) parent.set(n.id, n.id);
      const root = Math.min(a, b);
      const low = Math.min(weakest.get(a) ?? 1, weakest.get(b) ?? 1, n.score);
      parent.set(a, root);
      parent.set(b, root);
      weakest.set(root, low);
    }
  }
  const groups = new Map<number, number[]>();
  for (const id of parent.keys()) {
    const root = find(id);
    groups.set(root, [...(groups.get(root) ?? []), id]);
  }
  return [...groups.entries()]
    .filter(([, ids]) => ids.length > 1)
    .map(([root, ids]) => ({ ids: ids.sort((a, b) => a - b), similarity: weakest.get(root) ?? 1 }))
    .sort((a, b) => b.ids.length - a.ids.length || a.ids[0]! - b.ids[0]!);
}
