// Which vocabulary labels a photo gets (zero-shot auto-tags), calibrated per label. A label is the
// best of the vocabulary for many photos it does not show (whatever the vocabulary lacks, the least
// unlikely label wins the softmax), so a label is given only when it also stands out for the photo
// against that label's own background: its scores over a fixed sample of the library, where most
// photos do not show it. Beside it: the absolute relevance floor, the share of the softmax over the
// vocabulary, the margin over the content-free prompt (the search's rule for words that name nothing),
// and whether the model reads the label at all consistently across its prompt templates.
import { CONTENT_MARGIN_SHARE } from '../search/searcher.js';
import type { TagConfidence } from '../store/tags.js';

/** At most this many auto-tags per photo; a choice of this project. */
export const MAX_AUTO_TAGS = 5;
/**
 * A label must also hold this share (0..1) of the softmax over the whole vocabulary at CLIP's logit scale 100,
 * so a label far behind the photo's best one is dropped even above the floor. 0.1 is a choice of this project.
 */
export const MIN_SOFTMAX = 0.1;
// CLIP's logit scale: its learned temperature, which the paper caps at 100 (Radford et al. 2021, "Learning
// Transferable Visual Models From Natural Language Supervision"); zero-shot scores are softmaxed at this scale.
const LOGIT_SCALE = 100;
/**
 * A label is given only this many of its background standard deviations above its background location (a z-score
 * over the library's sample, see calibrate). Measured on tiny-clip's shapes library: true colour and shape tags
 * stand 1.8 to 3 above, so 1.5 keeps them; with a real model a label that is merely the least unlikely for a photo
 * scores near its background. A choice of this project.
 */
export const Z_MIN = 1.5;
/** From this z-score (see Z_MIN) and a softmax share of one half, a tag is "likely"; under it "possible". A choice of this project. */
export const Z_LIKELY = 2;
/**
 * A label whose agreement across templates (label-embeddings.ts `agreement`) falls this far under the vocabulary's
 * median is not used: the model does not read that word. Measured on tiny-clip: its colour and shape words agree
 * at 0.98 and more, the default vocabulary's labels at a median of 0.96, and "pig", which it never learned (its
 * prompts land near triangles), at 0.64. Relative to the vocabulary so that a model whose templates differ more
 * (a real model's 17) is judged against its own labels. A choice of this project.
 */
export const AGREEMENT_DROP = 0.2;
/** The label statistics come from at most this many photos of the library (a fixed sample; see TagStore.calibrationSample). */
export const CALIBRATION_SAMPLE = 1024;
/** Under this many photos, labels are not calibrated (the other rules still apply). A choice of this project. */
export const MIN_CALIBRATION = 32;
// Normal quantiles of 5% and 25% (-1.645, -0.674): the lower-tail fit of calibrate.
const Z05 = 1.6449;
const Z25 = 0.6745;
/** No background is narrower than this (cosine similarity), so that a label scoring the same everywhere is not infinitely sharp. */
const MIN_SCALE = 0.01;

/**
 * How many photos the labels are calibrated on for a library of `photos`: the largest power of two up to
 * CALIBRATION_SAMPLE, 0 under MIN_CALIBRATION. Powers of two so that the statistics (and every photo's tags) are
 * renewed only when the library has doubled, a few times early in its life, then never.
 */
export function calibrationSize(photos: number): number {
  if (photos < MIN_CALIBRATION) return 0;
  let n = MIN_CALIBRATION;
  while (n * 2 <= Math.min(photos, CALIBRATION_SAMPLE)) n *= 2;
  return n;
}

/**
 * Each label's background over `sample` photos (each float32 [D], L2-normalised): float32 [labels, 2], the location
 * and scale (cosine similarity) of the normal that fits the lower part of the label's scores, from their 5% and
 * 25% quantiles: scale = (q25 - q05) / 0.970, location = q25 + 0.674 scale. The lower part, because the photos that
 * show a label score above it: the fit holds while fewer than three quarters of the library show the label (a median
 * and its deviation would hold only under one half). A choice of this project.
 * @throws Error without photos
 */
export function calibrate(sample: readonly Float32Array[], labels: readonly Float32Array[]): Float32Array {
  if (!sample.length) throw new Error('calibration needs photos');
  const stats = new Float32Array(labels.length * 2);
  const scores = new Float32Array(sample.length);
  labels.forEach((l, i) => {
    sample.forEach((p, r) => (scores[r] = dotOf(l, p)));
    scores.sort();
    const q05 = quantile(scores, 0.05);
    const q25 = quantile(scores, 0.25);
    const scale = Math.max(MIN_SCALE, (q25 - q05) / (Z05 - Z25));
    stats[2 * i] = q25 + Z25 * scale;
    stats[2 * i + 1] = scale;
  });
  return stats;
}

/** Which labels the model reads (see AGREEMENT_DROP), from each label's agreement. */
export function readableLabels(agreements: readonly number[]): boolean[] {
  const sorted = [...agreements].sort((a, b) => a - b);
  const median = sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)]! : 0;
  return agreements.map((a) => a >= median - AGREEMENT_DROP);
}

export interface TagRules {
  labels: readonly Float32Array[]; // float32 [D] each, L2-normalised
  readable: readonly boolean[]; // per label (readableLabels)
  contentFree: Float32Array; // float32 [D]: the templates with no name
  stats: Float32Array | undefined; // calibrate's [labels, 2]; undefined: not calibrated yet (a small library)
  floor: number; // the model's relevance floor, cosine similarity
}

export interface ChosenTag {
  index: number; // the label's position in the vocabulary
  score: number; // cosine similarity
  z: number | null; // standard deviations above the label's background; null when not calibrated
  confidence: TagConfidence;
}

/**
 * The labels a photo gets: its best labels by cosine similarity that clear the relevance floor, hold at least
 * MIN_SOFTMAX of the softmax over the vocabulary, beat the content-free prompt by CONTENT_MARGIN_SHARE of the
 * floor, stand Z_MIN above their background (when calibrated), and are readable; at most MAX_AUTO_TAGS, best first.
 * "likely" from Z_LIKELY with half the softmax, else "possible". `image` is float32 [D], L2-normalised.
 */
export function chooseTags(image: Float32Array, rules: TagRules): ChosenTag[] {
  const { labels, readable, stats, floor } = rules;
  const scores = labels.map((l) => dotOf(l, image));
  const max = Math.max(...scores);
  const exp = scores.map((s) => Math.exp(LOGIT_SCALE * (s - max)));
  const total = exp.reduce((a, b) => a + b, 0);
  const empty = dotOf(rules.contentFree, image);
  const out: ChosenTag[] = [];
  scores.forEach((score, index) => {
    const share = exp[index]! / total;
    if (score < floor || share < MIN_SOFTMAX || !readable[index] || score - empty < CONTENT_MARGIN_SHARE * floor) return;
    const z = stats ? (score - stats[2 * index]!) / stats[2 * index + 1]! : null;
    if (z !== null && z < Z_MIN) return;
    out.push({ index, score, z, confidence: (z === null || z >= Z_LIKELY) && share >= 0.5 ? 'likely' : 'possible' });
  });
  return out.sort((a, b) => b.score - a.score).slice(0, MAX_AUTO_TAGS);
}

function dotOf(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}

/** The q-quantile (0..1) of ascending `sorted`, linearly interpolated. */
function quantile(sorted: Float32Array, q: number): number {
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}
