// Moving focus where the person's attention goes next (after a dialog, a form that closed, a view that changed).

/**
 * Focuses the first element matching any of `selectors`, in order, that is visible: a hidden drawer's buttons are
 * skipped, so a narrow window falls through to the next choice.
 */
export function focusFirst(...selectors: string[]): void {
  for (const s of selectors) {
    const el = [...document.querySelectorAll<HTMLElement>(s)].find((e) => e.checkVisibility?.({ visibilityProperty: true }) ?? true);
    if (el) return el.focus();
  }
}
