// A burst into a watched folder: `index --watch` runs on an empty library folder, then N distinct
// photos and 50 broken files are written into it as fast as the disk takes them (a camera card or a
// sync client). Measures the time until every photo is searchable and every broken file is reported,
// and the watcher's peak RSS. The bundled tiny-clip model, small 640x480 JPEGs: the cost measured is
// the watcher's and the queue's, not the model's. `node dist/bench/burst.js [N]` (default 10,000).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allCombinations, randomScene, renderScene, rng } from '../src-main/demo/scenes.js';
import { packageRoot } from '../src-main/models/registry.js';

const CLI = join(packageRoot(), 'bin', 'photo-search.js');
const BROKEN = 50;

function cliJson<T>(args: string[]): T {
  const r = spawnSync(process.execPath, [CLI, ...args, '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as T;
}

/** The peak resident set of process `pid` so far (VmHWM), in MB. */
function peakRssMB(pid: number): number {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 10_000);
  const root = mkdtempSync(join(tmpdir(), 'bench-burst-'));
  const photos = join(root, 'photos');
  const library = join(root, 'library');
  mkdirSync(photos);
  const common = ['--library', library, '--model', 'tiny-clip', '--device', 'cpu'];
  try {
    // 48 distinct scenes; each copy gets unique trailing bytes (after the JPEG's end marker), so every
    // file has its own content hash and is decoded and embedded on its own.
    const rand = rng(9);
    const scenes = await Promise.all(
      allCombinations().flatMap(([c, s]) => [0, 1].map(() => renderScene(randomScene(rand, c, s), { format: 'jpeg', width: 640, height: 480 }))),
    );
    spawnSync(process.execPath, [CLI, 'folders', 'add', photos, ...common]);
    const watcher = spawn(process.execPath, [CLI, 'index', '--watch', ...common], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    watcher.stdout.on('data', (d: Buffer) => (out += d.toString()));
    while (!/Watching for changes/.test(out)) await new Promise((r) => setTimeout(r, 100));
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const scene = scenes[i % scenes.length]!;
      writeFileSync(join(photos, `IMG_${String(i).padStart(5, '0')}.jpg`), Buffer.concat([scene, Buffer.from(`#${i}`)]));
    }
    for (let i = 0; i < BROKEN; i++) writeFileSync(join(photos, `broken_${i}.jpg`), Buffer.from(`not a photo ${i}`.repeat(40)));
    const written = performance.now() - t0;
    let searchable = 0;
    let failed = 0;
    let peak = 0;
    for (;;) {
      await new Promise((r) => setTimeout(r, 2000));
      peak = Math.max(peak, peakRssMB(watcher.pid!));
      const s = cliJson<{ indexed: number; counts: { failed: number } }>(['status', ...common]);
      searchable = s.indexed;
      failed = s.counts.failed;
      process.stderr.write(`\r${searchable} searchable, ${failed} failed after ${((performance.now() - t0) / 1000).toFixed(0)} s`);
      if ((searchable >= n && failed >= BROKEN) || performance.now() - t0 > 1800_000) break;
    }
    const seconds = (performance.now() - t0) / 1000;
    watcher.kill('SIGINT');
    process.stderr.write('\n');
    process.stdout.write(
      `${JSON.stringify({ photos: n, broken: BROKEN, writeSeconds: written / 1000, seconds, searchable, failed, ratePerSecond: n / seconds, peakRssMB: peak })}\n`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exitCode = 1;
});
