"""The captioned-scene world that tiny-clip learns: one filled shape on a light background.

Every scene is fully described by a `Scene` (colour, shape, size, position, ...), so captions can be
checked against images exactly. That is what lets the contrastive loss treat "a red circle" and
"a photo of something red" as correct for the same image instead of as negatives.
"""
from __future__ import annotations

import colorsys
import io
import math
import random
from dataclasses import dataclass, replace
from typing import Optional

from PIL import Image, ImageDraw

COLOURS = {
    "red": (214, 32, 36),
    "green": (34, 150, 52),
    "blue": (36, 72, 210),
    "yellow": (236, 206, 28),
    "purple": (128, 44, 168),
    "orange": (244, 128, 20),
}
SHAPES = ["circle", "square", "triangle", "star"]
# Never drawn during training: the zero-shot test of unseen compositions.
HELD_OUT = {("purple", "star"), ("orange", "circle"), ("green", "triangle"), ("yellow", "square")}
SIZES = ["small", "large"]  # size words used in some captions; "medium" scenes get no size word
POSITIONS = ["left", "right", "top", "bottom"]


@dataclass(frozen=True)
class Scene:
    colour: Optional[str]  # None: drawn in `rgb`, a colour no caption names
    shape: str
    size: float  # shape's extent as a fraction of the image side
    cx: float  # centre, as fractions of the image side
    cy: float
    angle: float  # degrees
    background: tuple
    jpeg_quality: int
    noise: float
    # The fill of an "unnamed" scene: a random colour that no caption names (`colour` is None).
    rgb: Optional[tuple] = None

    @property
    def size_word(self) -> Optional[str]:
        if self.size < 0.24:
            return "small"
        if self.size > 0.36:
            return "large"
        return None

    def position_words(self) -> set:
        words = set()
        if self.cx < 0.4:
            words.add("left")
        if self.cx > 0.6:
            words.add("right")
        if self.cy < 0.4:
            words.add("top")
        if self.cy > 0.6:
            words.add("bottom")
        return words


def all_combinations(include_held_out: bool = True):
    return [(c, s) for c in COLOURS for s in SHAPES if include_held_out or (c, s) not in HELD_OUT]


def random_scene(rng: random.Random, colour: str, shape: str) -> Scene:
    size = rng.uniform(0.15, 0.45)
    half = size / 2
    margin = 0.02
    cx = rng.uniform(half + margin, 1 - half - margin)
    cy = rng.uniform(half + margin, 1 - half - margin)
    tint = rng.choice([(255, 255, 255), (250, 246, 236), (236, 242, 250), (242, 250, 240), (250, 240, 244)])
    shade = rng.uniform(0.86, 1.0)
    background = tuple(int(v * shade) for v in tint)
    return Scene(colour, shape, size, cx, cy, rng.uniform(-20, 20), background,
                 rng.randint(35, 95), rng.uniform(0.0, 8.0))


# Share of training scenes drawn in a random, unnamed colour and captioned by their shape alone.
# With only the six named colours the image tower learnt shape *within* each colour (measured on
# the first model: a linear probe for shape on held-out pairs scored 25%, chance, while colour
# scored 100%; a green triangle came out a "green star"). A shape seen in every hue can only be
# recognised by its outline. (Tried instead: five more named colours; shape was learnt so late
# that seen pairs reached only 50% in the time budget.)
UNNAMED_COLOUR_SHARE = 0.25
# How close (degrees of hue) an unnamed colour may come to a held-out pair's colour, for that
# shape: no image that anyone would call a "green triangle" is drawn under another caption.
HELD_OUT_HUE_MARGIN = 30


def _hue(rgb) -> float:
    return colorsys.rgb_to_hsv(*(v / 255 for v in rgb))[0] * 360


