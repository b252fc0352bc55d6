// npm run bench [-- --quick | --full]
// Measures indexing and search with a ViT-B/32-shaped model (random weights, real cost) and writes
// bench/out/results.json and the table in bench/README.md. Every figure in one run, on one machine,
// so that ratios are meaningful even where absolute times are noisy.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { ClipModel } from '../src-main/embed/clip-model.js';
import { packageRoot } from '../src-main/models/registry.js';
import { ASPECT_MIX, cameraJpegs, mixedAspectJpegs } from './images.js';
import { BATCH, decodeRate, defaultDecodeConcurrency, endToEnd, firstIndex, inferenceRate, precisionRates, type EndToEnd, type FirstIndex } from './indexing.js';
import { buildFromSqlite, coldStart, knnLatency, knnQueries, knnQueryCount, knnRecall, queryLatency, syntheticLibrary, syntheticVectors } from './search.js';
import { renderReport } from './report.js';
import { transformersJsRates } from './transformers-js.js';

const ROOT = packageRoot();
const MODEL_DIR = join(ROOT, 'models', 'vit-b-32-random');
const OUT = join(ROOT, 'bench', 'out');
const CLI = join(ROOT, 'bin', 'photo-search.js');
/** The kNN queries (float32 [Q, 512]) the parent writes into a synthetic library for the search child. */
const KNN_QUERIES = 'bench-knn-queries.f32';

type Mode = 'quick' | 'standard' | 'full';

