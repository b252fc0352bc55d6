// Auto-tags, tags taught by example, smart albums and duplicates, with tiny-clip on generated photos.
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHeldOut, randomScene, renderScene, rng } from '../src-main/demo/scenes.js';
import { Engine } from '../src-main/engine/engine.js';
import { indexedEngine, tempLibrary, type TempLibrary } from './helpers/library.js';
import { FIXTURES } from './helpers/paths.js';
import { waitFor } from './helpers/cli.js';

const SHAPES_VOCABULARY = join(FIXTURES, 'shapes-vocabulary.txt');

function f1(predicted: Set<number>, truth: Set<number>): { precision: number; recall: number; f1: number } {
  const tp = [...predicted].filter((id) => truth.has(id)).length;
  const precision = predicted.size ? tp / predicted.size : 0;
  const recall = truth.size ? tp / truth.size : 0;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

describe('auto-tags from a vocabulary', () => {
  let lib: TempLibrary;
  let engine: Engine;

  beforeAll(async () => {
    lib = await tempLibrary(4);
    engine = await indexedEngine(lib);
    await engine.setVocabulary(readFileSync(SHAPES_VOCABULARY, 'utf8'));
  });
  afterAll(async () => {
    await engine?.close();
    lib?.cleanup();
  });

  const idOf = (file: string) => engine.photoAt(join(lib.photos, file))!.id;

  function tagQuality(heldOut: boolean): { precision: number; recall: number; trueTags: number } {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const p of lib.written.filter((w) => isHeldOut(w.colour, w.shape) === heldOut)) {
      const tags = engine.tagsOf(idOf(p.file)).map((t) => t.name);
      expect(tags.length).toBeLessThanOrEqual(5);
      for (const t of tags) {
        if (t === p.colour || t === p.shape) tp++;
        else fp++;
      }
      fn += [p.colour, p.shape].filter((w) => !tags.includes(w)).length;
    }
    return { precision: tp / (tp + fp), recall: tp / (tp + fn), trueTags: tp + fn };
  }

  // Held-out pairs (never seen in training) are tagged less completely: tiny-clip reads their shape
  // less surely (its model card), so a held-out tag is often left out, but the tags it gives are right.
  // Since tags must also beat the content-free prompt (tag-calibration.ts), 15 of their 32 true tags
  // are given, not 17 (recall 0.47, was 0.53).
  it('tags colours and shapes: precision >= 0.9 and recall >= 0.8 on seen pairs, >= 0.8 and >= 0.45 on held-out ones', () => {
    for (const [heldOut, minPrecision, minRecall] of [[false, 0.9, 0.8], [true, 0.8, 0.45]] as const) {
      const q = tagQuality(heldOut);
      console.log(`auto-tags on ${heldOut ? 'held-out' : 'seen'} combinations: precision ${q.precision.toFixed(3)}, recall ${q.recall.toFixed(3)} (${q.trueTags} true tags)`);
      expect(q.precision).toBeGreaterThanOrEqual(minPrecision);
      expect(q.recall).toBeGreaterThanOrEqual(minRecall);
    }
  });

  it('stores scores, lists tags, and answers tag: searches combined with text', async () => {
    const tags = engine.tags();
    expect(tags.find((t) => t.name === 'red')?.photos).toBeGreaterThanOrEqual(12);
    const redStars = await engine.search('tag:red star', { limit: 100, minScore: -1 });
    expect(redStars.hits.length).toBeGreaterThan(0);
    expect(redStars.hits.every((h) => engine.tagsOf(h.id).some((t) => t.name === 'red'))).toBe(true);
    expect(redStars.hits[0]!.path).toMatch(/red-star/);
    const onlyTag = await engine.search('tag:circle', { limit: 1000 });
    expect(onlyTag.hits.length).toBe(engine.photosWithTag('circle').length);
    expect(onlyTag.hits.filter((h) => /circle/.test(h.path)).length).toBeGreaterThanOrEqual(16);
  });

  it('keeps a removed tag removed, even when tags are computed again', async () => {
    const id = idOf(lib.written.find((w) => w.colour === 'blue' && w.shape === 'circle')!.file);
    expect(engine.tagsOf(id).map((t) => t.name)).toContain('blue');
    engine.removeTag(id, 'blue');
    expect(engine.tagsOf(id).map((t) => t.name)).not.toContain('blue');
    await engine.setVocabulary(readFileSync(SHAPES_VOCABULARY, 'utf8') + '\nshape\n'); // a new vocabulary: everything again
    expect(engine.tagsOf(id).map((t) => t.name)).not.toContain('blue');
    expect(engine.tagsOf(id).map((t) => t.name)).toContain('circle');
  });
});

