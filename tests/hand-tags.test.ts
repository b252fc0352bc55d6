// A tag put on photos by hand ("Tag…" on a selection, the API's tags.add) is on exactly those photos, under every
// model, until someone teaches it; a taught tag that learns takes them as examples; an automatic tag keeps them.
// A new user tagged 3 photos "my stars" and found the tag on 20: the linear probe had generalised from 3 examples.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../src-main/engine/engine.js';
import { indexedEngine, tempLibrary, type TempLibrary } from './helpers/library.js';
import { FIXTURES } from './helpers/paths.js';

describe('tags put on by hand', () => {
  let lib: TempLibrary;
  let engine: Engine;
  const idOf = (colour: string, shape: string, n = 0) => engine.photoAt(join(lib.photos, lib.written.filter((w) => w.colour === colour && w.shape === shape)[n]!.file))!.id;
  const tagged = (name: string) => engine.photosWithTag(name).map((p) => p.id).sort((a, b) => a - b);
  const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

  beforeAll(async () => {
    lib = await tempLibrary(2, 31);
    engine = await indexedEngine(lib);
  });
  afterAll(async () => {
    await engine?.close();
    lib?.cleanup();
  });

  it('puts a new tag on exactly the photos chosen, says it is theirs, and removes it from one without learning', async () => {
    const stars = [idOf('yellow', 'star'), idOf('red', 'star'), idOf('blue', 'star')];
    expect(engine.tagPhotos('my stars', stars)).toEqual({ name: 'my stars', learns: false, photos: 3 });
    expect(tagged('my stars')).toEqual(sorted(stars));
    expect(engine.tags().find((t) => t.name === 'my stars')).toMatchObject({ kind: 'taught', photos: 3 });
    expect(engine.tagsOf(stars[0]!).find((t) => t.name === 'my stars')).toMatchObject({ byYou: true, confidence: 'likely' });
    // More by hand: added, still nothing guessed.
    expect(engine.tagPhotos('my stars', [idOf('green', 'star')]).photos).toBe(4);
    engine.removeTag(stars[2]!, 'my stars');
    expect(tagged('my stars')).toEqual(sorted([stars[0]!, stars[1]!, idOf('green', 'star')]));
    expect(sorted((await engine.search('tag:"my stars"')).hits.map((h) => h.id))).toEqual(tagged('my stars'));
  });

  it('learns from its photos once it is taught, and a taught tag takes hand-put photos as examples', () => {
    const circles = [idOf('red', 'circle'), idOf('blue', 'circle'), idOf('green', 'circle'), idOf('purple', 'circle')];
    engine.tagPhotos('round things', circles);
    expect(tagged('round things')).toEqual(sorted(circles));
    const examples = engine.tagExamples('round things');
    expect(examples).toEqual({ kind: 'taught', yes: sorted(circles), no: [] });
    // Taught (the teach bar's Train): from now on it generalises, from the photos put on it by hand.
    const taught = engine.teach('round things', examples.yes, [idOf('red', 'square'), idOf('blue', 'triangle')]);
    expect(taught.matches.length).toBeGreaterThan(circles.length);
    // "Tag…" with a tag that learns: the photos join its examples, and it says it learns.
    const more = engine.tagPhotos('round things', [idOf('yellow', 'circle')]);
    expect(more.learns).toBe(true);
    expect(engine.tagExamples('round things').yes).toContain(idOf('yellow', 'circle'));
  });

  it('keeps a hand-put automatic tag through a new vocabulary run, and a hand tag under another model', async () => {
    await engine.setVocabulary(readFileSync(join(FIXTURES, 'shapes-vocabulary.txt'), 'utf8'));
    const odd = idOf('blue', 'square'); // not red
    expect(engine.tagsOf(odd).map((t) => t.name)).not.toContain('red');
    engine.tagPhotos('red', [odd]);
    expect(engine.tagsOf(odd).find((t) => t.name === 'red')).toMatchObject({ byYou: true });
    await engine.setVocabulary(readFileSync(join(FIXTURES, 'shapes-vocabulary.txt'), 'utf8') + 'pointy\n');
    await engine.indexAll();
    expect(engine.tagsOf(odd).map((t) => t.name)).toContain('red');
    const hand = tagged('my stars');
    await engine.close();
    // The same library under the bilingual model: it tags on its own, and the hand tag is on the same photos.
    engine = await Engine.open({ libraryDir: lib.library, model: 'tiny-clip-ko', device: 'cpu' });
    await engine.indexAll();
    expect(tagged('my stars')).toEqual(hand);
    expect(engine.tagsOf(odd).map((t) => t.name)).toContain('red');
  }, 120_000);
});
