// Search sees the whole photo, through the real pipeline (files on disk, the watcher-free indexer,
// tiny-clip, SQLite, the HNSW index): transparent images, animations whose first frame is blank,
// panoramas and tall shots with the subject far from the centre, queries without content, emoji.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../src-main/engine/engine.js';
import { emojiToWords } from '../src-main/embed/emoji-names.js';
import { cli, cliJson } from './helpers/cli.js';

const BACKGROUND = 'rgb(246,244,238)'; // a light background, as the generated scenes (and many photos) have
const RED = 'rgb(220,30,30)';

function svg(width: number, height: number, body: string, background: string | null = BACKGROUND): Buffer {
  const bg = background ? `<rect width="100%" height="100%" fill="${background}"/>` : '';
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${bg}${body}</svg>`);
}
const circle = (cx: number, cy: number, r: number, fill = RED) => `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${fill}"/>`;
const square = (x: number, y: number, side: number, fill: string) => `<rect x="${x}" y="${y}" width="${side}" height="${side}" fill="${fill}"/>`;
const star = (cx: number, cy: number, r: number, fill: string) =>
  `<polygon points="${Array.from({ length: 10 }, (_, k) => {
    const rad = k % 2 === 0 ? r : r * 0.42;
    const a = ((-90 + k * 36) * Math.PI) / 180;
    return `${(cx + rad * Math.cos(a)).toFixed(1)},${(cy + rad * Math.sin(a)).toFixed(1)}`;
  }).join(' ')}" fill="${fill}"/>`;

/**
 * An animation: a blank first frame (of `background`) for `blankMs`, then `body` for `shownMs`, `width` x `height`.
 */
async function blankThenShape(
  format: 'gif' | 'webp',
  body: string,
  opts: { background?: string; blankMs?: number; shownMs?: number; width?: number; height?: number } = {},
): Promise<Buffer> {
  const [w, h] = [opts.width ?? 320, opts.height ?? 240];
  const blank = await sharp(svg(w, h, '', opts.background ?? BACKGROUND)).png().toBuffer();
  const shown = await sharp(svg(w, h, body)).png().toBuffer();
  return sharp([blank, shown], { join: { animated: true } })[format]({ delay: [opts.blankMs ?? 100, opts.shownMs ?? 10_000], loop: 0 }).toBuffer();
}

const SKY_BLUE = 'rgb(160,200,240)';

/** The photos that show a red circle somewhere CLIP's centre crop or first frame does not see, or without opaque pixels. */
async function cases(): Promise<Record<string, Buffer>> {
  const transparent = svg(320, 240, circle(160, 120, 60), null);
  return {
    'transparent.png': await sharp(transparent).png().toBuffer(),
    'transparent.webp': await sharp(transparent).webp({ lossless: true }).toBuffer(),
    'transparent-palette.png': await sharp(transparent).png({ palette: true, colours: 16 }).toBuffer(),
    'blank-first-frame.gif': await blankThenShape('gif', circle(160, 120, 60)),
    'blank-first-frame.webp': await blankThenShape('webp', circle(160, 120, 60)),
    'panorama-4to1-left.jpg': await sharp(svg(1600, 400, circle(170, 200, 110))).jpeg({ quality: 90 }).toBuffer(),
    'panorama-3to1-right.jpg': await sharp(svg(1200, 400, circle(1040, 200, 110))).jpeg({ quality: 90 }).toBuffer(),
    'tall-1to3-top.jpg': await sharp(svg(400, 1200, circle(200, 170, 110))).jpeg({ quality: 90 }).toBuffer(),
    'wide-16to9-outer-fifth.jpg': await sharp(svg(1600, 900, circle(150, 450, 120))).jpeg({ quality: 90 }).toBuffer(),
    // A blank opening of one colour (not white), a long blank opening with a short subject, a wide animation.
    'sky-blue-first-frame.gif': await blankThenShape('gif', circle(160, 120, 60), { background: SKY_BLUE }),
    'long-blank-short-circle.gif': await blankThenShape('gif', circle(160, 120, 60), { blankMs: 10_000, shownMs: 100 }),
    'wide-animation-left.gif': await blankThenShape('gif', circle(150, 150, 110), { width: 1200, height: 300 }),
  };
}

/** Photos without a red circle, of the same shapes and sizes (a panorama with a blue square at its end, ...). */
async function distractors(): Promise<Record<string, Buffer>> {
  return {
    'other-blue-square.jpg': await sharp(svg(320, 240, square(110, 70, 100, 'rgb(40,70,220)'))).jpeg().toBuffer(),
    'other-green-star.png': await sharp(svg(320, 240, star(160, 120, 70, 'rgb(30,160,60)'), null)).png().toBuffer(),
    'other-panorama-blue-square.jpg': await sharp(svg(1600, 400, square(80, 90, 220, 'rgb(40,70,220)'))).jpeg().toBuffer(),
    'other-wide-yellow-star.jpg': await sharp(svg(1600, 900, star(160, 450, 130, 'rgb(235,200,20)'))).jpeg().toBuffer(),
    'other-tall-empty.jpg': await sharp(svg(400, 1200, '')).jpeg().toBuffer(),
    'other-blank-then-blue-square.gif': await blankThenShape('gif', square(110, 70, 100, 'rgb(40,70,220)')),
    'other-red-square.jpg': await sharp(svg(320, 240, square(110, 70, 100, RED))).jpeg().toBuffer(),
    // The same sky-blue opening as a case above, then other shapes: not copies of it.
    'other-sky-blue-then-green-star.gif': await blankThenShape('gif', star(160, 120, 70, 'rgb(30,160,60)'), { background: SKY_BLUE }),
    // 60000 x 2: scaled as CLIP scales, 224 x 6.7 million pixels (libvips aborted on it).
    'other-strip-60000x2.png': await sharp({ create: { width: 60_000, height: 2, channels: 3, background: '#777777' } }).png().toBuffer(),
  };
}

describe('search sees the whole photo', () => {
  let root: string;
  let engine: Engine;
  let photos: string;
  let caseNames: string[];
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'photo-search-whole-'));
    photos = join(root, 'photos');
    mkdirSync(photos);
    const all = { ...(await cases()), ...(await distractors()) };
    caseNames = Object.keys(await cases());
    for (const [name, buf] of Object.entries(all)) writeFileSync(join(photos, name), buf);
    engine = await Engine.open({ libraryDir: join(root, 'library'), model: 'tiny-clip', device: 'cpu' });
    engine.addFolder(photos);
    await engine.indexAll();
  }, 180_000);
  afterAll(async () => {
    await engine?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('indexes every file, with whole-frame views on by default', () => {
    const s = engine.status();
    expect(s.settings.wholeFrame).toBe(true);
    expect(s.counts).toMatchObject({ indexed: 21, failed: 0, waiting: 0 });
  });

  it('finds each case by its caption above the relevance floor, ranked above every photo without a red circle', async () => {
    const res = await engine.search('a photo of a red circle', { limit: 16 });
    const names = res.hits.map((h) => basename(h.path));
    const firstOther = names.findIndex((n) => n.startsWith('other-'));
    for (const name of caseNames) {
      const at = names.indexOf(name);
      expect(at, `${name} in ${names.join(', ')}`).toBeGreaterThanOrEqual(0); // above the floor: the answer is cut there
      if (firstOther >= 0) expect(at, `${name} above ${names[firstOther]}`).toBeLessThan(firstOther);
    }
    expect(res.floor).not.toBeNull();
    for (const h of res.hits.filter((x) => caseNames.includes(basename(x.path)))) expect(h.score).toBeGreaterThanOrEqual(res.floor!);
  });

  it('says which part matched: a side square of a wide or tall photo, a later frame of an animation', async () => {
    const res = await engine.search('a photo of a red circle', { limit: 16 });
    const hit = (name: string) => res.hits.find((h) => basename(h.path) === name)!;
    const pano = hit('panorama-4to1-left.jpg').match!;
    expect(pano.kind).toBe('crop');
    expect(pano.region.x).toBeLessThan(0.1); // the left end
    expect(hit('panorama-3to1-right.jpg').match!.region.x).toBeGreaterThan(0.5);
    expect(hit('tall-1to3-top.jpg').match!.region.y).toBeLessThan(0.1);
    expect(hit('wide-16to9-outer-fifth.jpg').match!.region).toMatchObject({ x: 0, y: 0, h: 1 });
    // The blank first frame is left out: the animation's main view is its circle, so no other view is needed.
    expect(hit('blank-first-frame.gif').match).toBeUndefined();
    expect(hit('wide-animation-left.gif').match).toMatchObject({ kind: 'crop', frame: 1 });
    expect(hit('wide-animation-left.gif').match!.region.x).toBeLessThan(0.1);
    // Transparent pixels are white: the main (centre) view matches.
    expect(hit('transparent.png').match).toBeUndefined();
  });

  it('shows transparent photos on the background they were embedded on', async () => {
    const id = engine.latest({ limit: 50 }).find((h) => basename(h.path) === 'transparent.png')!.id;
    const { data } = await sharp(await engine.photoJpeg(id, 'thumbnail')).raw().toBuffer({ resolveWithObject: true });
    expect([data[0], data[1], data[2]].every((v) => v! > 240)).toBe(true); // a corner: white, not black
  });

  it('calls no animations copies because they open on the same blank frame', async () => {
    const names = (ids: number[]) => ids.map((id) => basename(engine.photo(id).path));
    // (sky-blue-first-frame.gif shows the same circle as blank-first-frame.gif: those two are copies.)
    for (const group of await engine.duplicates()) expect(names(group.ids).filter((n) => n.includes('sky-blue')).length, names(group.ids).join(', ')).toBeLessThan(2);
  });

  it('answers the command line with the part that matched, and says why a query without content matches nothing', () => {
    const hits = cliJson<{ path: string; match?: { kind: string; region: { x: number } } }[]>(['search', 'a photo of a red circle', '--library', join(root, 'library'), '--json', '-k', '30']);
    expect(hits.find((h) => basename(h.path) === 'panorama-4to1-left.jpg')?.match?.kind).toBe('crop');
    const text = cli(['search', 'a photo of a red circle', '--library', join(root, 'library'), '-k', '30']);
    expect(text.stdout).toMatch(/panorama-4to1-left\.jpg {2}\(matched its left part\)/);
    const none = cli(['search', 'the of a', '--library', join(root, 'library')]);
    expect(none.stderr).toMatch(/pick out nothing/);
    // Emoji read as names everywhere the text encoder is used.
    expect(cliJson<number[]>(['tokenize', '🔴', '--model', 'tiny-clip', '--json'])).toEqual(cliJson<number[]>(['tokenize', 'red circle', '--model', 'tiny-clip', '--json']));
  });

  it('gives no good match for queries without content', async () => {
    for (const q of ['the of a', 'the', 'a photo', ',,,', '...?!']) {
      const res = await engine.search(q, { limit: 16 });
      expect(res.noGoodMatch, q).toBe(true);
      expect(res.hits, q).toEqual([]);
    }
    // The same words around a subject still find it.
    expect((await engine.search('a photo of the red circle', { limit: 3 })).hits.length).toBeGreaterThan(0);
  });

  it('reads emoji as their names: "🔴" puts red shapes first', async () => {
    const res = await engine.search('🔴', { limit: 5 });
    expect(res.noGoodMatch).toBe(false);
    expect(basename(res.hits[0]!.path)).not.toMatch(/^other-(blue|green|yellow)/);
    expect(res.hits.slice(0, 5).every((h) => !/^other-(blue|green|yellow)/.test(basename(h.path)))).toBe(true);
  });

  it('embeds only the centre crop when whole-frame views are off, and adds the views when they are turned on', async () => {
    expect(engine.updateSettings({ wholeFrame: false }).wholeFrame).toBe(false);
    // Off, search sees centre crops only, also of photos whose views were embedded before: one behaviour.
    const offNames = (await engine.search('a photo of a red circle', { limit: 30 })).hits.map((h) => basename(h.path));
    expect(offNames).not.toContain('panorama-4to1-left.jpg');
    writeFileSync(join(photos, 'late-panorama.jpg'), await sharp(svg(1600, 400, circle(1420, 200, 110))).jpeg().toBuffer());
    await engine.indexAll();
    const late = () => engine.latest({ limit: 50 }).find((h) => basename(h.path) === 'late-panorama.jpg')!;
    expect(late()).toBeDefined();
    expect((await engine.search('a photo of a red circle', { limit: 20 })).hits.map((h) => h.id)).not.toContain(late().id);
    engine.updateSettings({ wholeFrame: true });
    expect(engine.status().counts.waiting).toBe(1);
    await engine.indexAll();
    expect(engine.status().counts.waiting).toBe(0);
    const found = (await engine.search('a photo of a red circle', { limit: 20 })).hits.find((h) => h.id === late().id);
    expect(found?.match?.region.x).toBeGreaterThan(0.7);
  }, 60_000);

  it('prints every view of a photo with the part it covers: `embed --image FILE --json`', () => {
    const out = cliJson<{ embedding: number[]; views: { view: number; kind: string; region: { x: number; w: number }; embedding: number[] }[] }>([
      'embed', '--image', join(photos, 'panorama-4to1-left.jpg'), '--model', 'tiny-clip', '--json',
    ]);
    expect(out.views.map((v) => v.kind)).toEqual(['centre', 'crop', 'crop', 'crop', 'crop']);
    expect(out.views[0]!.embedding).toEqual(out.embedding); // the main view is the photo's vector
    // The squares cover the whole width: from 0 to 1, overlapping or touching.
    const crops = out.views.slice(1).map((v) => v.region);
    expect(crops[0]!.x).toBe(0);
    expect(crops[crops.length - 1]!.x + crops[crops.length - 1]!.w).toBeCloseTo(1, 5);
    for (let i = 1; i < crops.length; i++) expect(crops[i]!.x).toBeLessThanOrEqual(crops[i - 1]!.x + crops[i - 1]!.w + 1e-9);
  });
});

describe('emoji names', () => {
  it('turns emoji into their Unicode names, with variation selectors, skin tones, flags and keycaps', () => {
    expect(emojiToWords('🐶 on the 🏖️')).toBe('dog face on the beach with umbrella');
    expect(emojiToWords('🔴')).toBe('red circle');
    expect(emojiToWords('👍🏽 thanks')).toBe('thumbs up thanks');
    expect(emojiToWords('🇰🇷')).toBe('flag South Korea');
    expect(emojiToWords('1️⃣')).toBe('keycap 1');
    expect(emojiToWords('생일 🎂')).toBe('생일 birthday cake');
    expect(emojiToWords('no emoji here')).toBe('no emoji here');
  });
});