def unnamed_colour(rng: random.Random, shape: str) -> tuple:
    """A random fill colour for `shape`: any hue, saturation and brightness that stays visible on a
    light background, except hues near the colour of a held-out pair with this shape."""
    banned = [_hue(COLOURS[c]) for c, s in HELD_OUT if s == shape]
    while True:
        # Mostly vivid colours like the named ones; now and then a grey, dark enough to see.
        coloured = rng.random() < 0.85
        h = rng.random()
        sat, val = (rng.uniform(0.3, 1.0), rng.uniform(0.3, 0.95)) if coloured else (rng.uniform(0.0, 0.2), rng.uniform(0.1, 0.6))
        rgb = tuple(int(round(v * 255)) for v in colorsys.hsv_to_rgb(h, sat, val))
        if coloured and any(min(abs(h * 360 - b), 360 - abs(h * 360 - b)) < HELD_OUT_HUE_MARGIN for b in banned):
            continue
        return rgb


def sample_scene(rng: random.Random, train: bool = True, colours=None) -> Scene:
    """A random scene: in training never a held-out combination, and in an unnamed colour with
    probability UNNAMED_COLOUR_SHARE. `colours` narrows the choice of named colours."""
    pairs = [p for p in all_combinations(include_held_out=not train) if colours is None or p[0] in colours]
    colour, shape = rng.choice(pairs)
    if train and rng.random() < UNNAMED_COLOUR_SHARE:
        return replace(random_scene(rng, colour, shape), colour=None, rgb=unnamed_colour(rng, shape))
    return random_scene(rng, colour, shape)


def _polygon(shape: str, cx: float, cy: float, r: float, angle: float):
    if shape == "square":
        pts = [(-1, -1), (1, -1), (1, 1), (-1, 1)]
        pts = [(x * r * 0.82, y * r * 0.82) for x, y in pts]  # a square's corners reach r
    elif shape == "triangle":
        pts = [(r * math.cos(math.radians(a)), r * math.sin(math.radians(a))) for a in (-90, 30, 150)]
    elif shape == "star":
        pts = []
        for k in range(10):
            rad = r if k % 2 == 0 else r * 0.42
            a = math.radians(-90 + k * 36)
            pts.append((rad * math.cos(a), rad * math.sin(a)))
    else:
        raise ValueError(shape)
    t = math.radians(angle)
    ct, st = math.cos(t), math.sin(t)
    return [(cx + x * ct - y * st, cy + x * st + y * ct) for x, y in pts]


_NOISE_SIDE = 448
_NOISE_TILES = []


def _noise(width: int, height: int, rng: random.Random) -> Image.Image:
    """Sensor-like grey noise. Generating it is half the cost of a scene, so four large tiles are
    made once and a random window of one is used (one cache for every canvas size: caching per
    size grew to gigabytes over a training run)."""
    if not _NOISE_TILES:
        _NOISE_TILES.extend(Image.effect_noise((_NOISE_SIDE, _NOISE_SIDE), 32).convert("RGB") for _ in range(4))
    if width > _NOISE_SIDE or height > _NOISE_SIDE:
        return Image.effect_noise((width, height), 32).convert("RGB")
    x, y = rng.randint(0, _NOISE_SIDE - width), rng.randint(0, _NOISE_SIDE - height)
    return rng.choice(_NOISE_TILES).crop((x, y, x + width, y + height))


def render(scene: Scene, width: int = 224, height: int = 224, rng: Optional[random.Random] = None) -> Image.Image:
    """Draws the scene. For a non-square canvas the scene fills the centred square, so CLIP's
    centre crop keeps the whole shape."""
    rng = rng or random.Random(0)
    side = min(width, height)
    ox, oy = (width - side) / 2, (height - side) / 2
    # Draw at 2x and downsample, for anti-aliased edges like a real photo of a shape.
    ss = 2
    img = Image.new("RGB", (width * ss, height * ss), scene.background)
    draw = ImageDraw.Draw(img)
    jitter = [max(0, min(255, v + rng.randint(-14, 14))) for v in (scene.rgb or COLOURS[scene.colour])]
    fill = tuple(jitter)
    cx, cy = (ox + scene.cx * side) * ss, (oy + scene.cy * side) * ss
    r = scene.size * side * ss / 2
    if scene.shape == "circle":
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=fill)
    else:
        draw.polygon(_polygon(scene.shape, cx, cy, r, scene.angle), fill=fill)
    img = img.resize((width, height), Image.BOX)
    if scene.noise > 0:
        img = Image.blend(img, _noise(width, height, rng), scene.noise / 100.0)
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=scene.jpeg_quality)
    buf.seek(0)
    return Image.open(buf).convert("RGB")


