// Generates a folder of scene photos for the demo and the tests: every colour x shape combination
// (held-out ones included), in JPEG, PNG and WebP, some stored rotated with an EXIF orientation.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allCombinations, randomScene, renderScene, rng, type Colour, type ImageFormat, type Shape } from './scenes.js';

export interface DemoPhoto {
  file: string;
  colour: Colour;
  shape: Shape;
  format: ImageFormat;
  orientation: number;
}

const FORMATS: ImageFormat[] = ['jpeg', 'png', 'webp'];
const EXT: Record<ImageFormat, string> = { jpeg: 'jpg', png: 'png', webp: 'webp', avif: 'avif', tiff: 'tif', gif: 'gif' };

/**
 * Writes `perCombination` photos of each of the 24 combinations into `dir`; returns what it wrote. Photos are
 * 400 x 300 or 300 x 400 pixels, JPEG, PNG and WebP in turn, every fifth stored turned with EXIF orientation 6;
 * the same `seed` writes the same scenes.
 * @throws Error from the file system or sharp
 */
export async function writeDemoLibrary(dir: string, perCombination = 2, seed = 7): Promise<DemoPhoto[]> {
  mkdirSync(dir, { recursive: true });
  const rand = rng(seed);
  const out: DemoPhoto[] = [];
  let n = 0;
  for (let i = 0; i < perCombination; i++) {
    for (const [colour, shape] of allCombinations()) {
      const format = FORMATS[n % FORMATS.length]!;
      const orientation = n % 5 === 3 ? 6 : 1;
      const landscape = n % 2 === 0;
      const scene = randomScene(rand, colour, shape);
      const file = `${colour}-${shape}-${i + 1}.${EXT[format]}`;
      const buf = await renderScene(scene, { width: landscape ? 400 : 300, height: landscape ? 300 : 400, format, orientation });
      writeFileSync(join(dir, file), buf);
      out.push({ file, colour, shape, format, orientation });
      n++;
    }
  }
  return out;
}
