// The CLI's model commands: embed, tokenize, models list / download.
import { defaultModelsDir } from '../engine/library-path.js';
import { downloadModel, embedOne, listModels, modelEntry, tokenize as tokenizeText, type Device, type ModelToolOptions, type Precision, type PrecisionChoice } from '../engine/models.js';
import { flag, str, UsageError, type Command, type CommandContext } from './context.js';

/** A command without a library's engine: --model, else the library's active model, else tiny-clip. */
function toolOptions(ctx: CommandContext): ModelToolOptions {
  return { libraryDir: ctx.libraryDir, model: str(ctx, 'model'), device: (str(ctx, 'device') ?? 'auto') as Device, precision: str(ctx, 'precision') as PrecisionChoice | undefined };
}

const embed: Command = async (ctx) => {
  const image = str(ctx, 'image');
  const text = str(ctx, 'text');
  if ((image === undefined) === (text === undefined)) throw new UsageError('embed needs exactly one of --image FILE or --text "TEXT"');
  const { modelDir, vector, views } = await embedOne(toolOptions(ctx), image !== undefined ? { image } : { text: text! });
  const round = (v: Float32Array) => Array.from(v, (x) => Math.round(x * 1e7) / 1e7);
  const values = round(vector);
  if (!flag(ctx, 'json')) {
    ctx.out(values.join(' ')); // the main view's: the photo's vector
    return;
  }
  // Every view of a photo with the part of the image it covers (region: fractions of the upright frame).
  const viewList = views?.map(({ view, vector: v }) => ({ ...view, embedding: round(v) }));
  ctx.out(JSON.stringify({ model: modelDir, dim: values.length, embedding: values, ...(viewList ? { views: viewList } : {}) }));
};

const tokenize: Command = async (ctx) => {
  const text = ctx.args.join(' ');
  if (!ctx.args.length) throw new UsageError('tokenize needs a text');
  const ids = await tokenizeText(toolOptions(ctx), text);
  ctx.out(flag(ctx, 'json') ? JSON.stringify(ids) : ids.join(' '));
};

const models: Command = async (ctx) => {
  const [action, id] = ctx.args;
  const modelsDir = defaultModelsDir(ctx.libraryDir);
  if (action === undefined || action === 'list') {
    const device = str(ctx, 'device') ?? 'auto';
    const entries = listModels(modelsDir, device !== 'auto' && device !== 'cpu');
    const rows = entries.map((m) => ({
      id: m.id, title: m.title, sizeMB: m.sizeMB, languages: m.languages, languagesText: m.languagesText, installed: m.downloaded, note: m.note,
      precision: m.recommended, precisions: m.precisions,
    }));
    if (flag(ctx, 'json')) {
      ctx.out(JSON.stringify(rows, null, 2));
      return 0;
    }
    for (const r of rows) {
      ctx.out(`${r.installed ? '*' : ' '} ${r.id.padEnd(32)} ${String(r.sizeMB).padStart(5)} MB  ${r.precision.padEnd(4)}  ${r.title}`);
      const others = r.precisions.filter((p) => p.precision !== r.precision);
      if (others.length) ctx.out(`  ${''.padEnd(32)} also: ${others.map((p) => `${p.precision} ${p.downloaded ? 'downloaded' : `${p.precision === 'fp32' ? '' : 'about '}${p.sizeMB} MB`}`).join(', ')}`);
    }
    ctx.out('\n* downloaded. The precision shown is what `auto` picks here; --precision P to download or use another.');
    return 0;
  }
  if (action === 'download') {
    if (!id) throw new UsageError('models download needs a model id (see `photo-search models list`)');
    const entry = modelEntry(id);
    if (!entry) throw new UsageError(`unknown model "${id}"`);
    if (!entry.repo) {
      ctx.out(`${id} is bundled with the app; nothing to download.`);
      return 0;
    }
    const asked = str(ctx, 'precision');
    const precision = asked === undefined || asked === 'auto' ? undefined : (asked as Precision);
    const device = str(ctx, 'device') ?? 'auto';
    let last = -1;
    const dir = await downloadModel(id, modelsDir, {
      precision,
      onGpu: device !== 'auto' && device !== 'cpu',
      onChecked: (p, cost) => {
        if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
        ctx.out(
          cost instanceof Error
            ? `Could not measure ${p} against fp32 (${cost.message}); \`auto\` keeps fp32.`
            : `Measured ${p} against fp32 here: embeddings ${cost.image_cosine_to_fp32.toFixed(4)} (photos) / ${cost.text_cosine_to_fp32.toFixed(4)} (text) alike, zero-shot agreement ${(cost.top1_agreement * 100).toFixed(1)}%.`,
        );
      },
      onProgress: (p) => {
        const pct = Math.floor((p.receivedBytes / Math.max(1, p.totalBytes)) * 100);
        if (pct !== last && process.stderr.isTTY) process.stderr.write(`\rDownloading ${id}: ${pct}% (${(p.receivedBytes / 1e6).toFixed(0)}/${(p.totalBytes / 1e6).toFixed(0)} MB)\x1b[K`);
        last = pct;
      },
    });
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    ctx.out(`Downloaded ${id}${precision ? ` (${precision})` : ''} to ${dir}. \`auto\` runs it at ${listModels(modelsDir, device !== 'auto' && device !== 'cpu').find((m) => m.id === id)?.recommended ?? 'fp32'} here.`);
    return 0;
  }
  throw new UsageError(`unknown models action "${action}"`);
};

export const MODEL_COMMANDS: Record<string, Command> = { embed, tokenize, models };
