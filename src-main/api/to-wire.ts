// Engine results -> the API contract's wire types (src-shared/api.ts): each shape is declared once
// on each side, and this is the one place that maps between them.
import { basename } from 'node:path';
import type {
  AlbumInfo, Filters, FolderInfo, IndexProgress as WireProgress, PhotoDetails, PhotoHit as WireHit, SearchResult, StatusInfo, TagInfo,
} from '../../src-shared/api.js';
import type { ApiArgs } from '../../src-shared/api-schemas.js';
import type {
  Album, AlbumSpec, EngineStatus, FolderSummary, IndexPhase, IndexProgress, PhotoHit, PhotoInfo, SearchFilters, SearchResponse, TagSummary,
} from '../engine/engine.js';

/** Wire filters -> the engine's, key by key: a renamed schema key breaks the build here. */
export function filtersFromWire(f: Filters | undefined): SearchFilters | undefined {
  return f && { folder: f.folder, from: f.from, to: f.to, camera: f.camera, available: f.available };
}

export function hitToWire(h: PhotoHit): WireHit {
  const wire: WireHit = { id: h.id, name: basename(h.path), path: h.path, score: h.score, width: h.width, height: h.height, takenAt: h.takenAt, dateSource: h.dateSource, camera: h.camera, unavailable: h.unavailable };
  if (h.match) wire.match = { kind: h.match.kind, region: h.match.region, frame: h.match.frame, atMs: h.match.atMs };
  return wire;
}

export function searchToWire(r: SearchResponse): SearchResult {
  return { hits: r.hits.map(hitToWire), noGoodMatch: r.noGoodMatch, bestScore: r.bestScore, floor: r.floor };
}

/** A list of photos without a query (browsing, an album, "more like this"): no relevance floor. */
export function listToWire(hits: readonly PhotoHit[], opts: { emptyIsNoMatch: boolean }): SearchResult {
  const wire = hits.map(hitToWire);
  return { hits: wire, noGoodMatch: opts.emptyIsNoMatch && wire.length === 0, bestScore: opts.emptyIsNoMatch ? (wire[0]?.score ?? null) : null, floor: null };
}

/** An album as the API creates it -> the engine's spec, key by key. */
export function albumFromWire(p: ApiArgs<'albums.create'>): AlbumSpec {
  return { name: p.name, query: p.query, examples: p.examples, filters: filtersFromWire(p.filters), threshold: p.threshold };
}

export function photoToWire(p: PhotoInfo): PhotoDetails {
  return { ...hitToWire(p), folder: p.folder, size: p.size, modifiedAt: p.modifiedAt, gps: p.gps, status: p.status, error: p.error, tags: p.tags };
}

export function foldersToWire(folders: readonly FolderSummary[]): FolderInfo[] {
  return folders.map((f) => ({ path: f.path, photos: f.photos, state: f.state === 'offline' ? 'offline' : 'online', reason: f.reason, since: f.since }));
}

export function tagsToWire(tags: readonly TagSummary[]): TagInfo[] {
  return tags.map((t) => ({ name: t.name, kind: t.kind, photos: t.photos }));
}

export function albumToWire(a: Album, photos: number): AlbumInfo {
  return { name: a.name, query: a.query, examples: a.examples, filters: a.filters, threshold: a.threshold, photos };
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
    model: { id: s.model.id, title: s.model.title, dim: s.model.dim },
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
