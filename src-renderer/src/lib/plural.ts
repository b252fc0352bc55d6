// Counts in words: "1 photo", "22 photos" (Korean has one form: "사진 22장"). A message with a
// singular form names it here; every other message reads the same for any count.
import { formatNumber, t, type MessageKey } from './i18n';

const ONE: Partial<Record<MessageKey, MessageKey>> = {
  'search.results': 'plural.photosOne',
  'library.photos': 'plural.photosOne',
  'library.upToDate': 'plural.upToDateOne',
  'plural.tagPhotos': 'plural.tagPhotosOne',
  'folders.removeBody': 'folders.removeBodyOne',
  'folders.removed': 'folders.removedOne',
};

/** `key` filled with `count` (formatted for the locale) and `vars`, in its singular form when count is 1. */
export function tc(key: MessageKey, count: number, vars: Record<string, string | number> = {}): string {
  return t(count === 1 ? (ONE[key] ?? key) : key, { ...vars, count: formatNumber(count) });
}

/**
 * "star, 7 photos" cut around its visible parts, for a button that shows "star" and "7": what a
 * screen reader hears between and after them is rendered visually hidden, so the accessible name
 * is the whole sentence and still contains the visible text (WCAG 2.5.3).
 */
export function countLabel(key: MessageKey, count: number, name: string): { between: string; number: string; after: string } {
  const full = tc(key, count, { name });
  const number = formatNumber(count);
  const at = full.indexOf(number, full.indexOf(name) + name.length);
  if (!full.startsWith(name) || at < 0) return { between: ' ', number, after: '' };
  return { between: full.slice(name.length, at), number, after: full.slice(at + number.length) };
}
