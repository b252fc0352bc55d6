// Chooses where inference runs. `auto` tries the GPU providers that fit the platform, then the CPU.
// onnxruntime-node throws when asked for a provider that is not present (it does not fall back by
// itself), so each candidate is tried by creating a real session, and every refusal is kept as a
// one-line reason for `status`.
import { existsSync } from 'node:fs';
import ort from 'onnxruntime-node';
import { cachedModel } from './session-cache.js';

/** Where inference may run: `auto` picks for the platform; the others name one onnxruntime execution provider. */
export const DEVICES = ['auto', 'cpu', 'cuda', 'dml', 'coreml', 'webgpu'] as const;
export type Device = (typeof DEVICES)[number];
export type Provider = Exclude<Device, 'auto'>;

/** Whether a user's setting (CLI flag, config) names a device. */
export function isDevice(value: string): value is Device {
  return (DEVICES as readonly string[]).includes(value);
}

/**
 * The providers to try for `device`, in order: `auto` gives the platform's GPU providers, a named GPU provider
 * gives itself; the CPU always comes last, because it runs every model everywhere.
 */
export function candidates(device: Device, platform: NodeJS.Platform = process.platform): Provider[] {
  if (device !== 'auto') return device === 'cpu' ? ['cpu'] : [device, 'cpu'];
  const gpu: Provider[] = platform === 'win32' ? ['dml', 'webgpu'] : platform === 'darwin' ? ['coreml', 'webgpu'] : ['cuda', 'webgpu'];
  return [...gpu, 'cpu'];
}

export interface ProviderChoice {
  provider: Provider;
  requested: Device;
  // Why the providers before the one in use were not used; empty when the first choice worked.
  fallbacks: string[];
}

/** The first line of an error, without onnxruntime's source paths. */
function shortReason(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  // onnxruntime's messages end in the useful part ("Failed to get a WebGPU adapter: ...").
  const failed = text.match(/Failed to [^\n]*/g);
  const line = failed?.[failed.length - 1] ?? text.split('\n').find((l) => l.trim()) ?? text;
  return line.replace(/\/onnxruntime_src\/\S+\s*/g, '').replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** One line for `status`: the provider in use, then why each provider before it was not used. */
export function describeChoice(choice: ProviderChoice): string {
  const used = choice.provider === 'cpu' ? 'CPU' : `GPU (${choice.provider})`;
  return choice.fallbacks.length ? `${used}; ${choice.fallbacks.join('; ')}` : used;
}

const VULKAN_LOADER_PATHS = [
  '/usr/lib/x86_64-linux-gnu/libvulkan.so.1',
  '/usr/lib/aarch64-linux-gnu/libvulkan.so.1',
  '/usr/lib64/libvulkan.so.1',
  '/usr/lib/libvulkan.so.1',
  '/usr/local/lib/libvulkan.so.1',
];

/**
 * A reason not to try a provider at all, where trying is known to fail noisily: on Linux, WebGPU
 * runs on Vulkan, and without the Vulkan loader Dawn prints a warning straight to stderr.
 */
export function preflight(provider: Provider, platform: NodeJS.Platform = process.platform): string | undefined {
  if (provider === 'webgpu' && platform === 'linux' && !VULKAN_LOADER_PATHS.some((p) => existsSync(p))) {
    return 'webgpu unavailable: no Vulkan loader (libvulkan.so.1) installed';
  }
  return undefined;
}

/**
 * Creates sessions for the given model files on the first provider that accepts all of them.
 * Threads: onnxruntime's default of one per core suits a batch on the CPU. Sets onnxruntime's global log
 * level to `fatal`, for the whole process. `prepack: false` skips the CPU provider's weight prepacking (a
 * layout for its matrix kernels): for a process that runs a model once or twice and exits. Measured on ViT-B/32's
 * text tower (2 cores): session creation 780 -> 100 ms, a short query 11 -> 17 ms, so it pays back after
 * about a hundred queries.
 * @throws Error onnxruntime's own, when even the CPU cannot load a model (a missing, damaged or unsupported file)
 */
export async function createSessions(
  modelPaths: readonly string[],
  device: Device,
  cacheDir?: string,
  opts: { prepack?: boolean } = {},
): Promise<{ sessions: ort.InferenceSession[]; choice: ProviderChoice }> {
  const fallbacks: string[] = [];
  const list = candidates(device);
  // onnxruntime's global logger prints a provider it cannot load as an error even though we catch
  // it and fall back; the reason reaches the user through `status` instead.
  ort.env.logLevel = 'fatal';
  for (const provider of list) {
    const skip = preflight(provider);
    if (skip) {
      fallbacks.push(skip);
      continue;
    }
    const created: ort.InferenceSession[] = [];
    try {
      for (const path of modelPaths) {
        // On the CPU, a copy optimised earlier (embed/session-cache.ts) loads several times faster.
        const cached = provider === 'cpu' && cacheDir ? cachedModel(path, cacheDir) : undefined;
        const open = (file: string, optimised: boolean) =>
          ort.InferenceSession.create(file, {
            executionProviders: [provider],
            graphOptimizationLevel: optimised ? 'disabled' : 'all',
            // Probing providers that are absent is expected: keep onnxruntime's own log quiet.
            logSeverityLevel: provider === 'cpu' ? 2 : 4,
            ...(opts.prepack === false ? { extra: { session: { disable_prepacking: '1' } } } : {}),
          });
        created.push(cached ? await open(cached, true).catch(() => open(path, false)) : await open(path, false));
      }
      return { sessions: created, choice: { provider, requested: device, fallbacks } };
    } catch (err) {
      await Promise.all(created.map((s) => s.release()));
      if (provider === 'cpu') throw err; // a model the CPU cannot run is broken, not a device problem
      fallbacks.push(`${provider} unavailable: ${shortReason(err)}`);
    }
  }
  throw new Error(`no execution provider for ${device}`);
}
