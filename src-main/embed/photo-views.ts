// The views of a photo that are embedded: the standard centre crop (the photo's main vector, used
// for tags, similarity and duplicates) and, so that search sees the whole photo, the parts CLIP's
// preprocessing leaves out: overlapping squares across a wide or tall photo, and a few frames of an
// animation. CLIP's own preprocessing (Radford et al. 2021; shared/docs/model-formats.md) embeds
// only the centre square of the first frame: a 16:9 photo loses 44% of its pixels, a 4:1 panorama
// 75%, and an animation that opens on a blank frame is embedded as a blank picture.
import type { Metadata, OutputInfo, Sharp } from 'sharp';
import type { PhotoView, ViewKind, ViewRegion } from '../store/view-labels.js';
import { fingerprintOf, type Fingerprint } from './fingerprint.js';
import { MAX_INPUT_PIXELS, preprocessImage, resizedPixels, type Normaliser } from './image-decode.js';

export type { PhotoView, ViewKind, ViewRegion } from '../store/view-labels.js';

// A photo has at most 1 + MAX_CROPS or MAX_FRAMES views: within store/view-labels.ts VIEW_SLOTS (16).
/** Square views across a wide or tall photo, at most; a longer panorama gets wider windows, each squashed to a square. */
export const MAX_CROPS = 10;
/**
 * The longest a photo's long side is scaled to, in crop sides, before its squares are cut: 40 (8,960 pixels for a
 * 224-pixel model), four times what MAX_CROPS squares need. A choice of this project: a 60000 x 2 strip scaled
 * as CLIP scales would be a 224 x 6.7-million-pixel image (6 GB, and libvips aborted on it).
 */
export const MAX_SCALED_LONG = 40;
/** Frames of an animation embedded, at most, spread over its duration. */
export const MAX_FRAMES = 4;
/**
 * A photo gets whole-frame views only when its longer side, scaled as CLIP scales it, exceeds the crop by more
 * than this share of the crop (5% on each side): a thinner sliver cannot hide a subject. A choice of this project.
 */
export const MIN_LEFT_OUT = 0.1;
/**
 * A frame whose pixels vary less than this (standard deviation, 0-255 levels) is blank (a fade, a plain
 * placeholder) and is not embedded when another frame can be. A choice of this project.
 */
export const BLANK_FRAME_STDEV = 2;
/** Frames looked at, at most, for one that is not blank when every sampled frame is. A choice of this project. */
export const BLANK_SEARCH_FRAMES = 64;
/** Browsers show a GIF frame with no delay, or one under 20 ms, for 100 ms (WHATWG HTML, "image decoding"). */
const DEFAULT_FRAME_MS = 100;

export interface ViewOptions {
  wholeFrame: boolean; // embed squares across wide and tall photos (and frames of animations) beside the centre crop
}

/**
 * Offsets (pixels, ascending) of `count` windows of `window` pixels that together cover [0, length): the first at
 * 0, the last at length - window, evenly spaced (so they overlap). `count` is ceil(length / window), at most
 * MAX_CROPS; past that the caller widens the window.
 */
export function coveringOffsets(length: number, window: number): number[] {
  const count = Math.max(1, Math.ceil(length / window - 1e-9));
  if (count === 1) return [Math.floor((length - window) / 2)];
  return Array.from({ length: count }, (_, i) => Math.round((i * (length - window)) / (count - 1)));
}

/** When each frame of an animation starts showing (ms from its start), from its per-frame delays. */
function frameStarts(delays: readonly number[], pages: number): number[] {
  const starts: number[] = [];
  let total = 0;
  for (let i = 0; i < pages; i++) {
    starts.push(total);
    total += frameMs(delays, i);
  }
  return starts;
}

function frameMs(delays: readonly number[], i: number): number {
  const d = delays[i] ?? 0;
  return d < 20 ? DEFAULT_FRAME_MS : d;
}

/** The frames (indexes) to embed of an animation with these per-frame delays (ms): MAX_FRAMES spread over its duration. */
export function framesToEmbed(delays: readonly number[], pages: number): { frame: number; atMs: number }[] {
  const ms = Array.from({ length: pages }, (_, i) => frameMs(delays, i));
  const starts = frameStarts(delays, pages);
  const total = starts.length ? starts[starts.length - 1]! + ms[ms.length - 1]! : 0;
  const want = Math.min(MAX_FRAMES, pages);
  const picked = new Map<number, number>();
  for (let j = 0; j < want; j++) {
    const t = ((j + 0.5) / want) * total;
    let f = starts.findIndex((s, i) => t >= s && t < s + ms[i]!);
    if (f < 0) f = pages - 1;
    if (!picked.has(f)) picked.set(f, starts[f]!);
  }
  return [...picked].map(([frame, atMs]) => ({ frame, atMs }));
}

