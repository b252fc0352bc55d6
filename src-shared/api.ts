// The API contract between the UI and the engine, used unchanged by the Electron IPC bridge, the web
// mode and the renderer: what each method takes (src-shared/api-schemas.ts), what it answers, and
// the events pushed while work runs. Types only, so the renderer bundles none of the main side.
import type { z } from 'zod';
import type { ApiMethod, ApiParams, filtersSchema } from './api-schemas.js';

export type { ApiMethod, ApiParams };

/** Search filters, as the schema checks them (one declaration: api-schemas.ts). */
export type Filters = z.output<typeof filtersSchema>;

export interface PhotoHit {
  id: number;
  name: string; // file name, for alt text and captions
  path: string;
  score: number;
  width: number | null;
  height: number | null;
  takenAt: number | null; // ms since epoch, the wall-clock time read as UTC
  // Where takenAt came from: 'exif-original', 'exif-create', 'gps', 'file-name', 'exif-modify', 'file-time'
  dateSource: string | null;
  camera: string | null;
  unavailable: string | null; // why its file cannot be reached now (its folder offline); null: it can
  /**
   * The part of the photo that matched, when it was not the standard centre square: a square across a wide or tall
   * photo (region: fractions of the upright photo) or another frame of an animation (atMs: when it shows).
   */
  match?: { kind: 'centre' | 'crop' | 'frame'; region: { x: number; y: number; w: number; h: number }; frame: number | null; atMs: number | null };
}

export interface SearchResult {
  hits: PhotoHit[];
  noGoodMatch: boolean; // a text query whose best score is under the model's relevance floor
  bestScore: number | null;
  floor: number | null; // search: the relevance floor applied; similar: the floor of a close match, the hits not cut
  unknownTags?: string[]; // search: `tag:` names that name no tag, so nothing matched them
}

export interface PhotoDetails extends PhotoHit {
  folder: string;
  size: number;
  format: string; // "JPEG", "PNG", "HEIC", "WebP", "RAW (.NEF)": from the file name
  modifiedAt: number;
  gps: { lat: number; lon: number } | null;
  status: 'pending' | 'indexed' | 'failed' | 'missing';
  error: string | null;
  // score: auto, cosine similarity; taught, the classifier's confidence (0..1). Show `confidence`, never the score;
  // byYou: the person gave this photo as a yes for this taught tag, so "added by you" says more than a confidence.
  tags: { name: string; score: number; source: 'auto' | 'taught'; confidence: TagConfidence; byYou: boolean; names?: Record<string, string> }[];
}

export interface FolderInfo {
  path: string;
  photos: number;
  state: 'online' | 'offline'; // offline: its drive or share is away; its photos are kept, searchable, unavailable
  reason: string | null; // why it is offline
  since: number | null; // ms since epoch it has been offline
}

/** Files under the folders that are not indexed, for one reason ("video", "name is not valid UTF-8"). */
export interface SkippedInfo {
  reason: 'unsupported' | 'unreadable' | 'permission' | 'name' | 'too-large' | 'paired';
  detail: string | null;
  count: number;
  examples: string[];
}

export interface DeviceInfo {
  provider: string; // cpu, cuda, dml, coreml, webgpu
  gpu: boolean;
  description: string; // "GPU (CUDA)" or "CPU: no CUDA provider installed"
  fallbacks: string[]; // why each better provider was not used
}

export interface StatusInfo {
  state: 'opening' | 'ready' | 'failed'; // the library opens after its model is downloaded and loaded
  error: string | null; // why it failed to open
  library: string;
  model: { id: string; title: string; dim: number; languages: string[] }; // languages: BCP-47 codes its text tower reads
  device: DeviceInfo;
  // missing: recently removed (kept 30 days); unavailable: kept and searchable, their files out of reach now
  counts: { pending: number; indexed: number; failed: number; missing: number; waiting: number; unavailable: number };
  searchable: number;
  failures: { path: string; error: string }[];
  folders: FolderInfo[];
  skipped: SkippedInfo[];
  writer: boolean; // false: another process indexes this library, search still works
  indexing: IndexProgress | null;
  download: DownloadState | null;
  desktop: boolean; // reveal/open/choose are available
  settings: LibrarySettingsInfo | null; // null until the library is open
}

