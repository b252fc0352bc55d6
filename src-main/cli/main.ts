// photo-search: the command line. Every command drives the same Engine as the desktop app.
import { parseArgs } from 'node:util';
import { COMMANDS } from './commands.js';
import { UsageError, type CommandContext } from './context.js';
import { resolveLibrary } from '../engine/library-path.js';
import { isDevice, isPrecision } from '../engine/models.js';

export const USAGE = `photo-search: find your photos by meaning, on your own computer

Usage: photo-search <command> [options]

  folders add DIR | folders remove DIR | folders list
  index [--watch]                      scan, embed and index; --watch keeps following changes
                                       (exit code 3: done, but a folder is offline; its photos are kept)
  search "TEXT" [-k N] [--json]        e.g. "sunset over the sea", "beach" + ./sunset.jpg - people
         [--folder DIR] [--from DATE] [--to DATE] [--camera NAME] [--available] [--min-score X]
  similar FILE [-k N] [--json]         photos that look like FILE
  embed --image FILE | --text "TEXT"   print the L2-normalised embedding (--json: and every view of
                                       a photo, with the part it covers)
  tokenize "TEXT" [--model DIR]        print the ids the text encoder receives
  status [--json]                      counts, folders (online / offline), files not indexed and why,
                                       failures and reasons, model, device
  settings [whole-frame on|off]        whole-frame (default on): search also sees the parts of wide
                                       and tall photos outside the centre square, and animations' frames
  removed [--empty]                    recently removed photos (kept 30 days); --empty deletes them now
  models list | models download ID
  tags auto [--vocabulary FILE [--extend]]   tag every photo from a vocabulary (one label per line)
  tags list [--json] | photos --tag NAME [--json]
  tags teach NAME --yes FILES... [--no FILES...]   teach a tag by example
  tags remove NAME FILES... | tags forget NAME
  albums create NAME --query TEXT [--example FILE...] [--threshold X] [filters]
  albums list [--json] | albums show NAME [--json] | albums delete NAME
  albums rename NAME NEW-NAME
  albums edit NAME [--query TEXT] [--example FILE...] [--threshold X|auto] [filters] [--clear-filters]
                                       filters: --folder DIR --from DATE --to DATE --camera NAME --available;
                                       those given replace the album's own, --clear-filters drops the rest
  albums add NAME FILES... | albums remove NAME FILES...   by hand: kept in (or out) whatever the query finds
  albums cover NAME [FILE]             the album's cover; without FILE, its best match again
  duplicates [--json] [--threshold X]  copies of one picture, and similar shots (bursts), with why
  duplicates dismiss FILES...       these photos are not duplicates: never group them again
  serve [--port N] [--host 127.0.0.1]  the app in a browser (web mode)
  demo [--port N]                      a generated demo library with the bundled model, in web mode

Options:
  --library DIR    library folder (default: $PHOTO_SEARCH_LIBRARY or the OS app-data folder)
  --model ID|DIR   model id from \`models list\`, or a model folder
  --device D       auto (default), cpu, cuda, dml, coreml or webgpu
  --precision P    auto (default: int8 on a CPU, fp16 on a GPU, where the model has the files and
                   their accuracy cost was measured small; else fp32), fp32, int8 or fp16 (one index each)
  --json           machine-readable output
`;

/** `--yes a.jpg b.jpg --no c.jpg` means two yes and one no: repeat the option for each value. */
export function spreadListOptions(argv: string[], names = ['--yes', '--no', '--example']): string[] {
  const out: string[] = [];
  let current: string | undefined;
  for (const arg of argv) {
    if (arg.startsWith('-')) {
      current = names.includes(arg) ? arg : undefined;
      if (!current) out.push(arg);
      continue;
    }
    if (current) out.push(current, arg);
    else out.push(arg);
  }
  return out;
}

/**
 * Joins a numeric option and its negative value into one argument (`--min-score -1` -> `--min-score=-1`):
 * node:util's parseArgs reads a value that starts with "-" as an option and calls it ambiguous.
 */
export function joinNegativeValues(argv: string[], names = ['--min-score', '--threshold']): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    if (names.includes(argv[i]!) && next !== undefined && /^-\d*\.?\d+$/.test(next)) {
      out.push(`${argv[i]}=${next}`);
      i++;
    } else out.push(argv[i]!);
  }
  return out;
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: spreadListOptions(joinNegativeValues(argv)),
      allowPositionals: true,
      options: {
        library: { type: 'string' },
        model: { type: 'string' },
        device: { type: 'string' },
        precision: { type: 'string' },
        json: { type: 'boolean' },
        k: { type: 'string', short: 'k' },
        watch: { type: 'boolean' },
        image: { type: 'string' },
        text: { type: 'string' },
        folder: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        camera: { type: 'string' },
        available: { type: 'boolean' },
        empty: { type: 'boolean' },
        'min-score': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        vocabulary: { type: 'string' },
        yes: { type: 'string', multiple: true },
        no: { type: 'string', multiple: true },
        query: { type: 'string' },
        tag: { type: 'string' },
        threshold: { type: 'string' },
        example: { type: 'string', multiple: true },
        extend: { type: 'boolean' },
        'clear-filters': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return command || values.help ? 0 : 2;
  }
  const run = COMMANDS[command];
  if (!run) {
    process.stderr.write(`unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  if (values.device !== undefined && !isDevice(values.device)) {
    process.stderr.write(`--device must be auto, cpu, cuda, dml, coreml or webgpu\n`);
    return 2;
  }
  if (values.precision !== undefined && values.precision !== 'auto' && !isPrecision(values.precision)) {
    process.stderr.write(`--precision must be auto, fp32, fp16 or int8\n`);
    return 2;
  }
  if (values.library !== undefined && !values.library.trim()) {
    process.stderr.write('--library needs a folder (it was empty)\n');
    return 2;
  }
  const ctx: CommandContext = {
    args: rest,
    options: values,
    libraryDir: resolveLibrary(values.library),
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  };
  try {
    return (await run(ctx)) ?? 0;
  } catch (err) {
    if (err instanceof UsageError) {
      ctx.err(`${err.message}\n\n${USAGE}`);
      return 2;
    }
    ctx.err(`photo-search: ${(err as Error).message}`);
    if (process.env.PHOTO_SEARCH_DEBUG) ctx.err((err as Error).stack ?? '');
    return 1;
  }
}
