// The API methods of tags, smart albums and duplicates: thin over the engine's use cases. The engine
// emits `changed`, which tells the UI to refresh what it shows.
import type { Album, Engine } from '../engine/engine.js';
import type { Handlers } from './service.js';
import { albumChangesFromWire, albumFromWire, albumToWire, duplicateGroupToWire, hitToWire, listToWire, tagsToWire } from './to-wire.js';

type TagMethod = 'tags.list' | 'tags.remove' | 'tags.add' | 'tags.teach' | 'tags.examples' | 'tags.forget' | 'tags.vocabulary' | 'albums.list' | 'albums.create' | 'albums.show' | 'albums.update' | 'albums.addPhotos' | 'albums.removePhotos' | 'albums.setCover' | 'albums.delete' | 'duplicates' | 'duplicates.dismiss';

/** Review shows this many of a taught tag's matches; `total` says how many there are. */
const REVIEW_LIMIT = 500;

export function tagHandlers(engine: () => Engine): Handlers<TagMethod> {
  const albumInfo = async (e: Engine, a: Album) => albumToWire(a, await e.albumSummary(a.name));
  return {
    'tags.list': () => tagsToWire(engine().tags()),
    'tags.remove': (p) => {
      engine().removeTag(p.id, p.name);
      return { done: true };
    },
    'tags.add': (p) => engine().tagPhotos(p.name, p.ids),
    'tags.teach': (p) => {
      const e = engine();
      const r = e.teach(p.name, p.yes ?? [], p.no ?? []);
      const wire = (list: typeof r.matches) => {
        const words = new Map(list.map((m) => [m.id, m.word]));
        return e.hits(list.map((m) => ({ id: m.id, score: m.confidence }))).map((h) => ({ ...hitToWire(h), confidence: words.get(h.id) ?? null }));
      };
      return { name: r.name, examples: r.examples, matches: wire(r.matches.slice(0, REVIEW_LIMIT)), total: r.matches.length, uncertain: wire(r.uncertain) };
    },
    'tags.examples': (p) => engine().tagExamples(p.name),
    'tags.forget': (p) => {
      engine().forgetTag(p.name);
      return { done: true };
    },
    'tags.vocabulary': (p) => engine().setVocabulary(p.text),
    'albums.list': async () => {
      const e = engine();
      return Promise.all(e.albums().map((a) => albumInfo(e, a)));
    },
    'albums.create': async (p) => {
      const e = engine();
      return albumInfo(e, e.createAlbum(albumFromWire(p)));
    },
    'albums.show': async (p) => {
      const e = engine();
      return listToWire(e.hits(await e.albumPhotos(p.name, p.limit ?? 10_000)), { emptyIsNoMatch: true });
    },
    'albums.update': (p) => {
      const e = engine();
      return albumInfo(e, e.updateAlbum(p.name, albumChangesFromWire(p)));
    },
    'albums.addPhotos': (p) => {
      const e = engine();
      return albumInfo(e, e.addToAlbum(p.name, p.ids));
    },
    'albums.removePhotos': (p) => {
      const e = engine();
      return albumInfo(e, e.removeFromAlbum(p.name, p.ids));
    },
    'albums.setCover': async (p) => {
      const e = engine();
      return albumInfo(e, await e.setAlbumCover(p.name, p.id));
    },
    'albums.delete': (p) => {
      engine().deleteAlbum(p.name);
      return { done: true };
    },
    duplicates: async (p) => {
      const e = engine();
      return { groups: (await e.duplicates(p.threshold)).map((g) => duplicateGroupToWire(g, (id) => e.photo(id))) };
    },
    'duplicates.dismiss': (p) => {
      engine().dismissDuplicates(p.ids);
      return { done: true };
    },
  };
}
