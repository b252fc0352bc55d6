// A generated photo library in a temporary folder, and the engine indexing it with tiny-clip.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDemoLibrary, type DemoPhoto } from '../../src-main/demo/demo-library.js';
import { Engine } from '../../src-main/engine/engine.js';

export interface TempLibrary {
  root: string;
  photos: string; // the photo folder
  library: string; // the library (database + index) folder
  written: DemoPhoto[];
  cleanup: () => void;
}

export async function tempLibrary(perCombination = 1, seed = 7): Promise<TempLibrary> {
  const root = mkdtempSync(join(tmpdir(), 'photo-search-test-'));
  const photos = join(root, 'photos');
  const written = await writeDemoLibrary(photos, perCombination, seed);
  return { root, photos, library: join(root, 'library'), written, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** The engine on `lib` with tiny-clip on the CPU, its photo folder added and indexed. */
export async function indexedEngine(lib: TempLibrary): Promise<Engine> {
  const engine = await Engine.open({ libraryDir: lib.library, model: 'tiny-clip', device: 'cpu' });
  engine.addFolder(lib.photos);
  await engine.indexAll();
  return engine;
}
