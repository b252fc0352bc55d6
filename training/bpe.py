"""A byte-level BPE tokenizer with CLIP's rules, and a writer for its Hugging Face `tokenizer.json`.

The rules follow OpenAI CLIP's `simple_tokenizer.py`: NFC, whitespace collapsed, lowercase, CLIP's
split regex, bytes mapped to printable characters, `</w>` marking the end of a word, and
`<|startoftext|>` / `<|endoftext|>` around the ids, truncated to 77 with `<|endoftext|>` kept last.
The vocabulary is ours (a few hundred tokens learnt from the scene captions); the layout is CLIP's:
256 byte symbols, the same 256 with `</w>`, the merges, then the two specials, so `<|endoftext|>`
has the highest id, which is what CLIP's end-of-text pooling relies on.
"""
from __future__ import annotations

import json
import unicodedata
from collections import Counter
from functools import lru_cache

import regex

SOT, EOT = "<|startoftext|>", "<|endoftext|>"
CONTEXT_LENGTH = 77
SPLIT_PATTERN = r"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+"
_split = regex.compile(SPLIT_PATTERN, regex.IGNORECASE)


@lru_cache()
def bytes_to_unicode():
    """CLIP's (and GPT-2's) reversible map from bytes to printable unicode characters."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).lower()


def pre_tokenise(text: str):
    byte_map = bytes_to_unicode()
    return ["".join(byte_map[b] for b in word.encode("utf-8")) for word in _split.findall(normalise(text))]


def train_merges(texts, max_merges: int = 2000):
    """Plain BPE training: merge the most frequent adjacent pair until every word is one token."""
    words = Counter()
    for t in texts:
        for w in pre_tokenise(t):
            words[tuple(w[:-1]) + (w[-1] + "</w>",)] += 1
    merges = []
    while len(merges) < max_merges:
        pairs = Counter()
        for w, n in words.items():
            for a, b in zip(w, w[1:]):
                pairs[(a, b)] += n
        if not pairs:
            break
        best = max(pairs.items(), key=lambda kv: (kv[1], kv[0]))[0]  # ties: deterministic order
        merges.append(best)
        merged = Counter()
        for w, n in words.items():
            out, i = [], 0
            while i < len(w):
                if i + 1 < len(w) and (w[i], w[i + 1]) == best:
                    out.append(w[i] + w[i + 1])
                    i += 2
                else:
                    out.append(w[i])
                    i += 1
            merged[tuple(out)] += n
        words = merged
    return merges


class Tokenizer:
    def __init__(self, vocab: dict, merges: list):
        self.vocab = vocab
        self.ranks = {tuple(m): i for i, m in enumerate(merges)}
        self.sot, self.eot = vocab[SOT], vocab[EOT]

    @classmethod
    def from_tokenizer_json(cls, path: str) -> "Tokenizer":
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        vocab = dict(data["model"]["vocab"])
        for t in data["added_tokens"]:
            vocab[t["content"]] = t["id"]
        merges = [tuple(m.split(" ")) if isinstance(m, str) else tuple(m) for m in data["model"]["merges"]]
        return cls(vocab, merges)

    @lru_cache(maxsize=10000)
    def bpe(self, word: str):
        parts = list(word[:-1]) + [word[-1] + "</w>"]
        while len(parts) > 1:
            pairs = [(self.ranks.get((a, b), 1 << 30), i) for i, (a, b) in enumerate(zip(parts, parts[1:]))]
            rank, i = min(pairs)
            if rank == 1 << 30:
                break
            parts = parts[:i] + [parts[i] + parts[i + 1]] + parts[i + 2:]
        return tuple(parts)

    def encode(self, text: str, context_length: int = CONTEXT_LENGTH):
        ids = [self.vocab[p] for w in pre_tokenise(text) for p in self.bpe(w)]
        ids = [self.sot] + ids[: context_length - 2] + [self.eot]
        return ids


def build_vocab(merges):
    byte_symbols = list(bytes_to_unicode().values())
    tokens = byte_symbols + [s + "</w>" for s in byte_symbols] + ["".join(m) for m in merges]
    vocab = {}
    for t in tokens:
        vocab.setdefault(t, len(vocab))
    vocab[SOT] = len(vocab)
    vocab[EOT] = len(vocab)
    return vocab


def tokenizer_json(vocab: dict, merges: list) -> dict:
    """The Hugging Face `tokenizers` document, shaped exactly like real CLIP repositories ship it."""
    model_vocab = {k: v for k, v in vocab.items() if k not in (SOT, EOT)}
    special = lambda tok, normalized: {"id": vocab[tok], "content": tok, "single_word": False, "lstrip": False,
                                       "rstrip": False, "normalized": normalized, "special": True}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [special(SOT, True), special(EOT, False)],
        "normalizer": {"type": "Sequence", "normalizers": [
            {"type": "NFC"}, {"type": "Replace", "pattern": {"Regex": "\\s+"}, "content": " "}, {"type": "Lowercase"}]},
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": SPLIT_PATTERN}, "behavior": "Removed", "invert": True},
            {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False}]},
        "post_processor": {"type": "RobertaProcessing", "sep": [EOT, vocab[EOT]], "cls": [SOT, vocab[SOT]],
                           "trim_offsets": False, "add_prefix_space": False},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": EOT, "continuing_subword_prefix": "",
                  "end_of_word_suffix": "</w>", "fuse_unk": False, "byte_fallback": False,
                  "vocab": model_vocab, "merges": [f"{a} {b}" for a, b in merges]},
    }


def build(texts):
    merges = train_merges(texts)
    vocab = build_vocab(merges)
    return Tokenizer(vocab, merges), tokenizer_json(vocab, merges)
