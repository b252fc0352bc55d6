// Duplicates, in the two kinds a person tidies differently:
// - copies: the same picture, resized, re-encoded or with its metadata edited. Decided on the whole
//   frame: the same aspect ratio, perceptual hashes a few bits apart and colour grids within a few
//   levels (embed/fingerprint.ts), confirmed by the embeddings of every view (a panorama's ends too).
// - similar shots: bursts and retakes, the same scene moments apart. Embeddings alone cannot tell a
//   retake from a different subject on the same background (tiny-clip: 0.999 for a red and a purple
//   circle on one background), so a similar shot also needs both capture times, within a minute.
// Each photo asks the vector index for its nearest neighbours once (no all-pairs comparison), when
// it arrives or its content or views change; the pairs found are kept and joined into groups when
// asked. "Not duplicates" is kept by content and never asked again.
import { basename } from 'node:path';
import { isRawPath } from '../library/photo-files.js';
import { colourDistance, hashDistance } from '../embed/fingerprint.js';
import type { EmbeddingReader } from '../store/embeddings.js';
import type { EmbeddingMatrix } from '../store/embedding-matrix.js';
import { dismissalKey, type DuplicateFacts, type DuplicateStore, type PairKind, type StoredPair } from '../store/duplicates.js';
import type { ModelIndex } from '../store/model-index.js';

/** Neighbours (main views, cosine similarity) looked at from here: the embedding only proposes, the evidence decides. */
export const CANDIDATE_SIMILARITY = 0.9;
/** Copies: aspect ratios (width / height) at most this share apart (1%: a crop is not a copy). */
export const MAX_ASPECT_DIFFERENCE = 0.01;
/**
 * Copies: perceptual hashes at most this many of 256 bits apart. Measured on generated photos: resized and
 * re-encoded copies 0-2 bits, different panoramas 8, different scenes 18-48. A choice of this project.
 */
export const MAX_HASH_DISTANCE = 24;
/**
 * Copies: no colour-grid cell further apart than this share of 0-255 (0.1, 25 levels). Measured: JPEG quality 50
 * 3 levels, WebP 1, a different small subject on the same background 90-190. A choice of this project.
 */
export const MAX_COLOUR_DISTANCE = 0.1;
/**
 * Copies whose perceptual hashes are further apart than MAX_HASH_DISTANCE still count when their colour grids agree
 * this closely (0.04, 10 levels): blockhash compares blocks with their band's median, so on flat areas heavy
 * compression flips many bits (measured: JPEG quality 20 of a flat-background picture, 81 bits; its colour grid, 7
 * levels). A choice of this project.
 */
export const CLOSE_COLOUR_DISTANCE = 0.04;
/** Copies: the lowest cosine similarity of any pair of corresponding views (measured: copies 0.9998 and up). */
export const COPY_VIEW_SIMILARITY = 0.95;
/** Similar shots: main-view cosine similarity from here (measured: a burst 0.98-0.999). A choice of this project. */
export const SHOT_SIMILARITY = 0.9;
/** Similar shots: capture times at most this far apart (ms): a burst or a retake, not the same place another day. */
export const SHOT_WINDOW_MS = 60_000;
/** Dates that say when the shutter fired (library/taken-at.ts); a file's time or a name's date does not. */
const CAPTURE_SOURCES = new Set(['exif-original', 'exif-create']);
const NEIGHBOURS = 16;
/** Photos checked between two turns of the event loop (about 100 ms of work): searches are not held up. */
const CHECK_STEP = 200;

/** Why two photos were paired: every figure measured, none rounded. */
export interface PairEvidence {
  kind: PairKind;
  identical: boolean; // the same bytes (SHA-256)
  similarity: number; // cosine similarity of the main views
  viewSimilarity: number | null; // the lowest cosine similarity of corresponding views; null: main views only
  hashDistance: number | null; // bits of 256 (copies)
  colourDistance: number | null; // share of 0-255 (copies)
  secondsApart: number | null; // capture times (similar shots)
}

export type GroupKind = 'copies' | 'similar';

