"""CLIP as the paper describes it, small: a ViT image encoder and a causal text transformer, or (for
tiny-clip-ko, `text_pooling="mean"`) a bidirectional text encoder mean-pooled over the attention mask,
as the multilingual M-CLIP models (XLM-RoBERTa) do.

Attention is written out instead of using nn.MultiheadAttention: PyTorch 1.13 takes a fused fast
path for it in eval mode under no_grad, and the ONNX exporter cannot trace that path.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, asdict

import torch
import torch.nn.functional as F
from torch import nn


@dataclass
class ClipConfig:
    embed_dim: int = 64
    image_size: int = 224
    patch_size: int = 32
    vision_width: int = 128
    vision_layers: int = 4
    vision_heads: int = 4
    vocab_size: int = 633
    context_length: int = 77
    text_width: int = 128
    text_layers: int = 3  # tried 1 (closer to a bag of words): held-out top-1 fell from 23% to 0.5%
    text_heads: int = 4
    # How pixels become the 7x7 grid of tokens. 'patch': one patch-embedding convolution, as in
    # CLIP's ViT-B/32. 'conv': a small convolutional stem ending in the same grid (the hybrid of the
    # ViT paper; Xiao et al. 2021). Measured here (supervised shape classification, 64 images a
    # step): the patch embedding stays under 45% after 300 steps, the stem reaches 97%. Two CPU
    # cores and 20 minutes cannot pay for a plain ViT's appetite for data on this task.
    stem: str = "conv"
    # "eot": CLIP's causal transformer, feature at the end-of-text token (tiny-clip). "mean": a
    # bidirectional encoder whose token features are averaged over the attention mask, then projected
    # (M-CLIP / XLM-R; tiny-clip-ko). `pad_id` marks padding when no mask is given.
    text_pooling: str = "eot"
    pad_id: int = 0

    @staticmethod
    def vit_b_32(vocab_size: int) -> "ClipConfig":
        """The real ViT-B/32 shapes, for benchmarks that must pay the real model's cost."""
        return ClipConfig(embed_dim=512, patch_size=32, vision_width=768, vision_layers=12, vision_heads=12,
                          vocab_size=max(vocab_size, 49408), text_width=512, text_layers=12, text_heads=8, stem="patch")

    def to_dict(self):
        return asdict(self)


class QuickGELU(nn.Module):
    """CLIP's activation."""

    def forward(self, x):
        return x * torch.sigmoid(1.702 * x)


