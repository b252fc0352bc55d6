// The command line as a user meets it: folders, status, usage errors, models.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliJson } from './helpers/cli.js';
import { tempLibrary, type TempLibrary } from './helpers/library.js';
import { TINY_CLIP_KEY } from './helpers/paths.js';

describe('photo-search CLI', () => {
  let lib: TempLibrary;
  const args = () => ['--library', lib.library, '--model', 'tiny-clip', '--device', 'cpu'];
  beforeAll(async () => {
    lib = await tempLibrary(1);
  });
  afterAll(() => lib?.cleanup());

  it('adds, lists and removes folders', () => {
    expect(cli(['folders', 'add', lib.photos, ...args()]).code).toBe(0);
    expect(cliJson<string[]>(['folders', 'list', ...args()])).toEqual([lib.photos]);
    const missing = cli(['folders', 'add', `${lib.root}/no-such-folder`, ...args()]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/folder not found/);
  });

  it('indexes and reports status with counts, model and device', () => {
    const r = cli(['index', ...args()]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/24 photos searchable/);
    const s = cliJson<{ indexed: number; model: { id: string }; device: { provider: string; description: string }; failures: unknown[] }>(['status', ...args()]);
    expect(s.indexed).toBe(24);
    expect(s.model.id).toBe(TINY_CLIP_KEY);
    expect(s.device.provider).toBe('cpu');
    expect(s.failures).toEqual([]);
    const human = cli(['status', ...args()]).stdout;
    expect(human).toMatch(/Photos: +24 searchable/);
  });

  it('prints search results as JSON, best first', () => {
    const hits = cliJson<{ path: string; score: number }[]>(['search', 'a photo of a blue star', '-k', '5', '--min-score=-1', ...args()]);
    expect(hits).toHaveLength(5);
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
    expect(Object.keys(hits[0]!)).toEqual(expect.arrayContaining(['path', 'score']));
  });

  it('explains a query with no good match instead of printing noise', () => {
    const r = cli(['search', 'quarterly tax spreadsheet', ...args()]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('');
    expect(r.stderr).toMatch(/No good match/);
  });

  it('removes a folder and its photos', () => {
    expect(cli(['folders', 'remove', lib.photos, ...args()]).code).toBe(0);
    expect(cliJson<{ indexed: number }>(['status', ...args()]).indexed).toBe(0);
  });

  it('answers usage errors with exit code 2 and help', () => {
    expect(cli(['frobnicate']).code).toBe(2);
    expect(cli(['search', '--library', lib.library]).code).toBe(2);
    expect(cli(['search', 'x', '-k', '0', '--library', lib.library]).code).toBe(2);
    expect(cli(['embed', '--library', lib.library]).code).toBe(2);
    expect(cli(['status', '--device', 'tpu']).code).toBe(2);
    expect(cli(['--help']).stdout).toMatch(/Usage: photo-search/);
  });

  it('lists the models, with the bundled one installed', () => {
    const models = cliJson<{ id: string; installed: boolean }[]>(['models', 'list', '--library', lib.library]);
    expect(models.map((m) => m.id)).toEqual(expect.arrayContaining(['tiny-clip', 'clip-vit-b-32', 'clip-vit-b-16', 'clip-vit-l-14', 'xlm-roberta-base-vit-b-32']));
    expect(models.find((m) => m.id === 'tiny-clip')!.installed).toBe(true);
    expect(models.find((m) => m.id === 'clip-vit-b-32')!.installed).toBe(false);
    const notYet = cli(['search', 'dog', '--model', 'clip-vit-b-32', '--library', lib.library]);
    expect(notYet.code).toBe(1);
    expect(notYet.stderr).toMatch(/not downloaded yet: run `photo-search models download clip-vit-b-32`/);
  });
});