/** What a person can change about a library (engine/engine.ts LibrarySettings). */
export interface LibrarySettingsInfo {
  wholeFrame: boolean; // search also sees wide and tall photos' sides and animations' frames
}

export interface IndexProgress {
  // views: the whole-frame views of searchable photos (done/total photos); tagging: done/total are prompts of the auto-tag labels
  phase: 'scanning' | 'indexing' | 'views' | 'tagging' | 'idle';
  done: number;
  total: number;
  failed: number;
  ratePerSecond: number;
  etaSeconds: number | null;
  current?: string;
}

/** One precision a model is published in: its download size (MB; about, except fp32's) and whether it is here. */
export interface ModelPrecision {
  precision: 'fp32' | 'fp16' | 'int8';
  sizeMB: number;
  downloaded: boolean;
  measuredSmallCost: boolean; // its accuracy cost was measured and is small
}

export interface ModelInfo {
  id: string;
  title: string;
  sizeMB: number; // download size at `precision`
  languages: string[]; // BCP-47 codes the model's text tower reads ('en', 'ko'): the UI's language hint follows them
  languagesText: string; // the same in words, for people ("English, Korean")
  demo: boolean; // bundled with the app for the demo and the tests: it knows coloured shapes only
  note: string;
  downloaded: boolean; // at `precision`
  active: boolean;
  precision: ModelPrecision['precision']; // the active model's own, else what `auto` picks on this device
  precisions: ModelPrecision[];
}

export interface DownloadState {
  id: string;
  receivedBytes: number;
  totalBytes: number;
  state: 'running' | 'done' | 'failed';
  error?: string;
}

export interface ApiResults {
  status: StatusInfo;
  search: SearchResult;
  similar: SearchResult;
  photos: SearchResult;
  photo: PhotoDetails;
  cameras: string[];
  'folders.list': FolderInfo[];
  'folders.add': FolderInfo[];
  'folders.remove': FolderInfo[];
  'folders.choose': FolderInfo[];
  'index.rescan': { started: boolean };
  'library.emptyRemoved': { deleted: number };
  'library.settings': LibrarySettingsInfo;
  'models.list': ModelInfo[];
  'models.download': { started: boolean };
  'models.use': StatusInfo;
  'photo.reveal': { done: boolean };
  'photo.open': { done: boolean };
  'tags.list': TagInfo[];
  'tags.remove': { done: boolean };
  'tags.teach': TaughtTag;
  // "Tag…" on a selection: a new tag is on exactly these photos (learns false) until it is taught; photos: how many it is on
  'tags.add': { name: string; learns: boolean; photos: number };
  'tags.examples': TagExamples;
  'tags.forget': { done: boolean };
  'tags.vocabulary': { labels: number; tagged: number };
  'albums.list': AlbumInfo[];
  'albums.create': AlbumInfo;
  'albums.show': SearchResult;
  'albums.update': AlbumInfo;
  'albums.addPhotos': AlbumInfo;
  'albums.removePhotos': AlbumInfo;
  'albums.setCover': AlbumInfo;
  'albums.delete': { done: boolean };
  duplicates: { groups: DuplicateGroupInfo[] };
  'duplicates.dismiss': { done: boolean };
  'photos.trash': TrashResult;
  'photos.export': ExportResult;
}

/** A photo of a duplicate group, with what a person compares side by side. */
export interface DuplicatePhoto extends PhotoHit {
  folder: string;
  size: number; // bytes
  format: string; // from the file name: "JPEG", "PNG", "HEIC", ...
}

/** Why two photos were grouped: every figure as measured (tags/duplicates.ts PairEvidence). */
export interface DuplicateEvidence {
  kind: 'copy' | 'similar';
  identical: boolean; // the same bytes
  similarity: number; // cosine similarity of the main views
  viewSimilarity: number | null; // the lowest cosine similarity of corresponding views
  hashDistance: number | null; // perceptual hashes: bits of 256 that differ
  colourDistance: number | null; // colour grids: the largest cell difference, share of 0-255
  secondsApart: number | null; // capture times (similar shots)
}

/** Copies (the same picture) or similar shots (a burst, retakes); `keeper` is the suggested photo to keep. */
export interface DuplicateGroupInfo {
  kind: 'copies' | 'similar';
  similarity: number; // the lowest cosine similarity of the pairs that joined the group
  keeper: number; // photo id
  photos: DuplicatePhoto[];
  pairs: { a: number; b: number; evidence: DuplicateEvidence }[];
}

