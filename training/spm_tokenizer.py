"""A SentencePiece Unigram tokenizer, as XLM-RoBERTa (the text tower of the multilingual CLIP models)
has, learnt from the caption corpus with Debian's python3-sentencepiece, and written in the Hugging
Face tokenizers format (`tokenizer.json`) that the app reads with @huggingface/tokenizers.

Ids follow XLM-R: <s> 0, <pad> 1, </s> 2, <unk> 3; a text is `<s> pieces </s>`. Normalisation is
done once, here, before SentencePiece sees the text (NFKC, lower case, runs of spaces to one, trimmed),
and written as the same steps into tokenizer.json, so both sides feed identical strings to the same
Unigram model. NFKC composes decomposed Hangul (NFD, as macOS file names arrive), so NFD and NFC
spellings give the same ids.
"""
from __future__ import annotations

import os
import re
import tempfile
import unicodedata

import sentencepiece as spm

BOS, PAD, EOS, UNK = 0, 1, 2, 3
SPECIALS = ["<s>", "<pad>", "</s>", "<unk>"]
_SPACES = re.compile(" {2,}")


def normalise(text: str) -> str:
    """NFKC, lower case, runs of spaces to one, trimmed: the normaliser written into tokenizer.json."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text).lower()).strip(" ")


class SpmTokenizer:
    """Encodes like the exported tokenizer.json. Picklable (for the training processes): it keeps the
    serialised model and loads the processor on first use."""

    pad_id = PAD
    eot = PAD  # what onnx_eval-style helpers pad with

    def __init__(self, model_proto: bytes):
        self.model_proto = model_proto
        self._sp = None

    @property
    def sp(self) -> spm.SentencePieceProcessor:
        if self._sp is None:
            self._sp = spm.SentencePieceProcessor()
            self._sp.LoadFromSerializedProto(self.model_proto)
        return self._sp

    def __getstate__(self):
        return {"model_proto": self.model_proto, "_sp": None}

    @property
    def vocab_size(self) -> int:
        return self.sp.GetPieceSize()

    def pieces(self, text: str):
        return self.sp.EncodeAsPieces(normalise(text))

    def encode(self, text: str, length: int = 0):
        """`<s> ids </s>`; with `length`, truncated to at most `length` ids, keeping `</s>` last."""
        ids = [BOS] + list(self.sp.EncodeAsIds(normalise(text))) + [EOS]
        if length and len(ids) > length:
            ids = ids[: length - 1] + [EOS]
        return ids


def train(corpus, vocab_size: int = 1000) -> SpmTokenizer:
    """Learns a Unigram model from `corpus` (texts). `vocab_size` is an upper bound: a small corpus
    has fewer useful pieces, and SentencePiece is told not to insist."""
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "corpus.txt")
        with open(src, "w", encoding="utf-8") as f:
            for text in corpus:
                f.write(normalise(text) + "\n")
        prefix = os.path.join(tmp, "spm")
        spm.SentencePieceTrainer.Train(
            input=src, model_prefix=prefix, model_type="unigram", vocab_size=vocab_size,
            hard_vocab_limit=False, character_coverage=1.0,
            # Normalised above (and by tokenizer.json); SentencePiece must not change the text again.
            normalization_rule_name="identity", remove_extra_whitespaces=False, add_dummy_prefix=True,
            bos_id=BOS, pad_id=PAD, eos_id=EOS, unk_id=UNK,
            bos_piece="<s>", pad_piece="<pad>", eos_piece="</s>", unk_piece="<unk>",
            split_by_whitespace=True, split_digits=False, byte_fallback=False,
            num_threads=1, minloglevel=2, seed_sentencepiece_size=200000)
        with open(prefix + ".model", "rb") as f:
            return SpmTokenizer(f.read())


def tokenizer_json(tok: SpmTokenizer, max_length: int) -> dict:
    """The Hugging Face tokenizers document of an XLM-R-style Unigram tokenizer."""
    sp = tok.sp
    vocab = []
    for i in range(sp.GetPieceSize()):
        piece = sp.IdToPiece(i)
        # Control and unknown pieces score 0, as in XLM-R's tokenizer.json; they are matched as added
        # tokens, never by the Unigram lattice.
        score = 0.0 if sp.IsControl(i) or sp.IsUnknown(i) else float(sp.GetScore(i))
        vocab.append([piece, score])
    assert [p for p, _ in vocab[:4]] == SPECIALS, vocab[:4]
    added = [{"id": i, "content": s, "single_word": False, "lstrip": False, "rstrip": False,
              "normalized": False, "special": True} for i, s in enumerate(SPECIALS)]
    return {
        "version": "1.0",
        "truncation": {"direction": "Right", "max_length": max_length, "strategy": "LongestFirst", "stride": 0},
        "padding": None,
        "added_tokens": added,
        "normalizer": {"type": "Sequence", "normalizers": [
            {"type": "NFKC"},
            {"type": "Lowercase"},
            {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "},
            {"type": "Strip", "strip_left": True, "strip_right": True},
        ]},
        "pre_tokenizer": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "</s>", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "</s>", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}},
                     {"Sequence": {"id": "B", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}}],
            "special_tokens": {s: {"id": s, "ids": [i], "tokens": [s]} for i, s in ((BOS, "<s>"), (EOS, "</s>"))},
        },
        "decoder": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True},
        "model": {"type": "Unigram", "unk_id": UNK, "vocab": vocab, "byte_fallback": False},
    }


def tokenizer_config(max_length: int) -> dict:
    return {
        "tokenizer_class": "XLMRobertaTokenizer",
        "model_max_length": max_length,
        "bos_token": "<s>",
        "eos_token": "</s>",
        "unk_token": "<unk>",
        "pad_token": "<pad>",
        "sep_token": "</s>",
        "cls_token": "<s>",
        "clean_up_tokenization_spaces": True,
    }
