// The tag, album and duplicate commands, as a script would use them.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliJson } from './helpers/cli.js';
import { tempLibrary, type TempLibrary } from './helpers/library.js';
import { FIXTURES } from './helpers/paths.js';

describe('tags, albums and duplicates on the command line', () => {
  let lib: TempLibrary;
  const run = (...args: string[]) => ['--library', lib.library, ...args];

  beforeAll(async () => {
    lib = await tempLibrary(2);
    copyFileSync(join(lib.photos, 'red-circle-1.jpg'), join(lib.photos, 'copy.jpg'));
    expect(cli(run('--model', 'tiny-clip', 'folders', 'add', lib.photos)).code).toBe(0);
    expect(cli(run('--model', 'tiny-clip', 'index')).code).toBe(0);
  });
  afterAll(() => lib?.cleanup());

  it('tags auto --vocabulary, tags list --json, photos --tag --json', () => {
    const auto = cliJson<{ labels: number; photosTagged: number }>(run('tags', 'auto', '--vocabulary', join(FIXTURES, 'shapes-vocabulary.txt')));
    expect(auto).toMatchObject({ labels: 10, photosTagged: 49 });
    const tags = cliJson<{ name: string; photos: number }[]>(run('tags', 'list'));
    expect(tags.map((t) => t.name).sort()).toEqual(['blue', 'circle', 'green', 'orange', 'purple', 'red', 'square', 'star', 'triangle', 'yellow']);
    const reds = cliJson<{ path: string; score: number; confidence: string }[]>(run('photos', '--tag', 'red'));
    expect(reds.every((r) => r.confidence === 'likely' || r.confidence === 'possible')).toBe(true);
    expect(reds.length).toBeGreaterThanOrEqual(8);
    expect(reds.filter((p) => /red-|copy/.test(p.path)).length / reds.length).toBeGreaterThanOrEqual(0.9);
  });

  it('tags teach NAME --yes FILES... --no FILES...', () => {
    const p = (colour: string, shape: string, n: number) => join(lib.photos, lib.written.filter((w) => w.colour === colour && w.shape === shape)[n]!.file);
    const yes = [p('red', 'star', 0), p('blue', 'triangle', 0), p('green', 'star', 1), p('yellow', 'triangle', 1)];
    const no = [p('red', 'circle', 1), p('blue', 'square', 1), p('orange', 'square', 0)];
    type Scored = { path: string; score: number; confidence: 'likely' | 'possible' };
    const taught = cliJson<{ name: string; examples: { yes: number; no: number }; matches: Scored[]; uncertain: Scored[] }>(run('tags', 'teach', 'pointy', '--yes', ...yes, '--no', ...no));
    const matches = taught.matches;
    expect(taught.examples).toEqual({ yes: 4, no: 3 });
    expect(matches.every((m) => ['likely', 'possible'].includes(m.confidence))).toBe(true);
    // The photos to ask about next: none already judged, none among the matches' sure ones.
    expect(taught.uncertain.length).toBeGreaterThan(0);
    expect(taught.uncertain.some((u) => [...yes, ...no].includes(u.path))).toBe(false);
    expect(matches.length).toBeGreaterThanOrEqual(10);
    const pointy = matches.filter((m) => /star|triangle/.test(m.path)).length;
    expect(pointy / matches.length).toBeGreaterThanOrEqual(0.8);
    expect(cliJson<{ name: string; kind: string }[]>(run('tags', 'list')).find((t) => t.name === 'pointy')?.kind).toBe('taught');
  });

  it('photos --tag prints confidence words, "likely" first, and refuses a bad tag name up front', () => {
    const shown = cli(run('photos', '--tag', 'pointy'));
    expect(shown.code, shown.stderr).toBe(0);
    const words = shown.stdout.trim().split('\n').map((l) => l.split(/\s+/)[0]!);
    console.log(`photos --tag pointy: ${words.filter((w) => w === 'likely').length} likely, ${words.filter((w) => w === 'possible').length} possible`);
    expect(words.every((w) => w === 'likely' || w === 'possible')).toBe(true); // a word, never a raw cosine
    expect(words.indexOf('possible') === -1 || words.lastIndexOf('likely') < words.indexOf('possible')).toBe(true);
    const json = cliJson<{ score: number; confidence: string }[]>(run('photos', '--tag', 'pointy'));
    expect(json.every((p) => typeof p.score === 'number')).toBe(true);
    const file = join(lib.photos, lib.written[0]!.file);
    for (const bad of ['two\nlines', 'x'.repeat(201)]) {
      const r = cli(run('tags', 'teach', bad, '--yes', file));
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/one line|at most 200 characters/);
    }
    const both = cli(run('tags', 'teach', 'pointy', '--yes', file, '--no', file));
    expect(both.code).not.toBe(0);
    expect(both.stderr).toContain(file); // names the file, not an id
    const one = cli(run('tags', 'teach', 'just one', '--yes', file));
    expect(one.stdout).toMatch(/matches 1 photo:|matches \d+ photos:/);
    expect(one.stdout).not.toMatch(/\b1 photos\b/);
  });

  it('albums create, list, show --json', () => {
    const created = cli(run('albums', 'create', 'Blue things', '--query', 'a photo of something blue'));
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/Created album "Blue things" with \d+ photos/);
    expect(cliJson<{ name: string }[]>(run('albums', 'list')).map((a) => a.name)).toEqual(['Blue things']);
    const shown = cliJson<{ path: string }[]>(run('albums', 'show', 'Blue things'));
    expect(shown.length).toBeGreaterThanOrEqual(6);
    expect(shown.slice(0, 6).every((s) => /blue-/.test(s.path)), shown.map((s) => s.path).join(' ')).toBe(true);
    const dup = cli(run('albums', 'create', 'Blue things', '--query', 'x'));
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('already an album');
  });

  it('duplicates --json groups the copy with its original, as identical files', () => {
    const groups = cliJson<{ kind: string; photos: { path: string }[]; pairs: { evidence: { identical: boolean } }[] }[]>(run('duplicates'));
    expect(groups.map((g) => g.photos.map((p) => p.path.split('/').pop()).sort())).toEqual([['copy.jpg', 'red-circle-1.jpg']]);
    expect(groups[0]).toMatchObject({ kind: 'copies', pairs: [{ evidence: { identical: true } }] });
  });
});
