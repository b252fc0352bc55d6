// Tags a person can trust (issue 14), measured with tiny-clip on generated photos: auto-tags calibrated
// per label (a model that does not know the default vocabulary's words gives almost no tags; the
// colour/shape vocabulary keeps its precision and recall), and taught tags whose decision does not
// spread when unrelated photos arrive.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHeldOut, randomScene, renderScene, rng, SHAPES, type Colour } from '../src-main/demo/scenes.js';
import type { Engine } from '../src-main/engine/engine.js';
import { indexedEngine, tempLibrary, type TempLibrary } from './helpers/library.js';
import { FIXTURES } from './helpers/paths.js';

const SHAPES_VOCABULARY = join(FIXTURES, 'shapes-vocabulary.txt');

function quality(predicted: Set<number>, truth: Set<number>): { precision: number; recall: number; f1: number } {
  const tp = [...predicted].filter((id) => truth.has(id)).length;
  const precision = predicted.size ? tp / predicted.size : 0;
  const recall = truth.size ? tp / truth.size : 0;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

describe('auto-tags calibrated per label', () => {
  let lib: TempLibrary;
  let engine: Engine;

  beforeAll(async () => {
    lib = await tempLibrary(4, 7);
    engine = await indexedEngine(lib); // tags with the default vocabulary (333 everyday labels)
  });
  afterAll(async () => {
    await engine?.close();
    lib?.cleanup();
  });

  const idOf = (file: string) => engine.photoAt(join(lib.photos, file))!.id;

  it('gives almost no tags from the default vocabulary, whose words tiny-clip does not know (<= 5% of photos)', () => {
    const tagged = lib.written.filter((w) => engine.tagsOf(idOf(w.file)).length > 0);
    const names = new Set(tagged.flatMap((w) => engine.tagsOf(idOf(w.file)).map((t) => t.name)));
    console.log(`default vocabulary on tiny-clip: ${tagged.length} of ${lib.written.length} photos tagged (${((100 * tagged.length) / lib.written.length).toFixed(1)}%): ${[...names].join(', ') || 'none'}`);
    expect(tagged.length / lib.written.length).toBeLessThanOrEqual(0.05);
  });

  it('tags colours and shapes with a confidence in words: precision >= 0.9 and recall >= 0.8 on seen pairs', async () => {
    await engine.setVocabulary(readFileSync(SHAPES_VOCABULARY, 'utf8'));
    for (const heldOut of [false, true]) {
      let tp = 0;
      let fp = 0;
      let fn = 0;
      const words = { likely: 0, possible: 0 };
      for (const p of lib.written.filter((w) => isHeldOut(w.colour, w.shape) === heldOut)) {
        const tags = engine.tagsOf(idOf(p.file));
        for (const t of tags) {
          expect(['likely', 'possible']).toContain(t.confidence);
          words[t.confidence]++;
          if (t.name === p.colour || t.name === p.shape) tp++;
          else fp++;
        }
        fn += [p.colour, p.shape].filter((w) => !tags.some((t) => t.name === w)).length;
      }
      const precision = tp / (tp + fp);
      const recall = tp / (tp + fn);
      console.log(`shapes vocabulary, ${heldOut ? 'held-out' : 'seen'} pairs: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} (${tp + fn} true tags; ${words.likely} likely, ${words.possible} possible)`);
      if (!heldOut) {
        expect(precision).toBeGreaterThanOrEqual(0.9);
        expect(recall).toBeGreaterThanOrEqual(0.8);
      }
    }
  });

  it('keeps a photo\'s tags as the library grows (the labels\' statistics come from a fixed sample)', async () => {
    const before = new Map(lib.written.map((w) => [w.file, engine.tagsOf(idOf(w.file))]));
    const more = join(lib.root, 'more');
    mkdirSync(more);
    const rand = rng(31);
    for (let i = 0; i < 24; i++) {
      writeFileSync(join(more, `more-${i}.jpg`), await renderScene(randomScene(rand, 'blue', SHAPES[i % 4]!), { width: 400, height: 300 }));
    }
    engine.addFolder(more);
    await engine.indexAll(); // 96 + 24 photos: still calibrated on 64
    for (const w of lib.written) expect(engine.tagsOf(idOf(w.file)), w.file).toEqual(before.get(w.file));
  });
});

describe('a tag taught by example stays put', () => {
  // "Warm shapes" (red, orange, yellow): in tiny-clip's space the colours form a ring (red next to green, yellow
  // next to blue), so the warm ones are an arc, not a cluster, and a few examples must be read carefully.
  const WARM = new Set<string>(['red', 'orange', 'yellow']);
  const COLD: Colour[] = ['green', 'blue', 'purple'];
  const DRAWS = 15;
  let lib: TempLibrary;
  let engine: Engine;
  const truth = new Map<number, boolean>(); // photo id -> warm
  const lessons: { name: string; examples: Set<number> }[] = [];

  beforeAll(async () => {
    lib = await tempLibrary(3, 21); // 72 photos, 36 warm
    engine = await indexedEngine(lib);
    for (const w of lib.written) truth.set(engine.photoAt(join(lib.photos, w.file))!.id, WARM.has(w.colour));
  });
  afterAll(async () => {
    await engine?.close();
    lib?.cleanup();
  });

  const measure = (matches: Iterable<number>, examples: Set<number>, pool: Iterable<number>) => {
    const rest = new Set([...pool].filter((id) => !examples.has(id)));
    return quality(new Set([...matches].filter((id) => rest.has(id))), new Set([...rest].filter((id) => truth.get(id))));
  };

  it('learns "warm shapes" from 5 yes and 2 no: F1 >= 0.8 on the rest of the library (median of draws)', () => {
    const rand = rng(5);
    const pickFrom = (ids: number[], n: number) => [...ids].sort(() => rand() - 0.5).slice(0, n);
    const warm = [...truth].filter(([, t]) => t).map(([id]) => id);
    const cold = [...truth].filter(([, t]) => !t).map(([id]) => id);
    const scores: number[] = [];
    const clicks10: number[] = [];
    for (let d = 0; d < DRAWS; d++) {
      const yes = pickFrom(warm, 5);
      const no = pickFrom(cold, 2);
      const name = `warm shapes ${d}`;
      const taught = engine.teach(name, yes, no);
      expect(taught.uncertain.length).toBeGreaterThan(0);
      // "likely" first (the yes examples among them), then by confidence; the word follows the decision.
      const rank = (m: (typeof taught.matches)[number]) => (m.word === 'likely' ? 1 : 0);
      expect(taught.matches.every((m, i) => i === 0 || rank(taught.matches[i - 1]!) > rank(m) || (rank(taught.matches[i - 1]!) === rank(m) && taught.matches[i - 1]!.confidence >= m.confidence))).toBe(true);
      expect(taught.matches.every((m) => m.word === 'likely' || (m.word === 'possible' && m.confidence >= 0.5))).toBe(true);
      expect(taught.uncertain.every((u) => (u.word === undefined) === (u.confidence < 0.5))).toBe(true);
      scores.push(measure(taught.matches.map((m) => m.id), new Set([...yes, ...no]), truth.keys()).f1);
      // Active learning: the person answers the three photos the tag is least sure of (ten clicks in all).
      const more = `${name}, 10 clicks`;
      let result = engine.teach(more, yes, no);
      const y = [...yes];
      const n = [...no];
      for (let k = 0; k < 3; k++) {
        const ask = result.uncertain[0]!.id;
        (truth.get(ask) ? y : n).push(ask);
        result = engine.teach(more, truth.get(ask) ? [ask] : [], truth.get(ask) ? [] : [ask]);
      }
      clicks10.push(measure(result.matches.map((m) => m.id), new Set([...y, ...n]), truth.keys()).f1);
      lessons.push({ name, examples: new Set([...yes, ...no]) }, { name: more, examples: new Set([...y, ...n]) });
    }
    console.log(`taught "warm shapes" from 5 yes + 2 no over ${DRAWS} draws: F1 median ${median(scores).toFixed(3)} (min ${Math.min(...scores).toFixed(3)}, max ${Math.max(...scores).toFixed(3)}); after 3 answers to its most uncertain photos: median ${median(clicks10).toFixed(3)} (min ${Math.min(...clicks10).toFixed(3)})`);
    expect(median(scores)).toBeGreaterThanOrEqual(0.8);
    expect(median(clicks10)).toBeGreaterThanOrEqual(median(scores));
  });

  it('moves one way on each correction: a new "no" never adds a match, a new "yes" never removes one', () => {
    const rand = rng(17);
    const ids = [...truth.keys()];
    let grewOnNo = 0;
    let shrankOnYes = 0;
    const moves: string[] = [];
    for (let d = 0; d < 10; d++) {
      const name = `one-way ${d}`;
      const yes = ids.filter((id) => truth.get(id)).sort(() => rand() - 0.5).slice(0, 4);
      const no = ids.filter((id) => !truth.get(id)).sort(() => rand() - 0.5).slice(0, 2);
      const start = new Set(engine.teach(name, yes, no).matches.map((m) => m.id));
      // A "no" on a photo the tag matches (a wrong one where there is one), then a "yes" on one it leaves out.
      const open = ids.filter((id) => !yes.includes(id) && !no.includes(id));
      const noOn = open.find((id) => start.has(id) && !truth.get(id)) ?? open.find((id) => start.has(id))!;
      const afterNo = new Set(engine.teach(name, [], [noOn]).matches.map((m) => m.id));
      grewOnNo += [...afterNo].filter((id) => !start.has(id)).length;
      const yesOn = open.find((id) => !afterNo.has(id) && truth.get(id)) ?? open.find((id) => !afterNo.has(id) && id !== noOn)!;
      const afterYes = new Set(engine.teach(name, [yesOn], []).matches.map((m) => m.id));
      shrankOnYes += [...afterNo].filter((id) => !afterYes.has(id)).length;
      moves.push(`${start.size} -> ${afterNo.size} (no) -> ${afterYes.size} (yes)`);
    }
    console.log(`one-way corrections over 10 lessons: ${moves.join('; ')}; matches added by a "no": ${grewOnNo}, removed by a "yes": ${shrankOnYes}`);
    expect(grewOnNo).toBe(0);
    expect(shrankOnYes).toBe(0);
  });

  it('keeps its precision >= 0.8 in (nearly) every draw after 400 photos that do not match are added, noise, text and gradients among them', async () => {
    const extra = join(lib.root, 'unrelated');
    mkdirSync(extra);
    const rand = rng(99);
    const kinds = new Map<string, string>(); // file -> kind
    const hex = () => `#${Math.floor(rand() * 0xffffff).toString(16).padStart(6, '0')}`;
    for (let i = 0; i < 400; i++) {
      let file: string;
      if (i % 2 === 0) {
        file = `cold-${i}.jpg`; // 200 blue, green and purple shapes
        writeFileSync(join(extra, file), await renderScene(randomScene(rand, COLD[(i / 2) % 3]!, SHAPES[Math.floor(i / 6) % 4]!), { width: 400, height: 300 }));
      } else if (i % 6 === 1) {
        file = `noise-${i}.jpg`; // random pixels
        const pixels = Buffer.alloc(224 * 224 * 3);
        for (let j = 0; j < pixels.length; j++) pixels[j] = Math.floor(rand() * 256);
        await sharp(pixels, { raw: { width: 224, height: 224, channels: 3 } }).jpeg().toFile(join(extra, file));
      } else if (i % 6 === 3) {
        file = `gradient-${i}.png`; // between two random colours
        await sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="224" height="224"><defs><linearGradient id="g"><stop offset="0" stop-color="${hex()}"/><stop offset="1" stop-color="${hex()}"/></linearGradient></defs><rect width="224" height="224" fill="url(#g)"/></svg>`)).png().toFile(join(extra, file));
      } else {
        file = `text-${i}.png`; // a scanned invoice, as it were
        await sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="224" height="224"><rect width="224" height="224" fill="#fff"/><text x="10" y="80" font-size="28">Invoice #${i}</text><text x="10" y="130" font-size="18">Total: ${Math.round(rand() * 1000)} EUR</text></svg>`)).png().toFile(join(extra, file));
      }
      kinds.set(file, file.split('-')[0]!);
    }
    engine.addFolder(extra);
    await engine.indexAll(); // the new photos get the taught tags' stored classifiers, unchanged
    const kindOf = new Map<number, string>();
    for (const [file, kind] of kinds) {
      const id = engine.photoAt(join(extra, file))!.id;
      truth.set(id, false);
      kindOf.set(id, kind);
    }
    const report = (l: (typeof lessons)[number]) => {
      const matches = engine.photosWithTag(l.name).map((m) => m.id);
      const strays: Record<string, number> = {};
      for (const id of matches) if (kindOf.has(id)) strays[kindOf.get(id)!] = (strays[kindOf.get(id)!] ?? 0) + 1;
      return { ...measure(matches, l.examples, truth.keys()), strays, unlike: (strays.noise ?? 0) + (strays.gradient ?? 0) + (strays.text ?? 0) };
    };
    const at5 = lessons.filter((_, i) => i % 2 === 0).map(report);
    const at10 = lessons.filter((_, i) => i % 2 === 1).map(report);
    at5.forEach((q, d) => console.log(`draw ${d}: 5 yes + 2 no precision ${q.precision.toFixed(3)} recall ${q.recall.toFixed(3)} F1 ${q.f1.toFixed(3)}, new photos matched ${JSON.stringify(q.strays)}; after 10 clicks precision ${at10[d]!.precision.toFixed(3)} recall ${at10[d]!.recall.toFixed(3)} ${JSON.stringify(at10[d]!.strays)}`));
    const p5 = at5.map((q) => q.precision);
    const p10 = at10.map((q) => q.precision);
    console.log(
      `after 400 unrelated photos (${truth.size} in all): precision at 5 yes + 2 no median ${median(p5).toFixed(3)} (min ${Math.min(...p5).toFixed(3)}; ` +
        `${p5.filter((p) => p >= 0.8).length} of ${p5.length} draws >= 0.8), recall median ${median(at5.map((q) => q.recall)).toFixed(3)}, F1 median ${median(at5.map((q) => q.f1)).toFixed(3)}; ` +
        `after 10 clicks median ${median(p10).toFixed(3)} (min ${Math.min(...p10).toFixed(3)}; ${p10.filter((p) => p >= 0.8).length} of ${p10.length} >= 0.8); ` +
        `noise/text/gradients matched: ${at5.reduce((n, q) => n + q.unlike, 0)} at 5+2, ${at10.reduce((n, q) => n + q.unlike, 0)} after 10 clicks (of 200 x ${DRAWS} draws)`,
    );
    // Photos unlike anything the tag was taught with do not match (at most one borderline gradient a draw).
    expect(at5.every((q) => q.unlike <= 1) && at10.every((q) => q.unlike <= 1)).toBe(true);
    expect(median(at5.map((q) => q.f1))).toBeGreaterThanOrEqual(0.8);
    // The draws under 0.8 at 5 yes + 2 no match a cold colour that neither "no" example showed (blue when the "no"s
    // are green and purple): the library's own photos of it already matched, and the new ones follow. Three answers
    // to the tag's most uncertain photos settle it.
    expect(p5.filter((p) => p >= 0.8).length).toBeGreaterThanOrEqual(11);
    expect(p10.filter((p) => p >= 0.8).length).toBeGreaterThanOrEqual(14);
  });
});
