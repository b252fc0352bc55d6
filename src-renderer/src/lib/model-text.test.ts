import { describe, expect, it } from 'vitest';
import { languagesInWords, modelNote, modelTitle } from './model-text';

describe('a model in the UI\'s words', () => {
  it('names the languages a model declares, in the UI\'s language (CLDR names), never more', () => {
    expect(languagesInWords({ languages: ['en', 'ko'] }, 'en')).toBe('English and Korean');
    expect(languagesInWords({ languages: ['en', 'ko'] }, 'ko')).toBe('영어 및 한국어');
    expect(languagesInWords({ languages: ['en'] }, 'ko')).toBe('영어');
    expect(languagesInWords({ languages: ['ko-KR', 'ko'] }, 'en')).toBe('Korean'); // one language, however it is written
    const hundred = Array.from({ length: 100 }, (_, i) => (i === 0 ? 'ko' : i === 1 ? 'en' : `x${i}`));
    expect(languagesInWords({ languages: hundred }, 'ko')).toBe('100개 언어(한국어 포함)');
    expect(languagesInWords({ languages: hundred }, 'en')).toBe('100 languages, English included');
  });

  it('gives a registry model\'s title and note from the dictionaries, whatever its precision, and a local one\'s as it is', () => {
    expect(modelTitle({ id: 'tiny-clip-ko@int8', title: 'x' })).toBe('tiny-clip-ko (demo: coloured shapes, English and Korean)');
    expect(modelNote({ id: 'clip-vit-b-32', note: 'x' })).toMatch(/^The default/);
    expect(modelTitle({ id: 'my-own-clip', title: 'My own CLIP' })).toBe('My own CLIP');
    expect(modelNote({ id: 'my-own-clip', note: 'Fine-tuned on my photos.' })).toBe('Fine-tuned on my photos.');
  });
});
