// Auto-tag labels are embedded once per model and kept: photos are searchable before the tags are
// ready, searches answer while they are prepared, a restart does not embed them again, and an
// interrupted preparation resumes where it stopped.
import Database from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine, type IndexPhase, type IndexProgress } from '../src-main/engine/engine.js';
import { defaultVocabulary } from '../src-main/tags/vocabulary.js';
import { tempLibrary, type TempLibrary } from './helpers/library.js';

type Progress = IndexProgress & { phase: IndexPhase };
const open = (lib: TempLibrary) => Engine.open({ libraryDir: lib.library, model: 'tiny-clip', device: 'cpu' });
const storedLabels = (lib: TempLibrary) => {
  const db = new Database(join(lib.library, 'library.sqlite3'), { readonly: true });
  try {
    return db.prepare('SELECT COUNT(*) FROM label_embeddings').pluck().get() as number;
  } finally {
    db.close();
  }
};

describe('preparing auto-tags', () => {
  let lib: TempLibrary | undefined;
  afterEach(() => lib?.cleanup());

  it('makes photos searchable first, answers searches meanwhile, and never embeds a label twice', async () => {
    lib = await tempLibrary(1, 21);
    const labels = defaultVocabulary().labels.length;
    const engine = await open(lib);
    engine.addFolder(lib.photos);
    const seen: Progress[] = [];
    let searchedDuringTags: Promise<number> | undefined;
    engine.on('progress', (p) => {
      seen.push(p);
      if (p.phase === 'tagging' && p.done > 0 && !searchedDuringTags) {
        searchedDuringTags = engine.search('a photo of a red circle', { limit: 3 }).then((r) => r.hits.length);
      }
    });
    await engine.indexAll();
    const phases = seen.map((p) => p.phase).filter((p, i, all) => p !== all[i - 1]);
    // Searchable first (main views), then the whole-frame views of these 4:3 photos, then the tags.
    expect(phases).toEqual(['scanning', 'indexing', 'views', 'tagging', 'idle']);
    const tagging = seen.filter((p) => p.phase === 'tagging');
    const total = tagging[0]!.total; // every name of every label in every template
    expect(total % defaultVocabulary().labels.reduce((n, l) => n + l.names.length, 0)).toBe(0);
    expect(tagging[0]!.done).toBe(0);
    expect(tagging.at(-1)).toMatchObject({ done: total, total });
    expect(await searchedDuringTags).toBeGreaterThan(0);
    expect(storedLabels(lib)).toBe(labels + 1); // and the templates' content-free embedding
    await engine.close();

    // A restart with new photos: the labels come from the library, not the text tower.
    const again = await open(lib);
    const before = seen.length;
    again.on('progress', (p) => seen.push(p));
    copyFileSync(join(lib.photos, lib.written[0]!.file), join(lib.photos, 'new-photo.jpg'));
    await again.indexAll(); // one new photo to tag
    const replay = seen.slice(before).filter((p) => p.phase === 'tagging');
    expect(replay[0]).toMatchObject({ done: total, total });
    await again.close();
  });

  it('resumes an interrupted preparation where it stopped', async () => {
    lib = await tempLibrary(1, 22);
    const engine = await open(lib);
    engine.addFolder(lib.photos);
    let stopping: Promise<void> | undefined;
    engine.on('progress', (p) => {
      if (p.phase === 'tagging' && p.done > p.total / 2 && !stopping) stopping = engine.close(); // Ctrl+C mid-way
    });
    await engine.indexAll();
    await stopping;
    const kept = storedLabels(lib);
    const labels = defaultVocabulary().labels.length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(labels);

    const resumed = await open(lib);
    const tagging: Progress[] = [];
    resumed.on('progress', (p) => (p.phase === 'tagging' ? tagging.push(p) : undefined));
    await resumed.indexAll();
    expect(tagging[0]!.done).toBeGreaterThan(0); // what was stored is not embedded again
    expect(storedLabels(lib)).toBe(labels + 1); // and the templates' content-free embedding
    // Every photo tagged (tiny-clip does not know the default vocabulary's words, so it gives them almost no tags).
    expect(resumed.status().tags).toMatchObject({ labels, labelsReady: labels, photosWaiting: 0 });
    await resumed.close();
  });
});