class Attention(nn.Module):
    def __init__(self, width: int, heads: int):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(width, 3 * width)
        self.out = nn.Linear(width, width)

    def forward(self, x, mask=None):
        n, l, w = x.shape
        q, k, v = self.qkv(x).reshape(n, l, 3, self.heads, w // self.heads).permute(2, 0, 3, 1, 4)
        scores = q @ k.transpose(-2, -1) / math.sqrt(w // self.heads)
        if mask is not None:
            scores = scores + mask
        y = scores.softmax(dim=-1) @ v
        return self.out(y.transpose(1, 2).reshape(n, l, w))


class Block(nn.Module):
    """Pre-norm residual block."""

    def __init__(self, width: int, heads: int):
        super().__init__()
        self.ln_1 = nn.LayerNorm(width)
        self.attn = Attention(width, heads)
        self.ln_2 = nn.LayerNorm(width)
        self.mlp = nn.Sequential(nn.Linear(width, 4 * width), QuickGELU(), nn.Linear(4 * width, width))

    def forward(self, x, mask=None):
        x = x + self.attn(self.ln_1(x), mask)
        return x + self.mlp(self.ln_2(x))


class VisionTransformer(nn.Module):
    def __init__(self, cfg: ClipConfig):
        super().__init__()
        w = cfg.vision_width
        grid = cfg.image_size // cfg.patch_size
        if cfg.stem == "conv":
            assert cfg.patch_size == 32, "the convolutional stem produces a 32-pixel patch grid"
            self.conv1 = nn.Sequential(
                nn.Conv2d(3, 32, kernel_size=4, stride=4), nn.GELU(),  # 56x56
                nn.Conv2d(32, 64, kernel_size=3, stride=2, padding=1), nn.GELU(),  # 28x28
                nn.Conv2d(64, 128, kernel_size=3, stride=2, padding=1), nn.GELU(),  # 14x14
                nn.Conv2d(128, w, kernel_size=3, stride=2, padding=1),  # 7x7: one token per 32 pixels
            )
        else:
            self.conv1 = nn.Conv2d(3, w, kernel_size=cfg.patch_size, stride=cfg.patch_size, bias=False)
        self.class_embedding = nn.Parameter(torch.randn(w) * w ** -0.5)
        self.positional_embedding = nn.Parameter(torch.randn(grid * grid + 1, w) * w ** -0.5)
        self.ln_pre = nn.LayerNorm(w)
        self.blocks = nn.ModuleList([Block(w, cfg.vision_heads) for _ in range(cfg.vision_layers)])
        self.ln_post = nn.LayerNorm(w)
        self.proj = nn.Parameter(torch.randn(w, cfg.embed_dim) * w ** -0.5)

    def forward(self, pixels):
        x = self.conv1(pixels).flatten(2).transpose(1, 2)  # [N, grid*grid, w]
        cls = self.class_embedding.expand(x.shape[0], 1, -1)
        x = torch.cat([cls, x], dim=1) + self.positional_embedding
        x = self.ln_pre(x)
        for block in self.blocks:
            x = block(x)
        return self.ln_post(x[:, 0]) @ self.proj


class TextTransformer(nn.Module):
    def __init__(self, cfg: ClipConfig):
        super().__init__()
        w = cfg.text_width
        self.token_embedding = nn.Embedding(cfg.vocab_size, w)
        self.positional_embedding = nn.Parameter(torch.randn(cfg.context_length, w) * 0.01)
        self.blocks = nn.ModuleList([Block(w, cfg.text_heads) for _ in range(cfg.text_layers)])
        self.ln_final = nn.LayerNorm(w)
        self.text_projection = nn.Parameter(torch.randn(w, cfg.embed_dim) * w ** -0.5)
        causal = torch.full((cfg.context_length, cfg.context_length), float("-inf")).triu(1)
        self.register_buffer("causal_mask", causal, persistent=False)
        nn.init.normal_(self.token_embedding.weight, std=0.02)
        self.pooling, self.pad_id = cfg.text_pooling, cfg.pad_id

    def forward(self, input_ids, attention_mask=None):
        if self.pooling == "mean":
            return self._forward_mean(input_ids, attention_mask)
        length = input_ids.shape[1]
        x = self.token_embedding(input_ids) + self.positional_embedding[:length]
        mask = self.causal_mask[:length, :length]
        for block in self.blocks:
            x = block(x, mask)
        x = self.ln_final(x)
        # The feature at <|endoftext|>, the highest id in each row (CLIP's pooling); padding after it
        # cannot reach it through the causal mask.
        eot = input_ids.argmax(dim=-1)
        return x[torch.arange(x.shape[0]), eot] @ self.text_projection

    def _forward_mean(self, input_ids, attention_mask=None):
        """Every token attends to every real token (no causal mask), padding is masked out as keys, and
        the output is the mean of the real tokens' features: padding changes nothing."""
        if attention_mask is None:
            attention_mask = (input_ids != self.pad_id).long()
        keep = attention_mask.to(torch.float32)  # [N, L]
        length = input_ids.shape[1]
        x = self.token_embedding(input_ids) + self.positional_embedding[:length]
        # A large negative rather than -inf: a row of all padding stays finite.
        mask = ((1.0 - keep) * -1e4)[:, None, None, :]  # [N, 1, 1, L], added to every head's scores
        for block in self.blocks:
            x = block(x, mask)
        x = self.ln_final(x)
        pooled = (x * keep[:, :, None]).sum(1) / keep.sum(1, keepdim=True).clamp(min=1.0)
        return pooled @ self.text_projection


class Clip(nn.Module):
    def __init__(self, cfg: ClipConfig):
        super().__init__()
        self.cfg = cfg
        self.visual = VisionTransformer(cfg)
        self.text = TextTransformer(cfg)
        self.logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))

    def forward(self, pixels, input_ids, compose_ids=None):
        img = F.normalize(self.visual(pixels), dim=-1)
        # Captions repeat within a batch: encode each distinct one once.
        unique, inverse = torch.unique(input_ids, dim=0, return_inverse=True)
        txt = F.normalize(self.text(unique), dim=-1)[inverse]
        logits = self.logit_scale.clamp(max=math.log(100)).exp() * img @ txt.t()
        if compose_ids is None:
            return logits
        return logits, composition_loss(self.text(compose_ids))


def composition_loss(text_embeds):
    """Asks the text tower to compose: the caption of a colour and a shape should point where its
    two one-attribute captions point together (the normalised sum of "something red" and "a
    circle"). `text_embeds` holds three equal blocks: full captions, colour-only, shape-only.

    Trained on seen pairs only. A text tower that memorises each trained pair as its own point has
    nothing to say about "purple star"; one that adds its words up does, and that is what
    zero-shot transfer to unseen pairs needs."""
    full, colour, shape = F.normalize(text_embeds, dim=-1).chunk(3)
    target = F.normalize(colour + shape, dim=-1)
    return (1 - (full * target).sum(-1)).mean()


def clip_loss(logits, match):
    """Symmetric cross-entropy over the N x N similarity matrix.

    `match[i, j]` is true when caption j is true of image i. A caption that repeats within the
    batch, or a broader caption ("something red") that fits several images, is a positive for all
    of them, not a negative: each row and each column spreads its target over its true pairs.
    Texts true of no image in the batch (unrelated captions) only serve as negatives for the
    images; they have no image to pick, so they take no part in the text-to-image direction.
    """
    match = match.float()
    i2t = -(match / match.sum(1, keepdim=True) * logits.log_softmax(dim=1)).sum(1).mean()
    described = match.sum(0) > 0
    m, l = match[:, described], logits[:, described]
    t2i = -(m / m.sum(0, keepdim=True) * l.log_softmax(dim=0)).sum(0).mean()
    return (i2t + t2i) / 2
