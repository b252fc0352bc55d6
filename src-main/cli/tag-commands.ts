// The CLI for tags, albums and duplicates: everything the desktop app's tag sidebar, album views,
// teach-a-tag flow and duplicates review do, scriptable.
import { resolve } from 'node:path';
import type { Engine } from '../engine/engine.js';
import { toHit } from '../search/searcher.js';
import { vocabularyFromFile } from '../tags/vocabulary.js';
import { filtersFrom } from './filters.js';
import { flag, list, positiveInt, str, UsageError, withEngine, type Command, type CommandContext } from './context.js';

const readOnly = { readOnly: true };

function photoIds(e: Engine, files: string[], what: string): number[] {
  return files.map((file) => {
    const row = e.store.byPath(resolve(file));
    if (!row || row.status !== 'indexed') throw new UsageError(`${what}: ${file} is not an indexed photo of this library`);
    return row.id;
  });
}

function printPhotos(ctx: CommandContext, e: Engine, scored: { id: number; score: number }[]): void {
  const rows = e.store.byIds(scored.map((s) => s.id));
  const hits = scored.flatMap((s) => (rows.get(s.id) ? [toHit(rows.get(s.id)!, s.score)] : []));
  if (flag(ctx, 'json')) ctx.out(JSON.stringify(hits.map((h) => ({ id: h.id, path: h.path, score: Math.round(h.score * 1e5) / 1e5 }))));
  else for (const h of hits) ctx.out(`${h.score.toFixed(3)}  ${h.path}`);
}

const tags: Command = async (ctx) => {
  const [action, name] = ctx.args;
  if (action === 'auto') {
    return withEngine(ctx, async (e) => {
      const file = str(ctx, 'vocabulary');
      const vocabulary = file ? vocabularyFromFile(file, e.tagger.vocabulary(), flag(ctx, 'extend')) : e.tagger.vocabulary();
      const tagged = await e.tagger.setVocabulary(vocabulary);
      const summary = { labels: vocabulary.labels.length, photosTagged: tagged, tags: e.tagger.list().filter((t) => t.kind === 'auto').length };
      ctx.out(flag(ctx, 'json') ? JSON.stringify(summary) : `Tagged ${tagged} photos with a vocabulary of ${summary.labels} labels; ${summary.tags} tags in use.`);
    }, readOnly);
  }
  if (action === 'list' || action === undefined) {
    return withEngine(ctx, async (e) => {
      const all = e.tagger.list();
      if (flag(ctx, 'json')) ctx.out(JSON.stringify(all));
      else if (!all.length) ctx.out('No tags yet. They come as photos are indexed; `photo-search tags auto` recomputes them.');
      else for (const t of all) ctx.out(`${String(t.photos).padStart(6)}  ${t.name}${t.kind === 'taught' ? '  (taught)' : ''}`);
    }, readOnly);
  }
  if (!name) throw new UsageError(`tags ${action} needs a tag name`);
  if (action === 'teach') {
    return withEngine(ctx, async (e) => {
      const yes = photoIds(e, list(ctx, 'yes'), '--yes');
      const no = photoIds(e, list(ctx, 'no'), '--no');
      if (!yes.length && !no.length) throw new UsageError('tags teach needs examples: --yes FILES... [--no FILES...]');
      const r = e.tagger.teach(name, yes, no);
      if (flag(ctx, 'json')) {
        printPhotos(ctx, e, r.matches.map((m) => ({ id: m.id, score: m.confidence })));
        return;
      }
      ctx.out(`"${r.name}" learnt from ${r.examples.yes} yes and ${r.examples.no} no; it matches ${r.matches.length} photos:`);
      printPhotos(ctx, e, r.matches.slice(0, positiveInt(ctx, 'k', 20)).map((m) => ({ id: m.id, score: m.confidence })));
    }, readOnly);
  }
  if (action === 'remove') {
    return withEngine(ctx, async (e) => {
      for (const id of photoIds(e, ctx.args.slice(2), 'tags remove')) e.tagger.removeTag(id, name);
      ctx.out(`Removed "${name}" from ${ctx.args.length - 2} photos; it stays removed.`);
    }, readOnly);
  }
  if (action === 'forget') {
    return withEngine(ctx, async (e) => {
      e.tagger.forget(name);
    }, readOnly);
  }
  throw new UsageError(`unknown tags action "${action}"`);
};

const photos: Command = async (ctx) => {
  const tag = str(ctx, 'tag');
  if (!tag) throw new UsageError('photos needs --tag NAME');
  return withEngine(ctx, async (e) => printPhotos(ctx, e, e.tagger.photos(tag, positiveInt(ctx, 'k', 10_000))), readOnly);
};

const albums: Command = async (ctx) => {
  const [action, name] = ctx.args;
  if (action === 'list' || action === undefined) {
    return withEngine(ctx, async (e) => {
      const all = e.albums.list();
      if (flag(ctx, 'json')) ctx.out(JSON.stringify(all));
      else if (!all.length) ctx.out('No albums yet. Create one: photo-search albums create "Beach days" --query "a day at the beach"');
      else for (const a of all) ctx.out(`${a.name}  (${[a.query && `"${a.query}"`, a.examples.length && `${a.examples.length} example photos`].filter(Boolean).join(' + ')})`);
    }, readOnly);
  }
  if (!name) throw new UsageError(`albums ${action} needs an album name`);
  if (action === 'create') {
    return withEngine(ctx, async (e) => {
      const threshold = str(ctx, 'threshold');
      if (threshold !== undefined && !(Number(threshold) >= -1 && Number(threshold) <= 1)) throw new UsageError('--threshold must be a number from -1 to 1');
      const f = filtersFrom(ctx);
      const album = e.albums.create({
        name,
        query: str(ctx, 'query'),
        examples: photoIds(e, list(ctx, 'example'), '--example'),
        filters: Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)),
        threshold: threshold === undefined ? undefined : Number(threshold),
      });
      const n = (await e.albums.photos(album.name)).length;
      ctx.out(flag(ctx, 'json') ? JSON.stringify({ ...album, photos: n }) : `Created album "${album.name}" with ${n} photos; it updates itself as photos arrive.`);
    }, readOnly);
  }
  if (action === 'show') return withEngine(ctx, async (e) => printPhotos(ctx, e, await e.albums.photos(name, positiveInt(ctx, 'k', 10_000))), readOnly);
  if (action === 'delete') {
    return withEngine(ctx, async (e) => {
      e.albums.delete(name);
    }, readOnly);
  }
  throw new UsageError(`unknown albums action "${action}"`);
};

const duplicates: Command = async (ctx) =>
  withEngine(ctx, async (e) => {
    const threshold = str(ctx, 'threshold');
    const groups = e.duplicates(threshold === undefined ? undefined : Number(threshold));
    const paths = groups.map((g) => ({ similarity: Math.round(g.similarity * 1e4) / 1e4, photos: g.ids.map((id) => e.store.byId(id)!.path) }));
    if (flag(ctx, 'json')) ctx.out(JSON.stringify(paths));
    else if (!paths.length) ctx.out('No duplicates.');
    else for (const g of paths) ctx.out(`${g.photos.length} copies (similarity ${g.similarity}):\n  ${g.photos.join('\n  ')}`);
  }, readOnly);

export const TAG_COMMANDS: Record<string, Command> = { tags, photos, albums, duplicates };
