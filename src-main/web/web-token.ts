// The web mode's access token, kept per library: a page left open while `photo-search serve` restarts (same
// port, same library) reconnects by itself instead of asking for the new address. The file is the user's
// alone (0600), like an SSH key: whoever can read it can already read the library.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = 'web-token';
const VALID = /^[A-Za-z0-9_-]{32,}$/; // base64url of at least 24 random bytes

/**
 * The token for the library in `libraryDir`: the one saved there, else a new one (24 random bytes, base64url)
 * saved for next time. A file that is unreadable or not a token is replaced.
 * @throws Error when the library folder cannot be written (the server then cannot run on it either)
 */
export function libraryWebToken(libraryDir: string): string {
  const path = join(libraryDir, FILE);
  try {
    const saved = readFileSync(path, 'utf8').trim();
    if (VALID.test(saved)) return saved;
  } catch {
    // none yet
  }
  const token = randomBytes(24).toString('base64url');
  mkdirSync(libraryDir, { recursive: true });
  writeFileSync(path, `${token}\n`, { mode: 0o600 });
  chmodSync(path, 0o600); // an older file with wider rights
  return token;
}
