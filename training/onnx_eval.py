"""Runs the exported ONNX files through onnxruntime-node (the app's runtime) and measures them."""
from __future__ import annotations

import json
import os
import random
import subprocess
import tempfile

import numpy as np

import scenes
import zero_shot

HERE = os.path.dirname(os.path.abspath(__file__))


def run_onnx(model_path: str, array: np.ndarray, *more: np.ndarray) -> np.ndarray:
    """The first output of the model on `array` (and `more` inputs, in the session's input order)."""
    names = {np.dtype(np.float32): "float32", np.dtype(np.int64): "int64"}
    with tempfile.TemporaryDirectory() as tmp:
        dst = os.path.join(tmp, "out.bin")
        args = []
        for k, a in enumerate((array,) + more):
            src = os.path.join(tmp, f"in{k}.bin")
            np.ascontiguousarray(a).tofile(src)
            args += [src, names[a.dtype], ",".join(map(str, a.shape))]
        proc = subprocess.run(["node", os.path.join(HERE, "onnx_run.mjs"), model_path, *args[:3], dst, *args[3:]],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"onnxruntime-node failed on {model_path} (run `npm ci` first?):\n{proc.stderr}")
        dims = json.loads(proc.stdout.strip().splitlines()[-1])
        return np.fromfile(dst, dtype=np.float32).reshape(dims)


def pad_ids(rows, pad_id: int) -> np.ndarray:
    """Pads to the longest row with the pad token, as the app does for a batch of texts."""
    out = np.full((len(rows), max(len(r) for r in rows)), pad_id, dtype=np.int64)
    for i, r in enumerate(rows):
        out[i, : len(r)] = r
    return out


def embed_images(model_dir: str, pixels: np.ndarray, batch: int = 64, suffix: str = "") -> np.ndarray:
    """`suffix` picks a variant: "" (fp32), "_quantized" (int8) or "_fp16" (training/quantize.py)."""
    path = os.path.join(model_dir, "onnx", f"vision_model{suffix}.onnx")
    return np.concatenate([run_onnx(path, pixels[i:i + batch]) for i in range(0, len(pixels), batch)])


def embed_texts(model_dir: str, tokenizer, texts, suffix: str = "") -> np.ndarray:
    ids = pad_ids([tokenizer.encode(t) for t in texts], tokenizer.eot)
    return run_onnx(os.path.join(model_dir, "onnx", f"text_model{suffix}.onnx"), ids)


def evaluate(model_dir: str, tokenizer, seed: int, per_combination: int, suffix: str = ""):
    """Zero-shot top-1 among the 24 prompts, and text-to-image retrieval: in libraries of one fresh
    scene per combination, how often the prompt's own scene ranks first."""
    items = zero_shot.eval_set(seed, per_combination)
    img = embed_images(model_dir, np.stack([p for _, p in items]), suffix=suffix)
    txt = embed_texts(model_dir, tokenizer, zero_shot.prompts(), suffix=suffix)
    result = zero_shot.accuracy(img, txt, items)
    combos = scenes.all_combinations()
    imgn = img / np.linalg.norm(img, axis=1, keepdims=True)
    txtn = txt / np.linalg.norm(txt, axis=1, keepdims=True)
    rng = random.Random(seed + 1)
    seen_hits, held_hits = [], []
    for _ in range(per_combination):
        library = [rng.randrange(k * per_combination, (k + 1) * per_combination) for k in range(len(combos))]
        best = (txtn @ imgn[library].T).argmax(1)
        for k, (c, s) in enumerate(combos):
            (held_hits if (c, s) in scenes.HELD_OUT else seen_hits).append(best[k] == k)
    result["retrieval_seen_r1"] = float(np.mean(seen_hits))
    result["retrieval_held_out_r1"] = float(np.mean(held_hits))
    result.update(relevance(model_dir, tokenizer, imgn, txtn, per_combination, rng, suffix))
    return result


# Queries about things this world does not have, none of them among the unrelated training captions.
JUNK_QUERIES = ["zebra", "a bowl of ramen", "quarterly tax report", "my vacation in italy", "xqzv",
                "a cup of tea", "rainbow over the hills", "an old photograph of my grandfather",
                "dog on the beach", "sunset over the sea", "birthday cake", "skyscraper"]


def relevance(model_dir, tokenizer, imgn, txtn, per_combination, rng, suffix=""):
    """The relevance floor: in libraries of 24 photos, the best score of a real caption against
    that of a query about something absent. The floor sits between them."""
    junk = embed_texts(model_dir, tokenizer, JUNK_QUERIES, suffix)
    junk = junk / np.linalg.norm(junk, axis=1, keepdims=True)
    return floor_between([txtn], junk, imgn, per_combination, rng)


def floor_between(goods, junk, imgn, per_combination, rng):
    """The relevance floor halfway between the 5th percentile of real captions' best scores (each array of
    `goods`, unit rows) and the 95th of junk queries' (`junk`), in random libraries of one photo per combination
    drawn from `imgn` (per_combination photos of each, in order), with the figures around it."""
    combos = len(scenes.all_combinations())
    good_best, junk_best = [], []
    for _ in range(per_combination):
        library = [rng.randrange(k * per_combination, (k + 1) * per_combination) for k in range(combos)]
        for g in goods:
            good_best += list((g @ imgn[library].T).max(1))
        junk_best += list((junk @ imgn[library].T).max(1))
    good_p5, junk_p95 = float(np.percentile(good_best, 5)), float(np.percentile(junk_best, 95))
    floor = round((good_p5 + junk_p95) / 2, 3)
    return {
        "relevance_floor": floor,
        "relevance_good_above": float(np.mean(np.array(good_best) >= floor)),
        "relevance_junk_below": float(np.mean(np.array(junk_best) < floor)),
        "relevance_good_p5": good_p5,
        "relevance_junk_p95": junk_p95,
    }
