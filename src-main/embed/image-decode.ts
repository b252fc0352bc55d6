// Decodes a photo and applies CLIP's preprocessing in one sharp pipeline: EXIF orientation,
// shrink-on-load (JPEG and WebP decode at a reduced size), shorter side to the model's size with the
// model's kernel, centre crop, sRGB 8-bit, then mean/std into a channel-first float32 array.
// HEIC/HEIF goes through libheif (WebAssembly) first, because the prebuilt sharp has no HEVC decoder.
import type { OutputInfo, ResizeOptions, Sharp } from 'sharp';
import { domainErrorKind } from '../errors.js';
import type { ImageSpec } from '../models/model-files.js';

/**
 * The most pixels (width x height) a photo may decode to: 200 megapixels, a safety limit of this project. A
 * decompression bomb (a small file that expands to gigapixels) is refused from its header, before decoding;
 * HEIC is checked only after libheif has decoded it.
 */
export const MAX_INPUT_PIXELS = 200_000_000;

/** A file that cannot be decoded as a photo (code unsupported_file); the message says why. */
export const ImageDecodeError = domainErrorKind('unsupported_file', 'ImageDecodeError');

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

/** True for an ISO-BMFF HEIF container holding HEVC (AVIF, also HEIF, is decoded by sharp itself). */
export function isHeic(buf: Uint8Array): boolean {
  if (buf.length < 12) return false;
  const box = Buffer.from(buf.buffer, buf.byteOffset, Math.min(buf.length, 64));
  if (box.toString('latin1', 4, 8) !== 'ftyp') return false;
  const major = box.toString('latin1', 8, 12);
  if (major === 'avif' || major === 'avis') return false;
  return HEIF_BRANDS.has(major);
}

// sharp (170 ms) and libheif (130 ms) load on first use: a search from the command line decodes no
// image, and a new process answers that much sooner.
let sharpModule: Promise<typeof import('sharp')> | undefined;
const loadSharp = async () => (await (sharpModule ??= import('sharp'))).default;

async function heicToSharp(buf: Buffer): Promise<Sharp> {
  const [{ default: decodeHeic }, sharp] = await Promise.all([import('heic-decode'), loadSharp()]);
  let img;
  try {
    img = await decodeHeic({ buffer: buf });
  } catch (err) {
    throw new ImageDecodeError(`HEIC could not be decoded: ${(err as Error).message ?? err}`);
  }
  if (img.width * img.height > MAX_INPUT_PIXELS) throw new ImageDecodeError('image exceeds the pixel limit');
  return sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength), {
    raw: { width: img.width, height: img.height, channels: 4 },
  });
}

/**
 * Opens any supported photo as a sharp pipeline, oriented upright (EXIF orientation applied). Other formats'
 * errors surface only when the pipeline runs (metadata(), toBuffer()), as sharp errors.
 * @throws DomainError unsupported_file (ImageDecodeError) for a HEIC that libheif cannot decode or that exceeds
 *   MAX_INPUT_PIXELS
 */
export async function openImage(buf: Buffer): Promise<Sharp> {
  if (isHeic(buf)) return heicToSharp(buf); // libheif applies the orientation itself
  const sharp = await loadSharp();
  return sharp(buf, { failOn: 'truncated', limitInputPixels: MAX_INPUT_PIXELS, pages: 1 }).rotate();
}

/**
 * What a transparent pixel is composited onto before embedding (and shown on, in the app): CLIP models never saw
 * an alpha channel, and dropping it shows a cut-out on black (the colour under transparent pixels, usually).
 * White, chosen by measurement: bench/README.md, "Transparent images".
 */
export const TRANSPARENT_BACKGROUND = { r: 255, g: 255, b: 255 };

export interface Normaliser {
  spec: ImageSpec;
  lut: Float32Array; // 3 x 256: (v / 255 - mean[c]) / std[c]
}

