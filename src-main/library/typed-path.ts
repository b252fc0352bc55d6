// A file or a library photo named by a path as a person types it: `~`, relative to the working folder, and
// in either Unicode form. macOS writes names decomposed (NFD: Hangul as separate jamo, "é" as "e" + accent)
// and a keyboard types them composed (NFC); a Linux file system keeps the bytes it was given, so the same
// name in the other form is another name to it, though one name to a person. Every command and API call that
// takes a photo's path goes through here, so that none of them tells a user "no such file" for a file it shows.
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { join, parse, resolve, sep } from 'node:path';
import { expandHome } from '../engine/library-path.js';
import type { PhotoReader, PhotoRow } from '../store/photos.js';

/** `path` in the forms a name may be stored in: as given, composed (NFC) and decomposed (NFD). */
function forms(path: string): string[] {
  return [...new Set([path, path.normalize('NFC'), path.normalize('NFD')])];
}

/**
 * The path on disk that `path` names (absolute; `~` and relative paths as a shell reads them), each of its names
 * matched in whichever Unicode form the disk holds it (a folder from a Mac may be decomposed and the file in it
 * composed), or undefined when nothing there has that name.
 */
export function findOnDisk(path: string): string | undefined {
  const absolute = resolve(expandHome(path));
  const whole = forms(absolute).find((f) => existsSync(f));
  if (whole !== undefined) return whole;
  // Mixed forms: name by name, reading a folder only where a name is not there as given.
  const { root } = parse(absolute);
  let at = root;
  for (const name of absolute.slice(root.length).split(sep).filter(Boolean)) {
    const direct = forms(name).map((n) => join(at, n)).find((p) => existsSync(p));
    if (direct !== undefined) {
      at = direct;
      continue;
    }
    let entries: string[];
    try {
      entries = readdirSync(at);
    } catch {
      return undefined;
    }
    const wanted = name.normalize('NFC');
    const found = entries.find((e) => e.normalize('NFC') === wanted);
    if (found === undefined) return undefined;
    at = join(at, found);
  }
  return at;
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * The library's record of the photo at `path` (as findOnDisk reads a path), whatever Unicode form it is typed
 * in, and also when its file cannot be reached now (an offline folder): matched against the library's own
 * folders. Any status; undefined when the library has no photo by that name.
 */
export function photoRowAt(photos: Pick<PhotoReader, 'byPath' | 'folders'>, path: string): PhotoRow | undefined {
  const absolute = resolve(expandHome(path));
  const disk = findOnDisk(path);
  // Folders are stored by their real path (Engine.addFolder): a path through a link names the same photo.
  const candidates = [...forms(absolute), ...(disk === undefined ? [] : [disk, realpathOr(disk)])];
  for (const c of new Set(candidates)) {
    const row = photos.byPath(c);
    if (row) return row;
  }
  // Not on disk in any form (an offline folder), named in the other form from the folder's: the folder as the
  // library stored it, and the rest in either form.
  const typed = absolute.normalize('NFC');
  for (const folder of photos.folders()) {
    const prefix = folder.path.normalize('NFC') + sep;
    if (!typed.startsWith(prefix)) continue;
    for (const rest of forms(typed.slice(prefix.length))) {
      const row = photos.byPath(folder.path + sep + rest);
      if (row) return row;
    }
  }
  return undefined;
}
