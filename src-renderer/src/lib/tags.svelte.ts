// Tags, albums and the teach-a-tag session, for the sidebar and their views (albums are
// saved and changed through AlbumsState, lib/albums.svelte.ts).
import type { AlbumInfo, ApiClient, TagConfidence, TagInfo, TaughtHit, TaughtTag } from '../../../src-shared/api';
import type { Errors } from './errors.svelte';

export class TagsState {
  tags = $state<TagInfo[]>([]);
  albums = $state<AlbumInfo[]>([]);
  /** The tag being taught: its name and the person's yes/no examples so far. */
  teaching = $state<{ name: string; yes: number[]; no: number[] } | null>(null);
  taught = $state<TaughtTag | null>(null);
  /**
   * What the teach flow shows after training: the photos the tag is least sure of, to mark yes or no first (active
   * learning: each answer there teaches most), or its matches, most confident first.
   */
  review = $state<'uncertain' | 'matches'>('uncertain');

  constructor(private readonly client: ApiClient, private readonly errors: Errors) {}

  async refresh(): Promise<void> {
    const [tags, albums] = await Promise.all([this.client.call('tags.list', {}), this.client.call('albums.list', {})]);
    if (tags.ok) this.tags = tags.value;
    if (albums.ok) this.albums = albums.value;
  }

  /** The search-box text that shows a tag's photos. */
  static query(name: string): string {
    return /\s/.test(name) ? `tag:"${name}"` : `tag:${name}`;
  }

  async removeTag(photoId: number, name: string): Promise<boolean> {
    const r = await this.client.call('tags.remove', { id: photoId, name });
    if (!r.ok) this.errors.report(r.error);
    await this.refresh();
    return r.ok;
  }

  /** A name teaching was refused for: an automatic (vocabulary) tag's, which cannot be taught; null otherwise. */
  refused = $state<string | null>(null);

  /**
   * Starts teaching `name`, from the examples it was taught with before (a taught tag's yes and no photos), so the
   * bar counts them and the grid marks them. Refuses an automatic tag's name here, before any photo is marked
   * (`refused`), instead of at Train. Returns whether teaching started.
   */
  async startTeaching(name: string): Promise<boolean> {
    const clean = name.trim();
    if (!clean) return false;
    const r = await this.client.call('tags.examples', { name: clean });
    if (!r.ok) {
      this.errors.report(r.error);
      return false;
    }
    if (r.value.kind === 'auto') {
      this.refused = clean;
      return false;
    }
    this.refused = null;
    this.teaching = { name: clean, yes: r.value.yes, no: r.value.no };
    this.taught = null;
    return true;
  }

  /** Marks a photo as showing (yes) or not showing (no) the tag being taught. */
  mark(photoId: number, verdict: 'yes' | 'no'): void {
    if (!this.teaching) return;
    const yes = this.teaching.yes.filter((id) => id !== photoId);
    const no = this.teaching.no.filter((id) => id !== photoId);
    (verdict === 'yes' ? yes : no).push(photoId);
    this.teaching = { ...this.teaching, yes, no };
  }

  verdictOf(photoId: number): 'yes' | 'no' | undefined {
    if (this.teaching?.yes.includes(photoId)) return 'yes';
    if (this.teaching?.no.includes(photoId)) return 'no';
    return undefined;
  }

  /** Trains (or retrains) the tag on the examples; the matches come back for review. */
  async train(): Promise<TaughtTag | null> {
    if (!this.teaching) return null;
    const r = await this.client.call('tags.teach', { name: this.teaching.name, yes: this.teaching.yes, no: this.teaching.no });
    if (!r.ok) {
      this.errors.report(r.error);
      return null;
    }
    this.taught = r.value;
    this.review = r.value.uncertain.length ? 'uncertain' : 'matches';
    await this.refresh();
    return r.value;
  }

  /** A reviewed photo's confidence in words (translated), while the taught tag's photos are shown. */
  confidenceOf(photoId: number): TagConfidence | undefined {
    return this.reviewed()?.hits.find((h) => h.id === photoId)?.confidence ?? undefined;
  }

  /** The photos the teach flow shows now (see `review`) and the answer's key for the grid; null before training. */
  reviewed(): { hits: TaughtHit[]; key: string } | null {
    if (!this.taught) return null;
    return this.review === 'uncertain'
      ? { hits: this.taught.uncertain, key: `uncertain:${this.taught.name}` }
      : { hits: this.taught.matches, key: `taught:${this.taught.name}` };
  }

  stopTeaching(): void {
    this.teaching = null;
    this.taught = null;
  }
}
