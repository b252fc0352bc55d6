// RAW photos (.dng, .cr2, .nef, .arw, ...) are indexed from the full-size JPEG the camera embeds in
// them: decoding the sensor data itself would need a RAW developer, and the embedded JPEG is what
// the camera showed. Read with exiftool (through exiftool-vendored, maintained and used by photo
// managers such as PhotoStructure), which knows where every maker hides its preview. It runs
// exiftool in a helper process, started on the first RAW file and ended by endRawPreviews().
import type { ExifTool } from 'exiftool-vendored';

/** The embedded images tried, largest first by convention: the full-size JPEG, then the preview. */
const PREVIEW_TAGS = ['JpgFromRaw', 'PreviewImage', 'OtherImage'] as const;

let tool: Promise<ExifTool> | undefined;

function exiftool(): Promise<ExifTool> {
  tool ??= import('exiftool-vendored').then((m) => m.exiftool);
  return tool;
}

/**
 * The largest JPEG embedded in the RAW file at `path`, or undefined when it has none (or exiftool cannot
 * read the file). Never throws.
 */
export async function rawPreview(path: string): Promise<Buffer | undefined> {
  let best: Buffer | undefined;
  const et = await exiftool().catch(() => undefined);
  if (!et) return undefined;
  for (const tag of PREVIEW_TAGS) {
    try {
      const buf = await et.extractBinaryTagToBuffer(tag, path);
      // A JPEG starts FF D8 FF; keep the largest.
      if (buf.length > 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff && buf.length > (best?.length ?? 0)) best = buf;
    } catch {
      // this maker does not use this tag
    }
  }
  return best;
}

/** Ends exiftool's helper process, if one was started. */
export async function endRawPreviews(): Promise<void> {
  const started = tool;
  tool = undefined;
  await (await started?.catch(() => undefined))?.end();
}
