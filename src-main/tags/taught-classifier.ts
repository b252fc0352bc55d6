// The classifier of a tag taught by example, trained on the person's examples only: the photos they
// never judged are not negatives, so a decision does not move when the library grows. With "no"
// examples, a regularised logistic regression (the CLIP paper's linear probe, logistic.ts) whose
// threshold is calibrated on the examples by leave-one-out; with "yes" examples only, a
// similarity-to-examples rule (a one-class nearest-neighbour rule). Either way a photo must also be
// about as close to a "yes" example as those are to each other, so that a photo unlike anything
// taught never matches. Each photo gets a calibrated logit: 0 at the decision, positive a match; its
// sigmoid is the confidence, and the photos nearest 0 are the ones to ask about next (active learning,
// uncertainty sampling: Lewis & Gale 1994, "A Sequential Algorithm for Training Text Classifiers").
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
/** A match from this confidence (0..1) is "likely", under it "possible". A choice of this project. */
export const LIKELY_CONFIDENCE = 0.8;
/**
 * A photo whose probe logit is this far under the threshold is a clear non-match (confidence under 0.001): its
 * closeness is not computed (the scan of a large library skips the nearest-example search for most photos).
 */
const CLEAR_MISS = 7;
/** Leave-one-out up to this many examples; k-fold with this many folds above, so that a big lesson stays fast. */
const MAX_FOLDS = 20;
/** "yes" examples kept in the classifier for the closeness rule; a choice of this project (their spread is what counts). */
const MAX_KEPT_EXAMPLES = 256;
// Blob layout version, so that a classifier of another form is retrained rather than misread.
const FORMAT = 2;

export interface TaughtClassifier {
  probe: Probe | null; // null: "yes" examples only
  threshold: number; // logit of the probe at which a photo matches, calibrated by leave-one-out
  closeness: number; // cosine similarity to the nearest "yes" example a match needs
  yes: Float32Array[]; // float32 [D] each: the "yes" examples the closeness rule compares with
}

/**
 * Trains on `yes` and `no` examples (float32 [D] each, L2-normalised). With `no` examples: logistic.ts `train`
 * (balanced classes, L2), then the threshold on the examples' leave-one-out logits (k-fold over MAX_FOLDS) that
 * classifies most of them right (balanced accuracy), as near the probe's own boundary (logit 0) as that allows.
 * The closeness needed: the smallest similarity of a "yes" example to its nearest other "yes" example
 * (leave-one-out of the nearest-neighbour rule), or SINGLE_EXAMPLE_SIMILARITY with one.
 * @throws Error without a "yes" example
 */
