// Which model a library uses, decided in one place for the desktop app, web mode and the CLI.
import { DomainError } from '../errors.js';
import type { Precision } from '../models/model-files.js';
import { BUNDLED_MODEL, DEFAULT_MODEL, locateModel, type ResolvedModel } from '../models/registry.js';
import { readActiveModel } from '../store/library.js';

export type { ResolvedModel };

export interface ModelRequest {
  requested?: string; // --model or the model picker: a registry id or a model folder
  active?: string | null; // the library's active model; undefined: read it from `libraryDir`
  libraryDir?: string;
  fallback?: string; // for a new library, when the front end insists (the desktop app downloads clip-vit-b-32 first)
  modelsDir: string;
  precision?: Precision; // overrides the precision a stored key names
}

/**
 * The model to open: the one asked for, else the library's active one, else `fallback`, else the
 * default clip-vit-b-32 once it is downloaded, else the bundled tiny-clip (which only knows
 * coloured shapes: `status` names it); and where its files are. The same rule for the desktop
 * app, web mode and the CLI. `needsDownload` says the model must be fetched first.
 * @throws DomainError not_found for a name that is neither a registry id nor a folder
 */
export function resolveModel(req: ModelRequest): ResolvedModel {
  const active = req.active !== undefined ? req.active : req.libraryDir ? readActiveModel(req.libraryDir) : null;
  const preferred = locateModel(DEFAULT_MODEL, req.modelsDir).needsDownload ? BUNDLED_MODEL : DEFAULT_MODEL;
  return locateModel(req.requested ?? active ?? req.fallback ?? preferred, req.modelsDir, req.precision);
}

/** The error for a model that must be downloaded before it can be used. */
export function modelMissing(model: ResolvedModel): DomainError {
  return new DomainError('model_missing', `model ${model.id} is not downloaded yet: run \`photo-search models download ${model.id}\``);
}
