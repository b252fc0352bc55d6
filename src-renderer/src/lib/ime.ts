// Typing through an input method (Korean, Japanese, Chinese): a syllable is composed in steps (ㅃ, 빠, 빨, 빨ㄱ, 빨가,
// 빨간) before it is committed, and every step fires `input`. A step is not what the person means, so the search box
// searches only on committed text: not between `compositionstart` and `compositionend`, and not on a key that the
// input method takes (Enter that commits a syllable must not also submit the search).

/** What the search box needs of an event (InputEvent, KeyboardEvent): whether the browser says a composition is in progress. */
type ImeEvent = { isComposing?: boolean; keyCode?: number };

/**
 * Every field of the page: an Enter that commits a composed syllable never also submits its form (an album named
 * "파란" while "파란 별" was being typed). Capture phase, before any field's or form's own handler. Returns the stop.
 */
export function guardComposingEnter(target: Window = window): () => void {
  const guard = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.isComposing || e.keyCode === 229)) {
      e.preventDefault(); // no implicit submission
      e.stopImmediatePropagation(); // no field's own Enter handler
    }
  };
  target.addEventListener('keydown', guard, true);
  return () => target.removeEventListener('keydown', guard, true);
}

/**
 * Keeps track of the input method's composition in one text field. Wire `start` and `end` to the field's
 * `compositionstart` and `compositionend`, and ask `composing(event)` before acting on `input` or `keydown`.
 */
export class Composition {
  private active = false;

  start(): void {
    this.active = true;
  }

  end(): void {
    this.active = false;
  }

  /**
   * True while a composition is in progress: between start and end, or when the event says so (`isComposing`), or a
   * keydown with keyCode 229, which Chromium and Safari send for a key the input method handles (Safari sends the
   * Enter that commits a syllable after `compositionend`).
   */
  composing(event?: Event | ImeEvent): boolean {
    const e = event as ImeEvent | undefined; // an `input` event typed as plain Event is an InputEvent
    return this.active || e?.isComposing === true || e?.keyCode === 229;
  }
}
