// The command line's own formatting: the progress line keeps its figures on a narrow terminal, and a
// negative number after an option is read as its value.
import { describe, expect, it } from 'vitest';
import { joinNegativeValues } from '../src-main/cli/main.js';
import { formatProgress } from '../src-main/cli/progress-bar.js';

describe('the progress line', () => {
  const p = { done: 3149, total: 11205, failed: 0, ratePerSecond: 117.8, etaSeconds: 68.4 };

  it('shrinks the bar, never the figures, to fit the terminal', () => {
    const room = 80 - 1 - 'Preparing tags '.length;
    const line = formatProgress(p, 30, 'prompts', room);
    expect(line.length).toBeLessThanOrEqual(room);
    expect(line.endsWith('3149/11205 117.8 prompts/s ETA 1:08')).toBe(true);
    expect(formatProgress(p, 30, 'prompts', 30)).toBe('3149/11205 117.8 prompts/s ETA 1:08'); // no room for a bar
    expect(formatProgress({ ...p, done: 0, ratePerSecond: 0, etaSeconds: null }, 30, 'prompts', 200)).toMatch(/^░{30} 0\/11205$/);
  });
});

describe('option values', () => {
  it('reads `--min-score -1` as the value -1', () => {
    expect(joinNegativeValues(['search', 'x', '--min-score', '-1', '-k', '5'])).toEqual(['search', 'x', '--min-score=-1', '-k', '5']);
    expect(joinNegativeValues(['--threshold', '-0.5'])).toEqual(['--threshold=-0.5']);
    expect(joinNegativeValues(['--min-score', '--json'])).toEqual(['--min-score', '--json']);
  });
});
