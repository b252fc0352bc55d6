// Generated 12-megapixel JPEGs (4000 x 3000, camera-like quality and noise) for the benchmarks.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { allCombinations, randomScene, rng, sceneSvg } from '../src-main/demo/scenes.js';

export const WIDTH = 4000;
export const HEIGHT = 3000;

/** Writes `count` photos into `dir` (reusing ones already there) and returns their paths. */
export async function cameraJpegs(dir: string, count: number): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const rand = rng(2024);
  const combos = allCombinations();
  // Sensor-like noise, made once and composited onto every photo, so JPEGs have real entropy
  // (a flat synthetic image would compress and decode unrealistically fast).
  const noise = await sharp({ create: { width: WIDTH, height: HEIGHT, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 22 } } })
    .png({ compressionLevel: 1 })
    .toBuffer();
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const path = join(dir, `IMG_${String(i).padStart(4, '0')}.jpg`);
    paths.push(path);
    if (existsSync(path)) continue;
    const [colour, shape] = combos[i % combos.length]!;
    const svg = sceneSvg(randomScene(rand, colour, shape), WIDTH, HEIGHT);
    const jpeg = await sharp(Buffer.from(svg))
      .composite([{ input: noise, blend: 'soft-light' }])
      .jpeg({ quality: 92, chromaSubsampling: '4:2:0' })
      .toBuffer();
    writeFileSync(path, jpeg);
  }
  return paths;
}

/**
 * A realistic mix of shapes per 1,000 photos, about 12 megapixels each: phones' 4:3 landscape and portrait,
 * cameras' 3:2, 16:9 video stills and screenshots, squares, tall 9:16, a few panoramas. An estimate of this
 * project (no published census of personal libraries); what the whole-frame views cost depends on it.
 */
export const ASPECT_MIX: readonly { name: string; width: number; height: number; per1000: number }[] = [
  { name: '4:3', width: 4000, height: 3000, per1000: 400 },
  { name: '3:4', width: 3000, height: 4000, per1000: 250 },
  { name: '3:2', width: 4240, height: 2832, per1000: 100 },
  { name: '16:9', width: 4608, height: 2592, per1000: 100 },
  { name: '1:1', width: 3456, height: 3456, per1000: 80 },
  { name: '9:16', width: 2592, height: 4608, per1000: 40 },
  { name: '3:1', width: 6000, height: 2000, per1000: 15 },
  { name: '4:1', width: 8000, height: 2000, per1000: 15 },
];

/** Writes `count` photos of ASPECT_MIX's shapes in its proportions (at least one of each) into `dir`; returns their paths. */
export async function mixedAspectJpegs(dir: string, count: number): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const rand = rng(77);
  const combos = allCombinations();
  const shapes = ASPECT_MIX.flatMap((a) => Array.from({ length: Math.max(1, Math.round((a.per1000 * count) / 1000)) }, () => a)).slice(0, Math.max(count, ASPECT_MIX.length));
  const paths: string[] = [];
  for (const [i, a] of shapes.entries()) {
    const path = join(dir, `MIX_${String(i).padStart(4, '0')}_${a.name.replace(':', 'x')}.jpg`);
    paths.push(path);
    if (existsSync(path)) continue;
    const [colour, shape] = combos[i % combos.length]!;
    const noise = await sharp({ create: { width: a.width, height: a.height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 22 } } }).png({ compressionLevel: 1 }).toBuffer();
    const svg = sceneSvg(randomScene(rand, colour, shape), a.width, a.height);
    writeFileSync(path, await sharp(Buffer.from(svg)).composite([{ input: noise, blend: 'soft-light' }]).jpeg({ quality: 92 }).toBuffer());
  }
  return paths;
}

export function existingJpegs(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.jpg')).sort().map((f) => join(dir, f));
}
