#!/usr/bin/env python3
"""Why does a model miss the held-out pairs? Reads colour and shape separately off its image embeddings.

    python3 training/diagnose.py [models/tiny-clip]

Prints, for seen and held-out pairs: top-1 of the one-attribute prompts ("a photo of something
green", "a photo of a triangle"), a linear probe for colour and for shape fitted on seen pairs and
scored on held-out ones (chance: 17% and 25%), and what each held-out pair is mistaken for. Runs the
exported ONNX files through onnxruntime-node, as the app does.
"""
from __future__ import annotations

import collections
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bpe  # noqa: E402
import onnx_eval  # noqa: E402
import scenes  # noqa: E402
import zero_shot  # noqa: E402


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def linear_probe(features: np.ndarray, labels, train_mask: np.ndarray) -> np.ndarray:
    """Least-squares one-vs-all probe fitted on `train_mask` rows; returns a prediction per row."""
    names = sorted(set(labels))
    targets = np.eye(len(names))[[names.index(v) for v in labels]]
    x = np.c_[features, np.ones(len(features))]
    weights = np.linalg.lstsq(x[train_mask], targets[train_mask], rcond=None)[0]
    return np.array(names)[(x @ weights).argmax(1)]


def main(model_dir: str):
    tokenizer, _ = bpe.build(scenes.corpus_words())
    items = zero_shot.eval_set(123, 12)
    img = _unit(onnx_eval.embed_images(model_dir, np.stack([p for _, p in items])))
    colours, shapes, combos = list(scenes.COLOURS), scenes.SHAPES, scenes.all_combinations()
    colour_txt = _unit(onnx_eval.embed_texts(model_dir, tokenizer, [f"a photo of something {c}" for c in colours]))
    shape_txt = _unit(onnx_eval.embed_texts(model_dir, tokenizer, zero_shot.shape_prompts()))
    full_txt = _unit(onnx_eval.embed_texts(model_dir, tokenizer, zero_shot.prompts()))
    held = np.array([(s.colour, s.shape) in scenes.HELD_OUT for s, _ in items])
    true_colour = np.array([s.colour for s, _ in items])
    true_shape = np.array([s.shape for s, _ in items])

    def report(name, predicted, truth):
        ok = predicted == truth
        print(f"{name:28s} seen {ok[~held].mean():6.1%}   held out {ok[held].mean():6.1%}")

    report("colour prompt top-1", np.array(colours)[(img @ colour_txt.T).argmax(1)], true_colour)
    report("shape prompt top-1", np.array(shapes)[(img @ shape_txt.T).argmax(1)], true_shape)
    report("colour probe (fit on seen)", linear_probe(img, list(true_colour), ~held), true_colour)
    report("shape probe (fit on seen)", linear_probe(img, list(true_shape), ~held), true_shape)
    mistaken = collections.Counter()
    for (scene, _), k in zip(items, (img @ full_txt.T).argmax(1)):
        if (scene.colour, scene.shape) in scenes.HELD_OUT:
            mistaken[(f"{scene.colour} {scene.shape}", " ".join(combos[k]))] += 1
    print("held-out pairs taken for:")
    for (truth, guess), n in sorted(mistaken.items()):
        print(f"  {truth:16s} -> {guess:16s} {n}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "models", "tiny-clip"))
