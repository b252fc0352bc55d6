// `serve` (web mode) and `demo` (a generated library with the bundled model, in web mode).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ApiService } from '../api/service.js';
import { writeDemoLibrary } from '../demo/demo-library.js';
import type { Device } from '../embed/execution-providers.js';
import { packageRoot, BUNDLED_MODEL } from '../models/registry.js';
import { startWebServer } from '../web/server.js';
import { flag, positiveInt, str, type Command, type CommandContext } from './context.js';
import { ProgressBar } from './progress-bar.js';

/** Serves the UI and API for `libraryDir` until Ctrl+C; indexing and watching run meanwhile. */
async function serveLibrary(ctx: CommandContext, libraryDir: string, model: string | undefined, before?: (s: ApiService) => Promise<void>): Promise<number> {
  const service = new ApiService({ libraryDir, model, device: (str(ctx, 'device') ?? 'auto') as Device, hubUrl: process.env.HF_ENDPOINT });
  try {
    await service.start();
    await before?.(service);
    const port = str(ctx, 'port') === '0' ? 0 : positiveInt(ctx, 'port', 8765);
    const web = await startWebServer(service, { port, host: str(ctx, 'host') ?? '127.0.0.1', staticDir: join(packageRoot(), 'dist-renderer') });
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

const serve: Command = (ctx) => serveLibrary(ctx, ctx.libraryDir, str(ctx, 'model'));

/** The embedded default: coloured-shape photos in .demo-library/, indexed with tiny-clip, in web mode. */
const demo: Command = async (ctx) => {
  const root = join(packageRoot(), '.demo-library');
  const photos = join(root, 'photos');
  if (!existsSync(photos) || readdirSync(photos).length === 0) {
    ctx.out(`Generating a demo library of coloured shapes in ${photos}…`);
    await writeDemoLibrary(photos, 3);
  }
  return serveLibrary(ctx, join(root, 'library'), BUNDLED_MODEL, async (service) => {
    // Index before printing the address, so the first search already finds everything.
    await service.call('folders.add', { path: photos });
    const bar = new ProgressBar();
    const stop = service.onEvent((e) => (e.type === 'progress' && e.progress.phase === 'indexing' ? bar.update(e.progress) : undefined));
    await service.settled();
    stop();
    bar.done();
    const status = await service.call('status', {});
    const n = status.ok && 'searchable' in status.value ? status.value.searchable : 0;
    ctx.out(`Indexed ${n} demo photos with tiny-clip. Try "a red circle", "a photo of something blue" or "star".`);
  });
};

export const SERVE_COMMANDS: Record<string, Command> = { serve, demo };