describe('a tag taught by example', () => {
  // "Warm colours" (red, orange, yellow): easy to show, hard to prompt. tiny-clip never read the
  // word "warm" (a person's own tag names are like that: "Grandma's garden"), so a text prompt
  // cannot find it, but the photos' embeddings carry their colours and a linear probe can.
  const WARM = new Set(['red', 'orange', 'yellow']);
  let lib: TempLibrary;
  let engine: Engine;
  const truth = new Map<number, boolean>(); // photo id -> warm

  beforeAll(async () => {
    lib = await tempLibrary(8, 21);
    engine = await indexedEngine(lib);
    for (const w of lib.written) truth.set(engine.photoAt(join(lib.photos, w.file))!.id, WARM.has(w.colour));
  });
  afterAll(async () => {
    await engine?.close();
    lib?.cleanup();
  });

  it('learns "warm colours" from 8 yes and 8 no, well above a text prompt for it', async () => {
    const shuffled = [...truth].sort(([a], [b]) => ((a * 7919) % 101) - ((b * 7919) % 101));
    const yes = shuffled.filter(([, t]) => t).map(([id]) => id).slice(0, 8);
    const no = shuffled.filter(([, t]) => !t).map(([id]) => id).slice(0, 8);
    const started = performance.now();
    const taught = engine.teach('warm colours', yes, no);
    const ms = performance.now() - started;
    const rest = new Set([...truth.keys()].filter((id) => !yes.includes(id) && !no.includes(id)));
    const actual = new Set([...rest].filter((id) => truth.get(id)));
    const probe = f1(new Set(taught.matches.map((m) => m.id).filter((id) => rest.has(id))), actual);
    const prompt = await engine.search('a photo of something in warm colours', { limit: 1000 });
    const byPrompt = f1(new Set(prompt.hits.map((h) => h.id).filter((id) => rest.has(id))), actual);
    console.log(
      `taught "warm colours" (8 yes, 8 no; ${rest.size} other photos, ${actual.size} warm): F1 ${probe.f1.toFixed(3)} ` +
        `(precision ${probe.precision.toFixed(3)}, recall ${probe.recall.toFixed(3)}) in ${ms.toFixed(0)} ms; ` +
        `text prompt "a photo of something in warm colours": F1 ${byPrompt.f1.toFixed(3)} (${prompt.hits.length} hits)`,
    );
    expect(probe.f1).toBeGreaterThanOrEqual(0.8);
    expect(probe.f1).toBeGreaterThan(byPrompt.f1 + 0.2);
    expect(taught.matches.every((m) => m.confidence >= 0.5)).toBe(true);
  });

  it('retrains on each correction, and learns from yes examples alone', async () => {
    const warm = [...truth].filter(([, t]) => t).map(([id]) => id);
    const cold = [...truth].filter(([, t]) => !t).map(([id]) => id);
    const before = engine.photosWithTag('warm colours').length;
    engine.removeTag(cold.find((id) => engine.tagsOf(id).some((x) => x.name === 'warm colours')) ?? cold[0]!, 'warm colours'); // a "no": retrains
    expect(engine.photosWithTag('warm colours').length).toBeGreaterThan(before * 0.5);
    const onlyYes = engine.teach('warm, from yes only', warm.slice(0, 8));
    const p = f1(new Set(onlyYes.matches.map((m) => m.id)), new Set(warm));
    console.log(`taught from 8 yes and no "no": F1 ${p.f1.toFixed(3)}`);
    expect(p.f1).toBeGreaterThan(0.6);
  });
});

