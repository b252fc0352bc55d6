// RAW photos (.dng, .cr2, .nef, .arw, ...) are indexed from the full-size JPEG the camera embeds in
// them: decoding the sensor data itself would need a RAW developer, and the embedded JPEG is what
// the camera showed. Read with exiftool (through exiftool-vendored, maintained and used by photo
// managers such as PhotoStructure), which knows where every maker hides its preview. It runs
// exiftool in a helper process, started on the first RAW file and ended by endRawPreviews().
import type { ExifTool } from 'exiftool-vendored';
import { domainErrorKind } from '../errors.js';
import { ImageDecodeError } from './image-decode.js';

/** The RAW reader itself cannot run here (not the file's fault). */
export const RawReaderError = domainErrorKind('unsupported_file', 'RawReaderError');

/** The embedded images tried, largest first by convention: the full-size JPEG, then the preview. */
const PREVIEW_TAGS = ['JpgFromRaw', 'PreviewImage', 'OtherImage'] as const;

let tool: Promise<ExifTool> | undefined;

/** exiftool, started and checked once (its version answered: perl and the script run). */
function exiftool(): Promise<ExifTool> {
  tool ??= import('exiftool-vendored').then(async (m) => {
    await m.exiftool.version();
    return m.exiftool;
  });
  return tool;
}

/**
 * The largest JPEG embedded in the RAW file at `path`, or undefined when it has none.
 * @throws DomainError unsupported_file: RawReaderError when exiftool cannot be loaded or run here (perl
 *   missing, a broken install: the message says so, so that the file is not blamed); ImageDecodeError when
 *   exiftool cannot read the file (damaged, not a RAW file)
 */
export async function rawPreview(path: string): Promise<Buffer | undefined> {
  let et: ExifTool;
  try {
    et = await exiftool();
  } catch (err) {
    tool = undefined;
    throw new RawReaderError(`RAW files cannot be read here: the RAW reader (exiftool) does not run (${(err as Error).message.split('\n')[0]})`);
  }
  let best: Buffer | undefined;
  const failures: string[] = [];
  for (const tag of PREVIEW_TAGS) {
    try {
      const buf = await et.extractBinaryTagToBuffer(tag, path);
      // A JPEG starts FF D8 FF; keep the largest.
      if (buf.length > 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff && buf.length > (best?.length ?? 0)) best = buf;
    } catch (err) {
      const message = (err as Error).message;
      if (!/not found|no .*tag|does not contain/i.test(message)) failures.push(message.split('\n')[0]!); // not just "this maker does not use this tag"
    }
  }
  if (!best && failures.length === PREVIEW_TAGS.length) throw new ImageDecodeError(`RAW file could not be read (${failures[0]})`);
  return best;
}

/** Ends exiftool's helper process, if one was started. */
export async function endRawPreviews(): Promise<void> {
  const started = tool;
  tool = undefined;
  await (await started?.catch(() => undefined))?.end();
}
