// Web mode from the command line: the API service on a library, the web server in front of it, and
// the demo library (coloured shapes for the bundled model). The CLI's `serve` and `demo` call these.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ApiService } from '../api/service.js';
import { writeDemoLibrary } from '../demo/demo-library.js';
import { BUNDLED_MODEL, packageRoot, type Device } from '../engine/models.js';
import { startWebServer, type RunningServer } from './server.js';
import { libraryWebToken } from './web-token.js';

/** What the caller of serveLibrary uses of the service: calls, events and waiting for indexing. */
export type ServedLibrary = Pick<ApiService, 'call' | 'onEvent' | 'settled'>;

export interface ServeOptions {
  libraryDir: string;
  model?: string;
  device?: Device;
  port: number; // 0: any free port
  host: string;
}

/**
 * Opens the library (its model downloaded first when needed, from $HF_ENDPOINT if set), runs
 * `before` (e.g. adding the demo folder and waiting for the index), then serves the built UI and
 * the API. The caller closes the returned server, then the service.
 */
export async function serveLibrary(opts: ServeOptions, before?: (s: ServedLibrary) => Promise<void>): Promise<{ service: ServedLibrary & Pick<ApiService, 'close'>; web: RunningServer }> {
  const service = new ApiService({ libraryDir: opts.libraryDir, model: opts.model, device: opts.device, hubUrl: process.env.HF_ENDPOINT });
  try {
    await service.start();
    await before?.(service);
    const token = libraryWebToken(opts.libraryDir); // the same across restarts: an open page reconnects
    const web = await startWebServer(service, { port: opts.port, host: opts.host, token, staticDir: join(packageRoot(), 'dist-renderer') });
    return { service, web };
  } catch (err) {
    await service.close();
    throw err;
  }
}

/** The demo library: coloured-shape photos in `.demo-library/photos` (generated once), its library beside them. */
export async function demoLibrary(onGenerate?: (photos: string) => void): Promise<{ photos: string; libraryDir: string; model: string }> {
  const root = join(packageRoot(), '.demo-library');
  const photos = join(root, 'photos');
  if (!existsSync(photos) || readdirSync(photos).length === 0) {
    onGenerate?.(photos);
    await writeDemoLibrary(photos, 3);
  }
  return { photos, libraryDir: join(root, 'library'), model: BUNDLED_MODEL };
}