function log(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`);
}

/** Runs a measurement in a new process: its peak RSS and start-up are its own. */
function child<T>(flag: string, folder: string, tags: boolean, extra: string[] = []): T {
  const r = spawnSync(process.execPath, ['--expose-gc', join(ROOT, 'dist', 'bench', 'run.js'), flag, folder, ...(tags ? [] : ['--no-tags']), ...extra], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${flag} child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as T;
}

/** The regressions `--check` fails on: loose on purpose, to catch a 2x slowdown and not noise. */
const CHECKS = { minOfBound: 0.6, maxFirstIndexFixedSeconds: 20, rounds: 3 };

/** --check: the regressions CI refuses; prints the figures, never rewrites bench/README.md. */
function checkAndReport(results: Record<string, unknown>, ofBound: number): void {
  writeFileSync(join(OUT, 'results.json'), JSON.stringify(results, null, 2));
  const fixed = (results.firstIndex as { fixedSeconds: number }).fixedSeconds;
  const failures = [
    ofBound < CHECKS.minOfBound && `end-to-end indexing is ${(ofBound * 100).toFixed(0)}% of the bound (at least ${CHECKS.minOfBound * 100}%)`,
    fixed > CHECKS.maxFirstIndexFixedSeconds && `a first index spends ${fixed.toFixed(1)} s beyond loading the model (at most ${CHECKS.maxFirstIndexFixedSeconds} s)`,
  ].filter(Boolean);
  const ix = results.indexing as { I: number; D: number; bound: number; endToEnd: number };
  process.stdout.write(`bench --check: I ${ix.I.toFixed(1)} img/s, D ${ix.D.toFixed(1)} img/s, bound ${ix.bound.toFixed(1)} img/s, end-to-end ${ix.endToEnd.toFixed(1)} img/s (${(ofBound * 100).toFixed(0)}%), first-index fixed cost ${fixed.toFixed(1)} s\n`);
  if (failures.length) {
    process.stderr.write(`bench --check failed:\n  ${failures.join('\n  ')}\n`);
    // What the failing run spent its time on (busy ms per stage), so that a CI log alone can tell noise from a regression.
    process.stderr.write(`  end-to-end stages (busy ms): ${JSON.stringify((results.indexing as { stages: unknown }).stages)}\n`);
    process.exitCode = 1;
  } else process.stdout.write('bench --check passed\n');
}

/** The pipeline's bound (img/s) when decode (D img/s alone) and inference (I img/s alone) share the cores. */
function boundOf(I: number, D: number): number {
  return 1 / (1 / I + 1 / D);
}

/**
 * I, D and the end-to-end rate (img/s) on `paths`, each the better of two runs: a busy machine only ever slows a
 * measure down, so the ratio of end-to-end to the bound then compares like with like. End-to-end runs in a
 * child process (its own peak RSS); with `timeTags` the first child also times the auto-tags.
 */
async function measureIndexing(paths: string[], photosDir: string, photos: number, timeTags: boolean): Promise<{ I: number; D: number; e2e: EndToEnd }> {
  const model = await ClipModel.load(MODEL_DIR, 'cpu');
  log('inference-only rate (I), better of two');
  const batches = Math.max(3, Math.ceil(photos / BATCH));
  const I = Math.max(await inferenceRate(model, batches), await inferenceRate(model, batches));
  log('decode + preprocess rate (D), better of two');
  const D = Math.max(await decodeRate(model, paths, defaultDecodeConcurrency()), await decodeRate(model, paths, defaultDecodeConcurrency()));
  await model.release();
  log(`end-to-end indexing, better of two${timeTags ? ' (the first also times the auto-tags)' : ''}`);
  const firstRun = child<EndToEnd>('--child-e2e', photosDir, timeTags);
  const again = child<EndToEnd>('--child-e2e', photosDir, false);
  // The stage breakdown, tags and peak RSS are the first run's; the rate is the better one.
  return { I, D, e2e: { ...firstRun, rate: Math.max(firstRun.rate, again.rate), seconds: Math.min(firstRun.seconds, again.seconds), peakRssMB: Math.max(firstRun.peakRssMB, again.peakRssMB) } };
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--child-e2e') {
    const precision = argv.includes('--int8') ? 'int8' : 'fp32';
    const wholeFrame = argv.includes('--whole-frame');
    process.stdout.write(`${JSON.stringify(await endToEnd(argv[1]!, MODEL_DIR, { tags: !argv.includes('--no-tags'), precision, wholeFrame }))}\n`);
    return;
  }
  if (argv[0] === '--child-search') {
    // Search latencies in a process like the app's search process: it holds the library, not the
    // bench's 100,000 generated arrays and the garbage of building them.
    const [dir, queries] = [argv[1]!, Number(argv[2])];
    const query = await queryLatency(dir, MODEL_DIR, queries);
    (globalThis as { gc?: () => void }).gc?.();
    const knn = knnLatency(dir, MODEL_DIR, new Float32Array(readFileSync(join(dir, KNN_QUERIES)).buffer.slice(0)), 512);
    process.stdout.write(`${JSON.stringify({ query, knn })}\n`);
    return;
  }
  if (argv[0] === '--child-first-index') {
    process.stdout.write(`${JSON.stringify(await firstIndex(argv[1]!, MODEL_DIR, { tags: !argv.includes('--no-tags') }))}\n`);
    return;
  }
  const mode: Mode = argv.includes('--quick') ? 'quick' : argv.includes('--full') ? 'full' : 'standard';
  if (!existsSync(join(MODEL_DIR, 'onnx', 'vision_model.onnx'))) {
    log(`exporting the ViT-B/32-shaped benchmark model to ${MODEL_DIR} (once)`);
    const r = spawnSync(join(ROOT, 'scripts', 'python3'), [join(ROOT, 'training', 'train.py'), '--arch', 'vit-b-32', '--random-init', '--export-only'], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('could not export the benchmark model (see training/README.md)');
  }
  mkdirSync(OUT, { recursive: true });
  const sizes = { quick: { photos: 24, libraries: [10_000], queries: 100 }, standard: { photos: 64, libraries: [10_000, 100_000], queries: 300 }, full: { photos: 128, libraries: [10_000, 100_000, 1_000_000], queries: 1000 } }[mode];
  const results: Record<string, unknown> = {
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform}-${process.arch}` },
    command: `npm run bench${mode === 'standard' ? '' : ` -- --${mode}`}`,
    date: new Date().toISOString(),
    model: 'ViT-B/32 shapes (width 768, 12 layers, patch 32; text 512, 12 layers), random weights',
  };

  log(`generating ${sizes.photos} 12-megapixel JPEGs`);
  const photosDir = join(OUT, 'photos-12mp');
  const paths = await cameraJpegs(photosDir, sizes.photos);

  const check = argv.includes('--check');
  // Auto-tags take minutes with this model: timed by the standard and full runs only.
  const timeTags = !check && mode !== 'quick';
  let { I, D, e2e } = await measureIndexing(paths, photosDir, sizes.photos, timeTags);
  // --check on a shared machine: a neighbour's burst during the end-to-end runs alone reads as a slowdown (CI
  // once measured 53% where the same commit gives 67-109% here). A real regression stays under the limit in
  // every round; noise does not, so another round or two are measured before failing, each better-of kept.
  for (let round = 2; check && e2e.rate / boundOf(I, D) < CHECKS.minOfBound && round <= CHECKS.rounds; round++) {
    log(`end-to-end at ${((100 * e2e.rate) / boundOf(I, D)).toFixed(0)}% of the bound: measuring again (round ${round} of ${CHECKS.rounds})`);
    const again = await measureIndexing(paths, photosDir, sizes.photos, false);
    [I, D] = [Math.max(I, again.I), Math.max(D, again.D)];
    if (again.e2e.rate > e2e.rate) e2e = { ...again.e2e, peakRssMB: Math.max(e2e.peakRssMB, again.e2e.peakRssMB) };
  }
  const bound = boundOf(I, D);
  results.indexing = {
    I, D, bound, endToEnd: e2e.rate, ofBound: e2e.rate / bound, photos: e2e.photos, batch: BATCH, decodeConcurrency: defaultDecodeConcurrency(),
    peakRssMB: e2e.peakRssMB, stages: e2e.stages, seconds: e2e.seconds, tagsSeconds: e2e.tagsSeconds,
  };
  log('first index of 8 photos in a new process');
  const eight = join(OUT, 'photos-first-index');
  rmSync(eight, { recursive: true, force: true });
  mkdirSync(eight, { recursive: true });
  paths.slice(0, 8).forEach((p, i) => copyFileSync(p, join(eight, `IMG_${i}.jpg`)));
  const first = child<FirstIndex>('--child-first-index', eight, timeTags);
  // Beyond process start and model load, and beyond the 8 photos' own share at the measured rate.
  results.firstIndex = { ...first, fixedSeconds: Math.max(0, first.searchableSeconds - first.photos / e2e.rate) };

  if (check) return checkAndReport(results, e2e.rate / bound);

  // Whole-frame views (embed/photo-views.ts) on a realistic mix of shapes: the photos are searchable as soon
  // as without them; the views are embedded after, and this is what they cost.
  log('whole-frame views on a realistic mix of aspect ratios, off and on');
  const mixDir = join(OUT, 'photos-aspect-mix');
  const mixed = await mixedAspectJpegs(mixDir, sizes.photos);
  const off = child<EndToEnd>('--child-e2e', mixDir, false);
  const on = child<EndToEnd>('--child-e2e', mixDir, false, ['--whole-frame']);
  results.wholeFrame = {
    photos: mixed.length,
    mix: Object.fromEntries(ASPECT_MIX.map((a) => [a.name, a.per1000])),
    offRate: off.rate, // photos/s until searchable, without views
    onSearchableRate: on.rate, // the same with views on: they come after
    onWholeRate: on.photos / (on.seconds + on.viewsSeconds), // photos/s until every view is embedded
    viewsPerPhoto: on.views,
    extraInferencesPer1000: Math.round((on.views - 1) * 1000),
  };

  log('precisions: fp32, int8, fp16 (training/quantize.py writes the variants once)');
  if (!existsSync(join(MODEL_DIR, 'onnx', 'vision_model_quantized.onnx'))) {
    const q = spawnSync(join(ROOT, 'scripts', 'python3'), [join(ROOT, 'training', 'quantize.py'), MODEL_DIR], { stdio: 'inherit' });
    if (q.status !== 0) throw new Error('could not write the int8 and fp16 variants of the benchmark model');
  }
  const precisions = await precisionRates(MODEL_DIR, Math.max(3, Math.ceil(sizes.photos / BATCH)));
  const e2eInt8 = child<EndToEnd>('--child-e2e', photosDir, false, ['--int8']);
  results.precisions = { ...precisions, endToEndInt8: e2eInt8.rate };

  log('transformers.js peer');
  const peer = await transformersJsRates(MODEL_DIR, paths, BATCH);
  results.transformersJs = { ...peer, ratio: e2e.rate / peer.batchedRate, ratioInt8: e2eInt8.rate / peer.batchedRate };

  const search: Record<string, unknown> = {};
  for (const n of sizes.libraries) {
    log(`search at ${n.toLocaleString()} photos`);
    const dir = mkdtempSync(join(tmpdir(), `bench-lib-${n}-`));
    try {
      const vectors = syntheticVectors(n, 512);
      syntheticLibrary(dir, MODEL_DIR, vectors);
      const build = buildFromSqlite(dir, MODEL_DIR, 512);
      const queries = knnQueries(vectors, knnQueryCount(1000));
      writeFileSync(join(dir, KNN_QUERIES), queries);
      const measured = child<{ query: Awaited<ReturnType<typeof queryLatency>>; knn: ReturnType<typeof knnLatency> }>('--child-search', dir, true, [String(sizes.queries)]);
      const { found, ...knnTimes } = measured.knn;
      const knn = { ...knnTimes, recallAt10: knnRecall(vectors, queries, found) };
      const cold = coldStart(dir, MODEL_DIR, CLI);
      search[String(n)] = { build, knn, query: measured.query, coldStart: cold, benchRssMB: Math.round(process.resourceUsage().maxRSS / 1024) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  results.search = search;

  writeFileSync(join(OUT, 'results.json'), JSON.stringify(results, null, 2));
  // The table in bench/README.md is the standard (or full) run's: a quick run only prints its figures.
  if (mode !== 'quick') {
    const readme = join(ROOT, 'bench', 'README.md');
    const before = existsSync(readme) ? readFileSync(readme, 'utf8') : '';
    writeFileSync(readme, renderReport(before, results));
  }
  process.stdout.write(`${renderReport('', results)}\n`);
}

main(process.argv.slice(2)).catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exitCode = 1;
});
