"""Bilingual captions for tiny-clip-ko: the English captions of scenes.py, Korean ones in several
natural forms per concept, and mixed ones ("빨간 circle", "red 원"). Same scenes, same held-out pairs.

Korean names a colour before a noun with an adjective form (빨간 원) or a noun form (빨간색 원, 빨강 원),
and a shape with more than one everyday word (원 / 동그라미, 사각형 / 네모). All of them are trained, so
that a user's own phrasing works; the evaluation prompts use one form each (`PROMPT_COLOURS`,
`PROMPT_SHAPES`).
"""
from __future__ import annotations

import random

import scenes
from scenes import Caption

# Forms used before a noun ("빨간 원", "빨간색 원", "빨강 원"); the first is the evaluation prompt's.
COLOURS = {
    "red": ["빨간", "빨간색", "빨강", "붉은"],
    "green": ["초록색", "초록", "녹색", "초록빛"],
    "blue": ["파란", "파란색", "파랑"],
    "yellow": ["노란", "노란색", "노랑"],
    "purple": ["보라색", "보라", "보랏빛"],
    "orange": ["주황색", "주황", "오렌지색"],
}
# Forms that stand alone as a colour name ("빨강", "빨간색").
COLOUR_NOUNS = {
    "red": ["빨강", "빨간색", "빨간 색"],
    "green": ["초록", "초록색", "녹색"],
    "blue": ["파랑", "파란색", "파란 색"],
    "yellow": ["노랑", "노란색", "노란 색"],
    "purple": ["보라", "보라색"],
    "orange": ["주황", "주황색", "오렌지색"],
}
SHAPES = {
    "circle": ["원", "동그라미", "원형"],
    "square": ["사각형", "네모", "정사각형", "네모 모양"],
    "triangle": ["삼각형", "세모", "세모 모양"],
    "star": ["별", "별 모양", "별표"],
}
PROMPT_COLOURS = {c: forms[0] for c, forms in COLOURS.items()}
PROMPT_SHAPES = {s: forms[0] for s, forms in SHAPES.items()}
PROMPT = "{c} {s}"

FULL_TEMPLATES = [
    "{c} {s}", "{c} {s}", "{c} {s} 사진", "{c} {s}의 사진", "{c} {s} 그림", "{c} {s} 이미지",
    "흰 배경 위의 {c} {s}", "{c} {s} 하나", "{c} {s} 한 개", "{s}, {c}",
]
COLOUR_TEMPLATES = ["{n}", "{c} 것", "{c} 도형", "{c} 물체 사진", "{n} 사진", "{c} 무언가"]
SHAPE_TEMPLATES = ["{s}", "{s} 사진", "{s} 그림", "{s} 도형", "{s} 하나"]
SIZES = {"small": "작은", "large": "큰"}
POSITIONS = {"left": "왼쪽에 있는", "right": "오른쪽에 있는", "top": "위쪽에 있는", "bottom": "아래쪽에 있는"}
# Mixed-language forms: a Korean colour with an English shape and the reverse.
MIXED_TEMPLATES = ["{kc} {es}", "{ec} {ks}", "{kc} {es} 사진", "a photo of a {ec} {ks}", "{ec} {ks} 사진"]

# Things absent from this world, in Korean: negatives for every image (see scenes.UNRELATED_THINGS).
UNRELATED_THINGS = [
    "강아지", "고양이", "해변", "노을", "자동차", "생일 케이크", "사람", "산", "눈", "도시", "문서", "영수증",
    "스크린샷", "꽃", "나무", "집", "하늘", "호수", "남자", "여자", "아이", "아기", "건물", "컴퓨터", "전화기",
    "책", "의자", "탁자", "자전거", "버스", "기차", "비행기", "배", "새", "말", "피자", "커피", "기타", "숲",
    "강", "가족 저녁 식사", "결혼식", "정원", "부엌", "밤거리", "축구 경기", "할머니", "다리", "성", "사막",
    "폭포", "음악회", "국수", "신발", "여권", "김치", "우산", "바다",
]
UNRELATED_TEMPLATES = ["{x} 사진", "{x}", "{x}의 사진", "내 {x}", "공원의 {x}"]

# Share of captions in each language (the rest English, from scenes.py).
KOREAN_SHARE = 0.5
MIXED_SHARE = 0.1