/**
 * The lookup table, float32 [3*256], of CLIP's normalisation (shared/docs/model-formats.md, step 4) with the
 * model's own mean and std: every 8-bit channel value's (v / 255 - mean[c]) / std[c], computed once.
 */
export function makeNormaliser(spec: ImageSpec): Normaliser {
  const lut = new Float32Array(3 * 256);
  for (let c = 0; c < 3; c++) {
    for (let v = 0; v < 256; v++) lut[c * 256 + v] = (v / 255 - spec.mean[c]!) / spec.std[c]!;
  }
  return { spec, lut };
}

/**
 * `img` resized as `resize` says, transparent pixels composited onto TRANSPARENT_BACKGROUND, as 8-bit sRGB without
 * alpha: raw pixels, row by row, `info.channels` bytes each (3, or 1 for some greyscale inputs).
 * @throws DomainError unsupported_file (ImageDecodeError) when sharp cannot decode or convert the image
 */
export async function resizedPixels(img: Sharp, resize: ResizeOptions): Promise<{ data: Buffer; info: OutputInfo }> {
  try {
    return await img.resize(resize).flatten({ background: TRANSPARENT_BACKGROUND }).toColourspace('srgb').removeAlpha().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw new ImageDecodeError(describeSharpError(err));
  }
}

/**
 * Writes the preprocessed image into `out` at `offset`: float32 [3*S*S], CHW, RGB, S = `norm.spec.size`.
 * Resize and crop as shared/docs/model-formats.md, steps 2-3 (or a squash, for open_clip's `resize_mode`).
 * Greyscale, CMYK, 16-bit and alpha inputs all arrive here as 8-bit sRGB; transparent pixels are composited onto
 * TRANSPARENT_BACKGROUND.
 * @throws DomainError unsupported_file (ImageDecodeError) when sharp cannot decode or convert the image
 */
export async function preprocessImage(img: Sharp, norm: Normaliser, out: Float32Array, offset: number): Promise<void> {
  const { size, resample, resizeMode } = norm.spec;
  const { data, info } = await resizedPixels(img, { width: size, height: size, fit: resizeMode === 'squash' ? 'fill' : 'cover', position: 'centre', kernel: resample });
  const { channels } = info;
  const plane = size * size;
  const { lut } = norm;
  for (let i = 0; i < plane; i++) {
    const p = i * channels;
    const r = data[p]!;
    const g = channels >= 3 ? data[p + 1]! : r;
    const b = channels >= 3 ? data[p + 2]! : r;
    out[offset + i] = lut[r]!;
    out[offset + plane + i] = lut[256 + g]!;
    out[offset + 2 * plane + i] = lut[512 + b]!;
  }
}

/**
 * `openImage` then `preprocessImage`, for an encoded file in `buf`: float32 [3*S*S], CHW, at `offset` of `out`.
 * @throws DomainError unsupported_file (ImageDecodeError) with a readable reason (describeSharpError)
 */
export async function preprocessInto(buf: Buffer, norm: Normaliser, out: Float32Array, offset: number): Promise<void> {
  let img: Sharp;
  try {
    img = await openImage(buf);
  } catch (err) {
    throw err instanceof ImageDecodeError ? err : new ImageDecodeError(describeSharpError(err));
  }
  await preprocessImage(img, norm, out, offset);
}

/** sharp's messages, made readable for the list of failed files. */
export function describeSharpError(err: unknown): string {
  const msg = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? 'unknown error';
  if (/unsupported image format/i.test(msg)) return 'not an image, or an unsupported format';
  if (/pixel limit/i.test(msg)) return 'image too large to decode safely (over 200 megapixels)';
  if (/premature end|truncated|corrupt|VipsJpeg|Read error|not enough data/i.test(msg)) return `damaged or incomplete file (${msg})`;
  // libvips keeps one error buffer; with several decodes at once the detail is sometimes lost.
  if (/^unknown error$/i.test(msg.trim())) return 'damaged or unreadable image (the decoder gave no detail)';
  return msg;
}
