// What a photo says about itself: dimensions (upright), when it was taken, the camera, where.
import type { PhotoMetadata } from '../store/photos.js';

const EXIF_FIELDS = ['DateTimeOriginal', 'CreateDate', 'Make', 'Model', 'latitude', 'longitude', 'GPSLatitude', 'GPSLongitude', 'GPSLatitudeRef', 'GPSLongitudeRef'];

function cameraName(make: unknown, model: unknown): string | null {
  const mk = typeof make === 'string' ? make.trim() : '';
  const md = typeof model === 'string' ? model.trim() : '';
  if (!mk && !md) return null;
  // "Canon" + "Canon EOS R6" reads better as "Canon EOS R6".
  return md.toLowerCase().startsWith(mk.toLowerCase()) ? md || mk : `${mk} ${md}`.trim();
}

/** EXIF times carry no zone: read as wall-clock time and returned as if UTC, in ms since epoch. */
function takenAt(value: unknown): number | null {
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    return Date.UTC(value.getFullYear(), value.getMonth(), value.getDate(), value.getHours(), value.getMinutes(), value.getSeconds());
  }
  return null;
}

/**
 * Reads EXIF; a photo without EXIF, or with broken EXIF, simply has no such metadata (nulls; never throws).
 * `taken_at`: ms since epoch of the wall-clock time, as if UTC (EXIF has no zone); `gps_lat`/`gps_lon`: decimal
 * degrees, negative south and west.
 */
export async function readExif(buf: Buffer): Promise<Omit<PhotoMetadata, 'width' | 'height'>> {
  let tags: Record<string, unknown> | undefined;
  try {
    const { default: exifr } = await import('exifr'); // loaded on first use, not by every process
    tags = (await exifr.parse(buf, { pick: EXIF_FIELDS, gps: true, reviveValues: true })) as Record<string, unknown> | undefined;
  } catch {
    tags = undefined;
  }
  const lat = typeof tags?.latitude === 'number' && Number.isFinite(tags.latitude) ? tags.latitude : null;
  const lon = typeof tags?.longitude === 'number' && Number.isFinite(tags.longitude) ? tags.longitude : null;
  return {
    taken_at: takenAt(tags?.DateTimeOriginal ?? tags?.CreateDate),
    camera: cameraName(tags?.Make, tags?.Model),
    gps_lat: lat,
    gps_lon: lon,
  };
}
