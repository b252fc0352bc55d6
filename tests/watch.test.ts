// `index --watch` in one process, `search` in another, the way a person uses two terminals.
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomScene, renderScene, rng } from '../src-main/demo/scenes.js';
import { cli, cliJson, startCli, waitFor } from './helpers/cli.js';
import { readLibrary } from './helpers/db.js';
import { tempLibrary, type TempLibrary } from './helpers/library.js';

interface Hit {
  path: string;
  score: number;
  id: number;
}

describe('index --watch follows changes; a second process sees them', () => {
  let lib: TempLibrary;
  let watcher: ReturnType<typeof startCli>;
  const args = () => ['--library', lib.library, '--model', 'tiny-clip', '--device', 'cpu'];
  const paths = () => cliJson<Hit[]>(['search', 'a photo of a shape', '-k', '5000', '--min-score=-1', ...args()]).map((h) => h.path);
  const row = (path: string) =>
    readLibrary(lib.library, (db) => db.prepare('SELECT id, hash, status FROM photos WHERE path = ?').get(path) as { id: number; hash: string; status: string } | undefined);
  const embeddingCount = () => readLibrary(lib.library, (db) => (db.prepare('SELECT COUNT(*) AS n FROM embeddings').get() as { n: number }).n);

  beforeAll(async () => {
    lib = await tempLibrary(1);
    expect(cli(['folders', 'add', lib.photos, ...args()]).code).toBe(0);
    watcher = startCli(['index', '--watch', ...args()]);
    await waitFor(() => (watcher.output().includes('Watching') ? true : undefined), 60_000, 'the initial index');
  });

  afterAll(() => {
    if (watcher.exitCode === null) watcher.kill('SIGKILL');
    lib?.cleanup();
  });

  it('sees the initial library from another process', () => {
    expect(paths()).toHaveLength(24);
  });

  it('picks up an added file within seconds', async () => {
    const added = join(lib.photos, 'new-green-star.png');
    writeFileSync(added, await renderScene(randomScene(rng(5), 'green', 'star'), { format: 'png' }));
    const t0 = Date.now();
    await waitFor(() => (paths().includes(added) ? true : undefined), 15_000, 'the added photo');
    console.log(`added -> searchable in another process: ${Date.now() - t0} ms`);
  });

  it('re-embeds a changed file', async () => {
    const changed = join(lib.photos, 'red-circle-1.jpg');
    const before = row(changed)!;
    writeFileSync(changed, await renderScene(randomScene(rng(6), 'blue', 'triangle'), { format: 'jpeg' }));
    await waitFor(() => {
      const r = row(changed);
      return r && r.hash !== before.hash && r.status === 'indexed' ? true : undefined;
    }, 15_000, 'the changed photo to be re-indexed');
    expect(paths()).toContain(changed);
  });

  it('drops a deleted file from results', async () => {
    const deleted = join(lib.photos, 'blue-square-1.jpg');
    expect(paths()).toContain(deleted);
    rmSync(deleted);
    await waitFor(() => (!paths().includes(deleted) ? true : undefined), 15_000, 'the deleted photo to leave results');
  });

  it('keeps a renamed photo\'s id and embedding (matched by hash, no re-embedding)', async () => {
    const from = join(lib.photos, 'yellow-star-1.jpg');
    const to = join(lib.photos, 'renamed-yellow-star.jpg');
    const before = row(from)!;
    const count = embeddingCount();
    renameSync(from, to);
    await waitFor(() => (paths().includes(to) && !paths().includes(from) ? true : undefined), 15_000, 'the rename');
    const after = row(to)!;
    expect(after.hash).toBe(before.hash);
    expect(after.id).toBe(before.id);
    expect(embeddingCount()).toBe(count);
  });

  it('a copy reuses the embedding of its original', async () => {
    const copy = join(lib.photos, 'copy-of-green-circle.png');
    const count = embeddingCount();
    copyFileSync(join(lib.photos, 'green-circle-1.png'), copy);
    await waitFor(() => (paths().includes(copy) ? true : undefined), 15_000, 'the copy');
    expect(embeddingCount()).toBe(count);
  });

  it('indexes every file of a burst of a thousand, and reports every broken one in it', { timeout: 150_000 }, async () => {
    const burst = join(lib.photos, 'burst');
    mkdirSync(burst);
    const source = readFileSync(join(lib.photos, 'purple-square-1.webp'));
    for (let i = 0; i < 1000; i++) writeFileSync(join(burst, `copy-${i}.webp`), source);
    for (let i = 0; i < 20; i++) writeFileSync(join(burst, `broken-${i}.jpg`), Buffer.from(`not a photo ${i}`.repeat(50)));
    const t0 = Date.now();
    await waitFor(() => (paths().filter((p) => p.startsWith(burst)).length === 1000 ? true : undefined), 120_000, 'the burst');
    const failed = await waitFor(() => {
      const s = cliJson<{ failures: { path: string; error: string }[] }>(['status', ...args()]);
      const broken = s.failures.filter((f) => f.path.startsWith(join(burst, 'broken-')));
      return broken.length === 20 ? broken : undefined;
    }, 30_000, 'the broken files to be reported');
    expect(failed.every((f) => f.error.length > 0)).toBe(true);
    console.log(`1000-file burst searchable after ${Date.now() - t0} ms`);
    expect(watcher.exitCode).toBeNull();
  });

  it('shuts down cleanly on SIGINT and releases the library', async () => {
    watcher.kill('SIGINT');
    const code = await waitFor(() => watcher.exitCode ?? undefined, 15_000, 'the watcher to exit');
    expect(code).toBe(0);
    expect(existsSync(join(lib.library, 'indexer.lock'))).toBe(false);
    // The next indexer starts without waiting for anything.
    expect(cli(['index', ...args()]).code).toBe(0);
  });
});
