// The sidebar as a drawer on narrow screens (phones, or a window zoomed to 200%): a menu button
// opens it over the page; Esc, the scrim, or choosing something closes it. While it is open, Tab
// stays inside it and the page behind is inert; on closing, focus goes back to the menu button.

/** Narrow: below 48rem, measured in the browser's default font size (media queries ignore the root's). */
export const NARROW = '(max-width: 48rem)';

function focusables(node: HTMLElement): HTMLElement[] {
  return [...node.querySelectorAll<HTMLElement>('button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])')].filter(
    (el) => !el.hasAttribute('disabled') && el.getClientRects().length > 0,
  );
}

export class Drawer {
  open = $state(false);
  narrow = $state(false);
  button: HTMLElement | undefined = undefined;
  private panel: HTMLElement | undefined;

  /** Follows the window's width; returns the function that stops following. */
  watch(win: Pick<Window, 'matchMedia'> = window): () => void {
    const mq = win.matchMedia(NARROW);
    const update = () => {
      this.narrow = mq.matches;
      if (!mq.matches) this.open = false;
    };
    update();
    mq.addEventListener('change', update);
    return () => mq.removeEventListener('change', update);
  }

  show(): void {
    this.open = true;
    // After the drawer is drawn (visible), focus its first control.
    requestAnimationFrame(() => this.panel && focusables(this.panel)[0]?.focus());
  }

  /** Closes; focus returns to the menu button unless the caller moves it somewhere that matters more. */
  close(returnFocus = true): void {
    if (!this.open) return;
    this.open = false;
    if (returnFocus) queueMicrotask(() => this.button?.focus());
  }

  /** An action for the drawer's element: focus moves in when it opens, Tab is trapped, Esc closes. */
  trap = (node: HTMLElement) => {
    this.panel = node;
    const onkeydown = (e: KeyboardEvent) => {
      if (!this.open) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        this.close();
      } else if (e.key === 'Tab') {
        const all = focusables(node);
        if (!all.length) return;
        const first = all[0]!;
        const last = all[all.length - 1]!;
        if (e.shiftKey && document.activeElement === first) {
          e.preventDefault();
          last.focus();
        } else if (!e.shiftKey && document.activeElement === last) {
          e.preventDefault();
          first.focus();
        }
      }
    };
    // Choosing a place (a view, a tag, an album) closes the drawer; toggles that open something inside it do not.
    const onclick = (e: MouseEvent) => {
      const button = (e.target as Element).closest('button');
      if (this.open && button && !button.hasAttribute('aria-expanded') && !button.form) this.close(false);
    };
    const onsubmit = () => this.close(false);
    node.addEventListener('keydown', onkeydown);
    node.addEventListener('click', onclick);
    node.addEventListener('submit', onsubmit);
    return {
      destroy: () => {
        node.removeEventListener('keydown', onkeydown);
        node.removeEventListener('click', onclick);
        node.removeEventListener('submit', onsubmit);
        this.panel = undefined;
      },
    };
  };
}
