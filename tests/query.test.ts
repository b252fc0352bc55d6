import { describe, expect, it } from 'vitest';
import { parseQuery, QueryError } from '../src-main/search/query.js';

describe('parseQuery', () => {
  it('keeps plain text whole, hyphens included', () => {
    expect(parseQuery('sunset over the sea')).toEqual([{ kind: 'text', value: 'sunset over the sea', weight: 1 }]);
    expect(parseQuery('black-and-white t-shirt')).toEqual([{ kind: 'text', value: 'black-and-white t-shirt', weight: 1 }]);
  });

  it('combines terms with + and -, weights, quotes and photos, like rclip', () => {
    const isFile = (p: string) => p === './sunset.jpg';
    expect(parseQuery('"beach" + ./sunset.jpg - people', isFile)).toEqual([
      { kind: 'text', value: 'beach', weight: 1 },
      { kind: 'file', value: './sunset.jpg', weight: 1 },
      { kind: 'text', value: 'people', weight: -1 },
    ]);
    expect(parseQuery('2*dog + 0.5*snow - photo:42')).toEqual([
      { kind: 'text', value: 'dog', weight: 2 },
      { kind: 'text', value: 'snow', weight: 0.5 },
      { kind: 'photo', value: '42', weight: -1 },
    ]);
    // a path that is not an image file stays text
    expect(parseQuery('./notes.txt')[0]!.kind).toBe('text');
  });

  it('takes a file whose name holds " - " or " + " as one file before splitting', () => {
    const files = new Set(['./Summer 2019 - Beach.jpg', '/photos/a + b.png']);
    const isFile = (p: string) => files.has(p);
    expect(parseQuery('./Summer 2019 - Beach.jpg - people', isFile)).toEqual([
      { kind: 'file', value: './Summer 2019 - Beach.jpg', weight: 1 },
      { kind: 'text', value: 'people', weight: -1 },
    ]);
    expect(parseQuery('sunset + /photos/a + b.png', isFile).map((t) => t.kind)).toEqual(['text', 'file']);
    expect(parseQuery('./Winter - 2020.jpg - snow', isFile).map((t) => t.value)).toEqual(['./Winter', '2020.jpg', 'snow']); // no such file
    // A bare name is a file when it exists (as the CLI runs in the photo's folder), else text.
    const here = (p: string) => p === 'plain.jpg' || p === 'red - circle + x.jpg';
    expect(parseQuery('plain.jpg', here)).toEqual([{ kind: 'file', value: 'plain.jpg', weight: 1 }]);
    expect(parseQuery('red - circle + x.jpg', here)).toEqual([{ kind: 'file', value: 'red - circle + x.jpg', weight: 1 }]);
    expect(parseQuery('dog.jpg', here)[0]!.kind).toBe('text');
  });

  it('refuses empty, negative-only, oversized and non-text queries', () => {
    expect(() => parseQuery('   ')).toThrow(QueryError);
    expect(() => parseQuery('- people')).toThrow(/not subtracted/);
    expect(() => parseQuery('x'.repeat(5000))).toThrow(/too long/);
    expect(() => parseQuery(Array.from({ length: 30 }, (_, i) => `t${i}`).join(' + '))).toThrow(/too many terms/);
    expect(() => parseQuery({ toString: () => 'x' } as unknown as string)).toThrow(/must be text/);
  });
});
