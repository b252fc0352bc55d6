// Logistic regression for tags taught by example: the CLIP paper's linear probe, on the photos'
// L2-normalised embeddings. L2-regularised, with class weights that balance yes and no examples
// (a person gives 8 yes and 3 no, or 8 yes and none). Full-batch gradient descent with Nesterov
// momentum: the problems are tiny (tens of examples, 512 dimensions) and this converges in a few
// milliseconds with no dependency.

export interface Probe {
  weights: Float32Array;
  bias: number;
}

export interface TrainOptions {
  l2?: number; // regularisation strength (on the weights, not the bias)
  iterations?: number;
  learningRate?: number;
}

/**
 * Fits a probe to examples `x` (each float32 [D], L2-normalised) with labels `y` (1 yes, 0 no): the logistic
 * regression of this file's header, `iterations` full-batch steps with Nesterov momentum 0.9. The defaults
 * (l2 1e-3, 400 iterations, learning rate 20) are this project's choices, not taken from the CLIP paper.
 * @throws Error without examples, with a different number of labels than examples, or without both a yes and a no
 */
export function train(x: readonly Float32Array[], y: readonly number[], opts: TrainOptions = {}): Probe {
  const n = x.length;
  if (n === 0 || n !== y.length) throw new Error('training needs examples and one label per example');
  const dim = x[0]!.length;
  const positives = y.filter((v) => v === 1).length;
  if (positives === 0 || positives === n) throw new Error('training needs at least one yes and one no example');
  // Balanced classes: each class weighs half of the total, however many examples it has.
  const weightOf = (label: number) => n / (2 * (label === 1 ? positives : n - positives));
  const l2 = opts.l2 ?? 1e-3;
  const iterations = opts.iterations ?? 400;
  // Embeddings are unit vectors; logits need weights of norm ~10-30 to reach confident probabilities.
  const lr = opts.learningRate ?? 20;
  const w = new Float64Array(dim);
  const v = new Float64Array(dim); // momentum
  let b = 0;
  let vb = 0;
  const look = new Float64Array(dim);
  const grad = new Float64Array(dim);
  const momentum = 0.9;
  for (let it = 0; it < iterations; it++) {
    for (let j = 0; j < dim; j++) look[j] = w[j]! + momentum * v[j]!;
    const lookB = b + momentum * vb;
    grad.fill(0);
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      let z = lookB;
      for (let j = 0; j < dim; j++) z += look[j]! * xi[j]!;
      const p = 1 / (1 + Math.exp(-z));
      const err = weightOf(y[i]!) * (p - y[i]!) / n;
      for (let j = 0; j < dim; j++) grad[j]! += err * xi[j]!;
      gb += err;
    }
    for (let j = 0; j < dim; j++) {
      grad[j]! += l2 * look[j]!;
      v[j] = momentum * v[j]! - lr * grad[j]!;
      w[j]! += v[j]!;
    }
    vb = momentum * vb - lr * gb;
    b += vb;
  }
  return { weights: Float32Array.from(w), bias: b };
}

/** The probe's probability (0..1) that `x` (float32 [D], L2-normalised) shows the tag: sigmoid(weights · x + bias). */
export function probability(probe: Probe, x: Float32Array): number {
  let z = probe.bias;
  for (let j = 0; j < x.length; j++) z += probe.weights[j]! * x[j]!;
  return 1 / (1 + Math.exp(-z));
}

/** A probe as a BLOB: float32 [D+1], the weights then the bias, in the platform's byte order. */
export function toBlob(probe: Probe): Buffer {
  const all = new Float32Array(probe.weights.length + 1);
  all.set(probe.weights);
  all[probe.weights.length] = probe.bias;
  return Buffer.from(all.buffer, all.byteOffset, all.byteLength);
}

/** The probe `toBlob` stored, copied out of the Buffer (whose offset may not suit a Float32Array). */
export function fromBlob(blob: Buffer): Probe {
  const all = new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
  return { weights: all.subarray(0, all.length - 1), bias: all[all.length - 1]! };
}
