// What every CLI command receives, and the error that means "wrong usage" (exit code 2).
import type { Device } from '../embed/execution-providers.js';
import { Engine, type EngineOptions } from '../engine/engine.js';

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

export function openEngine(ctx: CommandContext, extra: Partial<EngineOptions> = {}): Promise<Engine> {
  return Engine.open({
    libraryDir: ctx.libraryDir,
    model: str(ctx, 'model'),
    device: (str(ctx, 'device') ?? 'auto') as Device,
    ...extra,
  });
}

/** Runs `body` with an engine and always closes it. */
export async function withEngine<T>(ctx: CommandContext, body: (e: Engine) => Promise<T>, extra: Partial<EngineOptions> = {}): Promise<T> {
  const engine = await openEngine(ctx, extra);
  try {
    return await body(engine);
  } finally {
    await engine.close();
  }
}