def _ko_colour(rng, c):
    return rng.choice(COLOURS[c])


def _ko_shape(rng, s):
    return rng.choice(SHAPES[s])


def korean_caption(scene: scenes.Scene, rng: random.Random) -> Caption:
    """A Korean caption true of the scene, in the proportions of scenes.caption_for."""
    c, s = scene.colour, scene.shape
    roll = rng.random()
    if c is None or (0.15 <= roll < 0.30):
        return Caption(rng.choice(SHAPE_TEMPLATES).format(s=_ko_shape(rng, s)), None, s)
    if roll < 0.15:
        return Caption(rng.choice(COLOUR_TEMPLATES).format(c=_ko_colour(rng, c), n=rng.choice(COLOUR_NOUNS[c])), c, None)
    if roll < 0.40 and scene.size_word:
        return Caption(f"{SIZES[scene.size_word]} {_ko_colour(rng, c)} {_ko_shape(rng, s)}", c, s, size=scene.size_word)
    if roll < 0.50 and scene.position_words():
        where = rng.choice(sorted(scene.position_words()))
        return Caption(f"{POSITIONS[where]} {_ko_colour(rng, c)} {_ko_shape(rng, s)}", c, s, position=where)
    return Caption(rng.choice(FULL_TEMPLATES).format(c=_ko_colour(rng, c), s=_ko_shape(rng, s)), c, s)


def mixed_caption(scene: scenes.Scene, rng: random.Random) -> Caption:
    c, s = scene.colour, scene.shape
    if c is None:
        return korean_caption(scene, rng)
    text = rng.choice(MIXED_TEMPLATES).format(kc=_ko_colour(rng, c), es=s, ec=c, ks=_ko_shape(rng, s))
    return Caption(text, c, s)


def caption_for(scene: scenes.Scene, rng: random.Random) -> Caption:
    """English (scenes.caption_for), Korean or mixed, all true of the scene."""
    roll = rng.random()
    if roll < MIXED_SHARE:
        return mixed_caption(scene, rng)
    if roll < MIXED_SHARE + KOREAN_SHARE:
        return korean_caption(scene, rng)
    return scenes.caption_for(scene, rng)


def random_hangul(rng: random.Random) -> str:
    """A few random Hangul syllables: mostly characters the tokenizer has never seen (<unk>), so that
    the model also learns that text it cannot read matches nothing here."""
    word = "".join(chr(rng.randint(0xAC00, 0xD7A3)) for _ in range(rng.randint(1, 4)))
    return rng.choice(["{}", "{} 사진", "내 {}"]).format(word)


def unrelated_caption(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.1:
        return random_hangul(rng)
    if roll < 0.5:
        return rng.choice(UNRELATED_TEMPLATES).format(x=rng.choice(UNRELATED_THINGS))
    return scenes.unrelated_caption(rng)


def prompts():
    """The 24 Korean evaluation prompts "{색} {모양}", in scenes.all_combinations() order."""
    return [PROMPT.format(c=PROMPT_COLOURS[c], s=PROMPT_SHAPES[s]) for c, s in scenes.all_combinations()]


def corpus():
    """Texts for the SentencePiece model: every Korean, English and mixed caption form (each several
    times, so the pieces of the world's words win), and the unrelated captions once each."""
    texts = list(scenes.corpus_words())
    for c in scenes.COLOURS:
        for s in scenes.SHAPES:
            for kc in COLOURS[c]:
                for ks in SHAPES[s]:
                    texts += [t.format(c=kc, s=ks) for t in FULL_TEMPLATES]
                    texts += [t.format(kc=kc, es=s, ec=c, ks=ks) for t in MIXED_TEMPLATES]
            for kc in COLOURS[c]:
                texts += [t.format(c=kc, n=n) for t in COLOUR_TEMPLATES for n in COLOUR_NOUNS[c]]
    for s in scenes.SHAPES:
        for ks in SHAPES[s]:
            texts += [t.format(s=ks) for t in SHAPE_TEMPLATES]
    texts += [" ".join(SIZES.values()), " ".join(POSITIONS.values())]
    texts += [t.format(x=x) for t in UNRELATED_TEMPLATES for x in UNRELATED_THINGS]
    texts += [t.format(x=x) for t in scenes.UNRELATED_TEMPLATES for x in scenes.UNRELATED_THINGS]
    return texts
