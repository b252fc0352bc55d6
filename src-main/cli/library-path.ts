// Where a library lives when neither --library nor PHOTO_SEARCH_LIBRARY says: the OS's app-data folder.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultLibraryDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.PHOTO_SEARCH_LIBRARY) return env.PHOTO_SEARCH_LIBRARY;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'photo-search');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'photo-search');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'photo-search');
}
