"""Measures a layout-B model (tiny-clip-ko) through its exported ONNX files in onnxruntime-node, in
both languages: zero-shot top-1 over the 24 prompts, text-to-image R@1 and the relevance floor, as
onnx_eval.py does for tiny-clip."""
from __future__ import annotations

import os
import random

import numpy as np

import captions_ko
import onnx_eval
import scenes
import zero_shot

# Queries about things this world lacks, in Korean; none is among the unrelated training captions.
JUNK_QUERIES_KO = ["얼룩말", "라면 한 그릇", "세금 보고서", "이탈리아 여행", "차 한 잔", "언덕 위의 무지개",
                   "할아버지의 옛날 사진", "해변의 개", "바다 위의 노을", "고층 빌딩", "크리스마스 트리", "ㅋㅋㅋ"]


def text_inputs(tokenizer, texts):
    """input_ids padded with <pad> to the longest text, and the attention mask, as the app sends them."""
    rows = [tokenizer.encode(t) for t in texts]
    ids = onnx_eval.pad_ids(rows, tokenizer.pad_id)
    mask = np.zeros_like(ids)
    for i, r in enumerate(rows):
        mask[i, : len(r)] = 1
    return ids, mask


def embed_texts(model_dir: str, tokenizer, texts) -> np.ndarray:
    return onnx_eval.run_onnx(os.path.join(model_dir, "textual", "model.onnx"), *text_inputs(tokenizer, texts))


def embed_images(model_dir: str, pixels: np.ndarray, batch: int = 64) -> np.ndarray:
    path = os.path.join(model_dir, "visual", "model.onnx")
    return np.concatenate([onnx_eval.run_onnx(path, pixels[i:i + batch]) for i in range(0, len(pixels), batch)])


def _unit(x):
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def _retrieval(imgn, txtn, per_combination, rng):
    combos = scenes.all_combinations()
    seen_hits, held_hits = [], []
    for _ in range(per_combination):
        library = [rng.randrange(k * per_combination, (k + 1) * per_combination) for k in range(len(combos))]
        best = (txtn @ imgn[library].T).argmax(1)
        for k, (c, s) in enumerate(combos):
            (held_hits if (c, s) in scenes.HELD_OUT else seen_hits).append(best[k] == k)
    return {"retrieval_seen_r1": float(np.mean(seen_hits)), "retrieval_held_out_r1": float(np.mean(held_hits))}


def _relevance(imgn, goods, junk, per_combination, rng):
    """onnx_eval.relevance over both languages: the best score of every real caption (English and Korean
    prompts) in libraries of 24 photos, against that of every junk query (English and Korean)."""
    return onnx_eval.floor_between(goods, junk, imgn, per_combination, rng)


def evaluate(model_dir: str, tokenizer, seed: int, per_combination: int):
    """{"en": {...}, "ko": {...}, relevance_*}: per language, zero-shot top-1 on seen and held-out
    pairs over fresh scenes and R@1 in libraries of one scene per combination."""
    items = zero_shot.eval_set(seed, per_combination)
    imgn = _unit(embed_images(model_dir, np.stack([p for _, p in items])))
    result = {"images": len(items)}
    goods = []
    for lang, prompts in (("en", zero_shot.prompts()), ("ko", captions_ko.prompts())):
        txtn = _unit(embed_texts(model_dir, tokenizer, prompts))
        goods.append(txtn)
        r = zero_shot.accuracy(imgn, txtn, items)
        r["prompts"] = prompts
        r.update(_retrieval(imgn, txtn, per_combination, random.Random(seed + 1)))
        result[lang] = r
    junk = _unit(embed_texts(model_dir, tokenizer, onnx_eval.JUNK_QUERIES + JUNK_QUERIES_KO))
    result.update(_relevance(imgn, goods, junk, per_combination, random.Random(seed + 2)))
    return result
