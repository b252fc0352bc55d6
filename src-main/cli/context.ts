// What every CLI command receives, and the error that means "wrong usage" (exit code 2).
import { Engine, type EngineOptions, type EngineReader } from '../engine/engine.js';
import type { Device, PrecisionChoice } from '../engine/models.js';

export class UsageError extends Error {}

export interface CommandContext {
  args: string[]; // positionals after the command name
  options: Record<string, string | boolean | string[] | undefined>;
  libraryDir: string;
  out: (text: string) => void;
  err: (text: string) => void;
}

export type Command = (ctx: CommandContext) => Promise<number | void>;

export function str(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.options[name];
  return typeof v === 'string' ? v : undefined;
}

export function list(ctx: CommandContext, name: string): string[] {
  const v = ctx.options[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

export function flag(ctx: CommandContext, name: string): boolean {
  return ctx.options[name] === true;
}

export function positiveInt(ctx: CommandContext, name: string, fallback: number): number {
  const v = str(ctx, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0 || n > 100_000) throw new UsageError(`--${name} must be a whole number from 1 to 100000`);
  return n;
}

type Mode = NonNullable<EngineOptions['mode']>;

/** The engine on the command's library, with --model and --device. */
export function openEngine(ctx: CommandContext, mode: 'read'): Promise<EngineReader>;
export function openEngine(ctx: CommandContext, mode?: 'index' | 'edit'): Promise<Engine>;
export function openEngine(ctx: CommandContext, mode: Mode = 'index'): Promise<Engine | EngineReader> {
  // A reading command answers and exits: its model loads the short-lived way (EngineOptions.shortLived).
  return Engine.open({ libraryDir: ctx.libraryDir, model: str(ctx, 'model'), device: (str(ctx, 'device') ?? 'auto') as Device, precision: str(ctx, 'precision') as PrecisionChoice | undefined, mode, shortLived: mode === 'read' });
}

/**
 * Runs `body` with an engine and always closes it. `read`: only reads (search, lists, status);
 * `edit`: changes folders, tags or albums, beside another process that may be indexing; `index`:
 * also keeps the vector index in step when no other process indexes.
 */
export async function withEngine<T>(ctx: CommandContext, mode: 'read', body: (e: EngineReader) => Promise<T>): Promise<T>;
export async function withEngine<T>(ctx: CommandContext, mode: 'edit' | 'index', body: (e: Engine) => Promise<T>): Promise<T>;
export async function withEngine<T>(ctx: CommandContext, mode: Mode, body: (e: Engine) => Promise<T>): Promise<T> {
  const engine = (await openEngine(ctx, mode as 'index')) as Engine; // the mode's own type is the caller's
  try {
    return await body(engine);
  } finally {
    await engine.close();
  }
}
