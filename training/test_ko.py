"""Tests of tiny-clip-ko's training side (Korean captions, the SentencePiece tokenizer, the layout-B export):
scripts/python3 -m unittest discover -s training -p 'test_*.py'"""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import unicodedata
import unittest

import numpy as np
import onnx
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import captions_ko  # noqa: E402
import export_open_clip  # noqa: E402
import fix_batch  # noqa: E402
import fixtures  # noqa: E402
import onnx_eval  # noqa: E402
import onnx_eval_ko  # noqa: E402
import scenes  # noqa: E402
import spm_tokenizer  # noqa: E402
from model import Clip, ClipConfig  # noqa: E402

MODEL_DIR = os.path.join(ROOT, "models", "tiny-clip-ko")
FIXTURE = os.path.join(ROOT, "tests", "fixtures", "tiny-clip-ko-reference.json")
NFD = lambda t: unicodedata.normalize("NFD", t)  # noqa: E731
# Korean, mixed-language, decomposed, spaced and full-width strings (no emoji: the app reads emoji as words
# before tokenising).
STRINGS = ["빨간 원", "빨간색 동그라미", "빨강 원 사진", "별 모양", "노란 네모", "주황색 삼각형", "초록색 원형 그림",
           "빨간 circle", "red 원", "a photo of a blue 별", "작은 파란 세모", "왼쪽에 있는 보라색 별", "Something GREEN",
           NFD("빨간 원"), NFD("보라색 별 모양"), NFD("노란 circle 사진"), "  보라색   별  ", "Ｒｅｄ 원", "강아지 사진",
           "얼룩말 두 마리", "ㅃ", "빨ㄱ", "ㄱㄴㄷ", "tea", "x", ""]