# Captions. `{c}` colour, `{s}` shape. Each template names which attributes it states.
FULL_TEMPLATES = [
    "a photo of a {c} {s}",
    "a {c} {s}",
    "a picture of a {c} {s} on a white background",
    "a photo of a {c} {s}.",
    "an image of a {c} {s}",
    "a drawing of a {c} {s}",
    "a {s} that is {c}",
    "a photo of the {c} {s}",
]
COLOUR_TEMPLATES = ["a photo of something {c}", "something {c}", "a {c} shape", "{c}", "a photo of a {c} thing"]
SHAPE_TEMPLATES = ["a photo of a {s}", "a {s}", "{s}", "a picture of a {s}", "a {s} shape"]


@dataclass(frozen=True)
class Caption:
    text: str
    colour: Optional[str]
    shape: Optional[str]
    size: Optional[str] = None
    position: Optional[str] = None

    def describes(self, scene: Scene) -> bool:
        return ((self.colour is None or self.colour == scene.colour)
                and (self.shape is None or self.shape == scene.shape)
                and (self.size is None or self.size == scene.size_word)
                and (self.position is None or self.position in scene.position_words()))


# Captions true of no scene in this world. Trained as negatives for every image, they teach the
# model that text about anything else scores low, which gives search a meaningful relevance
# floor ("no good match") instead of arbitrary similarities for unknown words. Deliberately kept
# out of the tokenizer's merges, like the unknown words users will type.
UNRELATED_THINGS = [
    "dog", "cat", "beach", "sunset", "car", "birthday cake", "person", "mountain", "snow", "city",
    "document", "receipt", "screenshot", "flower", "tree", "house", "sky", "lake", "man", "woman",
    "child", "baby", "building", "computer", "phone", "book", "chair", "table", "bicycle", "bus",
    "train", "airplane", "boat", "bird", "horse", "pizza", "coffee", "guitar", "forest", "river",
    "family dinner", "wedding", "garden", "kitchen", "street at night", "football match", "spreadsheet",
    "grandmother", "bridge", "castle", "desert", "waterfall", "concert", "soup", "shoes", "passport",
]
UNRELATED_TEMPLATES = ["a photo of a {x}", "{x}", "a picture of a {x}", "my {x}", "a {x} at the park"]


def unrelated_caption(rng: random.Random) -> str:
    return rng.choice(UNRELATED_TEMPLATES).format(x=rng.choice(UNRELATED_THINGS))


def caption_for(scene: Scene, rng: random.Random) -> Caption:
    """A caption true of the scene: usually colour and shape, sometimes one attribute alone,
    sometimes with a size or position word."""
    c, s = scene.colour, scene.shape
    roll = rng.random()
    if c is None:  # an unnamed colour: only the shape can be said
        return Caption(rng.choice(SHAPE_TEMPLATES).format(s=s), None, s)
    if roll < 0.15:
        return Caption(rng.choice(COLOUR_TEMPLATES).format(c=c), c, None)
    if roll < 0.30:
        return Caption(rng.choice(SHAPE_TEMPLATES).format(s=s), None, s)
    if roll < 0.40 and scene.size_word:
        return Caption(f"a {scene.size_word} {c} {s}", c, s, size=scene.size_word)
    if roll < 0.50 and scene.position_words():
        where = rng.choice(sorted(scene.position_words()))
        prep = "at the" if where in ("top", "bottom") else "on the"
        return Caption(f"a {c} {s} {prep} {where}", c, s, position=where)
    return Caption(rng.choice(FULL_TEMPLATES).format(c=c, s=s), c, s)


def corpus_words():
    """Every word the captions, the evaluation and the tagging vocabulary use, for the BPE merges."""
    texts = []
    for c in COLOURS:
        for s in SHAPES:
            texts += [t.format(c=c, s=s) for t in FULL_TEMPLATES]
        texts += [t.format(c=c) for t in COLOUR_TEMPLATES]
    for s in SHAPES:
        texts += [t.format(s=s) for t in SHAPE_TEMPLATES]
    texts += ["small large on the left right at the top bottom corner",
              "a photo of a shape something thing the colour color object picture image"]
    return texts
