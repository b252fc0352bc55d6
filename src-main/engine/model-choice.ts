// Which model a library uses, decided in one place for the desktop app, web mode and the CLI.
import { DomainError } from '../errors.js';
import { BUNDLED_MODEL, locateModel, type ResolvedModel } from '../models/registry.js';
import { readActiveModel } from '../store/library.js';

export type { ResolvedModel };

export interface ModelRequest {
  requested?: string; // --model or the model picker: a registry id or a model folder
  active?: string | null; // the library's active model; undefined: read it from `libraryDir`
  libraryDir?: string;
  fallback?: string; // for a new library (the desktop app: clip-vit-b-32); default tiny-clip
  modelsDir: string;
}

/**
 * The model to open: the one asked for, else the library's active one, else `fallback`, else the
 * bundled tiny-clip; and where its files are. `needsDownload` says it must be fetched first.
 * @throws DomainError not_found for a name that is neither a registry id nor a folder
 */
export function resolveModel(req: ModelRequest): ResolvedModel {
  const active = req.active !== undefined ? req.active : req.libraryDir ? readActiveModel(req.libraryDir) : null;
  return locateModel(req.requested ?? active ?? req.fallback ?? BUNDLED_MODEL, req.modelsDir);
}

/** The error for a model that must be downloaded before it can be used. */
export function modelMissing(model: ResolvedModel): DomainError {
  return new DomainError('model_missing', `model ${model.id} is not downloaded yet: run \`photo-search models download ${model.id}\``);
}
