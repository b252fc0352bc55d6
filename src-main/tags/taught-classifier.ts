// The classifier of a tag taught by example, trained on the person's examples only: the photos they
// never judged are not negatives, so a decision does not move when the library grows. With "no"
// examples, a regularised logistic regression (the CLIP paper's linear probe, logistic.ts) that must
// be sure by a fixed margin (MATCH_LOGIT); with "yes" examples only, a similarity-to-examples rule
// (a one-class nearest-neighbour rule calibrated leave-one-out on the yes examples). Either way a
// photo must also lie where the tag was taught: near a photo of the library as it was when the tag
// was first taught (a fixed reference sample kept in the classifier), or near a "yes" example. Why:
// measured on tiny-clip, a photo unlike anything in the library (noise, text, gradients) is about as
// close to the "yes" examples of "warm shapes" as the warm photos are (0.70 against a median of 0.68),
// so no rule on the examples alone keeps it out, and the probe extrapolates it to a confident yes;
// against the reference it stands out (0.70 to its nearest reference photo, where the library's own
// photos are 0.93 and more from theirs). Each photo gets a calibrated logit: 0 at the decision,
// positive a match; its sigmoid is the confidence, and the photos nearest 0 are the ones to ask about
// next (active learning, uncertainty sampling: Lewis & Gale 1994, "A Sequential Algorithm for
// Training Text Classifiers").
import type { TagConfidence } from '../store/tags.js';
import { train, type Probe } from './logistic.js';

/**
 * With a single "yes" example (no other to measure closeness against), a photo must be at least this similar
 * to it (cosine similarity): another shot of the same subject, not the same kind of picture. A choice of this project.
 */
export const SINGLE_EXAMPLE_SIMILARITY = 0.85;
/**
 * Cosine similarity that counts as one logit unit when closeness decides: a photo 0.05 closer than needed has
 * confidence sigmoid(1) = 0.73. A choice of this project.
 */
export const SIMILARITY_SCALE = 0.05;
/**
 * The probe must give a match at least this logit (odds e:1 of "yes"): with a handful of examples its boundary
 * (logit 0) is loosely placed, and photos of a kind no example showed sit near it. Measured on tiny-clip ("warm
 * shapes", 5 yes + 2 no, 15 draws): F1 median 0.97 at 1 against 0.95 at 0, with fewer cold photos let in. Replaces a
 * threshold calibrated leave-one-out on the examples, which one more example could move by several logits (a
 * single "no" grew a tag from 11 photos to 33). A choice of this project.
 */
export const MATCH_LOGIT = 1;
/**
 * A match whose calibrated logit reaches this is "likely" (confidence sigmoid(2) = 0.88 and more: well inside the
 * decision); a match under it is "possible" (near the boundary); a photo under 0 is not a match and has no word.
 * A choice of this project.
 */
export const LIKELY_LOGIT = 2;
/** The same boundary as a confidence (0..1): sigmoid(LIKELY_LOGIT). */
export const LIKELY_CONFIDENCE = 1 / (1 + Math.exp(-LIKELY_LOGIT));
/**
 * A photo whose probe logit is this far under the threshold is a clear non-match (confidence under 0.001): its
 * closeness is not computed (the scan of a large library skips the nearest-example search for most photos).
 */
const CLEAR_MISS = 7;
/** "yes" examples kept in the classifier for the closeness rule; a choice of this project (their spread is what counts). */
const MAX_KEPT_EXAMPLES = 256;
/** Photos of the library kept as the reference of where the tag was taught (see the header); a choice of this project. */
export const MAX_REFERENCE = 256;
/**
 * The support radius: this quantile of the reference photos' similarities to their nearest other reference photo.
 * A photo nearer to a reference photo (or a "yes" example) than that is where the tag was taught. Low, so that the
 * library's own photos are in (a new photo like them too); a choice of this project.
 */
const SUPPORT_QUANTILE = 0.02;
// Blob layout version, so that a classifier of another form is retrained rather than misread.
const FORMAT = 3;

export interface TaughtClassifier {
  probe: Probe | null; // null: "yes" examples only
  threshold: number; // logit of the probe at which a photo matches (MATCH_LOGIT)
  closeness: number; // "yes" examples only: cosine similarity to the nearest "yes" example a match needs
  yes: Float32Array[]; // float32 [D] each: the "yes" examples the closeness and support rules compare with
  reference: Float32Array[]; // float32 [D] each: photos of the library when the tag was first taught
  support: number; // cosine similarity to the nearest reference photo or "yes" example a match needs; -1: none
}

/**
 * Trains on `yes` and `no` examples (float32 [D] each, L2-normalised), with `reference` photos of the library (see
 * the header; empty: no support rule). With `no` examples: logistic.ts `train` (balanced classes, L2), matching from
 * MATCH_LOGIT. With "yes" examples only: closeness to the nearest "yes" example at least the least of the examples'
 * leave-one-out nearest-"yes" similarities (SINGLE_EXAMPLE_SIMILARITY with one).
 * @throws Error without a "yes" example
 */
