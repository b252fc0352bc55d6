"""Writes a trained Clip in the Immich / open_clip ONNX layout (layout B of
shared/docs/model-formats.md), as the multilingual XLM-RoBERTa (M-CLIP) exports are:

    config.json                   open_clip config: embed_dim, vision_cfg, text_cfg (context_length, tokenizer_kwargs)
    visual/model.onnx             image float32 [batch,3,S,S] -> embedding float32 [batch,D]
    visual/preprocess_cfg.json    size, mode, mean, std, interpolation, resize_mode
    textual/model.onnx            input_ids int64 [batch,L], attention_mask int64 [batch,L] -> embedding float32 [batch,D]
    textual/tokenizer.json        SentencePiece Unigram in the Hugging Face tokenizers format (spm_tokenizer.py)
    textual/tokenizer_config.json pad_token "<pad>", model_max_length

Embeddings are not L2-normalised, as in the real exports. Batch (and the text length) are dynamic;
training/fix_batch.py writes a copy with batch fixed at 1, as some real exports have.
"""
from __future__ import annotations

import json
import os

import torch
from torch import nn

import spm_tokenizer
from data import IMAGE_MEAN, IMAGE_STD
from model import Clip

OPSET = 14
VISUAL_INPUT, TEXT_INPUTS, OUTPUT = "image", ["input_ids", "attention_mask"], "embedding"


class _Vision(nn.Module):
    def __init__(self, clip: Clip):
        super().__init__()
        self.visual = clip.visual

    def forward(self, image):
        return self.visual(image)


class _Text(nn.Module):
    def __init__(self, clip: Clip):
        super().__init__()
        self.text = clip.text

    def forward(self, input_ids, attention_mask):
        return self.text(input_ids, attention_mask)


def export_onnx(model: Clip, out_dir: str):
    assert model.cfg.text_pooling == "mean", "layout B's textual model takes an attention mask: a mean-pooled text tower"
    for sub in ("visual", "textual"):
        os.makedirs(os.path.join(out_dir, sub), exist_ok=True)
    model.eval()
    size = model.cfg.image_size
    with torch.no_grad():
        torch.onnx.export(_Vision(model), (torch.zeros(2, 3, size, size),), os.path.join(out_dir, "visual", "model.onnx"),
                          input_names=[VISUAL_INPUT], output_names=[OUTPUT],
                          dynamic_axes={VISUAL_INPUT: {0: "batch_size"}, OUTPUT: {0: "batch_size"}},
                          opset_version=OPSET, do_constant_folding=True)
        ids = torch.full((2, 7), spm_tokenizer.PAD, dtype=torch.long)
        ids[:, :5] = torch.tensor([spm_tokenizer.BOS, 10, 11, 12, spm_tokenizer.EOS])
        mask = (ids != spm_tokenizer.PAD).long()
        torch.onnx.export(_Text(model), (ids, mask), os.path.join(out_dir, "textual", "model.onnx"),
                          input_names=TEXT_INPUTS, output_names=[OUTPUT],
                          dynamic_axes={"input_ids": {0: "batch_size", 1: "sequence_length"},
                                        "attention_mask": {0: "batch_size", 1: "sequence_length"},
                                        OUTPUT: {0: "batch_size"}},
                          opset_version=OPSET, do_constant_folding=True)


def write_configs(model: Clip, tokenizer: spm_tokenizer.SpmTokenizer, out_dir: str, name: str, languages):
    cfg = model.cfg
    config = {
        "model_name": name,
        "embed_dim": cfg.embed_dim,
        "vision_cfg": {
            "image_size": cfg.image_size,
            "layers": cfg.vision_layers,
            "width": cfg.vision_width,
            "heads": cfg.vision_heads,
            "patch_size": cfg.patch_size,
            "stem": cfg.stem,
        },
        "text_cfg": {
            "context_length": cfg.context_length,
            "vocab_size": cfg.vocab_size,
            "width": cfg.text_width,
            "heads": cfg.text_heads,
            "layers": cfg.text_layers,
            "causal": False,
            "pooler_type": "mean_pooler",
            "hf_tokenizer_name": name,
            "tokenizer_kwargs": {"pad_token": "<pad>", "model_max_length": cfg.context_length},
        },
        "languages": list(languages),
    }
    preprocess = {
        "size": [cfg.image_size, cfg.image_size],
        "mode": "RGB",
        "mean": list(IMAGE_MEAN),
        "std": list(IMAGE_STD),
        "interpolation": "bicubic",
        "resize_mode": "shortest",
        "fill_color": 0,
    }
    files = {
        "config.json": config,
        os.path.join("visual", "preprocess_cfg.json"): preprocess,
        os.path.join("textual", "tokenizer.json"): spm_tokenizer.tokenizer_json(tokenizer, cfg.context_length),
        os.path.join("textual", "tokenizer_config.json"): spm_tokenizer.tokenizer_config(cfg.context_length),
        # Prompt templates for auto-tagging (src-main/tags/vocabulary.ts), as tiny-clip has: the caption
        # forms trained for one attribute, in both languages.
        "tagging.json": {"templates": ["{}", "a {} shape"], "templates_ko": ["{}", "{} 도형"]},
    }
    for fname, doc in files.items():
        os.makedirs(os.path.dirname(os.path.join(out_dir, fname)), exist_ok=True)
        with open(os.path.join(out_dir, fname), "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=None if fname.endswith("tokenizer.json") else 2, ensure_ascii=False)
            f.write("\n")


def size_bytes(out_dir: str) -> int:
    """Bytes of every file in the model folder."""
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(out_dir) for f in fs)
