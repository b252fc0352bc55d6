// --folder, --from, --to, --camera and --available, shared by the commands that search.
import type { SearchFilters } from '../engine/engine.js';
import { flag, str, UsageError, type CommandContext } from './context.js';

function parseDate(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(t)) throw new UsageError(`--${name} must be a date like 2024-07-31`);
  return t;
}

export function filtersFrom(ctx: CommandContext): SearchFilters {
  return {
    folder: str(ctx, 'folder'),
    from: parseDate(str(ctx, 'from'), 'from'),
    to: parseDate(str(ctx, 'to'), 'to'),
    camera: str(ctx, 'camera'),
    available: flag(ctx, 'available') || undefined,
  };
}

