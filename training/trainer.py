"""The training loop: AdamW with warm-up and cosine decay on the symmetric contrastive loss.

On two cores the fastest arrangement measured here is two processes with one BLAS thread each,
each rendering its own scenes and training on its half of the batch, with gradients averaged:
about twice the images per second of one process with a rendering worker, since PyTorch's matrix
products scale poorly to two threads on this machine.

The average is taken by hand (`_average_gradients`, through shared memory), not by
DistributedDataParallel: on CPU, DDP over gloo is not deterministic (pytorch/pytorch#36871). Measured here: two runs with the same seed
agreed to step 25 and then drifted apart (loss 2.29 against 2.81 at step 575). That drift had a
second cause too, now fixed: both processes updated one shared copy of the weights.
"""
from __future__ import annotations

import importlib
import math
import os
import random
import socket
import tempfile
import time

import numpy as np
import torch
import torch.distributed as dist
import torch.multiprocessing as mp

import scenes
import zero_shot
from data import SceneStream, normalise
from model import Clip, clip_loss

# Captions are short; training on 16 positions is exact (the causal mask and end-of-text pooling
# never look past the end-of-text token) and much cheaper than 77.
TRAIN_TEXT_LENGTH = 16


def embed_pytorch(model: Clip, tokenizer, items, texts):
    model.eval()
    with torch.no_grad():
        img = torch.cat([model.visual(torch.from_numpy(np.stack([p for _, p in items[i:i + 64]])))
                         for i in range(0, len(items), 64)])
        ids = torch.full((len(texts), TRAIN_TEXT_LENGTH), getattr(tokenizer, "pad_id", 0), dtype=torch.long)
        for i, t in enumerate(texts):
            row = tokenizer.encode(t, TRAIN_TEXT_LENGTH)
            ids[i, : len(row)] = torch.tensor(row)
        txt = model.text(ids)
    model.train()
    return img.numpy(), txt.numpy()


