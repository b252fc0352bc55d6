// Which model a library uses, decided in one place for the desktop app, web mode and the CLI.
import { DomainError } from '../errors.js';
import { PRECISIONS, precisionsIn, type Precision } from '../models/model-files.js';
import { choosePrecision, type PrecisionChoice } from '../models/precision-choice.js';
import { resolve } from 'node:path';
import { BUNDLED_MODEL, DEFAULT_MODEL, findModel, locateModel, splitModelKey, type ResolvedModel } from '../models/registry.js';
import { readModelUse } from '../store/library.js';

export type { ResolvedModel };

export interface ModelRequest {
  requested?: string; // --model or the model picker: a registry id or a model folder
  active?: string | null; // the library's active model; undefined: read it from `libraryDir`
  embedded?: (key: string) => number; // photos the library has embedded with a model key; absent: read from `libraryDir`
  libraryDir?: string;
  fallback?: string; // for a new library, when the front end insists (the desktop app downloads clip-vit-b-32 first)
  modelsDir: string;
  precision?: PrecisionChoice; // overrides the precision a stored key names; `auto` or absent: see resolveModel
  onGpu?: boolean; // the device runs a GPU execution provider (for `auto`)
}

/** The model to open, and whether its precision was chosen by `auto` (a GPU found later may change it). */
export interface ModelChoice extends ResolvedModel {
  precisionChosen: boolean;
}

/**
 * The model to open: the one asked for, else the library's active one, else `fallback`, else the
 * default clip-vit-b-32 once it is downloaded, else the bundled tiny-clip (which only knows
 * coloured shapes: `status` names it); and where its files are. The same rule for the desktop
 * app, web mode and the CLI. `needsDownload` says the model must be fetched first.
 *
 * Its precision: the one asked for, else the one its key names (`id@int8`), else, for the library's
 * active model, the active one's, else the one the library has the most photos embedded with (a
 * library never changes a model's precision by itself: that would re-index it, and the same model
 * would look like two: "no photos are indexed with tiny-clip@int8" for a library indexed with
 * tiny-clip), else `auto`: precision-choice.ts's fastest for the device when its measured accuracy
 * cost is small, else fp32.
 * @throws DomainError not_found for a name that is neither a registry id nor a folder
 */
export function resolveModel(req: ModelRequest): ModelChoice {
  // A registry id, or a folder (stored as an absolute path; asked for perhaps relative).
  const idOf = (name: string) => (findModel(name) ? name : resolve(name));
  const keysOf = (name: string) => PRECISIONS.map((p) => (p === 'fp32' ? idOf(name) : `${idOf(name)}@${p}`));
  const stored = req.libraryDir && (req.active === undefined || !req.embedded) ? readModelUse(req.libraryDir, req.requested ? keysOf(splitModelKey(req.requested).name) : []) : undefined;
  const active = req.active !== undefined ? req.active : (stored?.active ?? null);
  const embedded = req.embedded ?? ((key: string) => stored?.embedded.get(key) ?? 0);
  const preferred = locateModel(DEFAULT_MODEL, req.modelsDir).needsDownload ? BUNDLED_MODEL : DEFAULT_MODEL;
  const spec = req.requested ?? active ?? req.fallback ?? preferred;
  const named = splitModelKey(spec);
  const activeKey = active ? splitModelKey(active) : undefined;
  const sameAsActive = activeKey !== undefined && idOf(named.name) === idOf(activeKey.name);
  const kept = sameAsActive ? (activeKey.precision ?? 'fp32') : indexedPrecision(keysOf(named.name).map(embedded));
  const stated = req.precision !== undefined && req.precision !== 'auto' ? req.precision : (named.precision ?? kept);
  if (stated) return { ...locateModel(spec, req.modelsDir, stated), precisionChosen: false };
  const base = locateModel(spec, req.modelsDir, 'fp32');
  if (base.needsDownload) {
    // Downloaded at another precision only (`models download ID --precision int8`): use what is here.
    const here = PRECISIONS.filter((p) => !locateModel(spec, req.modelsDir, p).needsDownload);
    if (!here.length) return { ...base, precisionChosen: true }; // nothing here yet: fp32 to download
    return { ...locateModel(spec, req.modelsDir, choosePrecision(base.dir, here, req.onGpu ?? false)), precisionChosen: true };
  }
  const precision = choosePrecision(base.dir, precisionsIn(base.dir), req.onGpu ?? false);
  return { ...locateModel(spec, req.modelsDir, precision), precisionChosen: true };
}

/** The precision (in PRECISIONS' order) with the most photos embedded, given each one's count; undefined when none has any. */
function indexedPrecision(counts: readonly number[]): Precision | undefined {
  const best = counts.reduce((b, n, i) => (n > counts[b]! ? i : b), 0);
  return counts[best]! > 0 ? PRECISIONS[best] : undefined;
}

/** The error for a model that must be downloaded before it can be used. */
export function modelMissing(model: ResolvedModel): DomainError {
  const precision = model.precision === 'fp32' ? '' : ` --precision ${model.precision}`;
  return new DomainError('model_missing', `model ${model.id}${precision ? ` (${model.precision})` : ''} is not downloaded yet: run \`photo-search models download ${model.id}${precision}\``);
}
