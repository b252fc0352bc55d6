// `serve` (web mode) and `demo` (a generated library with the bundled model, in web mode).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeDemoLibrary } from '../demo/demo-library.js';
import { packageRoot, BUNDLED_MODEL } from '../models/registry.js';
import { startWebServer } from '../web/server.js';
import { flag, openEngine, positiveInt, str, type Command, type CommandContext } from './context.js';
import { ProgressBar } from './progress-bar.js';
import type { Engine } from '../engine/engine.js';

async function serveUntilStopped(ctx: CommandContext, engine: Engine): Promise<number> {
  const port = str(ctx, 'port') === '0' ? 0 : positiveInt(ctx, 'port', 8765);
  const web = await startWebServer(engine, { port, host: str(ctx, 'host') ?? '127.0.0.1', staticDir: join(packageRoot(), 'dist-renderer') });
  engine.on('error', (err) => ctx.err(`warning: ${err.message}`));
  ctx.out(flag(ctx, 'json') ? JSON.stringify({ url: web.url }) : `Photo search is running at ${web.url}\nPress Ctrl+C to stop.`);
  if (engine.canWrite) {
    await engine.watch();
    void engine.processQueue();
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await web.close();
  return 0;
}

const serve: Command = async (ctx) => {
  const engine = await openEngine(ctx);
  try {
    return await serveUntilStopped(ctx, engine);
  } finally {
    await engine.close();
  }
};

/** The embedded default: coloured-shape photos in .demo-library/, indexed with tiny-clip, in web mode. */
const demo: Command = async (ctx) => {
  const root = join(packageRoot(), '.demo-library');
  const photos = join(root, 'photos');
  if (!existsSync(photos) || readdirSync(photos).length === 0) {
    ctx.out(`Generating a demo library of coloured shapes in ${photos}…`);
    await writeDemoLibrary(photos, 3);
  }
  const engine = await openEngine({ ...ctx, libraryDir: join(root, 'library'), options: { ...ctx.options, model: BUNDLED_MODEL } });
  try {
    engine.addFolder(photos);
    const bar = new ProgressBar();
    engine.on('progress', (p) => (p.phase === 'indexing' ? bar.update(p) : undefined));
    await engine.indexAll();
    bar.done();
    ctx.out(`Indexed ${engine.status().indexed} demo photos with tiny-clip. Try "a red circle", "a photo of something blue" or "star".`);
    return await serveUntilStopped(ctx, engine);
  } finally {
    await engine.close();
  }
};

export const SERVE_COMMANDS: Record<string, Command> = { serve, demo };
