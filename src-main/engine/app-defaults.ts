// What the Electron main process needs to start the engine, without loading the engine (and its
// native modules) into the main process: the default model and where the package lives.
export { BUNDLED_MODEL, DEFAULT_MODEL, packageRoot } from '../models/registry.js';
