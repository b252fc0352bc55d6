// The CLI's library commands: folders, index, search, similar, status. Model commands live in
// model-commands.ts, tags/albums/duplicates in tag-commands.ts.
import { extname, resolve } from 'node:path';
import type { EngineReader, EngineStatus, FolderSummary, PhotoHit } from '../engine/engine.js';
import { DomainError } from '../errors.js';
import { unreadScriptAdvice } from '../engine/models.js';
import { scriptOf } from '../../src-shared/scripts.js';
import { extractTags } from '../../src-shared/tag-query.js';
import { flag, openEngine, positiveInt, str, UsageError, withEngine, type Command, type CommandContext } from './context.js';
import { filtersFrom } from './filters.js';
import { MODEL_COMMANDS } from './model-commands.js';
import { modelLine, notIndexedNote, tagsLine, tagsPendingNote } from './model-state.js';
import { ProgressBar } from './progress-bar.js';
import { TAG_COMMANDS } from './tag-commands.js';

function printHits(ctx: CommandContext, hits: PhotoHit[]): void {
  if (flag(ctx, 'json')) {
    ctx.out(JSON.stringify(hits.map((h) => ({
      path: h.path, score: round(h.score), id: h.id, width: h.width, height: h.height, takenAt: h.takenAt ? new Date(h.takenAt).toISOString() : null,
      dateSource: h.dateSource, camera: h.camera, gps: h.gps, unavailable: h.unavailable, ...(h.match ? { match: h.match } : {}),
    }))));
    return;
  }
  for (const h of hits) ctx.out(`${h.score.toFixed(3)}  ${h.path}${h.match ? `  (${describeMatch(h)})` : ''}${h.unavailable ? `  (unavailable: ${h.unavailable})` : ''}`);
}

/** "matched its left part", "matched the frame at 3.2 s": the part of a photo a search matched, when not its centre. */
function describeMatch(h: PhotoHit): string {
  const m = h.match!;
  if (m.kind === 'frame') return `matched the frame at ${((m.atMs ?? 0) / 1000).toFixed(1)} s`;
  const wide = (h.width ?? 1) >= (h.height ?? 1);
  const centre = wide ? m.region.x + m.region.w / 2 : m.region.y + m.region.h / 2;
  const side = centre < 0.4 ? (wide ? 'left' : 'top') : centre > 0.6 ? (wide ? 'right' : 'bottom') : 'middle';
  return `matched its ${side} part${m.frame !== null ? ` at ${((m.atMs ?? 0) / 1000).toFixed(1)} s` : ''}`;
}

function round(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}

const folders: Command = async (ctx) => {
  const [action, dir] = ctx.args;
  if (action === 'list' || action === undefined) {
    return withEngine(ctx, 'read', async (e) => {
      const list = e.folders();
      if (flag(ctx, 'json')) ctx.out(JSON.stringify(list.map((f) => f.path)));
      else if (list.length === 0) ctx.out('No folders yet. Add one with: photo-search folders add ~/Pictures');
      else list.forEach((f) => ctx.out(f.path));
    });
  }
  if (!dir) throw new UsageError(`folders ${action} needs a folder`);
  if (action === 'add') {
    return withEngine(ctx, 'edit', async (e) => {
      const f = e.addFolder(dir);
      ctx.out(flag(ctx, 'json') ? JSON.stringify({ added: f.path }) : `Added ${f.path}. Run \`photo-search index\` to index it.`);
    });
  }
  if (action === 'remove') {
    return withEngine(ctx, 'index', async (e) => {
      const ok = await e.removeFolder(dir);
      if (!ok) {
        ctx.err(`not a library folder: ${resolve(dir)}`);
        return 1;
      }
      ctx.out(flag(ctx, 'json') ? JSON.stringify({ removed: resolve(dir) }) : `Removed ${resolve(dir)} from the library (the files stay on disk). Its photos are kept as recently removed for 30 days, with their tags and albums: adding the folder again brings them back.`);
      return 0;
    });
  }
  throw new UsageError(`unknown folders action "${action}"`);
};

