// Whether the engine can be reached, for the whole renderer, and what that disables. While it cannot, what is on
// screen stays usable (scroll, look, open a photo, type); only the controls that need the engine are off, each saying
// why (its title, and aria-describedby pointing at the offline banner's words). They are marked aria-disabled rather
// than disabled so that a focused one keeps focus (a disabled button drops it to <body>), and their clicks and
// submits are stopped here.
import { t } from './i18n';

export const engine = $state({ online: true });

/** The offline banner's sentence: the reason the gated controls point to. */
export const OFFLINE_REASON_ID = 'offline-reason';

const CONTROLS = 'button, select, input[type=submit], input[type=checkbox]';

function stop(e: Event): void {
  const target = e.target instanceof Element ? e.target : null;
  if (target?.closest('[data-offline-ok]')) return;
  e.preventDefault();
  e.stopImmediatePropagation();
}

/**
 * An attachment (`{@attach needsEngine}`) for a control, or a group of them (a form, a toolbar), that does nothing
 * without the engine. A control inside marked `data-offline-ok` (clear a selection, close a form) stays usable.
 */
export function needsEngine(node: HTMLElement): (() => void) | undefined {
  if (engine.online) return undefined; // read here, so the attachment runs again when it changes
  const reason = t('state.needsEngine');
  // What each control had before (plain data, not state: nothing renders from it).
  const saved: { c: HTMLElement; title: string | null; described: string | null; disabled: boolean }[] = [];
  const mark = () => {
    const all = node.matches(CONTROLS) ? [node] : [...node.querySelectorAll<HTMLElement>(CONTROLS)];
    for (const c of all) {
      if (saved.some((s) => s.c === c) || c.closest('[data-offline-ok]')) continue;
      saved.push({ c, title: c.getAttribute('title'), described: c.getAttribute('aria-describedby'), disabled: c instanceof HTMLSelectElement && c.disabled });
      c.setAttribute('aria-disabled', 'true');
      c.setAttribute('title', reason);
      c.setAttribute('aria-describedby', OFFLINE_REASON_ID);
      c.dataset.engineOff = '';
      // A select's choice cannot be stopped once made: it is disabled instead.
      if (c instanceof HTMLSelectElement) c.disabled = true;
    }
  };
  mark();
  const observer = new MutationObserver(mark); // controls that appear meanwhile (a form opened)
  observer.observe(node, { childList: true, subtree: true });
  for (const type of ['click', 'submit']) node.addEventListener(type, stop, true);
  return () => {
    observer.disconnect();
    for (const type of ['click', 'submit']) node.removeEventListener(type, stop, true);
    for (const { c, ...was } of saved) {
      c.removeAttribute('aria-disabled');
      delete c.dataset.engineOff;
      if (was.title === null) c.removeAttribute('title');
      else c.setAttribute('title', was.title);
      if (was.described === null) c.removeAttribute('aria-describedby');
      else c.setAttribute('aria-describedby', was.described);
      if (c instanceof HTMLSelectElement) c.disabled = was.disabled;
    }
  };
}