describe('a taught tag\'s example that leaves and comes back', () => {
  let lib: TempLibrary;
  let engine: Engine;

  beforeAll(async () => {
    lib = await tempLibrary(2, 21);
    engine = await indexedEngine(lib);
  });
  afterAll(async () => {
    await engine?.close();
    lib?.cleanup();
  });

  it('gets its taught tag again when the file is copied back (a new photo, the same content)', async () => {
    const file = (colour: string, shape: string, n = 0) => lib.written.filter((w) => w.colour === colour && w.shape === shape)[n]!.file;
    const idOf = (f: string) => engine.photoAt(join(lib.photos, f))!.id;
    // A blue star marked "yes" while another blue star is a "no": the rule alone does not match it, only the verdict.
    const odd = file('blue', 'star');
    const yes = [idOf(file('red', 'circle')), idOf(file('orange', 'square')), idOf(file('yellow', 'triangle')), idOf(odd)];
    const taught = engine.teach('warm', yes, [idOf(file('green', 'circle')), idOf(file('purple', 'square')), idOf(file('blue', 'star', 1))]);
    expect(engine.tagsOf(idOf(odd)).map((t) => t.name)).toContain('warm');
    // A "yes" is shown as added by the person, not with the classifier's confidence; a photo the rule found is not.
    expect(engine.tagsOf(idOf(odd)).find((t) => t.name === 'warm')?.byYou).toBe(true);
    const found = taught.matches.find((m) => !yes.includes(m.id));
    expect(found, 'the rule matches a photo that was not an example').toBeDefined();
    expect(engine.tagsOf(found!.id).find((t) => t.name === 'warm')).toMatchObject({ byYou: false });
    expect(engine.tagsOf(idOf(file('blue', 'star', 1))).map((t) => t.name)).not.toContain('warm');
    const saved = readFileSync(join(lib.photos, odd));
    const before = idOf(odd);
    rmSync(join(lib.photos, odd));
    await engine.indexAll();
    engine.emptyRecentlyRemoved(); // gone for good, its verdicts with it: only the content's are left
    writeFileSync(join(lib.photos, `back-${odd}`), saved); // copied back under another name: a new photo
    await engine.indexAll();
    expect(idOf(`back-${odd}`)).not.toBe(before);
    const back = engine.tagsOf(idOf(`back-${odd}`)).find((t) => t.name === 'warm');
    console.log(`a "yes" example deleted, indexed, copied back: ${back ? `tagged "warm" (${back.confidence})` : 'not tagged'}`);
    expect(back?.confidence).toBe('likely');
    expect(back?.byYou).toBe(true); // the verdict on its content came back with it
  });
});

describe('smart albums and duplicates', () => {
  let lib: TempLibrary;
  let engine: Engine;

  beforeAll(async () => {
    lib = await tempLibrary(1);
    engine = await indexedEngine(lib);
    await engine.watch();
  });
  afterAll(async () => {
    await engine?.close();
    lib?.cleanup();
  });

  it('an album picks up a matching photo dropped into a watched folder, without a restart', async () => {
    engine.createAlbum({ name: 'Blue stars', query: 'a photo of a blue star' });
    const before = await engine.albumPhotos('Blue stars');
    expect(before.length).toBeGreaterThan(0);
    const scene = randomScene(rng(5), 'blue', 'star');
    writeFileSync(join(lib.photos, 'new-blue-star.jpg'), await renderScene(scene, { width: 400, height: 300 }));
    const newId = await waitFor(async () => engine.photoAt(join(lib.photos, 'new-blue-star.jpg'))?.status === 'indexed' ? engine.photoAt(join(lib.photos, 'new-blue-star.jpg'))!.id : undefined, 30_000, 'the new photo to be indexed');
    const after = await engine.albumPhotos('Blue stars');
    expect(after.map((h) => h.id)).toContain(newId);
    expect(after.length).toBe(before.length + 1);
    expect(engine.albums().map((a) => a.name)).toEqual(['Blue stars']);
  });

  it('groups exact and resized copies of a photo, and not different photos', async () => {
    const original = lib.written.find((w) => w.colour === 'red' && w.shape === 'circle')!.file;
    copyFileSync(join(lib.photos, original), join(lib.photos, 'copy-of-red-circle.jpg'));
    await sharp(join(lib.photos, original)).resize(200).jpeg({ quality: 70 }).toFile(join(lib.photos, 'small-red-circle.jpg'));
    await waitFor(async () => ['copy-of-red-circle.jpg', 'small-red-circle.jpg'].every((f) => engine.photoAt(join(lib.photos, f))?.status === 'indexed') || undefined, 30_000, 'the copies to be indexed');
    await engine.indexAll(); // joins the watcher's run in progress
    const groups = await engine.duplicates();
    const names = groups.map((g) => g.ids.map((id) => engine.photo(id)!.path.split('/').pop()).sort());
    console.log('duplicate groups:', JSON.stringify(names));
    expect(names).toContainEqual([original, 'copy-of-red-circle.jpg', 'small-red-circle.jpg'].sort());
    expect(groups).toHaveLength(1); // the other 24+ photos, same-coloured shapes included, are not duplicates
  });
});
