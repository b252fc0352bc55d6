// The duplicates review: groups of copies and of similar shots, the photo to keep in each (the
// engine's suggestion until the person picks another), and what can be done with the others: move
// them to the trash (desktop), copy their paths (web), or say the group is not duplicates.
import type { ApiClient, DuplicateEvidence, DuplicateGroupInfo, TrashResult } from '../../../src-shared/api';
import type { Errors } from './errors.svelte';
import { similarityText } from '../../../src-shared/similarity-text';
import { t } from './i18n';
import { trashPhotos } from './trash';

/** A group's key: its photo ids, so a kept choice survives a reload of the list. */
export function groupKey(g: Pick<DuplicateGroupInfo, 'kind' | 'photos'>): string {
  return `${g.kind}:${g.photos.map((p) => p.id).sort((a, b) => a - b).join(',')}`;
}

/** Why two photos were grouped, in words, with the measured figures (never a rounded "1"). */
export function evidenceText(ev: DuplicateEvidence): string {
  if (ev.identical) return t('duplicates.why.identical');
  if (ev.kind === 'similar') return t('duplicates.why.similar', { seconds: ev.secondsApart ?? '?', similarity: similarityText(ev.similarity) });
  return t('duplicates.why.copy', {
    bits: ev.hashDistance ?? '?',
    colours: ((ev.colourDistance ?? 0) * 100).toFixed(1),
    similarity: similarityText(ev.similarity),
  });
}

/** The folders the files are in, with how many of them each: "~/Pictures (2), /mnt/share (1)". */
export function foldersOf(paths: readonly string[]): string {
  const folders = paths.map((p) => p.slice(0, Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'))) || p);
  return folders.filter((f, i) => folders.indexOf(f) === i).map((f) => `${f} (${folders.filter((x) => x === f).length})`).join(', ');
}

export class DuplicatesState {
  groups = $state<DuplicateGroupInfo[] | null>(null);
  /** The photo to keep, per group key, where the person chose one. */
  keepers = $state<Record<string, number>>({});

  constructor(private readonly client: ApiClient, private readonly errors: Errors) {}

  async load(): Promise<void> {
    const r = await this.client.call('duplicates', {});
    if (r.ok) this.groups = r.value.groups;
    else this.errors.report(r.error);
  }

  keeperOf(g: DuplicateGroupInfo): number {
    return this.keepers[groupKey(g)] ?? g.keeper;
  }

  choose(g: DuplicateGroupInfo, id: number): void {
    this.keepers = { ...this.keepers, [groupKey(g)]: id };
  }

  /** The photos of the group other than the one kept. */
  others(g: DuplicateGroupInfo) {
    const keep = this.keeperOf(g);
    return g.photos.filter((p) => p.id !== keep);
  }

  /** "Not duplicates": the group goes, and never comes back. */
  async dismiss(g: DuplicateGroupInfo): Promise<boolean> {
    const r = await this.client.call('duplicates.dismiss', { ids: g.photos.map((p) => p.id) });
    if (!r.ok) {
      this.errors.report(r.error);
      return false;
    }
    this.groups = (this.groups ?? []).filter((x) => groupKey(x) !== groupKey(g));
    return true;
  }

  /** Moves the group's other photos to the operating system's trash (desktop only); the list reloads after. */
  async trashOthers(g: DuplicateGroupInfo): Promise<TrashResult | null> {
    const result = await trashPhotos(this.client, this.errors, this.others(g).map((p) => p.id));
    if (result) await this.load();
    return result;
  }

}
