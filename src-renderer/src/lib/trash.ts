// The one way the renderer moves photos' files to the operating system's trash (desktop only): one
// `photos.trash` call, each file that could not go reported with its path and the system's reason.
import type { ApiClient, TrashResult } from '../../../src-shared/api';
import type { Errors } from './errors.svelte';
import { t } from './i18n';

/**
 * Moves photos `ids` to the trash. The library rescans after (the main process starts it).
 * @returns what moved and what did not; null when the call itself failed (reported)
 */
export async function trashPhotos(client: ApiClient, errors: Errors, ids: number[]): Promise<TrashResult | null> {
  const r = await client.call('photos.trash', { ids });
  if (!r.ok) {
    errors.report(r.error);
    return null;
  }
  for (const f of r.value.failed) errors.report(t('trash.failed', { path: f.path ?? `#${f.id}`, reason: f.reason }));
  return r.value;
}
