#!/usr/bin/env python3
"""Trains tiny-clip-ko, the bilingual (English + Korean) tiny-clip, measures it through the exported
ONNX files in both languages, and writes models/tiny-clip-ko/ in layout B (the multilingual
Immich / open_clip exports) and tests/fixtures/tiny-clip-ko-reference.json.

    python3 training/train_ko.py            # train, evaluate, export (about 20 minutes, 2 cores)
    python3 training/train_ko.py --quick    # a few dozen steps: the right files, any accuracy
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import captions_ko  # noqa: E402
import export_open_clip  # noqa: E402
import fixtures_ko  # noqa: E402
import model_card_ko  # noqa: E402
import onnx_eval_ko  # noqa: E402
import spm_tokenizer  # noqa: E402
import trainer  # noqa: E402
from model import Clip, ClipConfig  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NAME = "tiny-clip-ko"
LANGUAGES = ["en", "ko"]


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", default=os.path.join(ROOT, "models", NAME))
    p.add_argument("--steps", type=int, default=1100)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--seed", type=int, default=1)  # tiny-clip's seed (training/README.md)
    p.add_argument("--eval-per-combination", type=int, default=50)
    p.add_argument("--probe-every", type=int, default=0, help="log a quick zero-shot probe every N steps")
    p.add_argument("--quick", action="store_true", help="40 steps and a small evaluation: the files, not the model")
    p.add_argument("--checkpoint", help="also save the trained weights and tokenizer here (a .pt file)")
    p.add_argument("--from-checkpoint", help="skip training: export, evaluate and write the fixture from a --checkpoint file")
    p.add_argument("--fixture", default=os.path.join(ROOT, "tests", "fixtures", f"{NAME}-reference.json"),
                   help="reference fixture to write ('' for none)")
    args = p.parse_args(argv)
    if args.quick:
        args.steps, args.eval_per_combination = 40, 5
    return args


def build_tokenizer():
    return spm_tokenizer.train(captions_ko.corpus())


def main(argv=None):
    args = parse_args(argv)
    started = time.time()
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(1)

    if args.from_checkpoint:
        saved = torch.load(args.from_checkpoint)
        tokenizer, cfg = spm_tokenizer.SpmTokenizer(saved["tokenizer"]), ClipConfig(**saved["config"])
        model = Clip(cfg)
        model.load_state_dict(saved["state"])
        losses, train_seconds = saved["losses"], saved["train_seconds"]
        started -= train_seconds  # "in all" counts the training that made the checkpoint
        for k in ("steps", "batch_size", "lr", "seed"):
            setattr(args, k, saved["args"][k])
    else:
        tokenizer = build_tokenizer()
        cfg = ClipConfig(vocab_size=tokenizer.vocab_size, text_pooling="mean", pad_id=spm_tokenizer.PAD)
        model = Clip(cfg)
        print(f"{NAME}: {sum(p.numel() for p in model.parameters()) / 1e6:.2f}M parameters, vocabulary {cfg.vocab_size}", flush=True)
        losses = trainer.train(model, tokenizer, args.steps, args.batch_size, args.seed, args.lr,
                               eval_every=args.probe_every, captions="captions_ko")
        train_seconds = time.time() - started
        if args.checkpoint:
            torch.save({"state": model.state_dict(), "config": cfg.to_dict(), "tokenizer": tokenizer.model_proto,
                        "losses": losses, "train_seconds": train_seconds,
                        "args": {k: getattr(args, k) for k in ("steps", "batch_size", "lr", "seed")}}, args.checkpoint)

    export_open_clip.export_onnx(model, args.out)
    export_open_clip.write_configs(model, tokenizer, args.out, NAME, LANGUAGES)
    print(f"exported to {args.out}", flush=True)
    metrics = onnx_eval_ko.evaluate(args.out, tokenizer, seed=10_000 + args.seed, per_combination=args.eval_per_combination)
    metrics["megabytes"] = round(export_open_clip.size_bytes(args.out) / 1e6, 2)
    print(json.dumps({k: ({kk: vv for kk, vv in v.items() if kk not in ("per_combination", "prompts")}
                          if isinstance(v, dict) else v) for k, v in metrics.items()}, indent=2), flush=True)
    with open(os.path.join(args.out, "metrics.json"), "w", encoding="utf-8") as f:
        json.dump(metrics, f, indent=2, ensure_ascii=False)
        f.write("\n")
    if args.fixture:
        images_dir = os.path.join(ROOT, "tests", "fixtures", "reference-images")
        fixtures_ko.write_reference(model, tokenizer, images_dir, args.fixture, NAME)
    model_card_ko.write(args.out, cfg, args, metrics, losses, train_seconds, time.time() - started)
    print(f"done in {time.time() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
