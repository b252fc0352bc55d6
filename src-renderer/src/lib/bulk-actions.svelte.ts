// What the selection bar does to the picked photos: add them to an album, tag them (a taught tag's "yes"
// examples) or take a tag off, mark them yes or no for the tag being taught, and on the desktop reveal, open,
// export (copy to a folder) or move them to the trash; in web mode, download them. Each action says what it did
// (`done`, shown in the bar) or reports why it failed.
import type { PhotoHit } from '../../../src-shared/api';
import type { AlbumsState } from './albums.svelte';
import type { Errors } from './errors.svelte';
import { t } from './i18n';
import { tc } from './plural';
import { trashPhotos } from './trash';
import type { TagsState } from './tags.svelte';
import type { Client } from './transport';

/** More than this many files at once would flood the desktop with windows. */
export const OPEN_AT_ONCE = 10;

export class BulkActions {
  /** What the last action did, in words; null while one runs or after the selection changed. */
  done = $state<string | null>(null);
  busy = $state(false);

  constructor(
    private readonly client: Client,
    private readonly errors: Errors,
    private readonly tags: TagsState,
    private readonly albums: AlbumsState,
    /** The library changed (tags, files): show the results again. */
    private readonly changed: () => Promise<void>,
  ) {}

  async addToAlbum(name: string, photos: PhotoHit[]): Promise<boolean> {
    return this.run(async () => {
      const album = await this.albums.addPhotos(name, photos.map((p) => p.id));
      return album && t('select.addedToAlbum', { photos: tc('search.results', photos.length), name: album.name });
    });
  }

  /** A new album of exactly these photos (picked by hand: no query), named `name`. */
  async newAlbum(name: string, photos: PhotoHit[]): Promise<boolean> {
    return this.run(async () => {
      const album = await this.albums.create({ name: name.trim(), photos: photos.map((p) => p.id) });
      return album && t('select.albumCreated', { photos: tc('search.results', photos.length), name: album.name });
    });
  }

  /** The tag on these photos: they become its "yes" examples (a taught tag learns from them). */
  async addTag(name: string, photos: PhotoHit[]): Promise<boolean> {
    return this.teach(name.trim(), photos, 'yes');
  }

  /** "Not this tag" on each photo; it stays removed. */
  async removeTag(name: string, photos: PhotoHit[]): Promise<boolean> {
    const tag = name.trim();
    return this.run(async () => {
      let removed = 0;
      for (const p of photos) {
        const r = await this.client.call('tags.remove', { id: p.id, name: tag });
        if (r.ok) removed++;
        else if (r.error.code !== 'not_found' || !removed) this.errors.report(r.error);
      }
      await Promise.all([this.tags.refresh(), this.changed()]);
      return removed > 0 && t('select.tagRemoved', { name: tag, photos: tc('search.results', removed) });
    });
  }

  /** Yes or no examples of tag `name`: in the teach flow they join its examples there, else the tag learns now. */
  async teach(name: string, photos: PhotoHit[], verdict: 'yes' | 'no'): Promise<boolean> {
    const ids = photos.map((p) => p.id);
    if (this.tags.teaching?.name === name) {
      for (const id of ids) this.tags.mark(id, verdict);
      this.done = t(verdict === 'yes' ? 'select.markedYes' : 'select.markedNo', { name, photos: tc('search.results', ids.length) });
      return true;
    }
    return this.run(async () => {
      if (verdict === 'yes') {
        // Put on exactly these photos (a tag that learns takes them as examples, and says how many it is on now).
        const added = await this.client.call('tags.add', { name, ids });
        if (!added.ok) {
          this.errors.report(added.error);
          return null;
        }
        await Promise.all([this.tags.refresh(), this.changed()]);
        const photos = tc('search.results', ids.length);
        return added.value.learns && added.value.photos > ids.length
          ? t('select.tagAddedLearns', { name: added.value.name, photos, total: tc('search.results', added.value.photos) })
          : t('select.tagAdded', { name: added.value.name, photos });
      }
      const r = await this.client.call('tags.teach', { name, no: ids });
      if (!r.ok) {
        this.errors.report(r.error);
        return null;
      }
      await Promise.all([this.tags.refresh(), this.changed()]);
      return t('select.markedNo', { name, photos: tc('search.results', ids.length) });
    });
  }

  /** Each folder once: a window per photo would bury the desktop. */
  async reveal(photos: PhotoHit[]): Promise<boolean> {
    const folderOf = (p: PhotoHit) => p.path.slice(0, Math.max(p.path.lastIndexOf('/'), p.path.lastIndexOf('\\')));
    const firsts = photos.filter((p, i) => photos.findIndex((q) => folderOf(q) === folderOf(p)) === i);
    return this.each('photo.reveal', firsts.slice(0, OPEN_AT_ONCE));
  }

  async open(photos: PhotoHit[]): Promise<boolean> {
    return this.each('photo.open', photos.slice(0, OPEN_AT_ONCE));
  }

  async exportTo(photos: PhotoHit[]): Promise<boolean> {
    return this.run(async () => {
      const r = await this.client.call('photos.export', { ids: photos.map((p) => p.id) });
      if (!r.ok) {
        this.errors.report(r.error);
        return null;
      }
      const { folder, exported, failed } = r.value;
      if (failed.length) this.errors.report(t('select.someFailed', { photos: tc('search.results', failed.length), reason: failed[0]!.reason }));
      return folder && t('select.exported', { photos: tc('search.results', exported), folder });
    });
  }

  async trash(photos: PhotoHit[]): Promise<boolean> {
    return this.run(async () => {
      const result = await trashPhotos(this.client, this.errors, photos.map((p) => p.id));
      if (!result) return null;
      await this.changed();
      return result.trashed > 0 && t('select.trashed', { photos: tc('search.results', result.trashed) });
    });
  }

  /**
   * Web mode: each photo's own file as a download (a HEIC stays a HEIC, with its metadata), one after another; a
   * short pause between them keeps the browser from taking several at once for a flood.
   */
  async download(photos: PhotoHit[], doc: Document = document): Promise<boolean> {
    for (const [i, p] of photos.entries()) {
      const a = doc.createElement('a');
      const own = this.client.originalUrl?.(p.id);
      a.href = own ?? this.client.photoUrl(p.id, 'full');
      a.download = own ? p.name : `${p.name.replace(/\.[^.]*$/, '')}.jpg`;
      doc.body.append(a);
      a.click();
      a.remove();
      if (i < photos.length - 1) await new Promise((r) => setTimeout(r, 150));
    }
    this.done = t('select.downloaded', { photos: tc('search.results', photos.length) });
    return true;
  }

  private async each(method: 'photo.reveal' | 'photo.open', photos: PhotoHit[]): Promise<boolean> {
    return this.run(async () => {
      for (const p of photos) {
        const r = await this.client.call(method, { id: p.id });
        if (!r.ok) {
          this.errors.report(r.error);
          return null;
        }
      }
      return null;
    });
  }

  /** Runs one action; its answer (words, or nothing to say) goes to `done`. */
  private async run(action: () => Promise<string | null | false | undefined>): Promise<boolean> {
    this.busy = true;
    this.done = null;
    try {
      const said = await action();
      this.done = said || null;
      return !!said;
    } finally {
      this.busy = false;
    }
  }
}
