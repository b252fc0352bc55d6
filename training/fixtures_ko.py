"""Reference vectors and token ids for the TypeScript side's parity test of tiny-clip-ko (layout B):
the committed reference images (the same files as tiny-clip's, tests/fixtures/reference-images) and
Korean, mixed-language and decomposed-Hangul (NFD) texts, embedded in PyTorch and tokenised with
SentencePiece. The app must reproduce the ids exactly and the embeddings to cosine >= 0.999."""
from __future__ import annotations

import json
import os
import unicodedata

import numpy as np
import torch

import fixtures


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# (text, what it checks)
TEXTS = [
    ("빨간 원", "Korean, the evaluation prompt form"),
    ("빨간색 동그라미", "Korean, noun colour and the everyday word for circle"),
    ("빨강 원 사진", "Korean, with 사진 (photo)"),
    ("별 모양", "Korean shape only"),
    ("노란 네모", "Korean"),
    ("주황색 삼각형", "Korean"),
    ("흰 배경 위의 파란색 사각형", "Korean, longer"),
    ("빨간 circle", "mixed: Korean colour, English shape"),
    ("red 원", "mixed: English colour, Korean shape"),
    ("a photo of a red circle", "English"),
    ("Something GREEN", "English, upper case (the normaliser lowers it)"),
    (_nfd("빨간 원"), "NFD (decomposed Hangul, as macOS file names): same ids as the NFC text"),
    (_nfd("파란색 사각형 사진"), "NFD"),
    (_nfd("노란 circle"), "NFD, mixed"),
    ("  보라색   별  ", "extra spaces (the normaliser trims and collapses them)"),
    ("Ｒｅｄ 원", "full-width Latin (NFKC folds it)"),
    ("강아지 사진", "Korean, a thing this world lacks"),
    ("얼룩말", "Korean, characters the tokenizer has never seen (<unk>)"),
]


def write_reference(model, tokenizer, images_dir: str, out_json: str, model_name: str):
    model.eval()
    with torch.no_grad():
        pixels = torch.from_numpy(np.stack([fixtures.load_reference_pixels(os.path.join(images_dir, n))
                                            for n, *_ in fixtures.IMAGES]))
        img = torch.nn.functional.normalize(model.visual(pixels), dim=-1)
        ids = [tokenizer.encode(t) for t, _ in TEXTS]
        txt = torch.cat([torch.nn.functional.normalize(model.text(torch.tensor([r]), torch.ones(1, len(r), dtype=torch.long)), dim=-1)
                         for r in ids])
    doc = {
        "model": model_name,
        "layout": "open-clip-onnx",
        "note": "L2-normalised embeddings from PyTorch after OpenAI CLIP preprocessing (PIL bicubic, EXIF transposed), "
                "and token ids from SentencePiece (<s> 0, <pad> 1, </s> 2, <unk> 3) after NFKC, lower case and space "
                "folding. Texts marked nfd are stored decomposed and must give the ids of their NFC form. Written by "
                "training/train_ko.py; do not edit.",
        "images": [{"file": os.path.relpath(os.path.join(images_dir, n), os.path.dirname(out_json)),
                    "colour": c, "shape": s, "embedding": [round(float(v), 7) for v in e]}
                   for (n, c, s, *_), e in zip(fixtures.IMAGES, img)],
        "texts": [{"text": t, "checks": why, "nfd": t != unicodedata.normalize("NFC", t),
                   "pieces": tokenizer.pieces(t), "input_ids": r, "embedding": [round(float(v), 7) for v in e]}
                  for (t, why), r, e in zip(TEXTS, ids, txt)],
    }
    with open(out_json, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")
