// `serve` (web mode) and `demo` (a generated library with the bundled model, in web mode).
import type { Device } from '../engine/models.js';
import { demoLibrary, serveLibrary, type ServedLibrary, type ServeOptions } from '../web/serve.js';
import { flag, positiveInt, str, type Command, type CommandContext } from './context.js';
import { ProgressBar } from './progress-bar.js';

/** Serves the UI and API for the library until Ctrl+C; indexing and watching run meanwhile. */
async function serveUntilStopped(ctx: CommandContext, libraryDir: string, model: string | undefined, before?: (s: ServedLibrary) => Promise<void>): Promise<number> {
  const opts: ServeOptions = {
    libraryDir,
    model,
    device: (str(ctx, 'device') ?? 'auto') as Device,
    port: str(ctx, 'port') === '0' ? 0 : positiveInt(ctx, 'port', 8765),
    host: str(ctx, 'host') ?? '127.0.0.1',
  };
  const { service, web } = await serveLibrary(opts, before);
  try {
    service.onEvent((e) => (e.type === 'error' ? ctx.err(`warning: ${e.message}`) : undefined));
    ctx.out(flag(ctx, 'json') ? JSON.stringify({ url: web.url }) : `Photo search is running at ${web.url}\nPress Ctrl+C to stop.`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    await web.close();
    return 0;
  } finally {
    await service.close();
  }
}

const serve: Command = (ctx) => serveUntilStopped(ctx, ctx.libraryDir, str(ctx, 'model'));

/** The embedded default: coloured-shape photos in .demo-library/, indexed with tiny-clip, in web mode. */
const demo: Command = async (ctx) => {
  const demoLib = await demoLibrary((photos) => ctx.out(`Generating a demo library of coloured shapes in ${photos}…`));
  return serveUntilStopped(ctx, demoLib.libraryDir, demoLib.model, async (service) => {
    // Index before printing the address, so the first search already finds everything.
    await service.call('folders.add', { path: demoLib.photos });
    const bar = new ProgressBar();
    const stop = service.onEvent((e) => (e.type === 'progress' && e.progress.phase === 'indexing' ? bar.update(e.progress) : undefined));
    await service.settled();
    stop();
    bar.done();
    const status = await service.call('status', {});
    const n = status.ok ? status.value.searchable : 0;
    ctx.out(`Indexed ${n} demo photos with tiny-clip. Try "a red circle", "a photo of something blue" or "star".`);
  });
};

export const SERVE_COMMANDS: Record<string, Command> = { serve, demo };
