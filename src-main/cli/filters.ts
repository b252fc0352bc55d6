// --folder, --from, --to, --camera and --available, shared by the commands that search.
import { resolve } from 'node:path';
import type { SearchFilters } from '../engine/engine.js';
import { flag, str, UsageError, type CommandContext } from './context.js';

/** ms since epoch of a --from/--to value; a calendar day given to --to counts whole (the filter's end is exclusive). */
function parseDate(value: string | undefined, name: 'from' | 'to'): number | undefined {
  if (value === undefined) return undefined;
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const t = Date.parse(day ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(t)) throw new UsageError(`--${name} must be a date like 2024-07-31`);
  return day && name === 'to' ? t + 86_400_000 : t;
}

/**
 * The filters given on the command line. A folder is made absolute (from the working directory), so a saved album
 * means the same folder wherever it is shown from.
 * @throws UsageError for a date that does not parse, or a start after the end
 */
export function filtersFrom(ctx: CommandContext): SearchFilters {
  const from = parseDate(str(ctx, 'from'), 'from');
  const to = parseDate(str(ctx, 'to'), 'to');
  if (from !== undefined && to !== undefined && from >= to) throw new UsageError('--from must be before --to');
  const folder = str(ctx, 'folder');
  return {
    folder: folder === undefined ? undefined : resolve(folder),
    from,
    to,
    camera: str(ctx, 'camera'),
    available: flag(ctx, 'available') || undefined,
  };
}

