// Photos for the duplicates tests: a textured scene (a sky-to-ground gradient, hills, seeded noise, as
// a real photo has texture where a flat drawing has none) with a small subject, and what people's
// libraries hold of it: exact, resized and re-encoded copies, a burst (the subject a little further
// on, a second later), different pictures sharing the background, and wide panoramas whose middles
// are empty.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp, { type Sharp, type WriteableMetadata } from 'sharp';
import { rng } from '../../src-main/demo/scenes.js';

export interface Subject {
  shape: 'circle' | 'square' | 'triangle' | 'star';
  fill: string; // an SVG colour
  x: number; // centre, fraction of the width
  y: number; // centre, fraction of the height
  size: number; // radius, fraction of the height
}

function subjectSvg(s: Subject, width: number, height: number): string {
  const cx = s.x * width;
  const cy = s.y * height;
  const r = s.size * height;
  if (s.shape === 'circle') return `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${s.fill}"/>`;
  if (s.shape === 'square') return `<rect x="${cx - r}" y="${cy - r}" width="${2 * r}" height="${2 * r}" fill="${s.fill}"/>`;
  const corners = s.shape === 'triangle' ? [-90, 30, 150].map((a) => [r, a]) : Array.from({ length: 10 }, (_, k) => [k % 2 ? r * 0.42 : r, -90 + k * 36]);
  const pts = corners.map(([rad, a]) => `${(cx + rad! * Math.cos((a! * Math.PI) / 180)).toFixed(1)},${(cy + rad! * Math.sin((a! * Math.PI) / 180)).toFixed(1)}`);
  return `<polygon points="${pts.join(' ')}" fill="${s.fill}"/>`;
}

/** The shared background: float RGB noise on a gradient with two hills, `width` x `height`, the same for a seed. */
function background(width: number, height: number, seed: number): Buffer {
  const rand = rng(seed);
  const out = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = y / height;
      const hill = Math.sin((x / width) * Math.PI * 3 + seed) * 0.08 + 0.62;
      const ground = t > hill;
      const base = ground ? [92 - 30 * t, 128 - 20 * t, 70] : [150 + 60 * t, 190 + 40 * t, 235];
      const n = (rand() - 0.5) * 24;
      for (let c = 0; c < 3; c++) out[(y * width + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(base[c]! + n)));
    }
  }
  return out;
}

