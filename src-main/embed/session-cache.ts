// A model file optimised once and saved for this machine, so that later processes load it in a
// fraction of the time: onnxruntime spends most of a session's creation parsing the 250 MB
// protobuf and optimising its graph (1.8 s for ViT-B/32's text tower on 2 cores); the saved copy
// keeps the weights in a separate file and loads with optimisation off (0.2-0.4 s, measured in
// bench/README.md). The optimised graph may hold CPU-specific kernels (onnxruntime warns about
// NCHWc), so the key names the CPU, the onnxruntime version and the source file's size and time.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { arch, cpus } from 'node:os';
import { basename, join } from 'node:path';
import ort from 'onnxruntime-node';
import { compiledScript } from '../util/compiled-script.js';

const MODEL = 'model.onnx';
const WEIGHTS = 'weights.bin';

function keyOf(source: string): string {
  const st = statSync(source);
  const parts = [source, st.size, Math.round(st.mtimeMs), ort.env.versions.common, arch(), cpus()[0]?.model ?? ''];
  return `${basename(source, '.onnx')}-${createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16)}`;
}

/** The cached optimised copy of `source` for the CPU, if one was saved; undefined otherwise (or on any doubt). */
export function cachedModel(source: string, cacheDir: string): string | undefined {
  try {
    const path = join(cacheDir, keyOf(source), MODEL);
    return existsSync(path) && existsSync(join(cacheDir, keyOf(source), WEIGHTS)) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** Removes what a killed save left (`<key>.tmp-<pid>` of a process that is gone): up to a model's size each. */
function removeAbandoned(cacheDir: string, key: string): void {
  const names = existsSync(cacheDir) ? readdirSync(cacheDir) : [];
  for (const name of names) {
    const pid = Number(name.startsWith(`${key}.tmp-`) ? name.slice(key.length + 5) : NaN);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      process.kill(pid, 0); // still running: its save goes on
    } catch {
      rmSync(join(cacheDir, name), { recursive: true, force: true });
    }
  }
}

/**
 * Saves the optimised copies of `sources` in a process of its own (Node, or Electron run as Node),
 * so that the spare copy of the weights never counts against this process's memory. `wait`: resolve
 * when it is done; otherwise the process is detached and this returns at once (a command line may
 * exit while it finishes). Without a compiled entry (running from sources), saves in this process.
 * Never throws.
 */
export async function saveOptimisedModels(sources: readonly string[], cacheDir: string, opts: { wait: boolean }): Promise<void> {
  const missing = sources.filter((s) => !cachedModel(s, cacheDir));
  if (!missing.length) return;
  const script = compiledScript(import.meta.url, 'embed/session-cache-main.js');
  if (!script) {
    for (const source of missing) await saveOptimisedModel(source, cacheDir);
    return;
  }
  try {
    const child = spawn(process.execPath, [script, cacheDir, ...missing], { detached: !opts.wait, stdio: 'ignore', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    if (opts.wait) {
      await new Promise<void>((resolve) => {
        child.on('error', () => resolve());
        child.on('exit', () => resolve());
      });
    } else {
      child.on('error', () => undefined);
      child.unref();
    }
  } catch {
    // no process to spare: the model loads from its own file, as before
  }
}

/**
 * Optimises `source` for the CPU and saves it in `cacheDir` (whole or not at all: written to a
 * temporary folder, then renamed). Takes a few seconds and, while it runs, a second copy of the
 * weights in memory; call it where that does not delay an answer. Never throws: a cache that
 * cannot be written costs speed, not correctness.
 */
export async function saveOptimisedModel(source: string, cacheDir: string): Promise<void> {
  let tmp: string | undefined;
  try {
    const final = join(cacheDir, keyOf(source));
    if (existsSync(join(final, MODEL))) return;
    removeAbandoned(cacheDir, basename(final));
    tmp = `${final}.tmp-${process.pid}`;
    mkdirSync(tmp, { recursive: true });
    const session = await ort.InferenceSession.create(source, {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      optimizedModelFilePath: join(tmp, MODEL),
      logSeverityLevel: 3,
      extra: { session: { optimized_model_external_initializers_file_name: WEIGHTS, optimized_model_external_initializers_min_size_in_bytes: '1024' } },
    });
    await session.release();
    renameSync(tmp, final);
    tmp = undefined;
  } catch {
    // another process saved it first (rename refused), or the disk is full or read-only
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}