export interface DuplicateGroup {
  kind: GroupKind;
  ids: number[]; // ascending photo id
  keeper: number; // the photo suggested to keep (suggestKeeper)
  similarity: number; // the lowest main-view cosine similarity of the pairs that joined the group
  pairs: { a: number; b: number; evidence: PairEvidence }[];
}

export class DuplicateFinder {
  // Pairs found by a process that may not write (a second app reading the library): kept for its lifetime.
  private readonly unsaved = new Map<number, { state: string; pairs: StoredPair[] }>();

  constructor(
    private readonly store: DuplicateStore,
    private readonly matrix: EmbeddingMatrix,
    private readonly index: ModelIndex,
    private readonly embeddings: Pick<EmbeddingReader, 'viewsOf'>,
    private readonly modelId: string,
    private readonly writable: boolean, // false: pairs are kept in memory (the connection refuses writes)
  ) {}

  /**
   * Finds the pairs of every photo not yet checked (new, changed, or with new views): one nearest-neighbour query
   * each (about 0.5 ms), in steps of CHECK_STEP photos between which `opts.turn` lets searches go first; stops
   * between steps when `opts.shouldStop` says so. Returns how many photos it checked. Stored when the library is
   * writable, else kept in memory.
   */
  async refresh(opts: { shouldStop?: () => boolean; turn?: () => Promise<void> } = {}): Promise<number> {
    const matrix = this.matrix.refresh();
    let checked = 0;
    for (const photo of this.store.unchecked(this.modelId)) {
      if (checked % CHECK_STEP === CHECK_STEP - 1) {
        await new Promise((r) => setImmediate(r)); // requests that arrived meanwhile are read
        await opts.turn?.();
        if (opts.shouldStop?.()) break;
      }
      const state = `${photo.hash}:${photo.views}`;
      if (this.unsaved.get(photo.id)?.state === state) continue;
      const v = matrix.vector(photo.id);
      if (!v) continue; // searchable but not in the matrix yet: next time
      const pairs = this.pairsOf(photo, v, matrix);
      if (this.writable) this.store.recordCheck(this.modelId, photo.id, state, pairs);
      else this.unsaved.set(photo.id, { state, pairs });
      checked++;
    }
    return checked;
  }

  /**
   * The pairs of `photo` (main view `vector`) with photos of other content: among its nearest neighbours, and the
   * photos it was paired with before (evaluated again, so that a pair another photo's query found is kept or
   * dropped on the evidence, not on whether this photo's query happens to return it). Identical files are not
   * paired here: they are grouped by their content hash (a thousand copies of one file would be a million pairs).
   */
  private pairsOf(photo: DuplicateFacts, vector: Float32Array, matrix: EmbeddingMatrix): StoredPair[] {
    const scores = new Map<number, number>();
    for (const n of this.index.search(vector, NEIGHBOURS, { mainViewsOnly: true })) if (n.id !== photo.id && n.score >= CANDIDATE_SIMILARITY) scores.set(n.id, n.score);
    for (const id of this.store.partners(this.modelId, photo.id)) {
      const other = matrix.vector(id);
      if (!other || scores.has(id)) continue;
      let dot = 0;
      for (let j = 0; j < other.length; j++) dot += other[j]! * vector[j]!;
      scores.set(id, dot);
    }
    const pairs: StoredPair[] = [];
    for (const other of this.store.facts(this.modelId, [...scores.keys()])) {
      if (other.hash === photo.hash) continue;
      const evidence = this.compare(photo, other, scores.get(other.id)!);
      if (evidence) pairs.push({ a: Math.min(photo.id, other.id), b: Math.max(photo.id, other.id), kind: evidence.kind, evidence: JSON.stringify(evidence) });
    }
    return pairs;
  }

