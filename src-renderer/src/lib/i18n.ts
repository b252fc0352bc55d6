// The UI's words: the language follows the OS (navigator.language); the dictionaries are in messages/.
// `{name}` placeholders are filled from `vars`.
import { en, type MessageKey } from './messages/en.js';
import { ko } from './messages/ko.js';

export type { MessageKey };

const DICTIONARIES: Record<string, Record<MessageKey, string>> = { en, ko };

export function pickLocale(languages: readonly string[]): 'en' | 'ko' {
  for (const l of languages) {
    const base = l.toLowerCase().split('-')[0];
    if (base === 'ko' || base === 'en') return base;
  }
  return 'en';
}

export const locale = typeof navigator === 'undefined' ? 'en' : pickLocale(navigator.languages ?? [navigator.language]);

export function translate(lang: string, key: MessageKey, vars: Record<string, string | number> = {}): string {
  const text = (DICTIONARIES[lang] ?? en)[key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  return translate(locale, key, vars);
}

/** "about 3 min", from seconds. */
export function duration(seconds: number): string {
  if (seconds < 90) return t('time.seconds', { n: Math.max(1, Math.round(seconds)) });
  if (seconds < 5400) return t('time.minutes', { n: Math.round(seconds / 60) });
  return t('time.hours', { n: Math.round(seconds / 360) / 10 });
}

export function formatNumber(n: number): string {
  return n.toLocaleString(locale);
}
