// Photo bytes for the UI: a 320px thumbnail or a 2048px view, by photo id. Only photos the library
// holds are served, so no path from the UI ever reaches the file system. Thumbnails are cached on
// disk by content hash (a moved or copied photo reuses its thumbnail), like Immich's, because a
// grid scrolls past hundreds of them and a 12-megapixel JPEG takes tens of milliseconds to shrink.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openImage, TRANSPARENT_BACKGROUND } from '../embed/image-decode.js';
import { DomainError, notFound } from '../errors.js';
import type { PhotoReader } from '../store/photos.js';

export type ImageSize = 'thumbnail' | 'full';

const SIDE: Record<ImageSize, number> = { thumbnail: 320, full: 2048 };
const QUALITY: Record<ImageSize, number> = { thumbnail: 78, full: 88 };

export class PhotoImages {
  private readonly cacheDir: string;

  constructor(private readonly store: Pick<PhotoReader, 'byId'>, libraryDir: string) {
    this.cacheDir = join(libraryDir, 'thumbnails');
  }

  /**
   * The photo's file path, for reveal/open; only for photos in the library.
   * @throws DomainError not_found
   */
  pathOf(id: number): string {
    const row = this.store.byId(id);
    if (!row || row.status === 'missing') throw notFound(`no photo ${id} in the library`);
    return row.path;
  }

  /**
   * JPEG bytes of photo `id`, upright, at most 320 px (thumbnail) or 2048 px (full) on its longer side, never
   * enlarged. Thumbnails are cached under `<library>/thumbnails/` by content hash.
   * @throws DomainError not_found for a photo that is not searchable or whose file is gone; unsupported_file
   *   when its file can no longer be read or decoded
   */
  async jpeg(id: number, size: ImageSize): Promise<Buffer> {
    const row = this.store.byId(id);
    if (!row || row.status !== 'indexed') throw notFound(`no photo ${id} in the library`);
    const cached = size === 'thumbnail' && row.hash ? join(this.cacheDir, row.hash.slice(0, 2), `${row.hash}.jpg`) : undefined;
    if (cached && existsSync(cached)) return readFileSync(cached);
    const side = SIDE[size];
    let out: Buffer;
    try {
      const img = (await openImage(readFileSync(row.path))).resize(side, side, { fit: 'inside', withoutEnlargement: true });
      // Transparent parts on the background the model saw them on (JPEG has no alpha; sharp would use black).
      out = await img.flatten({ background: TRANSPARENT_BACKGROUND }).jpeg({ quality: QUALITY[size], mozjpeg: false }).toBuffer();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw notFound(`photo ${id} is no longer on disk (${row.path})`);
      throw new DomainError('unsupported_file', `cannot show this photo: ${(err as Error).message}`, { cause: err });
    }
    if (cached) {
      try {
        mkdirSync(join(cached, '..'), { recursive: true });
        const tmp = `${cached}.${process.pid}.tmp`;
        writeFileSync(tmp, out);
        renameSync(tmp, cached); // whole or absent, never a half-written thumbnail
      } catch {
        // a read-only or full disk only costs speed
      }
    }
    return out;
  }
}
