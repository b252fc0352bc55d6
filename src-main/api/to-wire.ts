// Engine results -> the API contract's wire types (src-shared/api.ts): each shape is declared once
// on each side, and this is the one place that maps between them.
import { basename, dirname } from 'node:path';
import type {
  AlbumInfo, DuplicateGroupInfo, DuplicatePhoto, Filters, FolderInfo, IndexProgress as WireProgress, PhotoDetails, PhotoHit as WireHit, SearchResult, StatusInfo, TagInfo,
} from '../../src-shared/api.js';
import type { ApiArgs } from '../../src-shared/api-schemas.js';
import type {
  Album, AlbumChanges, AlbumSpec, AlbumSummary, DuplicateGroup, EngineStatus, FolderSummary, IndexPhase, IndexProgress, PhotoHit, PhotoInfo, SearchFilters, SearchResponse, TagSummary,
} from '../engine/engine.js';

/** Wire filters -> the engine's, key by key: a renamed schema key breaks the build here. */
export function filtersFromWire(f: Filters | undefined): SearchFilters | undefined {
  return f && { folder: f.folder, from: f.from, to: f.to, camera: f.camera, available: f.available };
}

export function hitToWire(h: PhotoHit): WireHit {
  // The name as people read it: composed (NFC), as typed text is, even when the file system stored it decomposed (macOS).
  const wire: WireHit = { id: h.id, name: basename(h.path).normalize('NFC'), path: h.path, score: h.score, width: h.width, height: h.height, takenAt: h.takenAt, dateSource: h.dateSource, camera: h.camera, unavailable: h.unavailable };
  if (h.match) wire.match = { kind: h.match.kind, region: h.match.region, frame: h.match.frame, atMs: h.match.atMs };
  return wire;
}

export function searchToWire(r: SearchResponse): SearchResult {
  return { hits: r.hits.map(hitToWire), noGoodMatch: r.noGoodMatch, bestScore: r.bestScore, floor: r.floor, ...(r.unknownTags ? { unknownTags: r.unknownTags } : {}) };
}

/** A list of photos without a query (browsing, an album, "more like this"): not cut; "more like this" names its floor. */
export function listToWire(hits: readonly PhotoHit[], opts: { emptyIsNoMatch: boolean; floor?: number }): SearchResult {
  const wire = hits.map(hitToWire);
  return { hits: wire, noGoodMatch: opts.emptyIsNoMatch && wire.length === 0, bestScore: opts.emptyIsNoMatch ? (wire[0]?.score ?? null) : null, floor: opts.floor ?? null };
}

/** An album as the API creates it -> the engine's spec, key by key. */
export function albumFromWire(p: ApiArgs<'albums.create'>): AlbumSpec {
  return { name: p.name, query: p.query, examples: p.examples, photos: p.photos, filters: filtersFromWire(p.filters), threshold: p.threshold };
}

/** An album's changes as the API sends them -> the engine's, key by key (absent: unchanged). */
export function albumChangesFromWire(p: ApiArgs<'albums.update'>): AlbumChanges {
  return { name: p.newName, query: p.query, examples: p.examples, filters: filtersFromWire(p.filters), threshold: p.threshold };
}

/** A duplicate group with what the person compares: each photo's folder, file size and format, and the evidence. */
export function duplicateGroupToWire(g: DuplicateGroup, photo: (id: number) => PhotoInfo): DuplicateGroupInfo {
  const photos = g.ids.map((id): DuplicatePhoto => {
    const p = photo(id);
    // The file's own folder (where this copy lives), not the library folder it was found under.
    return { ...hitToWire({ ...p, score: g.similarity }), folder: dirname(p.path), size: p.size, format: p.format };
  });
  return { kind: g.kind, similarity: g.similarity, keeper: g.keeper, photos, pairs: g.pairs.map((p) => ({ a: p.a, b: p.b, evidence: { ...p.evidence } })) };
}

export function photoToWire(p: PhotoInfo): PhotoDetails {
  // The photo's own folder (two "빨간 원.png" in two subfolders of one watched folder are told apart there).
  return { ...hitToWire(p), folder: dirname(p.path), size: p.size, format: p.format, modifiedAt: p.modifiedAt, gps: p.gps, status: p.status, error: p.error, tags: p.tags };
}

export function foldersToWire(folders: readonly FolderSummary[]): FolderInfo[] {
  return folders.map((f) => ({ path: f.path, photos: f.photos, state: f.state === 'offline' ? 'offline' : 'online', reason: f.reason, since: f.since }));
}

export function tagsToWire(tags: readonly TagSummary[]): TagInfo[] {
  return tags.map((t) => ({ name: t.name, kind: t.kind, photos: t.photos, ...(t.names ? { names: t.names } : {}) }));
}

/** An album with what it holds now: its saved filters key by key (only those set), its cover and hand-picked counts. */
export function albumToWire(a: Album, now: AlbumSummary): AlbumInfo {
  const f = a.filters;
  const filters: Filters = Object.fromEntries(
    Object.entries({ folder: f.folder, from: f.from, to: f.to, camera: f.camera, available: f.available } satisfies Filters).filter(([, v]) => v !== undefined),
  );
  return {
    name: a.name, query: a.query, examples: a.examples, filters, threshold: a.threshold,
    photos: now.photos, cover: now.cover, coverChosen: a.coverHash !== null, added: a.added, removed: a.removed,
  };
}

export function progressToWire(p: IndexProgress & { phase: IndexPhase }): WireProgress {
  return { phase: p.phase, done: p.done, total: p.total, failed: p.failed, ratePerSecond: p.ratePerSecond, etaSeconds: p.etaSeconds, current: p.current };
}

/** The ready library's status; `extra` is what only the service knows (progress, download, front end). */
export function statusToWire(s: EngineStatus, folders: readonly FolderSummary[], extra: Pick<StatusInfo, 'indexing' | 'download' | 'desktop'>): StatusInfo {
  return {
    state: 'ready',
    error: null,
    library: s.library,
    model: { id: s.model.id, title: s.model.title, dim: s.model.dim, languages: [...s.model.languages] },
    device: { provider: s.device.provider, gpu: s.device.gpu, description: s.device.description, fallbacks: s.device.fallbacks },
    counts: s.counts,
    searchable: s.indexed,
    failures: s.failures.slice(0, 1000),
    folders: foldersToWire(folders),
    skipped: s.skipped,
    writer: s.writer,
    settings: s.settings,
    ...extra,
  };
}
