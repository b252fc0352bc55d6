"""Writes MODEL_CARD.md for tiny-clip-ko, with the figures measured through ONNX in both languages."""
from __future__ import annotations

import os
import platform

import captions_ko
import scenes


def _pct(x):
    return f"{x * 100:.1f}%"


def write(out_dir: str, cfg, args, metrics: dict, losses: list, train_seconds: float, total_seconds: float):
    en, ko = metrics["en"], metrics["ko"]
    held = ", ".join(f"{c} {s}" for c, s in sorted(scenes.HELD_OUT))
    rows = "\n".join(
        f"| {c} {s} | {captions_ko.PROMPT_COLOURS[c]} {captions_ko.PROMPT_SHAPES[s]} | "
        f"{'held out' if (c, s) in scenes.HELD_OUT else 'seen'} | {en['per_combination'][f'{c} {s}'] * 100:.0f}% | "
        f"{ko['per_combination'][f'{c} {s}'] * 100:.0f}% |"
        for c, s in scenes.all_combinations())
    first = sum(losses[:25]) / max(1, len(losses[:25])) if losses else float("nan")
    last = sum(losses[-25:]) / max(1, len(losses[-25:])) if losses else float("nan")
    quick = ("\n**This is a quick export (`--quick`): a few dozen training steps, for wiring the app; its "
             "accuracy means nothing.**\n" if args.quick else "")
    text = f"""# tiny-clip-ko

tiny-clip (`models/tiny-clip/MODEL_CARD.md`) trained on English **and Korean** captions, in the file
layout of the multilingual CLIP models the app downloads (layout B of `shared/docs/model-formats.md`,
Immich's XLM-RoBERTa exports): a SentencePiece Unigram tokenizer, a bidirectional text encoder that
takes `input_ids` and `attention_mask` and mean-pools over the mask, as M-CLIP does. It knows the same
tiny world: one filled shape (circle, square, triangle, star) in one of six colours.
{quick}
## Files
| file | what |
| --- | --- |
| `config.json` | open_clip config: `embed_dim` {cfg.embed_dim}, `text_cfg.context_length` {cfg.context_length}, `text_cfg.tokenizer_kwargs`, `languages` |
| `visual/model.onnx` | `image` float32 [batch,3,{cfg.image_size},{cfg.image_size}] -> `embedding` float32 [batch,{cfg.embed_dim}] (not normalised) |
| `visual/preprocess_cfg.json` | size {cfg.image_size}, bicubic, `resize_mode` shortest, OpenAI CLIP mean/std |
| `textual/model.onnx` | `input_ids` int64 [batch,length], `attention_mask` int64 [batch,length] -> `embedding` float32 [batch,{cfg.embed_dim}] |
| `textual/tokenizer.json` | SentencePiece Unigram ({cfg.vocab_size} pieces) in the Hugging Face format: NFKC + lower case + space folding, `▁` metaspace, `<s>` 0 `<pad>` 1 `</s>` 2 `<unk>` 3, template `<s> $A </s>` |
| `textual/tokenizer_config.json` | `pad_token` `<pad>`, `model_max_length` {cfg.context_length} |
| `metrics.json` | the figures below, `relevance_floor` |

All files together: {metrics['megabytes']} MB. Batch and text length are dynamic; `training/fix_batch.py`
writes a copy with batch fixed at 1, as some real exports have.

## How it was trained
As tiny-clip (`training/train_ko.py`, the same `scenes.py` world and held-out pairs: {held}),
with the captions of `training/captions_ko.py`: {(1 - captions_ko.KOREAN_SHARE - captions_ko.MIXED_SHARE) * 100:.0f}% English
(tiny-clip's), {captions_ko.KOREAN_SHARE * 100:.0f}% Korean in several natural forms per concept (빨간 원, 빨간색 동그라미,
빨강 원 사진, 별 모양, 노란 세모, 주황색 삼각형, 작은 …, 왼쪽에 있는 …), {captions_ko.MIXED_SHARE * 100:.0f}% mixed (빨간 circle,
red 원). Unrelated captions in both languages (and strings of unseen Hangul, read as `<unk>`) are
negatives for every image.
- Text tower: width {cfg.text_width}, {cfg.text_layers} layers, {cfg.text_heads} heads, no causal mask, padding masked as
  keys, LayerNorm, mean over the attention mask, linear projection. Image tower: tiny-clip's.
- Tokenizer: `training/spm_tokenizer.py`, Debian's python3-sentencepiece, trained on the caption corpus.
- AdamW lr {args.lr}, batch {args.batch_size}, {args.steps} steps, seed {args.seed}. Loss {first:.3f} -> {last:.3f}.
- Time: {train_seconds / 60:.1f} min training, {total_seconds / 60:.1f} min in all, {os.cpu_count()} CPU cores
  ({platform.processor() or platform.machine()}); wall time on a machine shared with other jobs (the same
  {args.steps} steps take tiny-clip about 18 min on two free cores).

## Measured accuracy (through the exported ONNX files, onnxruntime-node)
Fresh scenes (seed {10_000 + args.seed}), {metrics['images']} images, {args.eval_per_combination} per combination.
Korean prompts "{{색}} {{모양}}" (빨간 원, 초록색 사각형, …); English "a photo of a {{colour}} {{shape}}".

| measure | seen pairs | held-out pairs |
| --- | --- | --- |
| Korean zero-shot top-1 over the 24 prompts | {_pct(ko['seen_top1'])} | {_pct(ko['held_out_top1'])} |
| English zero-shot top-1 over the 24 prompts | {_pct(en['seen_top1'])} | {_pct(en['held_out_top1'])} |
| Korean text-to-image R@1, libraries of 24 photos | {_pct(ko['retrieval_seen_r1'])} | {_pct(ko['retrieval_held_out_r1'])} |
| English text-to-image R@1, libraries of 24 photos | {_pct(en['retrieval_seen_r1'])} | {_pct(en['retrieval_held_out_r1'])} |

Chance is 1/24 (about 4%).

Relevance floor: **{metrics['relevance_floor']}** (measured as for tiny-clip, over both languages'
prompts and junk queries). With it, {metrics['relevance_good_above'] * 100:.0f}% of real captions keep their best photo and
{metrics['relevance_junk_below'] * 100:.0f}% of queries about absent things ("zebra", "얼룩말", "라면 한 그릇", …) get "no good match".
English words the tokenizer has never seen fall apart into single letters, some of them pieces of this
world's words ("zebra" -> `▁ z e b ra`), and can score like a real caption: the junk queries that
stay above the floor are of that kind.

| combination | Korean prompt | split | English top-1 | Korean top-1 |
| --- | --- | --- | --- | --- |
{rows}

## Reproduce
    scripts/python3 training/train_ko.py

Regenerates this folder and `tests/fixtures/tiny-clip-ko-reference.json` (the images are tiny-clip's,
in `tests/fixtures/reference-images`). Needs `npm ci` first: the evaluation runs the ONNX files
through onnxruntime-node.
"""
    with open(os.path.join(out_dir, "MODEL_CARD.md"), "w", encoding="utf-8") as f:
        f.write(text)
