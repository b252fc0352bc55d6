import { describe, expect, it } from 'vitest';
import { errorText, fileErrorText, sentenceCase } from './error-text';

describe('error sentences for people', () => {
  it('maps raw library messages to sentences, in English and Korean, keeping the raw words as detail', () => {
    expect(errorText('fetch failed', 'en').message).toMatch(/could not reach the network/);
    expect(errorText({ code: 'failed', message: 'fetch failed' }, 'ko').message).toMatch(/연결할 수 없습니다/);
    expect(fileErrorText('vipspng: libpng read error', 'en')).toEqual({
      message: 'This file could not be read as a photo: it may be damaged or in a format that is not supported.',
      detail: 'Vipspng: libpng read error.',
    });
    expect(fileErrorText('vipspng: libpng read error', 'ko').message).toMatch(/사진으로 읽을 수 없습니다/);
  });

  it('gives each API error code its sentence, the engine\'s lower-case words sentence-cased as detail', () => {
    expect(errorText({ code: 'busy', message: 'the library is opening' }, 'en')).toEqual({ message: 'The library is busy. Try again in a moment.', detail: 'The library is opening.' });
    expect(errorText({ code: 'not_found', message: 'folder not found: /x' }, 'ko')).toEqual({ message: '찾을 수 없습니다. 옮겨졌거나 이름이 바뀌었거나 삭제되었을 수 있습니다.', detail: 'Folder not found: /x.' });
    expect(errorText(new Error('boom'), 'en')).toEqual({ message: 'Something went wrong.', detail: 'Boom.' });
  });

  it('passes the UI\'s own sentences through unchanged', () => {
    expect(errorText('Copied to the clipboard', 'en')).toEqual({ message: 'Copied to the clipboard', detail: null });
    expect(sentenceCase('already a sentence.')).toBe('Already a sentence.');
  });
});
