// Switching models re-embeds in the background; until the new model covers the library, searches
// without --model keep using the old one, with every photo.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliJson, startCli, waitFor } from './helpers/cli.js';
import { readLibrary } from './helpers/db.js';
import { tempLibrary, type TempLibrary } from './helpers/library.js';
import { TINY_CLIP, TINY_CLIP_KEY } from './helpers/paths.js';

describe('switching models', () => {
  let lib: TempLibrary;
  let second: string;
  const lib_ = () => ['--library', lib.library, '--device', 'cpu'];
  const active = () => readLibrary(lib.library, (db) => (db.prepare("SELECT value FROM meta WHERE key = 'active_model'").get() as { value: string }).value);

  beforeAll(async () => {
    lib = await tempLibrary(4); // 96 photos
    second = join(lib.root, 'second-model'); // a "new" model: a local folder
    cpSync(TINY_CLIP, second, { recursive: true });
    expect(cli(['folders', 'add', lib.photos, ...lib_()]).code).toBe(0);
    expect(cli(['index', '--model', 'tiny-clip', ...lib_()]).code).toBe(0);
  });
  afterAll(() => lib?.cleanup());

  it('keeps answering from the old model until the new one is complete', async () => {
    expect(active()).toBe(TINY_CLIP_KEY);
    const child = startCli(['index', '--model', second, ...lib_()]);
    await waitFor(() => {
      const n = readLibrary(lib.library, (db) => (db.prepare('SELECT COUNT(*) AS n FROM embeddings WHERE model = ?').get(`${second}@int8`) as { n: number }).n);
      return n >= 10 || child.exitCode !== null ? true : undefined;
    }, 60_000, 'the new model to start embedding');
    child.kill('SIGKILL'); // interrupted half way
    await waitFor(() => (child.signalCode !== null || child.exitCode !== null ? true : undefined), 10_000, 'the kill');
    expect(active()).toBe(TINY_CLIP_KEY);
    const hits = cliJson<unknown[]>(['search', 'a photo of a red circle', '-k', '500', '--min-score=-1', ...lib_()]);
    expect(hits).toHaveLength(96);
    // Finishing the switch makes the new model the one searches use.
    expect(cli(['index', '--model', second, ...lib_()]).code).toBe(0);
    expect(active()).toBe(`${second}@int8`); // auto: a copy of tiny-clip, measured the same
    const status = cliJson<{ model: { id: string } }>(['status', ...lib_()]);
    expect(status.model.id).toBe(`${second}@int8`);
  });
});
