"""Reference vectors for the TypeScript side: a few committed images and captions, embedded in
PyTorch after the reference preprocessing. The app must reproduce them (cosine >= 0.999)."""
from __future__ import annotations

import json
import os
import random

import numpy as np
import torch
from PIL import Image, ImageOps

import scenes
from data import preprocess

# name, colour, shape, canvas (w, h), format, EXIF orientation (stored pixels are rotated so that
# applying the orientation gives the upright scene)
IMAGES = [
    ("red-circle.jpg", "red", "circle", (224, 224), "JPEG", 1),
    ("blue-square-landscape.png", "blue", "square", (320, 240), "PNG", 1),
    ("yellow-star-exif-rotated.jpg", "yellow", "star", (300, 400), "JPEG", 6),
    ("green-square-portrait.webp", "green", "square", (240, 360), "WEBP", 1),
    ("orange-circle-held-out.png", "orange", "circle", (256, 256), "PNG", 1),
    ("purple-triangle-large.jpg", "purple", "triangle", (1200, 900), "JPEG", 1),
]
CAPTIONS = [
    "a photo of a red circle",
    "a blue square",
    "a photo of a yellow star",
    "a photo of an orange circle",
    "Something GREEN",
    "a picture of a purple triangle on a white background",
]
# Inverse of each EXIF orientation, applied to the upright image before saving.
_UNDO = {1: None, 6: Image.ROTATE_90}


def write_images(folder: str, seed: int = 1234):
    os.makedirs(folder, exist_ok=True)
    rng = random.Random(seed)
    for name, colour, shape, (w, h), fmt, orientation in IMAGES:
        scene = scenes.random_scene(rng, colour, shape)
        img = scenes.render(scene, w, h, rng)
        path = os.path.join(folder, name)
        if orientation != 1:
            exif = Image.Exif()
            exif[0x0112] = orientation
            img.transpose(_UNDO[orientation]).save(path, fmt, quality=92, exif=exif.tobytes())
        elif fmt == "JPEG":
            img.save(path, fmt, quality=92)
        else:
            img.save(path, fmt, **({"lossless": True} if fmt == "WEBP" else {}))


def load_reference_pixels(path: str) -> np.ndarray:
    with Image.open(path) as img:
        return preprocess(ImageOps.exif_transpose(img))


def write_reference(model, tokenizer, folder: str, out_json: str, model_name: str):
    model.eval()
    with torch.no_grad():
        pixels = torch.from_numpy(np.stack([load_reference_pixels(os.path.join(folder, n)) for n, *_ in IMAGES]))
        img = torch.nn.functional.normalize(model.visual(pixels), dim=-1)
        ids = [tokenizer.encode(c) for c in CAPTIONS]
        txt = torch.cat([torch.nn.functional.normalize(model.text(torch.tensor([r])), dim=-1) for r in ids])
    doc = {
        "model": model_name,
        "note": "L2-normalised embeddings from PyTorch after OpenAI CLIP preprocessing (PIL bicubic, "
                "EXIF transposed). Written by training/train.py; do not edit.",
        "images": [{"file": os.path.relpath(os.path.join(folder, n), os.path.dirname(out_json)),
                    "colour": c, "shape": s, "embedding": [round(float(v), 7) for v in e]}
                   for (n, c, s, *_), e in zip(IMAGES, img)],
        "texts": [{"text": c, "input_ids": r, "embedding": [round(float(v), 7) for v in e]}
                  for c, r, e in zip(CAPTIONS, ids, txt)],
    }
    with open(out_json, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
