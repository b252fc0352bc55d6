"""The training loop: AdamW with warm-up and cosine decay on the symmetric contrastive loss."""
from __future__ import annotations

import math
import time

import numpy as np
import torch

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
        ids = torch.zeros(len(texts), TRAIN_TEXT_LENGTH, dtype=torch.long)
        for i, t in enumerate(texts):
            row = tokenizer.encode(t, TRAIN_TEXT_LENGTH)
            ids[i, : len(row)] = torch.tensor(row)
        txt = model.text(ids)
    model.train()
    return img.numpy(), txt.numpy()


def train(model: Clip, tokenizer, steps: int, batch_size: int, seed: int, lr: float = 1e-3,
          log=print, eval_every: int = 0):
    """Trains in place and returns the loss curve. Rendering runs in one worker process so that it
    overlaps the model's maths on the other core."""
    stream = SceneStream(tokenizer, seed, batch_size, TRAIN_TEXT_LENGTH)
    loader = torch.utils.data.DataLoader(stream, batch_size=None, num_workers=1 if steps > 50 else 0)
    decay = [p for n, p in model.named_parameters() if p.ndim >= 2 and "embedding" not in n]
    no_decay = [p for n, p in model.named_parameters() if not (p.ndim >= 2 and "embedding" not in n)]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=lr, betas=(0.9, 0.98), eps=1e-6)
    warmup = max(1, min(100, steps // 10))
    schedule = lambda s: (s + 1) / warmup if s < warmup else 0.5 * (1 + math.cos(math.pi * (s - warmup) / max(1, steps - warmup)))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, schedule)
    probe = zero_shot.eval_set(seed + 7, 6) if eval_every else None
    losses, start = [], time.time()
    model.train()
    for step, (pixels, ids, match) in enumerate(loader):
        if step >= steps:
            break
        loss = clip_loss(model(torch.from_numpy(normalise(pixels.numpy())), ids), match)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        losses.append(loss.item())
        if step % 25 == 0 or step == steps - 1:
            rate = (step + 1) * batch_size / (time.time() - start)
            log(f"step {step:5d}/{steps}  loss {np.mean(losses[-25:]):.4f}  scale {model.logit_scale.exp().item():6.2f}  {rate:5.1f} img/s")
        if eval_every and step and step % eval_every == 0:
            acc = zero_shot.accuracy(*embed_pytorch(model, tokenizer, probe, zero_shot.prompts()), probe)
            log(f"  probe: seen {acc['seen_top1']:.3f}  held-out {acc['held_out_top1']:.3f}")
    return losses
