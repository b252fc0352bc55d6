// The tag vocabulary format, the default vocabulary, and the prompt templates chosen from CLIP's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultVocabulary, parseVocabulary, PHOTO_TEMPLATES, templatesFor, VocabularyError } from '../src-main/tags/vocabulary.js';
import { SHARED_CLIP, sharedClipAvailable, TINY_CLIP } from './helpers/paths.js';

describe('tag vocabularies', () => {
  it('parses one label per line, synonyms after a colon, comments and blank lines', () => {
    const v = parseVocabulary('# pets\nDog: puppy, hound\ncat\n\ndog: doggo\n');
    expect(v.labels).toEqual([{ name: 'dog', names: ['dog', 'puppy', 'hound', 'doggo'] }, { name: 'cat', names: ['cat'] }]);
    expect(parseVocabulary('cat\ndog: puppy, hound, doggo').hash).not.toBe(v.hash);
    expect(() => parseVocabulary('# nothing\n\n')).toThrow(VocabularyError);
    expect(() => parseVocabulary('x'.repeat(101))).toThrow(/1 to 100 characters/);
  });

  it('has at least 300 everyday labels by default, with synonyms', () => {
    const v = defaultVocabulary();
    expect(v.labels.length).toBeGreaterThanOrEqual(300);
    for (const name of ['people', 'child', 'dog', 'cat', 'beach', 'mountain', 'snow', 'sunset', 'city', 'food', 'cake', 'document', 'receipt', 'screenshot', 'car', 'flower']) {
      expect(v.labels.find((l) => l.name === name), name).toBeDefined();
    }
    expect(v.labels.filter((l) => l.names.length > 1).length / v.labels.length).toBeGreaterThan(0.9);
  });

  it('uses tiny-clip\'s own templates, and CLIP\'s photo templates otherwise', () => {
    expect(templatesFor(TINY_CLIP)).toEqual(['{}', 'a {} shape']);
    expect(templatesFor('/nonexistent')).toBe(PHOTO_TEMPLATES);
  });

  it.skipIf(!sharedClipAvailable())('chooses its photo templates from CLIP\'s 80 ImageNet templates (../shared/clip)', () => {
    const clip = JSON.parse(readFileSync(join(SHARED_CLIP, 'imagenet_prompts.json'), 'utf8')) as { templates: string[] };
    expect(clip.templates).toHaveLength(80);
    for (const t of PHOTO_TEMPLATES) expect(clip.templates, t).toContain(t);
  });
});
