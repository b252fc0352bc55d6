// The CLI's model commands: embed, tokenize, models list / download.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClipModel } from '../embed/clip-model.js';
import type { Device } from '../embed/execution-providers.js';
import { downloadModel } from '../models/download.js';
import { BUNDLED_MODEL, MODELS, resolveModel } from '../models/registry.js';
import { getMeta, openDatabase } from '../store/database.js';
import { flag, str, UsageError, type Command, type CommandContext } from './context.js';
import { existsSync } from 'node:fs';

/** The model a command without a library means: --model, else the library's active one, else tiny-clip. */
function modelSpec(ctx: CommandContext): string {
  const given = str(ctx, 'model');
  if (given) return given;
  const dbPath = join(ctx.libraryDir, 'library.sqlite3');
  if (existsSync(dbPath)) {
    const db = openDatabase(dbPath, { readonly: true });
    try {
      return getMeta(db, 'active_model') ?? BUNDLED_MODEL;
    } finally {
      db.close();
    }
  }
  return BUNDLED_MODEL;
}

async function loadModel(ctx: CommandContext): Promise<ClipModel> {
  const info = resolveModel(modelSpec(ctx), join(ctx.libraryDir, 'models'));
  if (info.needsDownload) throw new Error(`model ${info.id} is not downloaded yet: run \`photo-search models download ${info.id}\``);
  return ClipModel.load(info.dir, (str(ctx, 'device') ?? 'auto') as Device);
}

const embed: Command = async (ctx) => {
  const image = str(ctx, 'image');
  const text = str(ctx, 'text');
  if ((image === undefined) === (text === undefined)) throw new UsageError('embed needs exactly one of --image FILE or --text "TEXT"');
  const model = await loadModel(ctx);
  try {
    const [v] = image !== undefined ? await model.embedImageBuffers([readFileSync(image)]) : await model.embedTexts([text!]);
    const values = Array.from(v!, (x) => Math.round(x * 1e7) / 1e7);
    ctx.out(flag(ctx, 'json') ? JSON.stringify({ model: model.files.dir, dim: values.length, embedding: values }) : values.join(' '));
  } finally {
    await model.release();
  }
};

const tokenize: Command = async (ctx) => {
  const text = ctx.args.join(' ');
  if (!ctx.args.length) throw new UsageError('tokenize needs a text');
  const model = await loadModel(ctx);
  try {
    const [ids] = model.tokenizer.encodeBatch([text]).ids;
    ctx.out(flag(ctx, 'json') ? JSON.stringify(ids) : ids!.join(' '));
  } finally {
    await model.release();
  }
};

const models: Command = async (ctx) => {
  const [action, id] = ctx.args;
  const modelsDir = join(ctx.libraryDir, 'models');
  if (action === undefined || action === 'list') {
    const rows = MODELS.map((m) => {
      const r = resolveModel(m.id, modelsDir);
      return { id: m.id, title: m.title, sizeMB: m.sizeMB, languages: m.languages, installed: !r.needsDownload, note: m.note };
    });
    if (flag(ctx, 'json')) ctx.out(JSON.stringify(rows, null, 2));
    else for (const r of rows) ctx.out(`${r.installed ? '*' : ' '} ${r.id.padEnd(32)} ${String(r.sizeMB).padStart(5)} MB  ${r.title}`);
    return 0;
  }
  if (action === 'download') {
    if (!id) throw new UsageError('models download needs a model id (see `photo-search models list`)');
    const entry = MODELS.find((m) => m.id === id);
    if (!entry) throw new UsageError(`unknown model "${id}"`);
    if (!entry.repo) {
      ctx.out(`${id} is bundled with the app; nothing to download.`);
      return 0;
    }
    let last = -1;
    const dir = await downloadModel(entry, modelsDir, {
      onProgress: (p) => {
        const pct = Math.floor((p.receivedBytes / Math.max(1, p.totalBytes)) * 100);
        if (pct !== last && process.stderr.isTTY) process.stderr.write(`\rDownloading ${id}: ${pct}% (${(p.receivedBytes / 1e6).toFixed(0)}/${(p.totalBytes / 1e6).toFixed(0)} MB)\x1b[K`);
        last = pct;
      },
    });
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    ctx.out(`Downloaded ${id} to ${dir}`);
    return 0;
  }
  throw new UsageError(`unknown models action "${action}"`);
};

export const MODEL_COMMANDS: Record<string, Command> = { embed, tokenize, models };