def js_ids(tokenizer_dir: str, texts):
    """Ids from @huggingface/tokenizers, the app's tokenizer library."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(list(texts), f, ensure_ascii=False)
    try:
        proc = subprocess.run(["node", os.path.join(HERE, "tokenize_run.mjs"), tokenizer_dir, f.name],
                              capture_output=True, text=True, cwd=ROOT)
    finally:
        os.unlink(f.name)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr)
    return json.loads(proc.stdout)


def small_model(vocab_size: int) -> Clip:
    torch.manual_seed(0)
    return Clip(ClipConfig(vocab_size=vocab_size, text_pooling="mean", pad_id=spm_tokenizer.PAD, vision_layers=1,
                           text_layers=2, vision_width=64, text_width=64, embed_dim=32))


class KoreanCaptionTest(unittest.TestCase):
    def test_captions_are_true_of_their_scene_and_come_in_both_languages(self):
        rng = random.Random(3)
        texts = []
        for _ in range(10000):
            scene = scenes.sample_scene(rng)
            cap = captions_ko.caption_for(scene, rng)
            self.assertTrue(cap.describes(scene), cap)
            texts.append(cap.text)
        hangul = sum(any("가" <= ch <= "힣" for ch in t) for t in texts)
        latin = sum(any("a" <= ch <= "z" for ch in t) for t in texts)
        mixed = sum(any("가" <= ch <= "힣" for ch in t) and any("a" <= ch <= "z" for ch in t) for t in texts)
        self.assertGreater(hangul, 4000)
        self.assertGreater(latin, 4000)
        self.assertGreater(mixed, 500)
        # (노란 네모, a yellow square, is a held-out pair: never drawn in training.)
        for form in ("빨간 원", "빨간색 동그라미", "노란 세모", "주황색 삼각형", "빨간 circle", "red 원"):
            self.assertTrue(any(form in t for t in texts), form)

    def test_korean_prompts_follow_the_combinations(self):
        prompts = captions_ko.prompts()
        self.assertEqual(len(prompts), 24)
        self.assertEqual(prompts[0], "빨간 원")
        self.assertEqual(len(set(prompts)), 24)


class SpmTokenizerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tok = spm_tokenizer.train(captions_ko.corpus())
        cls.tmp = tempfile.TemporaryDirectory()
        for name, doc in (("tokenizer.json", spm_tokenizer.tokenizer_json(cls.tok, 77)),
                          ("tokenizer_config.json", spm_tokenizer.tokenizer_config(77))):
            with open(os.path.join(cls.tmp.name, name), "w", encoding="utf-8") as f:
                json.dump(doc, f, ensure_ascii=False)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_app_tokenizer_gives_sentencepiece_ids(self):
        self.assertEqual(js_ids(self.tmp.name, STRINGS), [self.tok.encode(t) for t in STRINGS])

    def test_specials_follow_xlm_roberta(self):
        sp = self.tok.sp
        self.assertEqual([sp.IdToPiece(i) for i in range(4)], ["<s>", "<pad>", "</s>", "<unk>"])
        ids = self.tok.encode("빨간 원")
        self.assertEqual((ids[0], ids[-1]), (0, 2))
        self.assertNotIn(spm_tokenizer.UNK, ids)
        self.assertIn(spm_tokenizer.UNK, self.tok.encode("얼룩말"))  # never seen: <unk>
        doc = spm_tokenizer.tokenizer_json(self.tok, 77)
        self.assertEqual(doc["model"]["type"], "Unigram")
        self.assertEqual(doc["pre_tokenizer"]["replacement"], "\u2581")
        self.assertEqual(doc["normalizer"]["normalizers"][0], {"type": "NFKC"})

    def test_nfd_hangul_gives_the_ids_of_nfc(self):
        for text in ("빨간 원", "파란색 사각형 사진", "노란 circle"):
            self.assertNotEqual(NFD(text), text)
            self.assertEqual(self.tok.encode(NFD(text)), self.tok.encode(text))
        self.assertEqual(js_ids(self.tmp.name, [NFD("빨간 원")]), js_ids(self.tmp.name, ["빨간 원"]))

    def test_world_words_are_single_pieces(self):
        for word in ("빨간", "동그라미", "삼각형", "circle", "red"):
            self.assertEqual(len(self.tok.encode(word)), 3, self.tok.pieces(word))

    def test_truncation_keeps_end_of_sentence(self):
        ids = self.tok.encode("빨간 원 " * 50, 16)
        self.assertEqual(len(ids), 16)
        self.assertEqual(ids[-1], spm_tokenizer.EOS)

    def test_survives_pickling(self):
        import pickle
        copy = pickle.loads(pickle.dumps(self.tok))
        self.assertEqual(copy.encode("보라색 별"), self.tok.encode("보라색 별"))


class MeanPoolTextTowerTest(unittest.TestCase):
    def test_padding_does_not_change_the_embedding_in_pytorch(self):
        model = small_model(60).eval()
        ids = torch.tensor([[0, 10, 11, 12, 2]])
        padded = torch.tensor([[0, 10, 11, 12, 2, 1, 1, 1, 1]])
        with torch.no_grad():
            a = model.text(ids, torch.ones_like(ids))
            b = model.text(padded, (padded != 1).long())
            c = model.text(padded)  # mask from the pad id
        torch.testing.assert_close(a, b, atol=1e-5, rtol=1e-5)
        torch.testing.assert_close(a, c, atol=1e-5, rtol=1e-5)

    def test_it_is_bidirectional(self):
        model = small_model(60).eval()
        with torch.no_grad():
            a = model.text(torch.tensor([[0, 10, 11, 2]]))
            b = model.text(torch.tensor([[0, 10, 12, 2]]))
        # Mean pooling would differ anyway; what matters is that the first token's feature sees later ones.
        self.assertFalse(torch.allclose(a, b))

    def test_exported_textual_model_pools_over_the_mask(self):
        model = small_model(60)
        with tempfile.TemporaryDirectory() as out:
            export_open_clip.export_onnx(model, out)
            path = os.path.join(out, "textual", "model.onnx")
            ids = np.array([[0, 10, 11, 12, 2]], dtype=np.int64)
            short = onnx_eval.run_onnx(path, ids, np.ones_like(ids))
            padded_ids = np.array([[0, 10, 11, 12, 2, 1, 1, 1], [0, 13, 2, 1, 1, 1, 1, 1]], dtype=np.int64)
            mask = (padded_ids != 1).astype(np.int64)
            padded = onnx_eval.run_onnx(path, padded_ids, mask)
            np.testing.assert_allclose(padded[0], short[0], atol=1e-5)
            with torch.no_grad():
                ref = model.text(torch.from_numpy(padded_ids), torch.from_numpy(mask)).numpy()
            np.testing.assert_allclose(padded, ref, atol=1e-5)
            # The mask is an input, not derived from the ids: masking a real token changes the result.
            masked = onnx_eval.run_onnx(path, padded_ids[:1], np.array([[1, 1, 1, 0, 0, 0, 0, 0]], dtype=np.int64))
            self.assertGreater(np.abs(masked[0] - short[0]).max(), 1e-3)


class FixBatchTest(unittest.TestCase):
    def test_copy_takes_batch_one_only(self):
        model = small_model(60)
        with tempfile.TemporaryDirectory() as tmp:
            src, dst = os.path.join(tmp, "src"), os.path.join(tmp, "dst")
            export_open_clip.export_onnx(model, src)
            with open(os.path.join(src, "config.json"), "w") as f:
                f.write("{}")
            fix_batch.main([src, dst])
            self.assertTrue(os.path.exists(os.path.join(dst, "config.json")))
            for rel, names in ((fix_batch.MODELS[0], ["image"]), (fix_batch.MODELS[1], ["input_ids", "attention_mask"])):
                graph = onnx.load(os.path.join(dst, rel)).graph
                self.assertEqual([i.name for i in graph.input], names)
                for value in list(graph.input) + list(graph.output):
                    self.assertEqual(value.type.tensor_type.shape.dim[0].dim_value, 1, value.name)
            text = os.path.join(dst, fix_batch.MODELS[1])
            one = np.array([[0, 10, 2]], dtype=np.int64)
            out = onnx_eval.run_onnx(text, one, np.ones_like(one))
            self.assertEqual(out.shape, (1, 32))
            two = np.repeat(one, 2, axis=0)
            with self.assertRaises(RuntimeError):
                onnx_eval.run_onnx(text, two, np.ones_like(two))
            # The source keeps its dynamic batch.
            self.assertEqual(onnx_eval.run_onnx(os.path.join(src, fix_batch.MODELS[1]), two, np.ones_like(two)).shape, (2, 32))


@unittest.skipUnless(os.path.exists(os.path.join(MODEL_DIR, "config.json")), "models/tiny-clip-ko not built")
class CommittedModelTest(unittest.TestCase):
    def test_layout_b_files_and_size(self):
        for rel in ("config.json", "visual/model.onnx", "visual/preprocess_cfg.json", "textual/model.onnx",
                    "textual/tokenizer.json", "textual/tokenizer_config.json", "metrics.json", "MODEL_CARD.md"):
            self.assertTrue(os.path.isfile(os.path.join(MODEL_DIR, rel)), rel)
        self.assertLess(export_open_clip.size_bytes(MODEL_DIR), 10_000_000)
        with open(os.path.join(MODEL_DIR, "config.json"), encoding="utf-8") as f:
            config = json.load(f)
        self.assertEqual(config["text_cfg"]["context_length"], 77)
        self.assertIn("tokenizer_kwargs", config["text_cfg"])
        with open(os.path.join(MODEL_DIR, "textual", "tokenizer_config.json"), encoding="utf-8") as f:
            self.assertEqual(json.load(f)["pad_token"], "<pad>")
        with open(os.path.join(MODEL_DIR, "metrics.json"), encoding="utf-8") as f:
            metrics = json.load(f)
        self.assertIsInstance(metrics["relevance_floor"], float)
        for lang in ("en", "ko"):
            self.assertIn("held_out_top1", metrics[lang])
        text = onnx.load(os.path.join(MODEL_DIR, "textual", "model.onnx")).graph
        self.assertEqual([(i.name, i.type.tensor_type.elem_type) for i in text.input],
                         [("input_ids", onnx.TensorProto.INT64), ("attention_mask", onnx.TensorProto.INT64)])
        self.assertEqual([o.name for o in text.output], ["embedding"])
        visual = onnx.load(os.path.join(MODEL_DIR, "visual", "model.onnx")).graph
        self.assertEqual([i.name for i in visual.input], ["image"])
        self.assertEqual([o.name for o in visual.output], ["embedding"])

    def test_fixture_ids_are_the_app_tokenizer_ids(self):
        with open(FIXTURE, encoding="utf-8") as f:
            doc = json.load(f)
        texts = [t["text"] for t in doc["texts"]]
        self.assertTrue(any(t["nfd"] for t in doc["texts"]))
        self.assertEqual(js_ids(os.path.join(MODEL_DIR, "textual"), texts), [t["input_ids"] for t in doc["texts"]])

    def test_exported_files_reproduce_the_fixture(self):
        """The ONNX files against the PyTorch reference: what the TypeScript parity test will check."""
        with open(FIXTURE, encoding="utf-8") as f:
            doc = json.load(f)
        rows = [t["input_ids"] for t in doc["texts"]]
        ids = onnx_eval.pad_ids(rows, spm_tokenizer.PAD)
        mask = np.array([[1] * len(r) + [0] * (ids.shape[1] - len(r)) for r in rows], dtype=np.int64)
        txt = onnx_eval_ko._unit(onnx_eval.run_onnx(os.path.join(MODEL_DIR, "textual", "model.onnx"), ids, mask))
        ref = np.array([t["embedding"] for t in doc["texts"]])
        self.assertGreater((txt * ref).sum(1).min(), 0.999)
        images_dir = os.path.join(os.path.dirname(FIXTURE), "reference-images")
        pixels = np.stack([fixtures.load_reference_pixels(os.path.join(images_dir, n)) for n, *_ in fixtures.IMAGES])
        img = onnx_eval_ko._unit(onnx_eval.run_onnx(os.path.join(MODEL_DIR, "visual", "model.onnx"), pixels))
        ref = np.array([i["embedding"] for i in doc["images"]])
        self.assertGreater((img * ref).sum(1).min(), 0.999)


if __name__ == "__main__":
    unittest.main()
