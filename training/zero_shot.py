"""Zero-shot evaluation: classify fresh scenes among the 24 captions "a photo of a {colour} {shape}"."""
from __future__ import annotations

import random

import numpy as np

import scenes
from data import preprocess

PROMPT = "a photo of a {c} {s}"


def eval_set(seed: int, per_combination: int):
    """Fresh scenes, `per_combination` of each of the 24 colour x shape pairs (held-out ones too)."""
    rng = random.Random(seed)
    items = []
    for c, s in scenes.all_combinations():
        for _ in range(per_combination):
            scene = scenes.random_scene(rng, c, s)
            items.append((scene, preprocess(scenes.render(scene, 224, 224, rng))))
    return items


def accuracy(image_embeds: np.ndarray, text_embeds: np.ndarray, items):
    """Top-1 accuracy on seen and on held-out combinations, from unnormalised embeddings."""
    combos = scenes.all_combinations()
    img = image_embeds / np.linalg.norm(image_embeds, axis=1, keepdims=True)
    txt = text_embeds / np.linalg.norm(text_embeds, axis=1, keepdims=True)
    predicted = (img @ txt.T).argmax(1)
    seen, held = [], []
    for (scene, _), p in zip(items, predicted):
        ok = combos[p] == (scene.colour, scene.shape)
        (held if (scene.colour, scene.shape) in scenes.HELD_OUT else seen).append(ok)
    per_combo = {}
    for (scene, _), p in zip(items, predicted):
        key = f"{scene.colour} {scene.shape}"
        per_combo.setdefault(key, []).append(combos[p] == (scene.colour, scene.shape))
    return {
        "seen_top1": float(np.mean(seen)),
        "held_out_top1": float(np.mean(held)),
        "per_combination": {k: float(np.mean(v)) for k, v in per_combo.items()},
        "images": len(items),
    }


def shape_accuracy(image_embeds: np.ndarray, text_embeds: np.ndarray, items):
    """Top-1 over the four prompts "a photo of a {shape}" on held-out pairs: whether the image tower
    recognises a shape in a colour it never saw it in."""
    txt = text_embeds / np.linalg.norm(text_embeds, axis=1, keepdims=True)
    predicted = (image_embeds @ txt.T).argmax(1)
    return float(np.mean([scenes.SHAPES[p] == scene.shape for (scene, _), p in zip(items, predicted)
                          if (scene.colour, scene.shape) in scenes.HELD_OUT]))


def shape_prompts():
    return [f"a photo of a {s}" for s in scenes.SHAPES]


def prompts():
    return [PROMPT.format(c=c, s=s) for c, s in scenes.all_combinations()]