  /** The evidence that `x` and `y` (main views `similarity` apart) are copies or similar shots; null when neither. */
  private compare(x: DuplicateFacts, y: DuplicateFacts, similarity: number): PairEvidence | null {
    const base = { similarity, viewSimilarity: null, hashDistance: null, colourDistance: null, secondsApart: null };
    const copy = this.copyEvidence(x, y, similarity);
    if (copy) return copy;
    if (similarity < SHOT_SIMILARITY || !CAPTURE_SOURCES.has(x.dateSource ?? '') || !CAPTURE_SOURCES.has(y.dateSource ?? '')) return null;
    const apart = Math.abs(x.takenAt! - y.takenAt!);
    if (apart > SHOT_WINDOW_MS || (x.camera && y.camera && x.camera !== y.camera)) return null;
    return { ...base, kind: 'similar', identical: false, secondsApart: apart / 1000 };
  }

  private copyEvidence(x: DuplicateFacts, y: DuplicateFacts, similarity: number): PairEvidence | null {
    if (!x.width || !x.height || !y.width || !y.height || !x.perceptualHash || !y.perceptualHash || !x.colourGrid || !y.colourGrid) return null;
    const [ax, ay] = [x.width / x.height, y.width / y.height];
    if (Math.abs(ax - ay) / Math.max(ax, ay) > MAX_ASPECT_DIFFERENCE) return null;
    const bits = hashDistance(x.perceptualHash, y.perceptualHash);
    const colours = colourDistance(x.colourGrid, y.colourGrid);
    if (colours > MAX_COLOUR_DISTANCE || (bits > MAX_HASH_DISTANCE && colours > CLOSE_COLOUR_DISTANCE)) return null;
    const views = this.viewSimilarity(x, y);
    if (Math.min(similarity, views ?? 1) < COPY_VIEW_SIMILARITY) return null;
    return { kind: 'copy', identical: false, similarity, viewSimilarity: views, hashDistance: bits, colourDistance: colours, secondsApart: null };
  }

  /** The lowest cosine similarity of corresponding views, when both photos have the same number (> 1) of them. */
  private viewSimilarity(x: DuplicateFacts, y: DuplicateFacts): number | null {
    if (x.views < 2 || x.views !== y.views) return null;
    const vx = this.embeddings.viewsOf(x.hash, this.modelId)?.vectors ?? [];
    const vy = this.embeddings.viewsOf(y.hash, this.modelId)?.vectors ?? [];
    let lowest: number | null = null;
    for (let i = 1; i < Math.min(vx.length, vy.length); i++) {
      const [a, b] = [vx[i], vy[i]];
      if (!a || !b) continue;
      let dot = 0;
      for (let j = 0; j < a.length; j++) dot += a[j]! * b[j]!;
      lowest = Math.min(lowest ?? 1, dot);
    }
    return lowest;
  }

  /**
   * The groups now, copies first then similar shots, larger groups first. Pairs whose main-view similarity is
   * under `minSimilarity` (cosine) are left out, as are pairs a person dismissed, and pairs with a photo that is not
   * `present` (its file gone since the last scan): the groups are what the remaining pairs connect, so a group left
   * with one photo disappears and one whose middle photo went splits. Finds new pairs first (refresh).
   */
  async groups(minSimilarity = 0, present: (photo: DuplicateFacts) => boolean = () => true): Promise<DuplicateGroup[]> {
    await this.refresh();
    const stored = this.store.pairs(this.modelId);
    const fresh = [...this.unsaved.values()].flatMap((u) => u.pairs);
    // Identical files, as a chain of pairs from the first (the same bytes: the same picture, nothing to measure).
    const identical: PairEvidence = { kind: 'copy', identical: true, similarity: 1, viewSimilarity: null, hashDistance: null, colourDistance: null, secondsApart: null };
    const chains = this.store.identicalSets().flatMap((set) => set.ids.slice(1).map((id): StoredPair => ({ a: set.ids[0]!, b: id, kind: 'copy', evidence: JSON.stringify(identical) })));
    const byKey = new Map<string, StoredPair>();
    for (const p of [...stored, ...fresh, ...chains]) byKey.set(`${p.a}:${p.b}`, p);
    const ids = [...new Set([...byKey.values()].flatMap((p) => [p.a, p.b]))];
    const facts = new Map(this.store.facts(this.modelId, ids).map((f) => [f.id, f]));
    for (const [id, f] of facts) if (!present(f)) facts.delete(id); // once per photo (the check may touch the disk)
    const dismissed = this.store.dismissed();
    const pairs = [...byKey.values()]
      .filter((p) => facts.has(p.a) && facts.has(p.b) && !dismissed.has(dismissalKey(facts.get(p.a)!.hash, facts.get(p.b)!.hash)))
      .map((p) => ({ a: p.a, b: p.b, evidence: JSON.parse(p.evidence) as PairEvidence }))
      .filter((p) => p.evidence.similarity >= minSimilarity);
    const copies = components(pairs.filter((p) => p.evidence.kind === 'copy'));
    const similar = components(pairs).filter((g) => g.some((p) => p.evidence.kind === 'similar'));
    const toGroup = (kind: GroupKind, members: typeof pairs): DuplicateGroup => {
      const groupIds = [...new Set(members.flatMap((p) => [p.a, p.b]))].sort((a, b) => a - b);
      return { kind, ids: groupIds, keeper: suggestKeeper(groupIds.map((id) => facts.get(id)!), kind), similarity: Math.min(...members.map((p) => p.evidence.similarity)), pairs: members };
    };
    const order = (a: DuplicateGroup, b: DuplicateGroup) => b.ids.length - a.ids.length || a.ids[0]! - b.ids[0]!;
    return [...copies.map((g) => toGroup('copies', g)).sort(order), ...similar.map((g) => toGroup('similar', g)).sort(order)];
  }

