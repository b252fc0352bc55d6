// What the photo viewer keeps besides the photo: where it is in the results (next/previous), the
// slideshow's clock and the full-screen state. Small rune classes; PhotoViewer.svelte renders them.
import type { PhotoHit } from '../../../src-shared/api';

/** The slideshow's choices of seconds per photo. */
export const SLIDESHOW_SECONDS = [3, 5, 10, 20] as const;

/** The photo `step` places from `id` in `hits` (wrapping when `wrap`), or null at an end or when `id` is not in them. */
export function stepFrom(hits: readonly PhotoHit[], id: number, step: number, wrap = false): PhotoHit | null {
  const at = hits.findIndex((h) => h.id === id);
  if (at < 0 || !hits.length) return null;
  const to = at + step;
  if (wrap) return hits[((to % hits.length) + hits.length) % hits.length] ?? null;
  return hits[to] ?? null;
}

/** Plays the photos one after another; pauses itself when the viewer goes. */
export class Slideshow {
  playing = $state(false);
  seconds = $state<number>(5);
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly advance: () => void) {}

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  play(): void {
    this.playing = true;
    this.schedule();
  }

  pause(): void {
    this.playing = false;
    clearTimeout(this.timer);
  }

  /** A photo came on screen (by the clock or by hand): it gets its full time. */
  shown(): void {
    if (this.playing) this.schedule();
  }

  setSeconds(seconds: number): void {
    this.seconds = seconds;
    this.shown();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.advance(), this.seconds * 1000);
  }
}

/** The Fullscreen API for one element, with its state kept in step when the browser leaves full screen (Esc). */
export class FullScreen {
  active = $state(false);
  readonly supported = typeof document !== 'undefined' && document.fullscreenEnabled;
  private leftAt = -Infinity; // ms (performance.now) when full screen last ended

  /** Follows the document's full-screen state; returns the stop function. */
  listen(doc: Document = document): () => void {
    const sync = () => {
      if (this.active && doc.fullscreenElement === null) this.leftAt = performance.now();
      this.active = doc.fullscreenElement !== null;
    };
    doc.addEventListener('fullscreenchange', sync);
    sync();
    return () => doc.removeEventListener('fullscreenchange', sync);
  }

  async toggle(element: HTMLElement | undefined): Promise<void> {
    try {
      if (document.fullscreenElement) await document.exitFullscreen();
      else await element?.requestFullscreen();
    } catch {
      // Refused (no user gesture, or an embedding page forbids it): the viewer stays as it is.
    }
  }

  /**
   * Esc while in full screen (or the Esc the browser itself just used to leave it, delivered within 500 ms) only
   * leaves full screen: it must not also close the viewer. True when this Esc was full screen's.
   */
  takesEscape(): boolean {
    if (document.fullscreenElement) {
      void document.exitFullscreen().catch(() => undefined);
      return true;
    }
    return performance.now() - this.leftAt < 500;
  }

  /** Leaves full screen when the viewer closes. */
  exit(): void {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  }
}