/**
 * The largest of the three channels' standard deviations (0-255 levels) of a preprocessed image in `pixels` at
 * `offset`: 0 for a frame of one colour, whatever the colour (pooling the channels would count a plain sky-blue
 * frame's difference between red and blue as detail).
 */
function pixelStdev(pixels: Float32Array, offset: number, side: number, norm: Normaliser): number {
  const plane = side * side;
  let most = 0;
  for (let c = 0; c < 3; c++) {
    const { mean, std } = { mean: norm.spec.mean[c]!, std: norm.spec.std[c]! };
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < plane; i++) {
      const v = (pixels[offset + c * plane + i]! * std + mean) * 255;
      sum += v;
      sq += v * v;
    }
    most = Math.max(most, Math.sqrt(Math.max(0, sq / plane - (sum / plane) ** 2)));
  }
  return most;
}

/** The upright width and height of an opened image (EXIF orientations 5-8 turn it a quarter). */
export function uprightSize(header: Metadata): { width: number; height: number } {
  const turned = (header.orientation ?? 1) >= 5;
  const width = (turned ? header.height : header.width) ?? 0;
  // An animation's metadata gives the height of all its frames stacked; pageHeight is one frame's.
  const height = (turned ? header.width : (header.pageHeight ?? header.height)) ?? 0;
  return { width, height };
}

export interface PreprocessedViews {
  pixels: Float32Array; // float32 [V*3*S*S], CHW, normalised: one image per view, the main view first
  views: PhotoView[]; // V views, in the order of `pixels`
  fingerprint: Fingerprint | null; // of the whole (main) frame: what decides duplicates; null without a size
}

/**
 * Preprocesses a photo into its views (the main view first). `img` is the photo opened with `openImage` (upright,
 * first frame), `header` its metadata, `source` its encoded bytes (needed to decode an animation's other frames;
 * without it only the first frame is used). Each view follows the model's own preprocessing (size, kernel, mean,
 * std): a square of side S from the frame scaled so that its shorter side is S. The whole frame is resized once,
 * and the views and the fingerprint are cut from that one raster.
 * @throws DomainError unsupported_file (ImageDecodeError) when sharp cannot decode or convert the image
 */
export async function preprocessViews(img: Sharp, header: Metadata, norm: Normaliser, opts: ViewOptions, source?: Buffer): Promise<PreprocessedViews> {
  const side = norm.spec.size;
  const per = 3 * side * side;
  const pages = header.pages ?? 1;
  // An animation's main view is its first frame that is not blank, with or without its other views.
  if (source && pages > 1) return animationViews(source, header, norm, opts.wholeFrame);
  const { width, height } = uprightSize(header);
  const short = Math.min(width, height);
  if (short === 0) {
    // No size in the header (sharp reads one for every format it decodes): the standard pipeline alone.
    const pixels = new Float32Array(per);
    await preprocessImage(img, norm, pixels, 0);
    return { pixels, views: [{ view: 0, kind: 'centre', region: { x: 0, y: 0, w: 1, h: 1 }, frame: null, atMs: null }], fingerprint: null };
  }
  return wholeFrameViews(img, width, height, norm, opts.wholeFrame && leavesOut(width, height, norm));
}

/** Whether CLIP's centre crop leaves out enough of a `width` x `height` frame (MIN_LEFT_OUT) for squares across it. */
function leavesOut(width: number, height: number, norm: Normaliser): boolean {
  const side = norm.spec.size;
  const short = Math.min(width, height);
  const scaledLong = short > 0 ? Math.round((Math.max(width, height) * side) / short) : side;
  return norm.spec.resizeMode !== 'squash' && scaledLong - side > MIN_LEFT_OUT * side;
}

/**
 * The fingerprint (embed/fingerprint.ts) of a photo's main frame, without its views: for a photo whose views are
 * embedded already. The same raster as preprocessViews, so the same fingerprint.
 * @throws DomainError unsupported_file (ImageDecodeError) when sharp cannot decode or convert the image
 */
export async function photoFingerprint(img: Sharp, header: Metadata, norm: Normaliser, source?: Buffer): Promise<Fingerprint | null> {
  if (source && (header.pages ?? 1) > 1) return (await animationViews(source, header, norm, false)).fingerprint;
  const { width, height } = uprightSize(header);
  if (Math.min(width, height) === 0) return null;
  const { data, info } = await wholeFrameRaster(img, width, height, norm);
  return fingerprintOf(data, info.width, info.height, info.channels);
}


