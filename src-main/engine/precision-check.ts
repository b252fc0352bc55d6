// How much a smaller precision of a downloaded model costs, measured on this computer: its
// embeddings against fp32's on a fixed probe set (generated photos, and the default vocabulary's
// labels as text), and whether zero-shot classification of the probe photos over those labels
// agrees. Written to the model folder as precision-check.json, which models/precision-choice.ts
// reads to let `auto` pick the precision. The public ONNX repositories publish int8 and fp16
// files without accuracy figures; this is the figure.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allCombinations, randomScene, renderScene, rng } from '../demo/scenes.js';
import { ClipModel } from '../embed/clip-model.js';
import { dot } from '../embed/vectors.js';
import { PRECISION_CHECK_FILE } from '../models/precision-choice.js';
import { towerFile, type Precision } from '../models/model-files.js';
import { DEFAULT_VOCABULARY } from '../tags/default-vocabulary.js';
import { parseVocabulary } from '../tags/vocabulary.js';

export interface PrecisionCost {
  image_cosine_to_fp32: number; // mean cosine similarity of the probe photos' embeddings
  text_cosine_to_fp32: number; // the same for the label texts
  top1_agreement: number; // share of probe photos whose best label is the same as with fp32 (0..1)
  probe: string;
}

/** The probe set: 48 generated photos (two of each colour and shape) and the default labels as "a photo of a …". */
async function probes(): Promise<{ images: Buffer[]; texts: string[] }> {
  const rand = rng(2024);
  const images = await Promise.all(allCombinations().flatMap(([c, s]) => [0, 1].map(() => renderScene(randomScene(rand, c, s), { format: 'jpeg', width: 448, height: 336 }))));
  const texts = parseVocabulary(DEFAULT_VOCABULARY).labels.map((l) => `a photo of a ${l.names[0]}`);
  return { images, texts };
}

async function embed(dir: string, precision: Precision, p: { images: Buffer[]; texts: string[] }) {
  const model = await ClipModel.load(dir, 'cpu', { precision });
  try {
    const images: Float32Array[] = [];
    for (let i = 0; i < p.images.length; i += 8) images.push(...(await model.embedImageBuffers(p.images.slice(i, i + 8))));
    return { images, texts: await model.embedTexts(p.texts) };
  } finally {
    await model.release();
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const best = (image: Float32Array, texts: Float32Array[]) => texts.reduce((bi, t, i) => (dot(image, t) > dot(image, texts[bi]!) ? i : bi), 0);

/**
 * Measures `precision` of the HF-layout model in `dir` against its fp32 files (both must be there) and records
 * the result in `dir`/precision-check.json, beside earlier results. Returns the measurement.
 * @throws Error when either precision's files are missing or cannot be run
 */
export async function checkPrecision(dir: string, precision: Exclude<Precision, 'fp32'>): Promise<PrecisionCost> {
  for (const p of ['fp32', precision] as const) {
    if (!existsSync(join(dir, towerFile('vision_model', p)))) throw new Error(`${dir} has no ${p} files to compare`);
  }
  const p = await probes();
  const [ref, other] = [await embed(dir, 'fp32', p), await embed(dir, precision, p)];
  const cost: PrecisionCost = {
    image_cosine_to_fp32: mean(ref.images.map((v, i) => dot(v, other.images[i]!))),
    text_cosine_to_fp32: mean(ref.texts.map((v, i) => dot(v, other.texts[i]!))),
    top1_agreement: mean(ref.images.map((v, i) => (best(v, ref.texts) === best(other.images[i]!, other.texts) ? 1 : 0))),
    probe: `${p.images.length} generated photos, ${p.texts.length} default labels`,
  };
  const file = join(dir, PRECISION_CHECK_FILE);
  let all: Record<string, PrecisionCost> = {};
  try {
    all = (JSON.parse((await import('node:fs')).readFileSync(file, 'utf8')) as { precisions: Record<string, PrecisionCost> }).precisions ?? {};
  } catch {
    // first measurement
  }
  writeFileSync(file, JSON.stringify({ precisions: { ...all, [precision]: cost } }, null, 2));
  return cost;
}
