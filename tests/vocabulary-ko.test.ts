// Korean names in tag vocabularies: the format ("red | ko: 빨강, 빨간색"), the default vocabulary's Korean names for
// every label (src-main/tags/vocabulary-ko.json), and the Korean prompt templates a model that reads Korean gets.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelKey, promptingStamp } from '../src-main/tags/label-embeddings.js';
import { DEFAULT_VOCABULARY } from '../src-main/tags/default-vocabulary.js';
import {
  defaultVocabulary, KOREAN_PHOTO_TEMPLATES, labelNamed, localNamesOf, parseVocabulary, PHOTO_TEMPLATES, promptingFor, VocabularyError,
} from '../src-main/tags/vocabulary.js';
import { FIXTURES, ROOT, TINY_CLIP } from './helpers/paths.js';

const HANGUL = /^[\uAC00-\uD7A3 A-Za-z0-9()]+$/; // composed syllables (and the odd Latin letter: "TV", "QR 코드")

describe('Korean names in vocabularies', () => {
  it('reads names in other languages after a bar, in NFC, and keeps older vocabularies as they were', () => {
    const v = parseVocabulary(`Dog: puppy | ko: 강아지, 개\ncat | KO: ${'고양이'.normalize('NFD')}\nbird: birds`);
    expect(v.labels).toEqual([
      { name: 'dog', names: ['dog', 'puppy'], local: { ko: ['강아지', '개'] } },
      { name: 'cat', names: ['cat'], local: { ko: ['고양이'] } },
      { name: 'bird', names: ['bird', 'birds'] },
    ]);
    expect(v.text).toBe('dog: puppy | ko: 강아지, 개\ncat:  | ko: 고양이\nbird: birds');
    expect(parseVocabulary(v.text).hash).toBe(v.hash); // the canonical text reads back the same
    // Without Korean names, the canonical text (and so the hash that decides re-tagging) is what it always was.
    expect(parseVocabulary('red\ncircle: round').text).toBe('red: \ncircle: round');
    expect(() => parseVocabulary('red | 빨강')).toThrow(VocabularyError);
    expect(() => parseVocabulary('red | not a language: 빨강')).toThrow(/language code/);
    expect(localNamesOf(v.labels[0]!)).toEqual({ ko: '강아지' });
    expect(localNamesOf(v.labels[2]!)).toBeUndefined();
  });

  it('gives every default label real Korean names, in Hangul, the first one its own', () => {
    const v = defaultVocabulary();
    expect(v.labels.length).toBeGreaterThanOrEqual(300);
    for (const label of v.labels) {
      const ko = label.local?.ko ?? [];
      expect(ko.length, label.name).toBeGreaterThan(0);
      for (const n of ko) expect(n, label.name).toMatch(HANGUL);
    }
    // Each Korean name names one label only, and the display names are distinct.
    const all = v.labels.flatMap((l) => l.local!.ko!);
    expect(new Set(all).size).toBe(all.length);
    // Spot checks of the translation.
    const ko = (name: string) => v.labels.find((l) => l.name === name)!.local!.ko!;
    expect(ko('dog')).toContain('강아지');
    expect(ko('cat')[0]).toBe('고양이');
    expect(ko('beach')).toContain('해변');
    expect(ko('sunset')).toContain('노을');
    expect(ko('kimchi')[0]).toBe('김치');
    expect(ko('receipt')[0]).toBe('영수증');
    expect(ko('birthday')[0]).toBe('생일');
    // The data file covers exactly the default labels.
    const data = JSON.parse(readFileSync(join(ROOT, 'src-main', 'tags', 'vocabulary-ko.json'), 'utf8')) as Record<string, string[]>;
    expect(Object.keys(data).sort()).toEqual(parseVocabulary(DEFAULT_VOCABULARY).labels.map((l) => l.name).sort());
  });

  it('finds a label by any of its names in any language, not by its English synonyms', () => {
    const v = defaultVocabulary();
    expect(labelNamed(v, '강아지')?.name).toBe('dog');
    expect(labelNamed(v, '개')?.name).toBe('dog');
    expect(labelNamed(v, '해변'.normalize('NFD'))?.name).toBe('beach');
    expect(labelNamed(v, 'Dog')?.name).toBe('dog');
    expect(labelNamed(v, 'puppy')).toBeUndefined();
    const shapes = parseVocabulary(readFileSync(join(FIXTURES, 'shapes-vocabulary-ko.txt'), 'utf8'));
    expect(labelNamed(shapes, '빨강')?.name).toBe('red');
    expect(labelNamed(shapes, '동그라미')?.name).toBe('circle');
    // The Korean shapes vocabulary is the English one with Korean names.
    const english = parseVocabulary(readFileSync(join(FIXTURES, 'shapes-vocabulary.txt'), 'utf8'));
    expect(shapes.labels.map((l) => l.name)).toEqual(english.labels.map((l) => l.name));
    expect(shapes.labels.every((l) => l.local?.ko?.length)).toBe(true);
  });

  it('prompts Korean names in Korean templates only with a model that reads Korean', () => {
    expect(promptingFor('/nonexistent', ['en'])).toEqual({ templates: PHOTO_TEMPLATES, local: {} });
    const multilingual = promptingFor('/nonexistent', ['en', 'ko', 'ja']);
    expect(multilingual.local.ko).toBe(KOREAN_PHOTO_TEMPLATES);
    expect(KOREAN_PHOTO_TEMPLATES).toEqual(expect.arrayContaining(['{}의 사진', '{} 사진']));
    // tiny-clip-ko's own templates, English and Korean (its tagging.json).
    const tinyKo = promptingFor(join(ROOT, 'models', 'tiny-clip-ko'), ['en', 'ko']);
    expect(tinyKo.templates).toEqual(['{}', 'a {} shape']);
    expect(tinyKo.local.ko?.length).toBeGreaterThan(0);
    expect(tinyKo.local.ko).toContain('{}');
    // A model with its own English templates and none in Korean: only those without words ("{}").
    expect(promptingFor(TINY_CLIP, ['en', 'ko']).local.ko).toEqual(['{}']);
  });

  it('keys a label by its Korean names only where they are prompted, so English models keep their stored labels', () => {
    const [dog] = parseVocabulary('dog: puppy | ko: 강아지').labels;
    const [plain] = parseVocabulary('dog: puppy').labels;
    const english = { templates: PHOTO_TEMPLATES, local: {} };
    const korean = { templates: PHOTO_TEMPLATES, local: { ko: KOREAN_PHOTO_TEMPLATES } };
    expect(labelKey(dog!, english)).toBe(labelKey(plain!, english));
    expect(labelKey(dog!, korean)).not.toBe(labelKey(dog!, english));
    expect(promptingStamp(english)).toBe(String(PHOTO_TEMPLATES.length));
    expect(promptingStamp(korean)).toBe(`${PHOTO_TEMPLATES.length}+ko${KOREAN_PHOTO_TEMPLATES.length}`);
  });
});
