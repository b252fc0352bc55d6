// Locations the tests share.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TINY_CLIP = join(ROOT, 'models', 'tiny-clip');
export const FIXTURES = join(ROOT, 'tests', 'fixtures');
export const CLI = join(ROOT, 'bin', 'photo-search.js');
// Reference data from OpenAI CLIP, beside the project (read-only, never copied in).
export const SHARED_CLIP = resolve(ROOT, '..', 'shared', 'clip');

export function sharedClipAvailable(): boolean {
  return existsSync(join(SHARED_CLIP, 'tokenizer.json'));
}
/** The key a new library stores tiny-clip under on the CPU: `auto` picks int8, its cost measured small (precision-choice.ts). */
export const TINY_CLIP_KEY = 'tiny-clip@int8';
