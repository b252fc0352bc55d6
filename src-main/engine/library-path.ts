// Where a library lives, for every front end: the desktop app, web mode and the CLI open the same
// library on one computer unless told otherwise. No heavy imports: Electron's main process loads it.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The library folder: `explicit` (--library), else $PHOTO_SEARCH_LIBRARY, else the OS's
 * app-data folder: %APPDATA%\photo-search (Windows), ~/Library/Application Support/photo-search
 * (macOS), $XDG_DATA_HOME/photo-search or ~/.local/share/photo-search (Linux and others).
 * Returns an absolute path; never throws.
 */
export function resolveLibrary(
  explicit?: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (explicit) return resolve(explicit);
  if (env.PHOTO_SEARCH_LIBRARY) return resolve(env.PHOTO_SEARCH_LIBRARY);
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'photo-search');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'photo-search');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'photo-search');
}

/**
 * Where this computer keeps what can be made again (models optimised for this CPU): the OS's
 * cache folder, $PHOTO_SEARCH_CACHE first. Outside any library, so that deleting a library never
 * races a process still writing to it, and libraries share it.
 */
export function resolveCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.PHOTO_SEARCH_CACHE) return resolve(env.PHOTO_SEARCH_CACHE);
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'photo-search', 'Cache');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'photo-search');
  return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'photo-search');
}

/** Where a library keeps downloaded models, unless told otherwise. */
export function defaultModelsDir(libraryDir: string): string {
  return join(libraryDir, 'models');
}

/**
 * A folder path as a person types it: `~` and `~/Pictures` name the home folder (as a shell would;
 * the web mode and the CLI get such paths typed, not picked). `~user` is left alone.
 */
export function expandHome(path: string, home: string = homedir()): string {
  if (path === '~') return home;
  if (path.startsWith('~/') || path.startsWith('~\\')) return join(home, path.slice(2));
  return path;
}
