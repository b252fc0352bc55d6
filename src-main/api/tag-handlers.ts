// The API methods of tags, smart albums and duplicates: thin over the engine's use cases. The engine
// emits `changed`, which tells the UI to refresh what it shows.
import type { Engine } from '../engine/engine.js';
import type { Handlers } from './service.js';
import { albumFromWire, albumToWire, hitToWire, listToWire, tagsToWire } from './to-wire.js';

type TagMethod = 'tags.list' | 'tags.remove' | 'tags.teach' | 'tags.forget' | 'tags.vocabulary' | 'albums.list' | 'albums.create' | 'albums.show' | 'albums.delete' | 'duplicates';

/** Review shows this many of a taught tag's matches; `total` says how many there are. */
const REVIEW_LIMIT = 500;

export function tagHandlers(engine: () => Engine): Handlers<TagMethod> {
  const albumSize = async (e: Engine, name: string) => (await e.albumPhotos(name)).length;
  return {
    'tags.list': () => tagsToWire(engine().tags()),
    'tags.remove': (p) => {
      engine().removeTag(p.id, p.name);
      return { done: true };
    },
    'tags.teach': (p) => {
      const e = engine();
      const r = e.teach(p.name, p.yes ?? [], p.no ?? []);
      const matches = e.hits(r.matches.slice(0, REVIEW_LIMIT).map((m) => ({ id: m.id, score: m.confidence }))).map(hitToWire);
      return { name: r.name, examples: r.examples, matches, total: r.matches.length };
    },
    'tags.forget': (p) => {
      engine().forgetTag(p.name);
      return { done: true };
    },
    'tags.vocabulary': (p) => engine().setVocabulary(p.text),
    'albums.list': async () => {
      const e = engine();
      return Promise.all(e.albums().map(async (a) => albumToWire(a, await albumSize(e, a.name))));
    },
    'albums.create': async (p) => {
      const e = engine();
      const a = e.createAlbum(albumFromWire(p));
      return albumToWire(a, await albumSize(e, a.name));
    },
    'albums.show': async (p) => {
      const e = engine();
      return listToWire(e.hits(await e.albumPhotos(p.name, p.limit ?? 10_000)), { emptyIsNoMatch: true });
    },
    'albums.delete': (p) => {
      engine().deleteAlbum(p.name);
      return { done: true };
    },
    duplicates: (p) => {
      const e = engine();
      const groups = e.duplicates(p.threshold).map((g) => ({ similarity: g.similarity, photos: e.hits(g.ids.map((id) => ({ id, score: g.similarity }))).map(hitToWire) }));
      return { groups };
    },
  };
}
