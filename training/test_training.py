"""Tests of the training side: python3 -m unittest discover -s training -p 'test_*.py'"""
from __future__ import annotations

import colorsys
import json
import os
import random
import sys
import tempfile
import unittest

import numpy as np
import onnx
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import bpe  # noqa: E402
import export  # noqa: E402
import onnx_eval  # noqa: E402
import quantize  # noqa: E402
import scenes  # noqa: E402
import trainer  # noqa: E402
from data import SceneStream, normalise, preprocess  # noqa: E402
from model import Clip, ClipConfig, clip_loss  # noqa: E402

SHARED_TOKENIZER = os.path.join(ROOT, "..", "shared", "clip", "tokenizer.json")


class GeneratorTest(unittest.TestCase):
    def test_training_never_draws_held_out_combinations(self):
        rng = random.Random(1)
        drawn = {(s.colour, s.shape) for s in (scenes.sample_scene(rng) for _ in range(3000)) if s.colour}
        self.assertEqual(drawn & scenes.HELD_OUT, set())
        self.assertEqual(len(drawn), 20)

    def test_shape_is_drawn_in_its_colour_at_its_place(self):
        rng = random.Random(2)
        for colour, shape in scenes.all_combinations():
            scene = scenes.random_scene(rng, colour, shape)
            img = np.asarray(scenes.render(scene, 224, 224, rng), dtype=np.float32)
            cy, cx = int(scene.cy * 224), int(scene.cx * 224)
            centre = img[cy - 2:cy + 3, cx - 2:cx + 3].reshape(-1, 3).mean(0)
            corner_dist = np.abs(img[:4, :4].reshape(-1, 3).mean(0) - np.array(scene.background)).max()
            nearest = min(scenes.COLOURS, key=lambda c: np.abs(np.array(scenes.COLOURS[c]) - centre).sum())
            self.assertEqual(nearest, colour, f"{colour} {shape}: centre pixel {centre}")
            if not (scene.cx - scene.size / 2 < 0.05 and scene.cy - scene.size / 2 < 0.05):
                self.assertLess(corner_dist, 40, "background should stay light and plain")

    def test_unnamed_colours_are_captioned_by_shape_and_keep_away_from_held_out_pairs(self):
        rng = random.Random(6)
        unnamed = [s for s in (scenes.sample_scene(rng) for _ in range(4000)) if s.colour is None]
        self.assertGreater(len(unnamed), 600)
        hues = {s: [] for s in scenes.SHAPES}
        for scene in unnamed:
            cap = scenes.caption_for(scene, rng)
            self.assertIsNone(cap.colour, cap)
            self.assertEqual(cap.shape, scene.shape)
            h, sat, _ = colorsys.rgb_to_hsv(*(v / 255 for v in scene.rgb))
            if sat >= 0.3:
                hues[scene.shape].append(h * 360)
        for colour, shape in scenes.HELD_OUT:
            banned = colorsys.rgb_to_hsv(*(v / 255 for v in scenes.COLOURS[colour]))[0] * 360
            gaps = [min(abs(h - banned), 360 - abs(h - banned)) for h in hues[shape]]
            # (less a degree: the fill is rounded to whole RGB values after its hue is chosen)
            self.assertGreaterEqual(min(gaps), scenes.HELD_OUT_HUE_MARGIN - 1, f"a {colour}-like {shape} was drawn")
        # ...while other shapes do come in that hue: the gap is only where a held-out pair would be.
        green = colorsys.rgb_to_hsv(*(v / 255 for v in scenes.COLOURS["green"]))[0] * 360
        self.assertTrue(any(abs(h - green) < 10 for h in hues["circle"]))
        # A caption naming a colour never fits an unnamed scene.
        self.assertFalse(scenes.Caption("a green star", "green", "star").describes(unnamed[0]))

    def test_sizes_and_positions_vary_within_bounds(self):
        rng = random.Random(3)
        batch = [scenes.sample_scene(rng) for _ in range(2000)]
        sizes = [s.size for s in batch]
        self.assertGreaterEqual(min(sizes), 0.15)
        self.assertLessEqual(max(sizes), 0.45)
        self.assertGreater(np.std([s.cx for s in batch]), 0.1)
        for s in batch:
            self.assertTrue(0 <= s.cx - s.size / 2 and s.cx + s.size / 2 <= 1)

    def test_captions_are_true_of_their_scene_and_some_name_one_attribute(self):
        rng = random.Random(4)
        caps = []
        for _ in range(2000):
            scene = scenes.sample_scene(rng)
            cap = scenes.caption_for(scene, rng)
            self.assertTrue(cap.describes(scene), cap)
            caps.append(cap)
        self.assertTrue(any(c.shape is None for c in caps))
        self.assertTrue(any(c.colour is None for c in caps))
        other = scenes.Scene("blue", "star", 0.3, 0.5, 0.5, 0, (255, 255, 255), 90, 0)
        self.assertFalse(scenes.Caption("a red star", "red", "star").describes(other))
        self.assertTrue(scenes.Caption("a star", None, "star").describes(other))

    def test_non_square_canvas_keeps_the_shape_inside_the_centre_crop(self):
        rng = random.Random(5)
        scene = scenes.random_scene(rng, "blue", "circle")
        wide = preprocess(scenes.render(scene, 400, 224, rng))
        square = preprocess(scenes.render(scene, 224, 224, rng))
        self.assertLess(np.abs(wide - square).mean(), 0.1)