/** Files moved to the operating system's trash (desktop only), and those that could not be, with the reason. */
export interface TrashResult {
  trashed: number;
  failed: { id: number; path: string | null; reason: string }[];
}

/** Files copied into a folder the person picked (desktop only); folder null: the dialog was cancelled. */
export interface ExportResult {
  folder: string | null;
  exported: number;
  failed: { id: number; path: string | null; reason: string }[];
}

export interface TagInfo {
  name: string;
  kind: 'auto' | 'taught';
  photos: number;
  /** The tag's name in other languages, by BCP-47 code ({ ko: '강아지' }), where its vocabulary gives one: the UI shows its own. */
  names?: Record<string, string>;
}

/** How sure a tag is, in words (the UI translates them); the engine decides, from calibrated scores. */
export type TagConfidence = 'likely' | 'possible';

/** A photo a taught tag scored: score is its confidence (0..1, 0.5 at the decision); no word when it does not match. */
export interface TaughtHit extends PhotoHit {
  confidence: TagConfidence | null;
}

/**
 * What teaching a tag starts from: kind null for a new name; 'auto' for a vocabulary tag, which cannot be taught;
 * for a taught tag, the photos already marked yes and no (photo ids).
 */
export interface TagExamples {
  kind: 'auto' | 'taught' | null;
  yes: number[];
  no: number[];
}

/** A taught tag after (re)training: its matches, most confident first, for review. */
export interface TaughtTag {
  name: string;
  examples: { yes: number; no: number };
  matches: TaughtHit[]; // score: the classifier's confidence
  total: number; // all matches (`matches` holds the first 500)
  uncertain: TaughtHit[]; // photos not judged yet that the tag is least sure of, most uncertain first: ask about these next
}

export interface AlbumInfo {
  name: string;
  query: string;
  examples: number[];
  filters: Filters;
  threshold: number | null; // null: the model's relevance floor (0.8 for examples only)
  photos: number;
  cover: number | null; // photo id: the chosen cover while it is in the album, else the best match; null: empty
  coverChosen: boolean; // the person chose a cover (it may be away, the best match standing in)
  added: number; // photos added by hand
  removed: number; // photos removed by hand
}

/**
 * Stable error codes: programs branch on these, people read the message. `invalid_request`: the call
 * is malformed or refused as given; `unauthorized`: no or wrong token (web mode); `not_found`: the
 * photo, folder, tag, album or model named does not exist; `unsupported`: not in this front end
 * (desktop-only actions in web mode); `busy`: try again later (opening, downloading, another
 * process indexes); `model_missing`: the model is not downloaded yet; `unsupported_file`: a file
 * that cannot be used as a photo; `read_only`: the library is open for reading only (a write, or
 * an upgrade of an older library, is needed); `failed`: anything else (a bug or the machine), with its reason
 * in the message.
 */
export const API_ERROR_CODES = [
  'invalid_request', 'unauthorized', 'not_found', 'unsupported', 'busy', 'model_missing', 'unsupported_file', 'read_only', 'failed',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export interface ApiError {
  code: ApiErrorCode;
  message: string;
}

export type ApiResult<M extends ApiMethod> = { ok: true; value: ApiResults[M] } | { ok: false; error: ApiError };

/** Pushed by the engine while it works; the UI never has to poll. */
export type ApiEvent =
  | { type: 'progress'; progress: IndexProgress }
  | { type: 'changed' } // the library changed: refresh status and the current results
  | { type: 'download'; download: DownloadState }
  | { type: 'error'; message: string };

/** What the renderer talks to: the Electron preload bridge or the web-mode HTTP client. */
export interface ApiClient {
  call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
  /** The URL an <img> loads a photo from: a custom protocol in Electron, HTTP in web mode. */
  photoUrl(id: number, size: 'thumbnail' | 'full'): string;
  /** Web mode: the URL of the photo's own file, byte for byte, as a download (the desktop app has the file itself). */
  originalUrl?(id: number): string;
  readonly desktop: boolean;
}

/** The name of the preload bridge on `window` in the Electron app. */
export const BRIDGE_NAME = 'photoSearch';
