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

export function existingJpegs(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.jpg')).sort().map((f) => join(dir, f));
}
