// What a photo says about itself: dimensions (upright), when it was taken, the camera, where.
import { basename } from 'node:path';
import type { PhotoMetadata } from '../store/photos.js';
import { chooseTakenAt, validLocation } from './taken-at.js';

const EXIF_FIELDS = [
  'DateTimeOriginal', 'CreateDate', 'ModifyDate', 'GPSDateStamp', 'GPSTimeStamp',
  'Make', 'Model', 'latitude', 'longitude', 'GPSLatitude', 'GPSLongitude', 'GPSLatitudeRef', 'GPSLongitudeRef',
];

function cameraName(make: unknown, model: unknown): string | null {
  const mk = typeof make === 'string' ? make.trim() : '';
  const md = typeof model === 'string' ? model.trim() : '';
  if (!mk && !md) return null;
  // "Canon" + "Canon EOS R6" reads better as "Canon EOS R6".
  return md.toLowerCase().startsWith(mk.toLowerCase()) ? md || mk : `${mk} ${md}`.trim();
}

/**
 * Reads EXIF; a photo without EXIF, or with broken EXIF, simply has no such metadata (nulls; never throws).
 * `taken_at`: ms since epoch of the wall-clock time, as if UTC (EXIF has no zone), from the best source
 * (taken-at.ts: EXIF, GPS, the file name, then the file's modification time `file.mtimeMs`), named in
 * `taken_at_source`; `gps_lat`/`gps_lon`: decimal degrees, negative south and west, null unless valid.
 */
export async function readExif(buf: Buffer, file: { path: string; mtimeMs: number }): Promise<Omit<PhotoMetadata, 'width' | 'height'>> {
  let tags: Record<string, unknown> | undefined;
  try {
    const { default: exifr } = await import('exifr'); // loaded on first use, not by every process
    // Dates as written (reviveValues off): exifr's Date objects roll "2019:00:00" over into 2018.
    tags = (await exifr.parse(buf, { pick: EXIF_FIELDS, gps: true, reviveValues: false })) as Record<string, unknown> | undefined;
  } catch {
    tags = undefined;
  }
  const place = validLocation(tags?.latitude, tags?.longitude);
  const date = chooseTakenAt({
    dateTimeOriginal: tags?.DateTimeOriginal,
    createDate: tags?.CreateDate,
    gpsDate: tags?.GPSDateStamp,
    gpsTime: tags?.GPSTimeStamp,
    modifyDate: tags?.ModifyDate,
    fileName: basename(file.path),
    mtimeMs: file.mtimeMs,
  });
  return {
    taken_at: date.takenAt,
    taken_at_source: date.source,
    camera: cameraName(tags?.Make, tags?.Model),
    gps_lat: place?.lat ?? null,
    gps_lon: place?.lon ?? null,
  };
}
