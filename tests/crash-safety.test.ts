// SIGKILL the indexer at several points; after each restart the database is intact, no photo is
// lost or doubled, and the vector index agrees with SQLite.
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VectorIndex } from '../src-main/store/vector-index.js';
import { labelOf } from '../src-main/store/view-labels.js';
import { cli, startCli, waitFor } from './helpers/cli.js';
import { readLibrary } from './helpers/db.js';
import { tempLibrary, type TempLibrary } from './helpers/library.js';
import { TINY_CLIP_KEY } from './helpers/paths.js';

describe('crash safety', () => {
  let lib: TempLibrary;
  const args = () => ['--library', lib.library, '--model', 'tiny-clip', '--device', 'cpu'];
  const query = <T>(sql: string): T => readLibrary(lib.library, (db) => db.prepare(sql).get() as T);

  beforeAll(async () => {
    lib = await tempLibrary(4); // 96 photos
    expect(cli(['folders', 'add', lib.photos, ...args()]).code).toBe(0);
  });
  afterAll(() => lib?.cleanup());

  it('survives SIGKILL at several points of indexing', { timeout: 300_000 }, async () => {
    const total = readdirSync(lib.photos).length;
    // Kill once while scanning has just begun, then at growing counts of indexed photos.
    for (const after of [0, 10, 40, 70]) {
      const child = startCli(['index', ...args()]);
      await waitFor(() => {
        if (child.exitCode !== null) return true;
        if (after === 0) return true;
        try {
          const { n } = query<{ n: number }>("SELECT COUNT(*) AS n FROM photos WHERE status = 'indexed'");
          return n >= after ? true : undefined;
        } catch {
          return undefined; // the database may not exist yet
        }
      }, 60_000, `${after} photos indexed`);
      console.log(`killed after ${after}: ${JSON.stringify(query('SELECT COUNT(*) AS n FROM photos'))}`);
      child.kill('SIGKILL');
      await waitFor(() => (child.exitCode !== null || child.signalCode !== null ? true : undefined), 10_000, 'the kill');
      expect(query<{ integrity_check: string }>('PRAGMA integrity_check').integrity_check).toBe('ok');
      const rows = query<{ n: number; distinct_paths: number }>('SELECT COUNT(*) AS n, COUNT(DISTINCT path) AS distinct_paths FROM photos');
      expect(rows.n).toBe(rows.distinct_paths);
      expect(rows.n).toBeLessThanOrEqual(total);
    }
    // A restart finishes the job: every photo once, all searchable, graph == SQLite.
    const done = cli(['index', ...args()]);
    expect(done.code, done.stderr).toBe(0);
    expect(query<{ integrity_check: string }>('PRAGMA integrity_check').integrity_check).toBe('ok');
    const counts = query<{ n: number; indexed: number }>("SELECT COUNT(*) AS n, SUM(status = 'indexed') AS indexed FROM photos");
    expect(counts).toEqual({ n: total, indexed: total });
    // Every view of every indexed photo (store/view-labels.ts), and nothing else.
    const truth = readLibrary(lib.library, (db) => {
      const main = db.prepare("SELECT id FROM photos WHERE status = 'indexed'").pluck().all() as number[];
      const views = db
        .prepare("SELECT p.id, v.view FROM photos p JOIN embedding_views v ON v.hash = p.hash AND v.model = ? WHERE p.status = 'indexed'")
        .all(TINY_CLIP_KEY) as { id: number; view: number }[];
      return new Set([...main.map((id) => labelOf(id)), ...views.map((v) => labelOf(v.id, v.view))]);
    });
    expect(truth.size).toBeGreaterThan(total); // the generated photos are 4:3: each has whole-frame views
    const index = VectorIndex.load(VectorIndex.commitPath(lib.library, TINY_CLIP_KEY), TINY_CLIP_KEY, 64);
    expect(new Set(index.ids())).toEqual(truth);
  });
});
