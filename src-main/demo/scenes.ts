// The tiny-clip world, drawn from TypeScript: one filled shape on a light background, the same
// scenes training/scenes.py draws. Used for the demo library, the tests and the benchmarks, so
// none of them needs Python. Drawn as SVG and rasterised by sharp.
import sharp from 'sharp';

/** The scene colours, sRGB 0-255: the same as training/scenes.py, which tiny-clip learned. */
export const COLOURS = {
  red: [214, 32, 36],
  green: [34, 150, 52],
  blue: [36, 72, 210],
  yellow: [236, 206, 28],
  purple: [128, 44, 168],
  orange: [244, 128, 20],
} as const;
export type Colour = keyof typeof COLOURS;
/** The shapes tiny-clip knows. */
export const SHAPES = ['circle', 'square', 'triangle', 'star'] as const;
export type Shape = (typeof SHAPES)[number];
/** Colour-shape pairs never drawn in tiny-clip's training (training/scenes.py): the test of unseen compositions. */
export const HELD_OUT: ReadonlyArray<[Colour, Shape]> = [
  ['purple', 'star'],
  ['orange', 'circle'],
  ['green', 'triangle'],
  ['yellow', 'square'],
];

/** Whether the pair is one of HELD_OUT. */
export function isHeldOut(colour: Colour, shape: Shape): boolean {
  return HELD_OUT.some(([c, s]) => c === colour && s === shape);
}

/** Every colour-shape pair, held-out ones included (24), colour by colour. */
export function allCombinations(): [Colour, Shape][] {
  return (Object.keys(COLOURS) as Colour[]).flatMap((c) => SHAPES.map((s): [Colour, Shape] => [c, s]));
}

export interface Scene {
  colour: Colour;
  shape: Shape;
  size: number; // fraction of the shorter side
  cx: number; // centre, fraction of the centred square
  cy: number;
  angle: number;
  background: [number, number, number];
}

/** A small deterministic generator (mulberry32) of numbers in [0, 1), so a seed always gives the same library. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TINTS: [number, number, number][] = [
  [255, 255, 255],
  [250, 246, 236],
  [236, 242, 250],
  [242, 250, 240],
  [250, 240, 244],
];

/**
 * A scene of one `colour` `shape` drawn from `rand`: `size` (fraction of the shorter side) 0.15-0.45 unless
 * given, placed wholly inside the square, turned -20 to 20 degrees, on a lightly tinted background.
 */
export function randomScene(rand: () => number, colour: Colour, shape: Shape, size?: number): Scene {
  const s = size ?? 0.15 + rand() * 0.3;
  const half = s / 2 + 0.02;
  const shade = 0.86 + rand() * 0.14;
  const tint = TINTS[Math.floor(rand() * TINTS.length)]!;
  return {
    colour,
    shape,
    size: s,
    cx: half + rand() * (1 - 2 * half),
    cy: half + rand() * (1 - 2 * half),
    angle: -20 + rand() * 40,
    background: tint.map((v) => Math.round(v * shade)) as [number, number, number],
  };
}

function points(shape: Shape, r: number): [number, number][] {
  if (shape === 'square') return [[-1, -1], [1, -1], [1, 1], [-1, 1]].map(([x, y]) => [x! * r * 0.82, y! * r * 0.82]);
  if (shape === 'triangle') return [-90, 30, 150].map((a) => [r * Math.cos((a * Math.PI) / 180), r * Math.sin((a * Math.PI) / 180)]);
  return Array.from({ length: 10 }, (_, k) => {
    const rad = k % 2 === 0 ? r : r * 0.42;
    const a = ((-90 + k * 36) * Math.PI) / 180;
    return [rad * Math.cos(a), rad * Math.sin(a)];
  });
}

/** The scene as SVG on a width x height canvas; the scene fills the centred square. */
export function sceneSvg(scene: Scene, width: number, height: number): string {
  const side = Math.min(width, height);
  const cx = (width - side) / 2 + scene.cx * side;
  const cy = (height - side) / 2 + scene.cy * side;
  const r = (scene.size * side) / 2;
  const [cr, cg, cb] = COLOURS[scene.colour];
  const fill = `rgb(${cr},${cg},${cb})`;
  const shape =
    scene.shape === 'circle'
      ? `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${fill}"/>`
      : `<polygon transform="translate(${cx} ${cy}) rotate(${scene.angle})" points="${points(scene.shape, r)
          .map(([x, y]) => `${x.toFixed(2)},${y.toFixed(2)}`)
          .join(' ')}" fill="${fill}"/>`;
  const [br, bg, bb] = scene.background;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="rgb(${br},${bg},${bb})"/>${shape}</svg>`;
}

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'tiff' | 'gif';

/**
 * Renders a scene to an encoded image, `width` x `height` pixels as displayed (default 320 x 240). `orientation`
 * 3, 6 or 8 stores the pixels turned and tags them with that EXIF orientation, so viewers turn them upright;
 * other values only set the tag (2, 4, 5 and 7, the mirrored ones, are not drawn mirrored). `quality` (1-100,
 * default 90) applies to JPEG, WebP and AVIF.
 */
export async function renderScene(
  scene: Scene,
  opts: { width?: number; height?: number; format?: ImageFormat; orientation?: number; quality?: number } = {},
): Promise<Buffer> {
  const width = opts.width ?? 320;
  const height = opts.height ?? 240;
  let img = sharp(Buffer.from(sceneSvg(scene, width, height)));
  if (opts.orientation === 6) img = sharp(await img.png().toBuffer()).rotate(-90); // stored turned left; EXIF 6 turns it back
  if (opts.orientation === 3) img = sharp(await img.png().toBuffer()).rotate(180);
  if (opts.orientation === 8) img = sharp(await img.png().toBuffer()).rotate(90);
  if (opts.orientation && opts.orientation !== 1) img = img.withMetadata({ orientation: opts.orientation });
  const format = opts.format ?? 'jpeg';
  const q = opts.quality ?? 90;
  if (format === 'jpeg') return img.jpeg({ quality: q }).toBuffer();
  if (format === 'png') return img.png().toBuffer();
  if (format === 'webp') return img.webp({ quality: q }).toBuffer();
  if (format === 'avif') return img.avif({ quality: q }).toBuffer();
  if (format === 'tiff') return img.tiff().toBuffer();
  return img.gif().toBuffer();
}
