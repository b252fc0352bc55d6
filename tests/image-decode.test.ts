// Decoding details: HEIC detection and its decoder's failure path, orientation, and the
// preprocessing geometry (shorter side to 224, centre crop) seen through the pixels.
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { ImageDecodeError, isHeic, makeNormaliser, preprocessInto } from '../src-main/embed/image-decode.js';

const ftyp = (brand: string) => Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from(`ftyp${brand}`), Buffer.alloc(12)]);
const spec = { size: 224, mean: [0, 0, 0] as [number, number, number], std: [1, 1, 1] as [number, number, number], resample: 'cubic' as const, resizeMode: 'shortest' as const };

describe('image decoding', () => {
  it('tells HEIC/HEIF (HEVC) from AVIF and other files', () => {
    expect(isHeic(ftyp('heic'))).toBe(true);
    expect(isHeic(ftyp('mif1'))).toBe(true);
    expect(isHeic(ftyp('avif'))).toBe(false);
    expect(isHeic(Buffer.from('\xff\xd8\xff\xe0 jpeg', 'latin1'))).toBe(false);
    expect(isHeic(Buffer.alloc(4))).toBe(false);
  });

  it('gives a readable reason when a HEIC file cannot be decoded', async () => {
    const fake = Buffer.concat([ftyp('heic'), Buffer.alloc(2000, 7)]);
    const err = await preprocessInto(fake, makeNormaliser(spec), new Float32Array(3 * 224 * 224), 0).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImageDecodeError);
    expect((err as Error).message).toMatch(/HEIC could not be decoded/);
  });

  it('resizes the shorter side to 224 and crops the centre, in RGB order, upright', async () => {
    // 448 x 224: left quarter red, middle half green, right quarter blue. The centre crop keeps
    // only the green middle; RGB order puts it in channel 1.
    const w = 448;
    const h = 224;
    const raw = Buffer.alloc(w * h * 3);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const c = x < w / 4 ? 0 : x < (3 * w) / 4 ? 1 : 2;
        raw[(y * w + x) * 3 + c] = 255;
      }
    }
    const png = await sharp(raw, { raw: { width: w, height: h, channels: 3 } }).png().toBuffer();
    const out = new Float32Array(3 * 224 * 224);
    await preprocessInto(png, makeNormaliser(spec), out, 0);
    const mean = (c: number) => out.subarray(c * 224 * 224, (c + 1) * 224 * 224).reduce((a, b) => a + b, 0) / (224 * 224);
    expect(mean(1)).toBeGreaterThan(0.97);
    expect(mean(0)).toBeLessThan(0.03);
    expect(mean(2)).toBeLessThan(0.03);
  });

  it('applies the EXIF orientation before cropping', async () => {
    // Upright: 448 x 224, top half red, bottom half green. Stored turned on its side (EXIF 6).
    const w = 448;
    const h = 224;
    const raw = Buffer.alloc(w * h * 3);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) raw[(y * w + x) * 3 + (y < h / 2 ? 0 : 1)] = 255;
    const upright = await sharp(raw, { raw: { width: w, height: h, channels: 3 } }).png().toBuffer();
    const stored = await sharp(await sharp(upright).rotate(-90).png().toBuffer()).withMetadata({ orientation: 6 }).jpeg({ quality: 95 }).toBuffer();
    const out = new Float32Array(3 * 224 * 224);
    await preprocessInto(stored, makeNormaliser(spec), out, 0);
    const red = (x: number, y: number) => out[y * 224 + x]!;
    expect(red(112, 20)).toBeGreaterThan(0.9); // top is red, as the photographer saw it
    expect(red(112, 200)).toBeLessThan(0.1); // bottom is green
    // Sideways (orientation ignored) the split would run left red / right green instead.
    expect(red(200, 60)).toBeGreaterThan(0.9);
    expect(red(20, 180)).toBeLessThan(0.1);
  });
});
