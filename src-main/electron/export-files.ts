// Copying a photo's file into a folder the person picked (the desktop's "Export"): the file keeps its name,
// and a name already taken there gets " (2)", " (3)", ... rather than overwriting what is in the folder.
import { constants } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';

const MAX_TRIES = 1000;

/**
 * Copies `path` into `folder` without replacing any file; resolves with the new file's path.
 * @throws Error from the file system (a missing source, a folder that cannot be written)
 */
export async function copyInto(path: string, folder: string): Promise<string> {
  const ext = extname(path);
  const stem = basename(path, ext);
  for (let n = 1; n <= MAX_TRIES; n++) {
    const target = join(folder, n === 1 ? `${stem}${ext}` : `${stem} (${n})${ext}`);
    try {
      await copyFile(path, target, constants.COPYFILE_EXCL);
      return target;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  throw new Error(`${MAX_TRIES} files named like ${stem}${ext} are already in ${folder}`);
}
