// Which files are photos, and which folders the library never looks into.
import { basename, extname, sep } from 'node:path';

/**
 * The extensions (lower case, with the dot) of the formats openImage decodes: sharp's, and HEIC through
 * libheif, with the other names cameras, browsers and phones give JPEG (.jfif, .pjpeg, Twitter's .jpg_large)
 * and HEIF (.hif, Canon and Fujifilm).
 */
export const PHOTO_EXTENSIONS = new Set([
  '.jpg', '.jpeg', '.jpe', '.jfif', '.jif', '.pjpeg', '.pjp', '.jpg_large', '.jpg_orig', '.png', '.webp', '.avif',
  '.tif', '.tiff', '.gif', '.heic', '.heif', '.hif',
]);

/**
 * Camera RAW formats: indexed from the JPEG preview the camera embeds (embed/raw-preview.ts), and not
 * at all when a JPEG or HEIC of the same name sits beside them (shot as RAW+JPEG: one photo, two files).
 */
export const RAW_EXTENSIONS = new Set(['.dng', '.cr2', '.cr3', '.crw', '.nef', '.nrw', '.arw', '.srf', '.sr2', '.raf', '.orf', '.rw2', '.pef', '.srw', '.x3f', '.3fr', '.iiq', '.erf']);

/** Whether `path` names a camera RAW file (by extension, any case). */
export function isRawPath(path: string): boolean {
  return RAW_EXTENSIONS.has(extname(path).toLowerCase());
}

/** The format a person knows the file by, from its extension: "JPEG", "PNG", "HEIC", "WebP", "RAW (.NEF)". */
export function formatName(path: string): string {
  const ext = extname(path).toLowerCase();
  if (RAW_EXTENSIONS.has(ext)) return `RAW (${ext.toUpperCase()})`;
  if (['.jpg', '.jpeg', '.jpe', '.jfif', '.jif', '.pjpeg', '.pjp', '.jpg_large', '.jpg_orig'].includes(ext)) return 'JPEG';
  if (['.tif', '.tiff'].includes(ext)) return 'TIFF';
  if (['.heic', '.heif', '.hif'].includes(ext)) return 'HEIC';
  if (ext === '.webp') return 'WebP';
  return ext.slice(1).toUpperCase() || 'unknown';
}

/** What files that are not photos the app reads are, by extension: named in `status` ("14 videos (.mov, .mp4)"). */
export const OTHER_KINDS: Record<string, string> = Object.fromEntries([
  ...['.mov', '.mp4', '.m4v', '.avi', '.mkv', '.3gp', '.mts', '.m2ts', '.webm', '.wmv', '.mpg', '.mpeg'].map((e) => [e, 'video']),
  ...['.bmp', '.dib', '.psd', '.svg', '.ico', '.jxl', '.jp2', '.xcf', '.exr', '.hdr', '.tga'].map((e) => [e, 'other image']),
  ...['.xmp', '.aae', '.json', '.thm', '.lrv'].map((e) => [e, 'sidecar']),
]);

/** Content types (file-type's `ext`) that openImage decodes, for a file whose extension does not say. */
export const DECODABLE_CONTENT = new Set(['jpg', 'png', 'webp', 'avif', 'tif', 'gif', 'heic']);

/** The names of the app's own files, should a library folder sit inside a photo folder. */
export const APP_FILE_PATTERN = /^(library\.sqlite3(-wal|-shm|-journal)?|index-.*\.(json|hnsw|vectors|tmp)|indexer\.lock|\.photo-search.*)$/;

/** Whether this is one of the app's own files (a library folder inside a photo folder). */
export function isAppFile(path: string): boolean {
  return APP_FILE_PATTERN.test(basename(path));
}

/** Whether the library takes this file as a photo by its extension (any case, RAW included), never one of the app's own files. */
export function isPhotoPath(path: string): boolean {
  const ext = extname(path).toLowerCase();
  return (PHOTO_EXTENSIONS.has(ext) || RAW_EXTENSIONS.has(ext)) && !APP_FILE_PATTERN.test(basename(path));
}

/** Hidden files and folders (".thumbnails", ".git", "._resource-fork") are skipped, as is the library itself. */
export function isIgnoredPath(path: string, root: string, libraryDir?: string): boolean {
  if (libraryDir && (path === libraryDir || path.startsWith(libraryDir + sep))) return true;
  const rel = path.startsWith(root) ? path.slice(root.length) : path;
  return rel.split(sep).some((part) => part.startsWith('.') && part !== '.' && part !== '..');
}
