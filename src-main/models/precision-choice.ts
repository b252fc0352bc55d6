// Which precision a model runs at when nobody said: the fastest one for the device in use (int8 on
// the CPU, where onnxruntime's integer kernels run ViT-B/32 2.9x faster; fp16 on a GPU provider,
// where half-precision halves the memory traffic), but only when the model's own measurements show
// that it costs little accuracy. Without such a measurement the choice stays fp32.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Precision } from './model-files.js';

/** What a front end may ask for: a precision, or `auto` (choosePrecision decides). */
export type PrecisionChoice = Precision | 'auto';

/**
 * The most a precision may cost to be chosen by itself, a rule of this project: zero-shot top-1
 * (seen and held-out) within one point of fp32, and embeddings with a mean cosine similarity to
 * fp32's of at least 0.99 (at 0.99 the ranking of a library barely moves; int8 ViT-B/32-shaped
 * models measure 0.999+ here, training/precision_report.py).
 */
export const SMALL_ACCURACY_COST = { maxTop1Drop: 0.01, minCosineToFp32: 0.99 };

/** Where a downloaded model's precisions are measured against its fp32 files (engine/precision-check.ts). */
export const PRECISION_CHECK_FILE = 'precision-check.json';

interface MeasuredPrecision {
  seen_top1?: number;
  held_out_top1?: number;
  image_cosine_to_fp32?: number;
  text_cosine_to_fp32?: number;
}

/**
 * Whether `precision` of the model in `dir` measurably costs little: its precision-check.json (measured here
 * after a download: zero-shot agreement with fp32 counts for the top-1 drop) or its metrics.json (written by
 * training/precision_report.py) has figures for it, within SMALL_ACCURACY_COST. False when it was never measured.
 */
export function measuredSmallCost(dir: string, precision: Precision): boolean {
  if (precision === 'fp32') return true;
  // Measured on this computer after a download (engine/precision-check.ts): embeddings and zero-shot agreement.
  try {
    const check = (JSON.parse(readFileSync(join(dir, PRECISION_CHECK_FILE), 'utf8')) as { precisions?: Record<string, { image_cosine_to_fp32?: number; text_cosine_to_fp32?: number; top1_agreement?: number }> }).precisions?.[precision];
    if (check) {
      const { maxTop1Drop, minCosineToFp32 } = SMALL_ACCURACY_COST;
      return (check.image_cosine_to_fp32 ?? 0) >= minCosineToFp32 && (check.text_cosine_to_fp32 ?? 0) >= minCosineToFp32 && (check.top1_agreement ?? 0) >= 1 - maxTop1Drop;
    }
  } catch {
    // not checked here: the model's own figures, if any
  }
  let all: Record<string, MeasuredPrecision> | undefined;
  try {
    all = (JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')) as { precisions?: Record<string, MeasuredPrecision> }).precisions;
  } catch {
    return false;
  }
  const base = all?.fp32;
  const p = all?.[precision];
  if (!base || !p) return false;
  const drop = (a?: number, b?: number) => (a === undefined || b === undefined ? Infinity : a - b);
  const { maxTop1Drop, minCosineToFp32 } = SMALL_ACCURACY_COST;
  return (
    drop(base.seen_top1, p.seen_top1) <= maxTop1Drop &&
    drop(base.held_out_top1, p.held_out_top1) <= maxTop1Drop &&
    (p.image_cosine_to_fp32 ?? 0) >= minCosineToFp32 &&
    (p.text_cosine_to_fp32 ?? 0) >= minCosineToFp32
  );
}

/** The precision that runs fastest on the device: int8 on the CPU, fp16 on a GPU execution provider. */
export function fastestPrecision(onGpu: boolean): Precision {
  return onGpu ? 'fp16' : 'int8';
}

/**
 * `auto` made concrete for the model in `dir`: the fastest precision for the device when the folder has
 * its files (`available`) and its accuracy cost was measured small, else fp32; a folder without fp32 files
 * gets what it has.
 */
export function choosePrecision(dir: string, available: readonly Precision[], onGpu: boolean): Precision {
  const fastest = fastestPrecision(onGpu);
  if (available.includes(fastest) && measuredSmallCost(dir, fastest)) return fastest;
  if (available.includes('fp32') || !available.length) return 'fp32';
  // Only smaller files here (a model downloaded at int8 alone): what there is, the fastest first.
  return available.includes(fastest) ? fastest : available[0]!;
}