function summary(e: EngineReader): string {
  const s = e.status();
  const failed = s.counts.failed ? `, ${s.counts.failed} could not be read (see \`photo-search status\`)` : '';
  return `${s.indexed} photos searchable${failed}.`;
}

const index: Command = async (ctx) => {
  const engine = await openEngine(ctx);
  if (!engine.canWrite) {
    await engine.close();
    throw new DomainError('busy', `another process (pid ${engine.lockHolder}) is already indexing this library`);
  }
  const bar = new ProgressBar();
  const viewBar = new ProgressBar(process.stderr, 'Whole photos   ', 'photos');
  const tagBar = new ProgressBar(process.stderr, 'Preparing tags ', 'prompts');
  let tagging = false;
  let seeingWhole = false;
  engine.on('progress', (p) => {
    if (p.phase === 'indexing') bar.update(p);
    if (p.phase === 'views') {
      bar.done();
      if (!seeingWhole && p.total > 0 && !flag(ctx, 'json')) ctx.out(`${summary(engine)} Seeing whole photos (the sides of wide and tall ones, animations' frames); search works meanwhile.`);
      seeingWhole ||= p.total > 0;
      viewBar.update(p);
    }
    if (p.phase !== 'tagging') return;
    viewBar.done();
    if (!tagging && !flag(ctx, 'json')) {
      // The photos are searchable now: say so before the (longer, resumable) tag preparation.
      bar.done();
      ctx.out(`${summary(engine)} Preparing auto-tags; search works meanwhile, and Ctrl+C is safe (it resumes next time).`);
    }
    tagging = true;
    tagBar.update(p);
  });
  engine.on('error', (err) => ctx.err(`warning: ${err.message}`));
  try {
    // Watching starts first, so that photos copied in during the first pass are not missed.
    if (flag(ctx, 'watch')) await engine.watch();
    await engine.indexAll();
    bar.done();
    viewBar.done();
    tagBar.done();
    if (!flag(ctx, 'watch')) {
      ctx.out(flag(ctx, 'json') ? JSON.stringify(engine.status().counts) : tagging ? 'Tags ready.' : summary(engine));
      return reportOffline(ctx, engine.folders()) ? EXIT_OFFLINE : 0;
    }
    ctx.out(`${summary(engine)} Watching for changes; press Ctrl+C to stop.`);
    reportOffline(ctx, engine.folders());
    engine.on('progress', (p) => {
      if (p.phase === 'idle') {
        bar.done();
        ctx.out(`[${new Date().toLocaleTimeString()}] ${summary(engine)}`);
      }
    });
    await new Promise<void>((resolveStop) => {
      const stop = () => resolveStop();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    bar.done();
    ctx.out('Stopping…');
    return 0;
  } finally {
    await engine.close();
  }
};

/** `index`'s exit code when it finished but a folder is offline: its photos were kept, not indexed or checked. */
export const EXIT_OFFLINE = 3;

/** Says which folders are offline and that their photos are kept; true when there is one. */
function reportOffline(ctx: CommandContext, folders: readonly FolderSummary[]): boolean {
  const offline = folders.filter((f) => f.state === 'offline');
  for (const f of offline) {
    ctx.err(`Folder ${f.path} is offline: ${f.reason}. Its photos are kept (the searchable ones stay searchable); they are checked again when it is back.`);
  }
  return offline.length > 0;
}

/**
 * On stderr, when the query is in a script the model in use does not read (Hangul with an English-only model): its
 * answer, empty or confidently wrong ("빨간 circle" finds yellow circles), is not the person's fault, and a model
 * that reads it is named (the bundled bilingual one for a bundled model, else the smallest download).
 */
function warnUnreadScript(ctx: CommandContext, e: EngineReader, query: string): void {
  const script = scriptOf(extractTags(query).text); // a tag is looked up by name, not read
  if (!script) return;
  const advice = unreadScriptAdvice(e.status().model, script);
  if (!advice) return;
  ctx.err(`${advice.name} reads ${advice.reads} only, so this query finds little${advice.use ? `: use --model ${advice.use.id} (${advice.use.languagesText})` : ''}.`);
}

const search: Command = async (ctx) => {
  const query = ctx.args.join(' ').trim();
  if (!query) throw new UsageError('search needs a query, e.g. photo-search search "dog on the beach"');
  const limit = positiveInt(ctx, 'k', 20);
  const minScore = str(ctx, 'min-score') === undefined ? undefined : Number(str(ctx, 'min-score'));
  if (minScore !== undefined && !Number.isFinite(minScore)) throw new UsageError('--min-score must be a number');
  return withEngine(ctx, 'read', async (e) => {
    // The CLI's user owns the files: a query may name image files (`"beach" + ./sunset.jpg`).
    const res = await e.search(query, { limit, filters: filtersFrom(ctx), minScore, allowFiles: true });
    printHits(ctx, res.hits);
    for (const tag of res.unknownTags ?? []) ctx.err(`No tag "${tag}": \`photo-search tags list\` shows the tags there are.`);
    if (res.unknownTags?.length) return 1;
    warnUnreadScript(ctx, e, res.readAsText ?? query); // the words read, not a photo's path
    // Results printed: the command succeeded, whatever the library's other models hold.
    if (res.hits.length) return;
    // Only an empty or weak answer needs the library's state (it costs a count of every photo).
    const s = e.status();
    // Searching a model or precision this library was not indexed with: an error, not an empty answer.
    const notIndexed = notIndexedNote(s);
    if (notIndexed) {
      ctx.err(notIndexed);
      return 1;
    }
    // A tag this model has not given yet (each model has its own tags): say what waits rather than "no match".
    const tagsPending = extractTags(query).tags.length ? tagsPendingNote(s) : undefined;
    if (tagsPending) {
      ctx.err(tagsPending);
      return;
    }
    if (res.noGoodMatch && !flag(ctx, 'json')) {
      ctx.err(
        res.bestScore === null && s.indexed > 0
          ? 'No photo matches the filters.'
          : res.bestScore === null
          ? 'No photos are indexed yet. Add a folder and run `photo-search index`.'
          : res.contentFree
          ? 'No good match: the photos score for this query about as they do for an empty one, so its words pick out nothing.'
          : `No good match (the best score, ${res.bestScore.toFixed(3)}, is below ${res.floor?.toFixed(2)}).`,
      );
    }
  });
};

const similar: Command = async (ctx) => {
  const file = ctx.args[0];
  if (!file) throw new UsageError('similar needs a photo file');
  const limit = positiveInt(ctx, 'k', 20);
  return withEngine(ctx, 'read', async (e) => printHits(ctx, await e.similarToFile(file, { limit, filters: filtersFrom(ctx) })));
};

const settings: Command = async (ctx) => {
  const [name, value] = ctx.args;
  if (name !== undefined && name !== 'whole-frame') throw new UsageError(`unknown setting "${name}" (settings: whole-frame)`);
  if (name !== undefined && value !== 'on' && value !== 'off') throw new UsageError('settings whole-frame needs on or off');
  return withEngine(ctx, 'edit', async (e) => {
    const now = name === undefined ? e.settings() : e.updateSettings({ wholeFrame: value === 'on' });
    if (flag(ctx, 'json')) return ctx.out(JSON.stringify(now));
    ctx.out(
      `whole-frame: ${now.wholeFrame ? 'on  (search sees wide and tall photos whole, and several frames of animations)' : 'off  (search sees the centre square of each photo and one frame of an animation)'}`,
    );
    const waiting = e.status().counts.waiting;
    if (name !== undefined && now.wholeFrame && waiting > 0) ctx.out(`${waiting} ${waiting === 1 ? 'photo gets its' : 'photos get their'} views at the next \`photo-search index\`.`);
  });
};

const status: Command = async (ctx) =>
  withEngine(ctx, 'read', async (e) => {
    const s = e.status();
    if (flag(ctx, 'json')) {
      ctx.out(JSON.stringify(s, null, 2));
      return;
    }
    ctx.out(`Library: ${s.library}`);
    ctx.out(modelLine(s));
    ctx.out(`Device:  ${s.device.description}`);
    if (!s.folderStates.length) ctx.out('Folders: none');
    else ctx.out('Folders:');
    for (const f of s.folderStates) {
      ctx.out(`  ${f.path}: ${f.photos} photos, ${f.state === 'offline' ? `OFFLINE since ${new Date(f.since ?? Date.now()).toLocaleString()} (${f.reason}); its photos are kept` : 'online'}`);
    }
    const extra = [s.counts.unavailable && `${s.counts.unavailable} unavailable (kept; their folder is offline or unreadable)`, s.counts.missing && `${s.counts.missing} recently removed (kept 30 days; \`photo-search removed\`)`].filter(Boolean);
    ctx.out(`Photos:  ${s.indexed} searchable, ${s.counts.waiting} waiting, ${s.counts.failed} failed${extra.length ? `, ${extra.join(', ')}` : ''}`);
    if (!s.writer && s.indexedBy) ctx.out(`Indexing: in another process (pid ${s.indexedBy})`);
    ctx.out(tagsLine(s));
    if (s.skipped.length) {
      ctx.out('Not indexed:');
      for (const g of describeSkipped(s.skipped)) ctx.out(`  ${g}`);
    }
    if (s.failures.length) {
      ctx.out('Could not be indexed:');
      for (const f of s.failures) ctx.out(`  ${f.path}: ${f.error}`);
    }
  });

/** "14 video files (.mov, .mp4), e.g. a.mov": one line per group of files that are not indexed. */
function describeSkipped(groups: EngineStatus['skipped']): string[] {
  const what: Record<string, string> = { unsupported: 'not a supported photo format', unreadable: 'cannot be read', permission: 'permission denied', name: 'file name is not valid UTF-8', 'too-large': 'too large' };
  return groups.map((g) => {
    const exts = [...new Set(g.examples.map((p) => extname(p).toLowerCase()).filter(Boolean))];
    const kind = g.reason === 'unsupported' ? `${g.detail ?? 'other'} file${g.count === 1 ? '' : 's'}${exts.length ? ` (${exts.join(', ')})` : ''}` : `file${g.count === 1 ? '' : 's'}: ${g.detail ?? what[g.reason]}`;
    return `${g.count} ${kind}, e.g. ${g.examples.slice(0, 2).join(', ')}`;
  });
}

const removed: Command = async (ctx) => {
  if (flag(ctx, 'empty')) {
    return withEngine(ctx, 'edit', async (e) => {
      const n = e.emptyRecentlyRemoved();
      ctx.out(`Deleted ${n} recently removed photo${n === 1 ? '' : 's'} from the library (the files were already gone).`);
    });
  }
  return withEngine(ctx, 'read', async (e) => {
    const rows = e.recentlyRemoved();
    if (flag(ctx, 'json')) ctx.out(JSON.stringify(rows, null, 2));
    else if (!rows.length) ctx.out('Nothing recently removed.');
    else {
      for (const r of rows) ctx.out(`${new Date(r.removedAt).toLocaleString()}  ${r.path}`);
      ctx.out(`${rows.length} photos, kept with their tags and albums for 30 days after they went (back with their ids if their files return). \`photo-search removed --empty\` deletes them now.`);
    }
  });
};

export const COMMANDS: Record<string, Command> = {
  folders,
  index,
  search,
  similar,
  status,
  settings,
  removed,
  ...MODEL_COMMANDS,
  // Web mode (the API, its schemas, the HTTP server) loads only for the commands that serve it.
  serve: async (ctx) => (await import('./serve-commands.js')).SERVE_COMMANDS.serve!(ctx),
  demo: async (ctx) => (await import('./serve-commands.js')).SERVE_COMMANDS.demo!(ctx),
  ...TAG_COMMANDS,
};
