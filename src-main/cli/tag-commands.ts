// The CLI for tags, albums and duplicates: everything the desktop app's tag sidebar, album views,
// teach-a-tag flow and duplicates review do, scriptable.
import { readFileSync } from 'node:fs';
import type { EngineReader } from '../engine/engine.js';
import { DomainError } from '../errors.js';
import { flag, list, positiveInt, str, UsageError, withEngine, type Command, type CommandContext } from './context.js';
import { filtersFrom } from './filters.js';

function photoIds(e: EngineReader, files: string[], what: string): number[] {
  return files.map((file) => {
    const row = e.photoAt(file);
    if (!row || row.status !== 'indexed') throw new UsageError(`${what}: ${file} is not an indexed photo of this library`);
    return row.id;
  });
}

function printPhotos(ctx: CommandContext, e: EngineReader, scored: { id: number; score: number }[]): void {
  const hits = e.hits(scored);
  if (flag(ctx, 'json')) ctx.out(JSON.stringify(hits.map((h) => ({ id: h.id, path: h.path, score: Math.round(h.score * 1e5) / 1e5 }))));
  else for (const h of hits) ctx.out(`${h.score.toFixed(3)}  ${h.path}`);
}

function readVocabulary(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new DomainError('invalid_request', `cannot read the vocabulary ${path}: ${(err as Error).message}`);
  }
}

const tags: Command = async (ctx) => {
  const [action, name] = ctx.args;
  if (action === 'auto') {
    return withEngine(ctx, 'edit', async (e) => {
      const file = str(ctx, 'vocabulary');
      const { labels, tagged } = await e.setVocabulary(file === undefined ? undefined : readVocabulary(file), { extend: flag(ctx, 'extend') });
      const summary = { labels, photosTagged: tagged, tags: e.tags().filter((t) => t.kind === 'auto').length };
      ctx.out(flag(ctx, 'json') ? JSON.stringify(summary) : `Tagged ${tagged} photos with a vocabulary of ${labels} labels; ${summary.tags} tags in use.`);
    });
  }
  if (action === 'list' || action === undefined) {
    return withEngine(ctx, 'read', async (e) => {
      const all = e.tags();
      if (flag(ctx, 'json')) ctx.out(JSON.stringify(all));
      else if (!all.length) ctx.out('No tags yet. They come as photos are indexed; `photo-search tags auto` recomputes them.');
      else for (const t of all) ctx.out(`${String(t.photos).padStart(6)}  ${t.name}${t.kind === 'taught' ? '  (taught)' : ''}`);
    });
  }
  if (!name) throw new UsageError(`tags ${action} needs a tag name`);
  if (action === 'teach') {
    return withEngine(ctx, 'edit', async (e) => {
      const yes = photoIds(e, list(ctx, 'yes'), '--yes');
      const no = photoIds(e, list(ctx, 'no'), '--no');
      if (!yes.length && !no.length) throw new UsageError('tags teach needs examples: --yes FILES... [--no FILES...]');
      const r = e.teach(name, yes, no);
      if (flag(ctx, 'json')) {
        printPhotos(ctx, e, r.matches.map((m) => ({ id: m.id, score: m.confidence })));
        return;
      }
      ctx.out(`"${r.name}" learnt from ${r.examples.yes} yes and ${r.examples.no} no; it matches ${r.matches.length} photos:`);
      printPhotos(ctx, e, r.matches.slice(0, positiveInt(ctx, 'k', 20)).map((m) => ({ id: m.id, score: m.confidence })));
    });
  }
  if (action === 'remove') {
    return withEngine(ctx, 'edit', async (e) => {
      for (const id of photoIds(e, ctx.args.slice(2), 'tags remove')) e.removeTag(id, name);
      ctx.out(`Removed "${name}" from ${ctx.args.length - 2} photos; it stays removed.`);
    });
  }
  if (action === 'forget') {
    return withEngine(ctx, 'edit', async (e) => {
      e.forgetTag(name);
    });
  }
  throw new UsageError(`unknown tags action "${action}"`);
};

const photos: Command = async (ctx) => {
  const tag = str(ctx, 'tag');
  if (!tag) throw new UsageError('photos needs --tag NAME');
  return withEngine(ctx, 'read', async (e) => printPhotos(ctx, e, e.photosWithTag(tag, positiveInt(ctx, 'k', 10_000))));
};

const albums: Command = async (ctx) => {
  const [action, name] = ctx.args;
  if (action === 'list' || action === undefined) {
    return withEngine(ctx, 'read', async (e) => {
      const all = e.albums();
      if (flag(ctx, 'json')) ctx.out(JSON.stringify(all));
      else if (!all.length) ctx.out('No albums yet. Create one: photo-search albums create "Beach days" --query "a day at the beach"');
      else for (const a of all) ctx.out(`${a.name}  (${[a.query && `"${a.query}"`, a.examples.length && `${a.examples.length} example photos`].filter(Boolean).join(' + ')})`);
    });
  }
  if (!name) throw new UsageError(`albums ${action} needs an album name`);
  if (action === 'create') {
    return withEngine(ctx, 'edit', async (e) => {
      const threshold = str(ctx, 'threshold');
      if (threshold !== undefined && !(Number(threshold) >= -1 && Number(threshold) <= 1)) throw new UsageError('--threshold must be a number from -1 to 1');
      const f = filtersFrom(ctx);
      const album = e.createAlbum({
        name,
        query: str(ctx, 'query'),
        examples: photoIds(e, list(ctx, 'example'), '--example'),
        filters: Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)),
        threshold: threshold === undefined ? undefined : Number(threshold),
      });
      const n = (await e.albumPhotos(album.name)).length;
      ctx.out(flag(ctx, 'json') ? JSON.stringify({ ...album, photos: n }) : `Created album "${album.name}" with ${n} photos; it updates itself as photos arrive.`);
    });
  }
  if (action === 'show') return withEngine(ctx, 'read', async (e) => printPhotos(ctx, e, await e.albumPhotos(name, positiveInt(ctx, 'k', 10_000))));
  if (action === 'delete') {
    return withEngine(ctx, 'edit', async (e) => {
      e.deleteAlbum(name);
    });
  }
  throw new UsageError(`unknown albums action "${action}"`);
};

const duplicates: Command = async (ctx) =>
  withEngine(ctx, 'read', async (e) => {
    const threshold = str(ctx, 'threshold');
    const groups = e.duplicates(threshold === undefined ? undefined : Number(threshold));
    const paths = groups.map((g) => ({ similarity: Math.round(g.similarity * 1e4) / 1e4, photos: e.hits(g.ids.map((id) => ({ id, score: g.similarity }))).map((h) => h.path) }));
    if (flag(ctx, 'json')) ctx.out(JSON.stringify(paths));
    else if (!paths.length) ctx.out('No duplicates.');
    else for (const g of paths) ctx.out(`${g.photos.length} copies (similarity ${g.similarity}):\n  ${g.photos.join('\n  ')}`);
  });

export const TAG_COMMANDS: Record<string, Command> = { tags, photos, albums, duplicates };