export function trainTaught(yes: readonly Float32Array[], no: readonly Float32Array[], reference: readonly Float32Array[] = []): TaughtClassifier {
  if (!yes.length) throw new Error('a taught tag needs a "yes" example');
  const kept = yes.slice(-MAX_KEPT_EXAMPLES);
  const ref = reference.slice(0, MAX_REFERENCE);
  const support = supportOf(ref);
  if (!no.length) return { probe: null, threshold: 0, closeness: closenessOf(kept), yes: kept, reference: ref, support };
  const x = [...yes, ...no];
  const y = x.map((_, i) => (i < yes.length ? 1 : 0));
  return { probe: train(x, y), threshold: MATCH_LOGIT, closeness: -1, yes: kept, reference: ref, support };
}

function closenessOf(yes: readonly Float32Array[]): number {
  if (yes.length < 2) return SINGLE_EXAMPLE_SIMILARITY;
  let least = Infinity;
  yes.forEach((a, i) => {
    let best = -Infinity;
    yes.forEach((b, j) => {
      if (i !== j) best = Math.max(best, dot(a, b));
    });
    least = Math.min(least, best);
  });
  return least;
}

/** The support radius of `reference` (SUPPORT_QUANTILE of leave-one-out nearest similarities); -1 (none) under 2 photos. */
function supportOf(reference: readonly Float32Array[]): number {
  if (reference.length < 2) return -1;
  const nearest = reference.map((a, i) => {
    let best = -Infinity;
    reference.forEach((b, j) => {
      if (i !== j) best = Math.max(best, dot(a, b));
    });
    return best;
  });
  nearest.sort((a, b) => a - b);
  return nearest[Math.floor(SUPPORT_QUANTILE * (nearest.length - 1))]!;
}

/**
 * A photo's calibrated logit under `c`: 0 at the decision, > 0 a match. The least of: the probe's logit over its
 * threshold (with "no" examples), the closeness margin (with "yes" examples only) and the support margin (see the
 * header), the margins in SIMILARITY_SCALE units. Under -CLEAR_MISS the value is only a bound (the least may be
 * lower). `x` is float32 [D], L2-normalised.
 */
export function judge(c: TaughtClassifier, x: Float32Array): number {
  const linear = c.probe ? logit(c.probe, x) - c.threshold : Infinity;
  if (linear < -CLEAR_MISS) return linear;
  let nearestYes = -Infinity;
  for (const v of c.yes) nearestYes = Math.max(nearestYes, dot(v, x));
  const close = c.probe ? Infinity : (nearestYes - c.closeness) / SIMILARITY_SCALE;
  let known = nearestYes;
  if (c.support > -1 && known < c.support) for (const v of c.reference) known = Math.max(known, dot(v, x));
  const inside = c.support > -1 ? (known - c.support) / SIMILARITY_SCALE : Infinity;
  return Math.min(linear, close, inside);
}

/** The confidence (0..1) of a calibrated logit: its sigmoid, 0.5 at the decision. */
export function confidenceOf(calibrated: number): number {
  return 1 / (1 + Math.exp(-calibrated));
}

/**
 * A match's confidence in words, from its confidence (0..1): "likely" from LIKELY_CONFIDENCE (well inside the
 * decision), "possible" from 0.5 (near it); undefined under 0.5, which is not a match.
 */
export function confidenceWord(confidence: number): TagConfidence | undefined {
  if (confidence < 0.5) return undefined;
  return confidence >= LIKELY_CONFIDENCE ? 'likely' : 'possible';
}

// Header floats of the blob: format, D, has probe, threshold, closeness, bias, support, yes count.
const HEAD = 8;

/** The classifier as a BLOB: float32 [HEAD header, weights D, the yes examples, then the reference photos]. */
export function classifierToBlob(c: TaughtClassifier): Buffer {
  const dim = c.yes[0]!.length;
  const all = new Float32Array(HEAD + dim + (c.yes.length + c.reference.length) * dim);
  all.set([FORMAT, dim, c.probe ? 1 : 0, c.threshold, c.closeness, c.probe?.bias ?? 0, c.support, c.yes.length]);
  if (c.probe) all.set(c.probe.weights, HEAD);
  [...c.yes, ...c.reference].forEach((v, i) => all.set(v, HEAD + dim + i * dim));
  return Buffer.from(all.buffer, all.byteOffset, all.byteLength);
}

/** The classifier `classifierToBlob` stored; undefined for a blob of another form (an older classifier: retrain it). */
export function classifierFromBlob(blob: Buffer): TaughtClassifier | undefined {
  const all = new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
  if (all.length < HEAD || all[0] !== FORMAT) return undefined;
  const dim = all[1]!;
  const count = (all.length - HEAD - dim) / dim;
  const yesCount = all[7]!;
  if (!Number.isInteger(count) || yesCount < 1 || yesCount > count) return undefined;
  const vectors = Array.from({ length: count }, (_, i) => all.slice(HEAD + dim + i * dim, HEAD + dim + (i + 1) * dim));
  const probe = all[2] === 1 ? { weights: all.slice(HEAD, HEAD + dim), bias: all[5]! } : null;
  return { probe, threshold: all[3]!, closeness: all[4]!, yes: vectors.slice(0, yesCount), reference: vectors.slice(yesCount), support: all[6]! };
}

function logit(probe: Probe, x: Float32Array): number {
  return probe.bias + dot(probe.weights, x);
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}