/** A photo of `subjects` on the background of `seed`, `width` x `height`, as a sharp pipeline (encode it as wanted). */
export function scene(subjects: Subject[], opts: { width?: number; height?: number; seed?: number } = {}): Sharp {
  const width = opts.width ?? 1200;
  const height = opts.height ?? 900;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${subjects.map((s) => subjectSvg(s, width, height)).join('')}</svg>`;
  return sharp(background(width, height, opts.seed ?? 3), { raw: { width, height, channels: 3 } }).composite([{ input: Buffer.from(svg) }]);
}

/** EXIF DateTimeOriginal (and SubSecTimeOriginal) for a moment given as ms since epoch, as a camera writes it. */
export function exifAt(ms: number): WriteableMetadata {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${d.getUTCFullYear()}:${p(d.getUTCMonth() + 1)}:${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
  return { exif: { IFD0: { Make: 'TestCam', Model: 'Burst 1' }, IFD2: { DateTimeOriginal: stamp, SubSecTimeOriginal: String(d.getUTCMilliseconds()).padStart(3, '0') } } };
}

export const RED_CIRCLE: Subject = { shape: 'circle', fill: 'rgb(214,32,36)', x: 0.4, y: 0.45, size: 0.12 };

const T0 = Date.UTC(2024, 5, 1, 12, 0, 0);
const GREEN = 'rgb(34,150,52)';
const BLUE = 'rgb(36,72,210)';
const YELLOW = 'rgb(236,206,28)';
const PURPLE = 'rgb(128,44,168)';

/** The files, and which belong together: `copies` and `similar` are the true groups (file names). */
export async function writeDuplicatePhotos(dir: string): Promise<{ copies: string[][]; similar: string[][]; apart: string[] }> {
  const original = await scene([RED_CIRCLE]).jpeg({ quality: 92 }).withMetadata(exifAt(T0)).toBuffer();
  writeFileSync(join(dir, 'beach.jpg'), original);
  writeFileSync(join(dir, 'beach (copy).jpg'), original);
  await sharp(original).resize({ width: 600 }).jpeg({ quality: 80 }).toFile(join(dir, 'beach-small.jpg'));
  await sharp(original).webp({ quality: 75 }).toFile(join(dir, 'beach.webp'));
  await sharp(original).jpeg({ quality: 20 }).toFile(join(dir, 'beach-q20.jpg')); // as a messenger app sends it
  // Re-compressed hard, its date and camera edited.
  await sharp(original).jpeg({ quality: 50 }).withMetadata({ exif: { IFD0: { Make: 'Edited', Model: 'Phone' }, IFD2: { DateTimeOriginal: '2020:01:01 08:00:00' } } }).toFile(join(dir, 'beach-edited.jpg'));
  // Transparent, and the same picture flattened onto white as a JPEG.
  const sticker = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><circle cx="400" cy="300" r="150" fill="rgb(214,32,36)"/><rect x="80" y="80" width="120" height="120" fill="${BLUE}"/></svg>`);
  await sharp(sticker).png().toFile(join(dir, 'sticker.png'));
  await sharp(sticker).flatten({ background: '#ffffff' }).jpeg({ quality: 88 }).toFile(join(dir, 'sticker-flat.jpg'));
  // A burst: the subject 2% of the width further on each shot, a second apart.
  const star: Subject = { shape: 'star', fill: YELLOW, x: 0.5, y: 0.5, size: 0.14 };
  for (let i = 0; i < 3; i++) await scene([{ ...star, x: 0.5 + 0.02 * i }], { seed: 11 }).jpeg({ quality: 90 }).withMetadata(exifAt(T0 + 3_600_000 + 1000 * i)).toFile(join(dir, `burst-${i}.jpg`));
  // Five different small subjects on one background (no capture dates), and five more shot an hour apart.
  const subjects: Subject[] = [RED_CIRCLE, { ...RED_CIRCLE, shape: 'triangle', fill: GREEN }, { ...RED_CIRCLE, shape: 'star', fill: BLUE }, { ...RED_CIRCLE, shape: 'square', fill: YELLOW }, { ...RED_CIRCLE, fill: PURPLE }];
  for (const [i, s] of subjects.entries()) {
    await scene([{ ...s, size: 0.07 }], { seed: 21 }).jpeg({ quality: 90 }).toFile(join(dir, `table-${i}.jpg`));
    await scene([{ ...s, x: 0.6, size: 0.09 }], { seed: 23 }).jpeg({ quality: 90 }).withMetadata(exifAt(T0 + 7_200_000 + 3_600_000 * i)).toFile(join(dir, `shelf-${i}.jpg`));
  }
  // Panoramas 4:1 with empty middles: a red circle and a green triangle at the ends, a blue star and a yellow square.
  const pano = (a: Subject, b: Subject) => scene([a, b], { width: 3200, height: 800, seed: 31 });
  await pano({ ...RED_CIRCLE, x: 0.06, y: 0.5, size: 0.25 }, { shape: 'triangle', fill: GREEN, x: 0.94, y: 0.5, size: 0.25 }).jpeg({ quality: 90 }).toFile(join(dir, 'pano-a.jpg'));
  await sharp(join(dir, 'pano-a.jpg')).resize({ width: 1600 }).jpeg({ quality: 85 }).toFile(join(dir, 'pano-a-small.jpg'));
  await pano({ shape: 'star', fill: BLUE, x: 0.06, y: 0.5, size: 0.25 }, { shape: 'square', fill: YELLOW, x: 0.94, y: 0.5, size: 0.25 }).jpeg({ quality: 90 }).toFile(join(dir, 'pano-b.jpg'));
  return {
    copies: [['beach.jpg', 'beach (copy).jpg', 'beach-small.jpg', 'beach.webp', 'beach-edited.jpg', 'beach-q20.jpg'], ['sticker.png', 'sticker-flat.jpg'], ['pano-a.jpg', 'pano-a-small.jpg']],
    similar: [['burst-0.jpg', 'burst-1.jpg', 'burst-2.jpg']],
    apart: [...subjects.map((_, i) => `table-${i}.jpg`), ...subjects.map((_, i) => `shelf-${i}.jpg`), 'pano-b.jpg'],
  };
}

