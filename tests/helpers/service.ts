// An ApiService over a generated library, indexed with tiny-clip: what the UI talks to.
import { ApiService } from '../../src-main/api/service.js';
import { tempLibrary, type TempLibrary } from './library.js';

export interface IndexedService {
  lib: TempLibrary;
  service: ApiService;
  close: () => Promise<void>;
}

export async function indexedService(perCombination = 1, opts: { watch?: boolean; desktop?: boolean; model?: string } = {}): Promise<IndexedService> {
  const lib = await tempLibrary(perCombination);
  const service = new ApiService({ libraryDir: lib.library, model: opts.model ?? 'tiny-clip', device: 'cpu', watch: opts.watch ?? false, desktop: opts.desktop });
  await service.start();
  const added = await service.call('folders.add', { path: lib.photos });
  if (!added.ok) throw new Error(added.error.message);
  await service.settled();
  return {
    lib,
    service,
    close: async () => {
      await service.close();
      lib.cleanup();
    },
  };
}
