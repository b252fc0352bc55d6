"""Writes a trained Clip in Hugging Face / transformers.js ONNX layout (layout A of
shared/docs/model-formats.md): onnx/vision_model.onnx, onnx/text_model.onnx and the JSON configs."""
from __future__ import annotations

import json
import os

import torch
from torch import nn

from data import IMAGE_MEAN, IMAGE_STD
from model import Clip

OPSET = 14


class _Vision(nn.Module):
    def __init__(self, clip: Clip):
        super().__init__()
        self.visual = clip.visual

    def forward(self, pixel_values):
        return self.visual(pixel_values)


class _Text(nn.Module):
    def __init__(self, clip: Clip):
        super().__init__()
        self.text = clip.text

    def forward(self, input_ids):
        return self.text(input_ids)


def export_onnx(model: Clip, out_dir: str):
    """Exports both towers with a dynamic batch and, for text, a dynamic length (the app pads only
    as far as the longest text in a batch; 77 is the upper bound)."""
    os.makedirs(os.path.join(out_dir, "onnx"), exist_ok=True)
    model.eval()
    size = model.cfg.image_size
    with torch.no_grad():
        torch.onnx.export(_Vision(model), (torch.zeros(2, 3, size, size),),
                          os.path.join(out_dir, "onnx", "vision_model.onnx"),
                          input_names=["pixel_values"], output_names=["image_embeds"],
                          dynamic_axes={"pixel_values": {0: "batch_size"}, "image_embeds": {0: "batch_size"}},
                          opset_version=OPSET, do_constant_folding=True)
        ids = torch.zeros(2, 7, dtype=torch.long)
        ids[:, 0], ids[:, -1] = model.cfg.vocab_size - 2, model.cfg.vocab_size - 1
        torch.onnx.export(_Text(model), (ids,), os.path.join(out_dir, "onnx", "text_model.onnx"),
                          input_names=["input_ids"], output_names=["text_embeds"],
                          dynamic_axes={"input_ids": {0: "batch_size", 1: "sequence_length"},
                                        "text_embeds": {0: "batch_size"}},
                          opset_version=OPSET, do_constant_folding=True)


def write_configs(model: Clip, tokenizer_doc: dict, out_dir: str, name: str):
    cfg = model.cfg
    eot = tokenizer_doc["post_processor"]["sep"][1]
    sot = tokenizer_doc["post_processor"]["cls"][1]
    config = {
        "_name_or_path": name,
        "architectures": ["CLIPModel"],
        "model_type": "clip",
        "projection_dim": cfg.embed_dim,
        "logit_scale_init_value": 2.6592,
        "text_config": {
            "model_type": "clip_text_model",
            "hidden_size": cfg.text_width,
            "intermediate_size": 4 * cfg.text_width,
            "num_attention_heads": cfg.text_heads,
            "num_hidden_layers": cfg.text_layers,
            "max_position_embeddings": cfg.context_length,
            "vocab_size": cfg.vocab_size,
            "hidden_act": "quick_gelu",
            "bos_token_id": sot,
            "eos_token_id": eot,
            "pad_token_id": 0,
            "projection_dim": cfg.embed_dim,
        },
        "vision_config": {
            "model_type": "clip_vision_model",
            "hidden_size": cfg.vision_width,
            "intermediate_size": 4 * cfg.vision_width,
            "num_attention_heads": cfg.vision_heads,
            "num_hidden_layers": cfg.vision_layers,
            "image_size": cfg.image_size,
            "patch_size": cfg.patch_size,
            "num_channels": 3,
            "hidden_act": "quick_gelu",
            "projection_dim": cfg.embed_dim,
        },
    }
    preprocessor = {
        "crop_size": {"height": cfg.image_size, "width": cfg.image_size},
        "do_center_crop": True,
        "do_convert_rgb": True,
        "do_normalize": True,
        "do_rescale": True,
        "do_resize": True,
        "feature_extractor_type": "CLIPFeatureExtractor",
        "image_mean": list(IMAGE_MEAN),
        "image_processor_type": "CLIPImageProcessor",
        "image_std": list(IMAGE_STD),
        "resample": 3,
        "rescale_factor": 1 / 255,
        "size": {"shortest_edge": cfg.image_size},
    }
    tokenizer_config = {
        "tokenizer_class": "CLIPTokenizer",
        "model_max_length": cfg.context_length,
        "bos_token": "<|startoftext|>",
        "eos_token": "<|endoftext|>",
        "unk_token": "<|endoftext|>",
        "pad_token": "<|endoftext|>",
        "do_lower_case": True,
        "clean_up_tokenization_spaces": True,
    }
    files = {"config.json": config, "preprocessor_config.json": preprocessor,
             "tokenizer_config.json": tokenizer_config, "tokenizer.json": tokenizer_doc}
    if name == "tiny-clip":
        # Prompt templates for auto-tagging (src-main/tags/vocabulary.ts): the caption forms the
        # model was trained on for one attribute ("red", "a red shape", "a circle shape"), not
        # CLIP's "a photo of a {}." which reads wrongly for a colour.
        files["tagging.json"] = {"templates": ["{}", "a {} shape"]}
    for fname, doc in files.items():
        with open(os.path.join(out_dir, fname), "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=None if fname == "tokenizer.json" else 2, ensure_ascii=False)
            f.write("\n")
