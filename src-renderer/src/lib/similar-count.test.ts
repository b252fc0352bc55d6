import { describe, expect, it } from 'vitest';
import type { PhotoHit } from '../../../src-shared/api';
import { similarCountText } from './similar-count';

const hits = (scores: number[]) => scores.map((score, id) => ({ id, score }) as PhotoHit);

describe('the similar photos count', () => {
  it('says the close matches and how many more, less alike, follow', () => {
    expect(similarCountText({ hits: hits([0.9, 0.85, 0.7]), floor: 0.8 })).toBe('2 close matches · 1 more, less alike');
    expect(similarCountText({ hits: hits([0.9]), floor: 0.8 })).toBe('1 close match');
    expect(similarCountText({ hits: hits([0.5, 0.4]), floor: 0.8 })).toBe('No close matches · 2 less alike');
    expect(similarCountText({ hits: hits([0.5, 0.4]), floor: null })).toBe('2 close matches');
  });
});
