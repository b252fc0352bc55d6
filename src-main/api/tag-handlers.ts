// The API methods of tags, smart albums and duplicates: thin over the engine's Tagger, Albums and
// duplicate finder. `changed` tells the UI to refresh what it shows.
import type { ApiResults } from '../../src-shared/api.js';
import type { Engine } from '../engine/engine.js';
import type { SearchFilters } from '../search/searcher.js';
import { parseVocabulary } from '../tags/vocabulary.js';
import { ApiFailure } from './api-failure.js';
import { scoredHits } from './photo-hits.js';

type TagMethod = 'tags.list' | 'tags.remove' | 'tags.teach' | 'tags.forget' | 'tags.vocabulary' | 'albums.list' | 'albums.create' | 'albums.show' | 'albums.delete' | 'duplicates';
type TagHandlers = { [M in TagMethod]: (params: never) => Promise<ApiResults[M]> | ApiResults[M] };

/** Review shows this many of a taught tag's matches; `total` says how many there are. */
const REVIEW_LIMIT = 500;

export function tagHandlers(engine: () => Engine, changed: () => void): TagHandlers {
  const albumSize = async (e: Engine, name: string) => (await e.albums.photos(name)).length;
  return {
    'tags.list': () => engine().tagger.list(),
    'tags.remove': (p: { id: number; name: string }) => {
      engine().tagger.removeTag(p.id, p.name);
      changed();
      return { done: true };
    },
    'tags.teach': (p: { name: string; yes?: number[]; no?: number[] }) => {
      const e = engine();
      const r = e.tagger.teach(p.name, p.yes ?? [], p.no ?? []);
      changed();
      const matches = scoredHits(e.store, r.matches.slice(0, REVIEW_LIMIT).map((m) => ({ id: m.id, score: m.confidence })));
      return { name: r.name, examples: r.examples, matches, total: r.matches.length };
    },
    'tags.forget': (p: { name: string }) => {
      engine().tagger.forget(p.name);
      changed();
      return { done: true };
    },
    'tags.vocabulary': async (p: { text: string }) => {
      let vocabulary;
      try {
        vocabulary = parseVocabulary(p.text);
      } catch (err) {
        throw new ApiFailure('invalid_request', (err as Error).message);
      }
      const tagged = await engine().tagger.setVocabulary(vocabulary);
      changed();
      return { labels: vocabulary.labels.length, tagged };
    },
    'albums.list': async () => {
      const e = engine();
      return Promise.all(e.albums.list().map(async (a) => ({ ...a, photos: await albumSize(e, a.name) })));
    },
    'albums.create': async (p: { name: string; query?: string; examples?: number[]; filters?: SearchFilters; threshold?: number }) => {
      const e = engine();
      const a = e.albums.create(p);
      return { ...a, photos: await albumSize(e, a.name) };
    },
    'albums.show': async (p: { name: string; limit?: number }) => {
      const e = engine();
      const hits = scoredHits(e.store, await e.albums.photos(p.name, p.limit ?? 10_000));
      return { hits, noGoodMatch: hits.length === 0, bestScore: hits[0]?.score ?? null, floor: null };
    },
    'albums.delete': (p: { name: string }) => {
      engine().albums.delete(p.name);
      return { done: true };
    },
    duplicates: (p: { threshold?: number }) => {
      const e = engine();
      const groups = e.duplicates(p.threshold).map((g) => ({ similarity: g.similarity, photos: scoredHits(e.store, g.ids.map((id) => ({ id, score: g.similarity }))) }));
      return { groups };
    },
  };
}