class TokenizerTest(unittest.TestCase):
    def test_reproduces_real_clip_ids(self):
        if not os.path.exists(SHARED_TOKENIZER):
            self.skipTest(f"the real CLIP tokenizer is not at {SHARED_TOKENIZER} (shared/ is absent)")
        tok = bpe.Tokenizer.from_tokenizer_json(SHARED_TOKENIZER)
        self.assertEqual(tok.encode("a photo of a cat"), [49406, 320, 1125, 539, 320, 2368, 49407])
        self.assertEqual(tok.encode("A   PHOTO of a Cat"), tok.encode("a photo of a cat"))

    def test_specials_lowercase_and_truncation_keep_end_of_text(self):
        tok, doc = bpe.build(scenes.corpus_words())
        ids = tok.encode("A Photo of a RED circle")
        self.assertEqual(ids[0], tok.sot)
        self.assertEqual(ids[-1], tok.eot)
        self.assertEqual(ids, tok.encode("a photo of a red circle"))
        self.assertEqual(tok.eot, max(tok.vocab.values()), "end-of-text must be the highest id (argmax pooling)")
        long = tok.encode("red " * 200)
        self.assertEqual(len(long), 77)
        self.assertEqual(long[-1], tok.eot)
        self.assertEqual(long[0], tok.sot)
        # Every caption word is one token, and unknown words still encode from byte symbols.
        self.assertEqual(len(tok.encode("purple star")), 4)
        self.assertGreater(len(tok.encode("zebra")), 3)

    def test_tokenizer_json_round_trips(self):
        tok, doc = bpe.build(scenes.corpus_words())
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "tokenizer.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(doc, f)
            again = bpe.Tokenizer.from_tokenizer_json(path)
        for text in ["a photo of a purple star", "Something GREEN!", "a small blue square at the top"]:
            self.assertEqual(again.encode(text), tok.encode(text))
        self.assertEqual(doc["model"]["end_of_word_suffix"], "</w>")
        self.assertEqual(doc["post_processor"]["type"], "RobertaProcessing")


class TrainingTest(unittest.TestCase):
    def test_twenty_steps_lower_the_loss(self):
        torch.manual_seed(0)
        torch.set_num_threads(1)
        tok, _ = bpe.build(scenes.corpus_words())
        model = Clip(ClipConfig(vocab_size=max(tok.vocab.values()) + 1))
        pixels, ids, match = next(iter(SceneStream(tok, 99, 64, trainer.TRAIN_TEXT_LENGTH)))
        x = torch.from_numpy(normalise(pixels.numpy()))

        def held_loss():
            with torch.no_grad():
                return clip_loss(model(x, ids), match).item()

        before = held_loss()
        losses = trainer.train(model, tok, steps=20, batch_size=32, seed=0, log=lambda *_: None, processes=1)
        self.assertEqual(len(losses), 20)
        self.assertLess(held_loss(), before - 0.05)

    def test_two_process_training_is_reproducible(self):
        # The seed must fix the model: same seed, same weights, bit for bit, with both processes.
        tok, _ = bpe.build(scenes.corpus_words())

        def run():
            torch.manual_seed(0)
            model = Clip(ClipConfig(vocab_size=max(tok.vocab.values()) + 1))
            start = torch.cat([p.detach().reshape(-1) for p in model.parameters()]).clone()
            losses = trainer.train(model, tok, steps=6, batch_size=32, seed=0, log=None, processes=2)
            return losses, start, torch.cat([p.detach().reshape(-1) for p in model.parameters()])

        losses_a, start, weights_a = run()
        losses_b, _, weights_b = run()
        self.assertEqual(losses_a, losses_b)
        self.assertTrue(torch.equal(weights_a, weights_b))
        self.assertFalse(torch.equal(start, weights_a), "the weights should have been trained")

    def test_loss_counts_repeated_captions_as_positives(self):
        # Images 0 and 1 carry the same caption. Scoring both captions equally high is then right:
        # the loss must not push them apart (zero gradient), where plain cross-entropy would.
        logits = torch.tensor([[9.0, 9.0, -9.0], [9.0, 9.0, -9.0], [-9.0, -9.0, 9.0]], requires_grad=True)
        match = torch.tensor([[1, 1, 0], [1, 1, 0], [0, 0, 1]], dtype=torch.bool)
        clip_loss(logits, match).backward()
        self.assertLess(logits.grad.abs().max().item(), 1e-3)
        logits.grad = None
        naive = (torch.nn.functional.cross_entropy(logits, torch.arange(3))
                 + torch.nn.functional.cross_entropy(logits.t(), torch.arange(3))) / 2
        naive.backward()
        self.assertGreater(logits.grad.abs().max().item(), 0.1)


