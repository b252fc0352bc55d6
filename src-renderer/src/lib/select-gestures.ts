// The grid's picking gestures, as a Svelte action on the grid's scrolling element: Shift-click extends,
// Ctrl/Cmd-click toggles, a click on a cell's check box toggles, Space toggles the photo under the keyboard,
// and a long press on touch enters selection mode. In selection mode a plain click or tap picks; otherwise it
// goes through to the cell (which opens the photo). Listening in the capture phase lets a click that picks stop
// before the cell's own handler sees it.
import type { PhotoHit } from '../../../src-shared/api';
import type { Selection } from './selection.svelte';

export interface SelectGestureOptions {
  selection: Selection | undefined; // none: the grid does not pick (the gestures do nothing)
  hits: () => readonly PhotoHit[];
  cursor: () => number; // the keyboard's position in the grid
  setCursor: (index: number) => void;
}

export const LONG_PRESS_MS = 500;
const MOVE_TOLERANCE_PX = 10; // a finger that moves this far scrolls rather than presses

/** The index of the cell under an event's target (cells carry data-rank = index + 1), or -1. */
function cellIndex(target: EventTarget | null, root: HTMLElement): number {
  const cell = target instanceof Element ? target.closest<HTMLElement>('[data-rank]') : null;
  return cell && root.contains(cell) ? Number(cell.dataset.rank) - 1 : -1;
}

export function selectGestures(node: HTMLElement, initial: SelectGestureOptions) {
  let o = initial;
  let press: { timer: ReturnType<typeof setTimeout>; x: number; y: number } | null = null;
  let swallowClickUntil = 0; // the click a long press ends with is not a tap

  const cancelPress = () => {
    if (press) clearTimeout(press.timer);
    press = null;
  };

  const onclick = (e: MouseEvent) => {
    const selection = o.selection;
    const index = cellIndex(e.target, node);
    if (!selection || index < 0) return;
    const onCheck = e.target instanceof Element && e.target.closest('[data-check]') !== null;
    if (Date.now() < swallowClickUntil) {
      swallowClickUntil = 0;
    } else if (e.shiftKey) {
      selection.extend(o.hits(), index, o.cursor());
    } else if (e.ctrlKey || e.metaKey || onCheck || selection.active) {
      selection.toggle(o.hits(), index);
    } else return; // a plain click: the cell's own handler
    e.stopPropagation();
    e.preventDefault();
    o.setCursor(index);
  };

  // A double click while picking is two picks, not an open.
  const ondblclick = (e: MouseEvent) => {
    if (o.selection && cellIndex(e.target, node) >= 0 && (o.selection.active || e.shiftKey || e.ctrlKey || e.metaKey)) e.stopPropagation();
  };

  // Shift-click would also extend the page's text selection.
  const onmousedown = (e: MouseEvent) => {
    if (o.selection && e.shiftKey && cellIndex(e.target, node) >= 0) e.preventDefault();
  };

  const onpointerdown = (e: PointerEvent) => {
    cancelPress();
    const selection = o.selection;
    if (!selection || e.pointerType !== 'touch') return;
    const index = cellIndex(e.target, node);
    if (index < 0) return;
    press = {
      x: e.clientX,
      y: e.clientY,
      timer: setTimeout(() => {
        press = null;
        selection.mode = true;
        if (!selection.has(o.hits()[index]?.id ?? -1)) selection.toggle(o.hits(), index);
        o.setCursor(index);
        swallowClickUntil = Date.now() + 1500;
      }, LONG_PRESS_MS),
    };
  };

  const onpointermove = (e: PointerEvent) => {
    if (press && Math.hypot(e.clientX - press.x, e.clientY - press.y) > MOVE_TOLERANCE_PX) cancelPress();
  };

  // A long press on touch would also open the browser's menu for the image.
  const oncontextmenu = (e: MouseEvent) => {
    if ((press || Date.now() < swallowClickUntil) && cellIndex(e.target, node) >= 0) e.preventDefault();
  };

  const onkeydown = (e: KeyboardEvent) => {
    const selection = o.selection;
    if (selection && e.key === ' ' && !e.ctrlKey && !e.metaKey && !e.altKey && o.hits()[o.cursor()]) {
      e.preventDefault();
      if (e.shiftKey) selection.extend(o.hits(), o.cursor());
      else selection.toggle(o.hits(), o.cursor());
    }
  };

  const listeners: [string, EventListener, boolean][] = [
    ['click', onclick as EventListener, true],
    ['dblclick', ondblclick as EventListener, true],
    ['mousedown', onmousedown as EventListener, true],
    ['pointerdown', onpointerdown as EventListener, true],
    ['pointermove', onpointermove as EventListener, true],
    ['pointerup', cancelPress, true],
    ['pointercancel', cancelPress, true],
    ['scroll', cancelPress, false],
    ['contextmenu', oncontextmenu as EventListener, true],
    ['keydown', onkeydown as EventListener, false],
  ];
  for (const [type, l, capture] of listeners) node.addEventListener(type, l, capture);
  return {
    update(next: SelectGestureOptions) {
      o = next;
    },
    destroy() {
      cancelPress();
      for (const [type, l, capture] of listeners) node.removeEventListener(type, l, capture);
    },
  };
}
