// node dist/bench/whole-photo-retrieval.js
// Retrieval with and without whole-frame views (embed/photo-views.ts) on a generated library where a
// third of the photos have their subject outside the centre square, with the bundled tiny-clip.
// Each photo is queried by its caption ("a photo of a red circle"); its rank counts the photos of
// other colour-shape combinations that score above it. R@k: the share of photos ranked k or better.
// Scoring "after" is the app's: a photo's best view, views other than the main one less
// VIEW_PENALTY_SHARE of the relevance floor (search/searcher.ts).
import sharp from 'sharp';
import { ClipModel } from '../src-main/embed/clip-model.js';
import { dot } from '../src-main/embed/vectors.js';
import { allCombinations, randomScene, rng, sceneSvg, type Colour, type Shape } from '../src-main/demo/scenes.js';
import { locateModel, relevanceFloor } from '../src-main/models/registry.js';
import { VIEW_PENALTY_SHARE } from '../src-main/search/searcher.js';

interface Photo {
  colour: Colour;
  shape: Shape;
  offCentre: boolean;
  vectors: Float32Array[]; // main first
}

/** The scene's shape moved into the part of a landscape frame outside its centre square (left or right). */
function offCentreSvg(rand: () => number, colour: Colour, shape: Shape, width: number, height: number): string {
  const scene = randomScene(rand, colour, shape, 0.2 + rand() * 0.1);
  const side = Math.min(width, height);
  const margin = (width - side) / 2;
  const r = (scene.size * side) / 2;
  const left = rand() < 0.5;
  const cx = left ? Math.max(r + 4, margin - r - 4) : width - Math.max(r + 4, margin - r - 4);
  const dx = cx - (margin + scene.cx * side);
  return sceneSvg(scene, width, height).replace(/(<circle|<polygon)/, `<g transform="translate(${dx.toFixed(1)} 0)">$1`).replace(/<\/svg>$/, '</g></svg>');
}

async function main(): Promise<void> {
  const info = locateModel('tiny-clip', '', 'int8');
  const model = await ClipModel.load(info.dir, 'cpu', { precision: 'int8' });
  const floor = relevanceFloor(info);
  const rand = rng(11);
  const photos: Photo[] = [];
  for (const [colour, shape] of allCombinations()) {
    for (let k = 0; k < 3; k++) {
      const offCentre = k === 2;
      const [w, h] = offCentre ? (rand() < 0.5 ? [640, 360] : [640, 480]) : [320, 240];
      const svg = offCentre ? offCentreSvg(rand, colour, shape, w, h) : sceneSvg(randomScene(rand, colour, shape), w, h);
      const { vectors } = await model.embedImageViews(await sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer());
      photos.push({ colour, shape, offCentre, vectors });
    }
  }
  const queries = new Map<string, Float32Array>();
  for (const [colour, shape] of allCombinations()) queries.set(`${colour} ${shape}`, (await model.embedTexts([`a photo of a ${colour} ${shape}`]))[0]!);
  await model.release();
  const penalty = VIEW_PENALTY_SHARE * floor;
  const scorers = {
    before: (q: Float32Array, p: Photo) => dot(q, p.vectors[0]!),
    after: (q: Float32Array, p: Photo) => Math.max(dot(q, p.vectors[0]!), ...p.vectors.slice(1).map((v) => dot(q, v) - penalty)),
  };
  const result: Record<string, Record<string, number>> = {};
  for (const [name, score] of Object.entries(scorers)) {
    const ranks = photos.map((p) => {
      const q = queries.get(`${p.colour} ${p.shape}`)!;
      const mine = score(q, p);
      return { offCentre: p.offCentre, rank: 1 + photos.filter((o) => (o.colour !== p.colour || o.shape !== p.shape) && score(q, o) > mine).length };
    });
    const at = (k: number, sel: (r: { offCentre: boolean }) => boolean) => {
      const set = ranks.filter(sel);
      return Math.round((set.filter((r) => r.rank <= k).length / set.length) * 1000) / 1000;
    };
    result[name] = {
      'R@1 all': at(1, () => true), 'R@5 all': at(5, () => true),
      'R@1 off-centre': at(1, (r) => r.offCentre), 'R@5 off-centre': at(5, (r) => r.offCentre),
      'R@1 centred': at(1, (r) => !r.offCentre), 'R@5 centred': at(5, (r) => !r.offCentre),
    };
  }
  const views = photos.reduce((n, p) => n + p.vectors.length, 0) / photos.length;
  process.stdout.write(`${JSON.stringify({ photos: photos.length, offCentre: photos.filter((p) => p.offCentre).length, viewsPerPhoto: views, viewPenalty: penalty, ...result }, null, 2)}\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exitCode = 1;
});
