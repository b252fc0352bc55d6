// How long teaching a tag takes on a large library: train the classifier on 16 examples (the
// logistic regression, its leave-one-out threshold, the closeness to the 8 "yes" examples) and
// score every photo, on 100,000 unit vectors of CLIP ViT-B/32's size (512), all in memory as
// the app holds them (src-main/tags/embedding-matrix.ts). `node dist/bench/taught-tag.js [N]`.
import { judge, trainTaught } from '../src-main/tags/taught-classifier.js';

function unit(rand: () => number, dim: number, centre?: Float32Array): Float32Array {
  const v = new Float32Array(dim);
  let n = 0;
  for (let j = 0; j < dim; j++) {
    v[j] = (centre ? centre[j]! * 3 : 0) + (rand() - 0.5);
    n += v[j]! * v[j]!;
  }
  for (let j = 0; j < dim; j++) v[j]! /= Math.sqrt(n);
  return v;
}

function main(): void {
  const photos = Number(process.argv[2] ?? 100_000);
  const dim = 512;
  let seed = 1;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const concept = unit(rand, dim);
  const library = Array.from({ length: photos }, (_, i) => unit(rand, dim, i % 10 === 0 ? concept : undefined));
  const yes = library.slice(0, 80).filter((_, i) => i % 10 === 0).slice(0, 8);
  const no = library.slice(1, 9);
  const runs: number[] = [];
  let matches = 0;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    const classifier = trainTaught(yes, no);
    matches = 0;
    for (const v of library) if (judge(classifier, v) >= 0) matches++;
    runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  console.log(`teach a tag: 16 examples, ${photos.toLocaleString('en')} photos x ${dim} dims: median ${runs[2]!.toFixed(0)} ms (min ${runs[0]!.toFixed(0)}, max ${runs[4]!.toFixed(0)}); ${matches} matches (${photos / 10} planted)`);
}

main();
