// How many photos look like one photo, in words a person reads at once: the close matches (at or above the
// relevance floor the API answers with) and how many more, less alike, there are after them.
import type { SearchResult } from '../../../src-shared/api';
import { formatNumber, t } from './i18n';

export function similarSplit(result: Pick<SearchResult, 'hits' | 'floor'>): { close: number; rest: number } {
  const close = result.hits.filter((h) => result.floor === null || h.score >= result.floor).length;
  return { close, rest: result.hits.length - close };
}

/** "27 close matches · 15 more, less alike", "1 close match", "No close matches · 12 less alike". */
export function similarCountText(result: Pick<SearchResult, 'hits' | 'floor'>): string {
  const { close, rest } = similarSplit(result);
  const head = close === 0 ? t('viewer.similarNone') : close === 1 ? t('viewer.similarOne') : t('viewer.similarCount', { count: formatNumber(close) });
  if (!rest) return head;
  return `${head} · ${t(close === 0 ? 'viewer.similarRestOnly' : 'viewer.similarRest', { count: formatNumber(rest) })}`;
}
