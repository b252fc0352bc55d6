// Worker threads and helper processes need a JavaScript file to start. Compiled, it sits beside the
// module that starts it; when tests run the TypeScript sources, the compiled copy under dist/ is used.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The compiled script `srcMainPath` (a path under src-main/, e.g. 'embed/vision-worker.js') for the module at
 * `importMetaUrl` under src-main/ or dist/src-main/: beside it when compiled, else from dist/; undefined when
 * neither exists (sources run before a build: callers then do the work in-process).
 */
export function compiledScript(importMetaUrl: string, srcMainPath: string): string | undefined {
  const name = srcMainPath.split('/').pop()!;
  const beside = fileURLToPath(new URL(`./${name}`, importMetaUrl));
  if (existsSync(beside)) return beside;
  const depth = srcMainPath.split('/').length - 1; // folders below src-main/ of the calling module
  const compiled = fileURLToPath(new URL(`${'../'.repeat(depth + 1)}dist/src-main/${srcMainPath}`, importMetaUrl));
  return existsSync(compiled) ? compiled : undefined;
}