function centreRegion(width: number, height: number): ViewRegion {
  const short = Math.min(width, height);
  return width >= height ? { x: (width - short) / 2 / width, y: 0, w: short / width, h: 1 } : { x: 0, y: (height - short) / 2 / height, w: 1, h: short / height };
}

/**
 * The whole frame resized as the model's preprocessing resizes it (the shorter side S, the model's kernel; for a
 * `squash` model, S x S). A strip far longer than any panorama (60000 x 2 would scale to 224 x 6.7 million) is
 * squeezed along its length to MAX_SCALED_LONG crop sides (`capped`).
 */
async function wholeFrameRaster(img: Sharp, width: number, height: number, norm: Normaliser): Promise<{ data: Buffer; info: OutputInfo }> {
  const side = norm.spec.size;
  const kernel = norm.spec.resample;
  if (norm.spec.resizeMode === 'squash') return resizedPixels(img, { width: side, height: side, fit: 'fill', kernel });
  const landscape = width >= height;
  const capped = Math.round((Math.max(width, height) * side) / Math.min(width, height)) > MAX_SCALED_LONG * side;
  const along = MAX_SCALED_LONG * side;
  // One scale for both axes, given by the shorter side, as sharp's 'cover' (preprocessImage) computes it.
  const resize = capped
    ? { width: landscape ? along : side, height: landscape ? side : along, fit: 'fill' as const, kernel }
    : landscape
      ? { height: side, kernel }
      : { width: side, kernel };
  return resizedPixels(img, resize);
}

/**
 * One resize of the whole frame (wholeFrameRaster), then the centre square and, with `covering`, the squares that
 * cover the frame, cut from it; the fingerprint comes from the same raster. The centre square is the same crop as
 * preprocessImage's (parity tests hold it to the reference preprocessing).
 */
async function wholeFrameViews(img: Sharp, width: number, height: number, norm: Normaliser, covering: boolean): Promise<PreprocessedViews> {
  const side = norm.spec.size;
  const landscape = width >= height;
  const squash = norm.spec.resizeMode === 'squash';
  // A capped strip's raster is squeezed, so its centre square comes from the standard pipeline, on a clone taken
  // before the resize is set (a clone inherits its parent's operations).
  const capped = !squash && Math.round((Math.max(width, height) * side) / Math.min(width, height)) > MAX_SCALED_LONG * side;
  const main = capped ? img.clone() : undefined;
  const { data, info } = await wholeFrameRaster(img, width, height, norm);
  const fingerprint = fingerprintOf(data, info.width, info.height, info.channels);
  const per = 3 * side * side;
  // The long side as sharp rounded it; past MAX_CROPS squares the windows lengthen (a very long panorama) and
  // are squashed to S x S.
  const long = squash ? side : landscape ? info.width : info.height;
  const windowAlong = Math.max(side, Math.ceil(long / MAX_CROPS));
  // sharp's centre crop: left = (in - out + 1) / 2 in integers (libvips gravity centre, sharp's CalculateCrop).
  const centre = Math.floor((long - side + 1) / 2);
  // A covering square that is the centre square (the middle one of an odd count) is not embedded twice.
  const across = covering ? coveringOffsets(long, windowAlong).filter((at) => windowAlong !== side || Math.abs(at - centre) > 1) : [];
  const windows = [{ at: centre, along: side }, ...across.map((at) => ({ at, along: windowAlong }))];
  const pixels = new Float32Array(windows.length * per);
  if (main) await preprocessImage(main, norm, pixels, 0);
  const views: PhotoView[] = windows.map((win, i) => {
    if (i > 0 || !main) copyWindow(data, info.width, info.channels, landscape ? win.at : 0, landscape ? 0 : win.at, win.along, side, landscape, norm, pixels, i * per);
    const region = i === 0 ? (squash ? { x: 0, y: 0, w: 1, h: 1 } : centreRegion(width, height)) : landscape ? { x: win.at / long, y: 0, w: win.along / long, h: 1 } : { x: 0, y: win.at / long, w: 1, h: win.along / long };
    return { view: i, kind: i === 0 ? 'centre' : 'crop', region, frame: null, atMs: null };
  });
  return { pixels, views, fingerprint };
}

/**
 * Writes the window at (x, y) of the raw image `data` (`rowWidth` pixels a row, `channels` bytes a pixel: 3, or 1
 * for grey) into `out` at `offset` as a normalised S x S image, CHW. The window is `along` pixels along the long
 * axis and `across` across it; when larger than S it is sampled down by nearest neighbour (only very long panoramas).
 */