def _optimiser(model: Clip, lr: float, steps: int):
    decay = [p for n, p in model.named_parameters() if p.ndim >= 2 and "embedding" not in n]
    no_decay = [p for n, p in model.named_parameters() if not (p.ndim >= 2 and "embedding" not in n)]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=lr, betas=(0.9, 0.98), eps=1e-6)
    warmup = max(1, min(100, steps // 10))

    def schedule(s):
        if s < warmup:
            return (s + 1) / warmup
        return 0.5 * (1 + math.cos(math.pi * (s - warmup) / max(1, steps - warmup)))

    return opt, torch.optim.lr_scheduler.LambdaLR(opt, schedule)


def composition_ids(tokenizer, rng: random.Random):
    """Token ids for the composition loss: for every seen colour x shape pair, a full caption, a
    colour-only one and a shape-only one, each from a random template (three equal blocks)."""
    pairs = scenes.all_combinations(include_held_out=False)
    texts = ([rng.choice(scenes.FULL_TEMPLATES).format(c=c, s=s) for c, s in pairs]
             + [rng.choice(scenes.COLOUR_TEMPLATES).format(c=c) for c, _ in pairs]
             + [rng.choice(scenes.SHAPE_TEMPLATES).format(s=s) for _, s in pairs])
    ids = torch.zeros(len(texts), TRAIN_TEXT_LENGTH, dtype=torch.long)
    for i, text in enumerate(texts):
        row = tokenizer.encode(text, TRAIN_TEXT_LENGTH)
        ids[i, : len(row)] = torch.tensor(row)
    return ids


def _average_gradients(model: Clip, exchange: torch.Tensor, rank: int, world: int):
    """Replaces every gradient by its mean over the processes, bit for bit the same on each and on
    every run. `exchange` is a [world, parameters] tensor in shared memory: each rank writes its
    row, and each sums the rows in the same order (a copy through memory: sending them over gloo's
    TCP cost 13% of the training speed here)."""
    grads = [p.grad if p.grad is not None else torch.zeros_like(p) for p in model.parameters()]
    exchange[rank].copy_(torch.cat([g.reshape(-1) for g in grads]))
    dist.barrier()  # every rank's gradients are in
    mean = exchange.sum(0) / world
    dist.barrier()  # and nobody writes the next step's before everyone has read this one
    offset = 0
    for p, g in zip(model.parameters(), grads):
        p.grad = mean[offset:offset + g.numel()].view_as(p)
        offset += g.numel()


def _loop(model, tokenizer, steps, batch_size, seed, lr, log, eval_every, world: int, compose_weight: float = 0.0,
          exchange=None, rank: int = 0, captions: str = "scenes"):
    """One process's share of training; `batch_size` is this process's part of the batch. `captions` names
    the caption module (data.SceneStream); other than "scenes", its `prompts()` (24 more prompts, the
    Korean ones) are probed too."""
    stream = SceneStream(tokenizer, seed, batch_size, TRAIN_TEXT_LENGTH, captions)
    opt, sched = _optimiser(model, lr, steps)
    probe = zero_shot.eval_set(7, 6) if eval_every else None
    compose_rng = random.Random(seed + 1)
    losses, start = [], time.time()
    model.train()
    for step, (pixels, ids, match) in enumerate(stream):
        if step >= steps:
            break
        pixels = torch.from_numpy(normalise(pixels.numpy()))
        if compose_weight:
            logits, compose = model(pixels, ids, composition_ids(tokenizer, compose_rng))
            loss = clip_loss(logits, match) + compose_weight * compose
        else:
            loss = clip_loss(model(pixels, ids), match)
        opt.zero_grad()
        loss.backward()
        if world > 1:
            _average_gradients(model, exchange, rank, world)
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        losses.append(loss.item())
        if log and (step % 25 == 0 or step == steps - 1):
            rate = (step + 1) * batch_size * world / (time.time() - start)
            log(f"step {step:5d}/{steps}  loss {np.mean(losses[-25:]):.4f}  scale {model.logit_scale.exp().item():6.2f}  {rate:5.1f} img/s")
        if log and eval_every and step and step % eval_every == 0:
            other = importlib.import_module(captions).prompts() if captions != "scenes" else []
            img, txt = embed_pytorch(model, tokenizer, probe, zero_shot.prompts() + zero_shot.shape_prompts() + other)
            n = len(zero_shot.prompts())
            acc = zero_shot.accuracy(img, txt[:n], probe)
            shape = zero_shot.shape_accuracy(img, txt[n:n + len(scenes.SHAPES)], probe)
            log(f"  probe: seen {acc['seen_top1']:.3f}  held-out {acc['held_out_top1']:.3f}  held-out shape {shape:.3f}")
            if other:
                acc = zero_shot.accuracy(img, txt[n + len(scenes.SHAPES):], probe)
                log(f"  probe ({captions}): seen {acc['seen_top1']:.3f}  held-out {acc['held_out_top1']:.3f}")
    return losses


def _worker(rank, world, port, model, exchange, tokenizer, steps, batch_size, seed, lr, eval_every, out_path,
            compose_weight, captions="scenes"):
    torch.set_num_threads(1)
    dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank, world_size=world)
    torch.manual_seed(seed)
    # torch.multiprocessing hands `model` over in shared memory: without a private copy both ranks
    # would apply every update to the same weights (twice the step, and racing each other). Every
    # rank starts from the same weights, and equal averaged gradients keep them equal.
    shared = model
    model = Clip(shared.cfg)
    model.load_state_dict({k: v.clone() for k, v in shared.state_dict().items()})
    log = (lambda m: print(m, flush=True)) if rank == 0 else None
    losses = _loop(model, tokenizer, steps, batch_size // world, seed * 1000 + rank, lr, log, eval_every, world,
                   compose_weight, exchange, rank, captions)
    if rank == 0:
        torch.save({"state": model.state_dict(), "losses": losses}, out_path)
    dist.destroy_process_group()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def train(model: Clip, tokenizer, steps: int, batch_size: int, seed: int, lr: float = 1e-3,
          log=print, eval_every: int = 0, processes: int = 0, compose_weight: float = 0.0, captions: str = "scenes"):
    """Trains `model` in place and returns the loss curve. `processes` 0 means one per core. `captions`
    names the caption module: "scenes" (English) or "captions_ko" (English, Korean, mixed)."""
    world = processes or min(2, os.cpu_count() or 1)
    if world == 1:
        torch.set_num_threads(1)
        return _loop(model, tokenizer, steps, batch_size, seed, lr, log, eval_every, 1, compose_weight, captions=captions)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "trained.pt")
        exchange = torch.zeros(world, sum(p.numel() for p in model.parameters())).share_memory_()
        mp.spawn(_worker, args=(world, _free_port(), model, exchange, tokenizer, steps, batch_size, seed, lr, eval_every,
                                out, compose_weight, captions),
                 nprocs=world, join=True)
        result = torch.load(out)
    model.load_state_dict(result["state"])
    return result["losses"]
