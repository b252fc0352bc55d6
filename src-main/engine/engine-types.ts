// The engine's public types: how a library is opened, what it reports (status, progress, folders,
// photos) and what a person can change about it. engine.ts re-exports them with the facade.
import type { Device } from '../embed/execution-providers.js';
import type { IndexProgress } from '../library/indexer.js';
import type { PrecisionChoice } from '../models/precision-choice.js';
import type { PhotoHit } from '../search/searcher.js';
import type { FolderState, PhotoRow, SkippedFile } from '../store/photos.js';
import type { PhotoTag } from '../store/tags.js';
import type { ModelChoice } from './model-choice.js';

export interface EngineOptions {
  libraryDir: string;
  model?: string; // registry id or folder; default: the library's active model, else `defaultModel`
  defaultModel?: string; // for a new library (the desktop app: clip-vit-b-32); default tiny-clip
  device?: Device;
  modelsDir?: string; // where downloaded models live; default <library>/models
  /**
   * `index` (default): may index and watch when no other process does (the writer lock);
   * `edit`: changes folders, tags and albums but never indexes (beside another process that does);
   * `read`: only reads; the database connection refuses writes and the result is an EngineReader.
   */
  mode?: 'index' | 'edit' | 'read';
  /**
   * The weights' format (models/model-files.ts): fp32, int8 or fp16 where the model folder has those
   * files, or `auto` (the default): the library's own for its active model, else the fastest for the
   * device when its accuracy cost was measured small (models/precision-choice.ts). Each precision is
   * its own index (its vectors differ slightly).
   */
  precision?: PrecisionChoice;
  /**
   * The process answers a request or two and exits (a command-line search): the text tower loads in a fraction of
   * the time and embeds each text a little slower (ClipModel.load).
   */
  shortLived?: boolean;
  /** Fetches a model that must be downloaded first (with progress); without it, opening fails with model_missing. */
  fetchModel?: (model: ModelChoice) => Promise<void>;
}

/** What a person can change about a library. */
export interface LibrarySettings {
  /**
   * Embed squares across wide and tall photos and several frames of animations beside the standard centre crop,
   * so that search sees the whole photo (embed/photo-views.ts). Costs extra inferences (bench/README.md).
   */
  wholeFrame: boolean;
}

/** scanning: listing folders; indexing: photos (done/total photos); views: their whole-frame views (done/total photos); tagging: preparing auto-tags (done/total prompts). */
export type IndexPhase = 'scanning' | 'indexing' | 'views' | 'tagging' | 'idle';

export interface EngineEvents {
  progress: [IndexProgress & { phase: IndexPhase }];
  changed: [];
  error: [Error];
}

export interface EngineStatus {
  library: string;
  /**
   * The model this engine searches, indexes and tags with (`id`: its key, `id@int8` at a smaller precision; `name`: its
   * id without the precision), and `active`, the model the library opens with when none is named: the last one whose
   * index was completed (null for a new library). They differ while another model is asked for (`--model`). languages:
   * BCP-47 codes.
   */
  model: { id: string; name: string; title: string; precision: string; dir: string; dim: number; active: string | null; languages: readonly string[] };
  device: { requested: Device; provider: string; gpu: boolean; description: string; fallbacks: string[] };
  // missing: recently removed (kept RECENTLY_REMOVED_MS); unavailable: kept and searchable, but their files out of reach now
  counts: { pending: number; indexed: number; failed: number; missing: number; waiting: number; unavailable: number };
  indexed: number; // searchable photos for this model
  failures: { path: string; error: string }[];
  folders: string[];
  folderStates: FolderSummary[];
  skipped: SkippedGroup[]; // files under the folders that are not indexed, by reason
  writer: boolean; // this process indexes; false when another process holds the lock
  indexedBy: number | null; // pid of the other process that indexes
  settings: LibrarySettings;
  // This model's tags (each model has its own): labels prepared, photos still to tag, taught tags still to learn.
  tags: { labels: number; labelsReady: number; photosWaiting: number; taughtWaiting: number };
}

export interface FolderSummary {
  path: string;
  photos: number; // photos in it that are not missing
  state: FolderState; // online, or offline (its photos kept, searchable, unavailable)
  reason: string | null; // why it is offline
  since: number | null; // ms since epoch it has been offline
}

/** Files not indexed for one reason: "14 video (.mov, .mp4)", with a few examples. */
export interface SkippedGroup {
  reason: SkippedFile['reason'];
  detail: string | null;
  count: number;
  examples: string[];
}

/** A photo with everything the photo view shows. */
export interface PhotoInfo extends PhotoHit {
  folder: string;
  size: number; // bytes
  format: string; // library/photo-files.ts formatName: "JPEG", "HEIC", ...
  modifiedAt: number; // ms since epoch
  status: PhotoRow['status'];
  error: string | null;
  tags: PhotoTag[];
}
