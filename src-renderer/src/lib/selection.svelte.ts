// The photos picked for a bulk action (add to an album, tag, export, trash, download), by photo id so a
// re-sorted or refreshed list keeps them. Shift extends from the last photo picked, Ctrl/Cmd toggles one,
// Ctrl/Cmd+A takes all shown; in selection mode (entered by a long press on touch, or by picking a photo) a
// plain click or tap picks too, instead of opening the photo.
import { SvelteSet } from 'svelte/reactivity';
import type { PhotoHit } from '../../../src-shared/api';

export class Selection {
  readonly ids = new SvelteSet<number>();
  /** Counts every change, for what must follow any change of the picked photos. */
  changes = $state(0);
  /** Entered by a long press on touch: taps pick even before anything is picked. */
  mode = $state(false);
  private anchor: number | null = null; // the photo id a Shift range starts from

  get size(): number {
    return this.ids.size;
  }

  /** Clicks pick rather than open. */
  get active(): boolean {
    return this.mode || this.ids.size > 0;
  }

  has(id: number): boolean {
    return this.ids.has(id);
  }

  toggle(hits: readonly PhotoHit[], index: number): void {
    const hit = hits[index];
    if (!hit) return;
    if (!this.ids.delete(hit.id)) this.ids.add(hit.id);
    this.anchor = hit.id;
    this.changes++;
  }

  /** Picks everything from the anchor (else `from`, the keyboard's position) to `index`, both included. */
  extend(hits: readonly PhotoHit[], index: number, from = -1): void {
    if (!hits[index]) return;
    const anchorAt = this.anchor === null ? -1 : hits.findIndex((h) => h.id === this.anchor);
    const start = anchorAt >= 0 ? anchorAt : from >= 0 ? from : index;
    for (let i = Math.min(start, index); i <= Math.max(start, index); i++) this.ids.add(hits[i]!.id);
    this.anchor = hits[start]!.id;
    this.changes++;
  }

  selectAll(hits: readonly PhotoHit[]): void {
    for (const h of hits) this.ids.add(h.id);
    this.changes++;
  }

  clear(): void {
    if (this.ids.size) this.changes++;
    this.ids.clear();
    this.mode = false;
    this.anchor = null;
  }

  /** The picked photos in the order shown (an action names them in that order). */
  picked(hits: readonly PhotoHit[]): PhotoHit[] {
    return this.ids.size ? hits.filter((h) => this.ids.has(h.id)) : [];
  }
}
