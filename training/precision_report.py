"""Measures a model's int8 and fp16 variants (training/quantize.py) against its fp32 files, through
onnxruntime-node as the app runs them: zero-shot top-1 on seen and held-out pairs, retrieval R@1,
and the mean cosine similarity of each variant's embeddings to the fp32 ones on the same images
and prompts. Writes them under "precisions" in the model's metrics.json.

Usage: scripts/python3 training/precision_report.py [MODEL_DIR]   (default models/tiny-clip)
"""
from __future__ import annotations

import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import bpe  # noqa: E402
import onnx_eval  # noqa: E402
import quantize  # noqa: E402
import scenes  # noqa: E402
import zero_shot  # noqa: E402

VARIANTS = {"fp32": "", "int8": "_quantized", "fp16": "_fp16"}


def mean_cosine(a: np.ndarray, b: np.ndarray) -> float:
    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    return float(np.mean(np.sum(a * b, axis=1)))


def report(model_dir: str, seed: int = 10_001, per_combination: int = 50) -> dict:
    if not all(os.path.exists(os.path.join(model_dir, "onnx", f"vision_model{s}.onnx")) for s in VARIANTS.values()):
        quantize.write_variants(model_dir)
    tokenizer, _ = bpe.build(scenes.corpus_words())
    items = zero_shot.eval_set(seed, per_combination)
    pixels = np.stack([p for _, p in items])
    prompts = zero_shot.prompts()
    reference = (onnx_eval.embed_images(model_dir, pixels), onnx_eval.embed_texts(model_dir, tokenizer, prompts))
    out = {}
    for name, suffix in VARIANTS.items():
        metrics = onnx_eval.evaluate(model_dir, tokenizer, seed, per_combination, suffix)
        img = onnx_eval.embed_images(model_dir, pixels, suffix=suffix)
        txt = onnx_eval.embed_texts(model_dir, tokenizer, prompts, suffix=suffix)
        out[name] = {
            "seen_top1": metrics["seen_top1"],
            "held_out_top1": metrics["held_out_top1"],
            "retrieval_seen_r1": metrics["retrieval_seen_r1"],
            "retrieval_held_out_r1": metrics["retrieval_held_out_r1"],
            "image_cosine_to_fp32": mean_cosine(img, reference[0]),
            "text_cosine_to_fp32": mean_cosine(txt, reference[1]),
            "megabytes": round(sum(os.path.getsize(os.path.join(model_dir, "onnx", f"{t}{suffix}.onnx")) for t in quantize.TOWERS) / 1e6, 2),
        }
    return out


if __name__ == "__main__":
    model_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "models", "tiny-clip")
    result = report(model_dir)
    path = os.path.join(model_dir, "metrics.json")
    metrics = json.load(open(path)) if os.path.exists(path) else {}
    metrics["precisions"] = result
    with open(path, "w") as f:
        json.dump(metrics, f, indent=2)
    for name, r in result.items():
        print(f"{name}: seen {r['seen_top1']:.3f}, held-out {r['held_out_top1']:.3f}, R@1 {r['retrieval_seen_r1']:.3f}/{r['retrieval_held_out_r1']:.3f}, "
              f"cosine to fp32 image {r['image_cosine_to_fp32']:.4f} text {r['text_cosine_to_fp32']:.4f}, {r['megabytes']} MB")
