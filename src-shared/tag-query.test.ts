import { describe, expect, it } from 'vitest';
import { extractTags } from './tag-query.js';

describe('tag: terms in a query', () => {
  it('reads a tag name bare, quoted in straight, full-width or curly quotes, with the keyword in either width', () => {
    expect(extractTags('tag:beach dog')).toEqual({ text: 'dog', tags: ['beach'] });
    expect(extractTags('tag:"grandma\'s garden" roses')).toEqual({ text: 'roses', tags: ["grandma's garden"] });
    expect(extractTags('tag:“우리 집 빨강” 고양이')).toEqual({ text: '고양이', tags: ['우리 집 빨강'] }); // macOS / phone keyboards
    expect(extractTags('ｔａｇ：＂우리 집＂')).toEqual({ text: '', tags: ['우리 집'] });
    expect(extractTags('TAG:red')).toEqual({ text: '', tags: ['red'] });
    expect(extractTags('hashtag:red')).toEqual({ text: 'hashtag:red', tags: [] }); // only a word of its own
    expect(extractTags('tag:빨강'.normalize('NFD'))).toEqual({ text: '', tags: ['빨강'] }); // read in NFC
  });
});
