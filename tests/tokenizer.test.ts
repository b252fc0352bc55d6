import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TextTokenizer } from '../src-main/embed/text-tokenizer.js';
import { readModelFiles } from '../src-main/models/model-files.js';
import { SHARED_CLIP, sharedClipAvailable, TINY_CLIP } from './helpers/paths.js';

function realClip(): TextTokenizer {
  const tokenizerJson = JSON.parse(readFileSync(join(SHARED_CLIP, 'tokenizer.json'), 'utf8'));
  return new TextTokenizer({ dir: SHARED_CLIP, tokenizerJson, tokenizerConfig: {}, padToken: '<|endoftext|>' }, 77);
}

describe.runIf(sharedClipAvailable())('the real CLIP tokenizer.json (../shared/clip)', () => {
  it('gives CLIP\'s known ids', () => {
    expect(realClip().encode('a photo of a cat')).toEqual([49406, 320, 1125, 539, 320, 2368, 49407]);
  });

  it('lowercases and collapses whitespace', () => {
    expect(realClip().encode('A   PHOTO of a\tCat')).toEqual(realClip().encode('a photo of a cat'));
  });

  it('truncates to 77 ids keeping <|endoftext|> last', () => {
    const ids = realClip().encode('cat '.repeat(300));
    expect(ids).toHaveLength(77);
    expect(ids[0]).toBe(49406);
    expect(ids[76]).toBe(49407);
  });

  it('pads a batch only to its longest text unless the model has a fixed length', () => {
    const tok = realClip();
    const batch = tok.encodeBatch(['a cat', 'a photo of a cat']);
    expect(batch.length).toBe(7);
    expect(batch.ids[0]).toEqual([49406, 320, 2368, 49407, 49407, 49407, 49407]);
    expect(batch.attentionMask[0]).toEqual([1, 1, 1, 1, 0, 0, 0]);
    expect(tok.encodeBatch(['a cat'], 77).ids[0]).toHaveLength(77);
  });
});

if (!sharedClipAvailable()) {
  it('needs ../shared/clip/tokenizer.json', () => {
    console.warn(`SKIPPED real-CLIP tokenizer tests: ${SHARED_CLIP} is absent (clone the project beside its shared/ folder)`);
  });
}

describe('tiny-clip tokenizer.json', () => {
  it('follows CLIP\'s rules with its own small vocabulary', () => {
    const files = readModelFiles(TINY_CLIP);
    const tok = new TextTokenizer(files, files.contextLength);
    const ids = tok.encode('A Photo of a RED circle');
    expect(ids).toEqual(tok.encode('a photo of a red circle'));
    expect(ids).toHaveLength(8);
    const reference = JSON.parse(readFileSync(join(TINY_CLIP, '..', '..', 'tests', 'fixtures', 'tiny-clip-reference.json'), 'utf8'));
    for (const t of reference.texts) expect(tok.encode(t.text)).toEqual(t.input_ids);
  });
});
