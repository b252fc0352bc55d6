// Which files are photos, and which folders the library never looks into.
import { basename, extname, sep } from 'node:path';

/** The extensions (lower case, with the dot) of the formats openImage decodes: sharp's, and HEIC through libheif. */
export const PHOTO_EXTENSIONS = new Set([
  '.jpg', '.jpeg', '.jpe', '.png', '.webp', '.avif', '.tif', '.tiff', '.gif', '.heic', '.heif',
]);

/** The names of the app's own files, should a library folder sit inside a photo folder. */
export const APP_FILE_PATTERN = /^(library\.sqlite3(-wal|-shm|-journal)?|index-.*\.(json|hnsw|tmp)|\.photo-search.*)$/;

/** Whether the library takes this file as a photo: by its extension (any case), never one of the app's own files. */
export function isPhotoPath(path: string): boolean {
  return PHOTO_EXTENSIONS.has(extname(path).toLowerCase()) && !APP_FILE_PATTERN.test(basename(path));
}

/** Hidden files and folders (".thumbnails", ".git", "._resource-fork") are skipped, as is the library itself. */
export function isIgnoredPath(path: string, root: string, libraryDir?: string): boolean {
  if (libraryDir && (path === libraryDir || path.startsWith(libraryDir + sep))) return true;
  const rel = path.startsWith(root) ? path.slice(root.length) : path;
  return rel.split(sep).some((part) => part.startsWith('.') && part !== '.' && part !== '..');
}
