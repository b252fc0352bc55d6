// Runs the built CLI (bin/photo-search.js) as a separate process, as a user would.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { CLI, ROOT } from './paths.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The CLI run as an ordinary user (`runuser`; the tests run as root, whom no permission stops), with
 * `home` as its home and cache folder.
 */
export function cliAs(user: string, home: string, args: string[]): CliResult {
  const env = { ...process.env, HOME: home, XDG_CACHE_HOME: `${home}/.cache` };
  const r = spawnSync('runuser', ['-u', user, '--', process.execPath, CLI, ...args], { cwd: home, env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function cliJson<T>(args: string[], env: NodeJS.ProcessEnv = {}): T {
  const r = cli([...args, '--json'], env);
  if (r.code !== 0) throw new Error(`photo-search ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

export function startCli(args: string[]): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return Object.assign(child, { output: () => out });
}

/** Polls `check` until it returns a value that is not undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