  /**
   * "Not duplicates": no two of these photos are paired again, whatever their paths become (kept by content).
   * @throws Error when the library is open read-only
   */
  dismiss(ids: readonly number[]): void {
    if (!this.writable) throw new Error('the library is open read-only');
    this.store.dismiss(this.store.facts(this.modelId, [...new Set(ids)]).map((f) => f.hash));
  }
}

/** Connected components of `pairs` (union-find), each as its pairs. */
function components<P extends { a: number; b: number }>(pairs: readonly P[]): P[][] {
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let root = x;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  for (const p of pairs) {
    const [ra, rb] = [find(p.a), find(p.b)];
    parent.set(Math.max(ra, rb), Math.min(ra, rb));
  }
  const out = new Map<number, P[]>();
  for (const p of pairs) {
    const root = find(p.a);
    out.set(root, [...(out.get(root) ?? []), p]);
  }
  return [...out.values()];
}

/** Formats by how likely they are a camera's original rather than a copy made of it: higher first. */
function formatRank(path: string): number {
  if (isRawPath(path)) return 5;
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  if (['tif', 'tiff', 'png'].includes(ext)) return 4;
  if (['heic', 'heif', 'avif'].includes(ext)) return 3;
  if (['jpg', 'jpeg'].includes(ext)) return 2;
  return 1;
}

/**
 * The photo to keep of a group: the most pixels; among copies of one picture, then the one that still has its
 * camera's metadata (the camera's JPEG, not a PNG made of it); then the format a camera writes (RAW, then lossless,
 * then HEIC/AVIF, then JPEG); among copies, the larger file (less compressed); then the earliest date (capture
 * time, else the file's), the earliest file, the shorter name ("IMG_1.jpg" before "IMG_1 (copy).jpg"), the lowest
 * id. A choice of this project; the person can choose another.
 */
export function suggestKeeper(photos: readonly DuplicateFacts[], kind: GroupKind): number {
  const pixels = (f: DuplicateFacts) => (f.width ?? 0) * (f.height ?? 0);
  const copies = kind === 'copies';
  const sorted = [...photos].sort(
    (x, y) =>
      pixels(y) - pixels(x) ||
      (copies ? Number(!!y.camera) - Number(!!x.camera) : 0) ||
      formatRank(y.path) - formatRank(x.path) ||
      (copies ? y.size - x.size : 0) ||
      (x.takenAt ?? x.mtimeMs) - (y.takenAt ?? y.mtimeMs) ||
      x.mtimeMs - y.mtimeMs ||
      basename(x.path).length - basename(y.path).length ||
      x.id - y.id,
  );
  return sorted[0]!.id;
}
