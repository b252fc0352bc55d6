"""CLIP's image preprocessing in PyTorch/PIL, and the endless stream of captioned training scenes."""
from __future__ import annotations

import importlib
import random

import numpy as np
import torch
from PIL import Image

import scenes

IMAGE_MEAN = (0.48145466, 0.4578275, 0.40821073)
IMAGE_STD = (0.26862954, 0.26130258, 0.27577711)
_mean = np.array(IMAGE_MEAN, dtype=np.float32)
_std = np.array(IMAGE_STD, dtype=np.float32)


def resize_crop(img: Image.Image, size: int = 224) -> np.ndarray:
    """The geometric half of CLIP's preprocessing: RGB, shorter side to `size` (bicubic), centre
    crop. Returns HWC uint8."""
    img = img.convert("RGB")
    w, h = img.size
    scale = size / min(w, h)
    if (w, h) != (size, size):
        img = img.resize((max(size, round(w * scale)), max(size, round(h * scale))), Image.BICUBIC)
    w, h = img.size
    left, top = int(round((w - size) / 2.0)), int(round((h - size) / 2.0))
    return np.asarray(img.crop((left, top, left + size, top + size)), dtype=np.uint8)


def normalise(hwc: np.ndarray) -> np.ndarray:
    """The arithmetic half: scale to [0,1], mean/std, channel-first. Works on one image or a batch."""
    arr = (hwc.astype(np.float32) / 255.0 - _mean) / _std
    return np.ascontiguousarray(np.moveaxis(arr, -1, -3))


def preprocess(img: Image.Image, size: int = 224) -> np.ndarray:
    """OpenAI CLIP's preprocessing, float32 CHW."""
    return normalise(resize_crop(img, size))


def render_example(rng: random.Random, train: bool = True, colours=None):
    """A random scene (uint8 HWC after CLIP's resize and crop) drawn at 224x224, or now and then on a larger canvas so the model also sees
    images that went through the resize and crop."""
    scene = scenes.sample_scene(rng, train=train, colours=colours)
    if rng.random() < 0.3:
        side = rng.randint(240, 360)
        img = scenes.render(scene, side + rng.randint(0, 80), side, rng)
    else:
        img = scenes.render(scene, 224, 224, rng)
    return scene, resize_crop(img)


class SceneStream(torch.utils.data.IterableDataset):
    """Batches of (uint8 images, input_ids, match matrix [images x texts]). Deterministic for a seed. Images stay
    uint8 until the training process normalises them: a quarter of the bytes to pass between
    processes."""

    def __init__(self, tokenizer, seed: int, batch_size: int, text_length: int, captions: str = "scenes"):
        self.tokenizer, self.seed, self.batch_size, self.text_length = tokenizer, seed, batch_size, text_length
        # The module that writes captions (caption_for, unrelated_caption): "scenes" (English, tiny-clip)
        # or "captions_ko" (English, Korean and mixed, tiny-clip-ko). A name, so that it pickles.
        self.captions = importlib.import_module(captions)
        self.pad_id = getattr(tokenizer, "pad_id", 0)

    def __iter__(self):
        rng = random.Random(self.seed)
        while True:
            # Colour alone separates most pairs in a mixed batch, and a model then learns colour
            # long before shape. In half the batches only two colours appear, so the contrastive
            # loss can only be lowered by telling the shapes apart (hard negatives).
            colours = rng.sample(sorted(scenes.COLOURS), 2) if rng.random() < 0.5 else None
            batch = [render_example(rng, colours=colours) for _ in range(self.batch_size)]
            caps = [self.captions.caption_for(s, rng) for s, _ in batch]
            # A few captions about other things: negatives for every image (see scenes.UNRELATED_THINGS).
            texts = [c.text for c in caps] + [self.captions.unrelated_caption(rng) for _ in range(self.batch_size // 8)]
            pixels = torch.from_numpy(np.stack([p for _, p in batch]))  # [N,H,W,3] uint8
            ids = torch.full((len(texts), self.text_length), self.pad_id, dtype=torch.long)
            for i, text in enumerate(texts):
                row = self.tokenizer.encode(text, self.text_length)
                ids[i, : len(row)] = torch.tensor(row)
            match = torch.zeros(len(batch), len(texts), dtype=torch.bool)
            match[:, : len(caps)] = torch.tensor([[c.describes(s) for c in caps] for s, _ in batch])
            yield pixels, ids, match