export function trainTaught(yes: readonly Float32Array[], no: readonly Float32Array[]): TaughtClassifier {
  if (!yes.length) throw new Error('a taught tag needs a "yes" example');
  const kept = yes.slice(-MAX_KEPT_EXAMPLES);
  const closeness = closenessOf(kept);
  if (!no.length) return { probe: null, threshold: 0, closeness, yes: kept };
  const x = [...yes, ...no];
  const y = x.map((_, i) => (i < yes.length ? 1 : 0));
  const probe = train(x, y);
  return { probe, threshold: looThreshold(x, y), closeness, yes: kept };
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

/** The threshold (logit) that classifies the held-out examples best, nearest 0 among the best. */
function looThreshold(x: readonly Float32Array[], y: readonly number[]): number {
  const folds = Math.min(x.length, MAX_FOLDS);
  const held = new Float64Array(x.length);
  for (let f = 0; f < folds; f++) {
    const trainX: Float32Array[] = [];
    const trainY: number[] = [];
    x.forEach((v, i) => {
      if (i % folds !== f) {
        trainX.push(v);
        trainY.push(y[i]!);
      }
    });
    // A fold without both kinds cannot train: its examples keep the full probe's boundary (logit 0 counts them right).
    const probe = trainY.includes(1) && trainY.includes(0) ? train(trainX, trainY) : null;
    x.forEach((v, i) => {
      if (i % folds === f) held[i] = probe ? logit(probe, v) : y[i] === 1 ? 1 : -1;
    });
  }
  const positives = y.filter((v) => v === 1).length;
  const negatives = y.length - positives;
  const edges = [-Infinity, ...[...new Set(held)].sort((a, b) => a - b), Infinity];
  let best = { accuracy: -1, threshold: 0 };
  for (let k = 0; k + 1 < edges.length; k++) {
    // Any threshold in (edges[k], edges[k+1]] makes the same decisions: those above edges[k] match.
    let tp = 0;
    let tn = 0;
    held.forEach((z, i) => {
      if (z > edges[k]! && y[i] === 1) tp++;
      if (z <= edges[k]! && y[i] === 0) tn++;
    });
    const accuracy = (tp / positives + tn / negatives) / 2;
    const threshold = Math.min(Math.max(0, Number.isFinite(edges[k]!) ? edges[k]! + 1e-6 : -Infinity), edges[k + 1]!);
    if (accuracy > best.accuracy + 1e-12 || (Math.abs(accuracy - best.accuracy) <= 1e-12 && Math.abs(threshold) < Math.abs(best.threshold))) {
      best = { accuracy, threshold };
    }
  }
  return Number.isFinite(best.threshold) ? best.threshold : 0;
}

/**
 * A photo's calibrated logit under `c`: 0 at the decision, > 0 a match. For a probe, the lesser of its logit over the
 * threshold and the closeness margin in SIMILARITY_SCALE units; with "yes" examples only, the closeness margin.
 * Under -CLEAR_MISS the value is only a bound (the lesser may be lower). `x` is float32 [D], L2-normalised.
 */
export function judge(c: TaughtClassifier, x: Float32Array): number {
  const linear = c.probe ? logit(c.probe, x) - c.threshold : Infinity;
  if (linear < -CLEAR_MISS) return linear;
  let nearest = -Infinity;
  for (const v of c.yes) nearest = Math.max(nearest, dot(v, x));
  const close = (nearest - c.closeness) / SIMILARITY_SCALE;
  return Math.min(linear, close);
}

/** The confidence (0..1) of a calibrated logit: its sigmoid, 0.5 at the decision. */
export function confidenceOf(calibrated: number): number {
  return 1 / (1 + Math.exp(-calibrated));
}

/** A match's confidence in words: "likely" from LIKELY_CONFIDENCE. */
export function confidenceWord(confidence: number): TagConfidence {
  return confidence >= LIKELY_CONFIDENCE ? 'likely' : 'possible';
}

/** The classifier as a BLOB: float32 [format, D, has probe, threshold, closeness, bias, weights D, then the yes examples]. */
export function classifierToBlob(c: TaughtClassifier): Buffer {
  const dim = c.yes[0]!.length;
  const all = new Float32Array(6 + dim + c.yes.length * dim);
  all.set([FORMAT, dim, c.probe ? 1 : 0, c.threshold, c.closeness, c.probe?.bias ?? 0]);
  if (c.probe) all.set(c.probe.weights, 6);
  c.yes.forEach((v, i) => all.set(v, 6 + dim + i * dim));
  return Buffer.from(all.buffer, all.byteOffset, all.byteLength);
}

/** The classifier `classifierToBlob` stored; undefined for a blob of another form (an older classifier: retrain it). */
export function classifierFromBlob(blob: Buffer): TaughtClassifier | undefined {
  const all = new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
  if (all.length < 6 || all[0] !== FORMAT) return undefined;
  const dim = all[1]!;
  const count = (all.length - 6 - dim) / dim;
  if (!Number.isInteger(count) || count < 1) return undefined;
  const yes = Array.from({ length: count }, (_, i) => all.slice(6 + dim + i * dim, 6 + dim + (i + 1) * dim));
  const probe = all[2] === 1 ? { weights: all.slice(6, 6 + dim), bias: all[5]! } : null;
  return { probe, threshold: all[3]!, closeness: all[4]!, yes };
}

function logit(probe: Probe, x: Float32Array): number {
  return probe.bias + dot(probe.weights, x);
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}