class ExportTest(unittest.TestCase):
    def test_onnx_matches_pytorch(self):
        torch.manual_seed(1)
        tok, doc = bpe.build(scenes.corpus_words())
        model = Clip(ClipConfig(vocab_size=max(tok.vocab.values()) + 1)).eval()
        rng = random.Random(6)
        pixels = np.stack([preprocess(scenes.render(scenes.sample_scene(rng), 224, 224, rng)) for _ in range(3)])
        texts = ["a photo of a red circle", "star", "a picture of a blue square on a white background"]
        with tempfile.TemporaryDirectory() as tmp:
            export.export_onnx(model, tmp)
            export.write_configs(model, doc, tmp, "test")
            onnx_img = onnx_eval.embed_images(tmp, pixels.astype(np.float32))
            onnx_txt = onnx_eval.embed_texts(tmp, tok, texts)  # padded with <|endoftext|>
            with open(os.path.join(tmp, "config.json")) as f:
                self.assertEqual(json.load(f)["projection_dim"], 64)
        with torch.no_grad():
            ref_img = model.visual(torch.from_numpy(pixels)).numpy()
            ref_txt = torch.cat([model.text(torch.tensor([tok.encode(t)])) for t in texts]).numpy()
        np.testing.assert_allclose(onnx_img, ref_img, atol=1e-4)
        np.testing.assert_allclose(onnx_txt, ref_txt, atol=1e-4)

    def test_int8_and_fp16_variants_run_and_stay_close(self):
        torch.manual_seed(2)
        tok, doc = bpe.build(scenes.corpus_words())
        model = Clip(ClipConfig(vocab_size=max(tok.vocab.values()) + 1)).eval()
        rng = random.Random(7)
        pixels = np.stack([preprocess(scenes.render(scenes.sample_scene(rng), 224, 224, rng)) for _ in range(3)]).astype(np.float32)
        texts = ["a photo of a red circle", "star"]
        with tempfile.TemporaryDirectory() as tmp:
            export.export_onnx(model, tmp)
            export.write_configs(model, doc, tmp, "test")
            sizes = quantize.write_variants(tmp)
            int8 = onnx.load(os.path.join(tmp, "onnx", "text_model_quantized.onnx"))
            self.assertTrue(any(n.op_type == "MatMulInteger" for n in int8.graph.node))
            self.assertLess(sizes["vision_model_quantized"], sizes["vision_model"] * 0.6)
            self.assertLess(sizes["vision_model_fp16"], sizes["vision_model"] * 0.6)
            ref_img, ref_txt = onnx_eval.embed_images(tmp, pixels), onnx_eval.embed_texts(tmp, tok, texts)
            for suffix in ("_quantized", "_fp16"):
                img = onnx_eval.embed_images(tmp, pixels, suffix=suffix)
                txt = onnx_eval.embed_texts(tmp, tok, texts, suffix=suffix)
                for a, b in ((img, ref_img), (txt, ref_txt)):
                    cos = np.sum(a * b, axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
                    self.assertGreater(float(cos.min()), 0.99, suffix)


if __name__ == "__main__":
    unittest.main()