function copyWindow(data: Buffer, rowWidth: number, channels: number, x: number, y: number, along: number, across: number, landscape: boolean, norm: Normaliser, out: Float32Array, offset: number): void {
  const side = norm.spec.size;
  const plane = side * side;
  const { lut } = norm;
  const w = landscape ? along : across;
  const h = landscape ? across : along;
  for (let j = 0; j < side; j++) {
    const sy = y + Math.min(h - 1, Math.floor((j * h) / side));
    for (let i = 0; i < side; i++) {
      const sx = x + Math.min(w - 1, Math.floor((i * w) / side));
      const p = (sy * rowWidth + sx) * channels;
      const o = offset + j * side + i;
      const r = data[p]!;
      out[o] = lut[r]!;
      out[o + plane] = lut[256 + (channels >= 3 ? data[p + 1]! : r)]!;
      out[o + 2 * plane] = lut[512 + (channels >= 3 ? data[p + 2]! : r)]!;
    }
  }
}

/**
 * An animation (GIF, animated WebP or AVIF): up to MAX_FRAMES frames spread over its duration, each as its centre
 * crop; blank frames are left out while another frame is not blank. The main view is the first frame kept; without
 * `allFrames`, the only one.
 */
async function animationViews(source: Buffer, header: Metadata, norm: Normaliser, allFrames: boolean): Promise<PreprocessedViews> {
  const sharp = (await import('sharp')).default;
  const side = norm.spec.size;
  const per = 3 * side * side;
  const { width, height } = uprightSize(header);
  const region = norm.spec.resizeMode === 'squash' ? { x: 0, y: 0, w: 1, h: 1 } : centreRegion(width, height);
  const pages = header.pages ?? 1;
  const frameAt = (frame: number) => sharp(source, { failOn: 'truncated', limitInputPixels: MAX_INPUT_PIXELS, page: frame, pages: 1 });
  const decode = async (pick: { frame: number; atMs: number }) => {
    const pixels = new Float32Array(per);
    await preprocessImage(frameAt(pick.frame), norm, pixels, 0);
    return { ...pick, pixels, blank: pixelStdev(pixels, 0, side, norm) < BLANK_FRAME_STDEV };
  };
  const timeline = frameStarts(header.delay ?? [], pages);
  const decoded = [];
  for (const pick of framesToEmbed(header.delay ?? [], pages)) decoded.push(await decode(pick));
  // Every sampled frame blank (a long blank opening, a short subject): the first frame that is not, up to
  // BLANK_SEARCH_FRAMES of them.
  if (decoded.every((d) => d.blank)) {
    for (let frame = 0; frame < Math.min(pages, BLANK_SEARCH_FRAMES); frame++) {
      if (decoded.some((d) => d.frame === frame)) continue;
      const d = await decode({ frame, atMs: timeline[frame]! });
      if (!d.blank) {
        decoded.push(d);
        break;
      }
    }
  }
  const kept = decoded.filter((d) => !d.blank).sort((a, b) => a.frame - b.frame);
  const chosen = (kept.length ? kept : decoded.slice(0, 1)).slice(0, allFrames ? MAX_FRAMES : 1);
  const views: PhotoView[] = chosen.map((c, i) => ({ view: i, kind: (i === 0 ? 'centre' : 'frame') as ViewKind, region, frame: c.frame, atMs: c.atMs }));
  const pixels = new Float32Array(chosen.length * per);
  chosen.forEach((c, i) => pixels.set(c.pixels, i * per));
  // A wide or tall animation: squares across its main frame too, as a still photo gets.
  if (!allFrames || !leavesOut(width, height, norm)) {
    const raster = Math.min(width, height) > 0 ? await wholeFrameRaster(frameAt(chosen[0]!.frame), width, height, norm) : undefined;
    return { pixels, views, fingerprint: raster ? fingerprintOf(raster.data, raster.info.width, raster.info.height, raster.info.channels) : null };
  }
  const whole = await wholeFrameViews(frameAt(chosen[0]!.frame), width, height, norm, true);
  const crops = whole.views.slice(1).map((v, i) => ({ ...v, view: views.length + i, frame: chosen[0]!.frame, atMs: chosen[0]!.atMs }));
  const merged = new Float32Array((views.length + crops.length) * per);
  merged.set(pixels);
  merged.set(whole.pixels.subarray(per), views.length * per);
  return { pixels: merged, views: [...views, ...crops], fingerprint: whole.fingerprint };
}
