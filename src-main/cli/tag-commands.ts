// The CLI for tags, albums and duplicates: everything the desktop app's tag sidebar, album views,
// teach-a-tag flow and duplicates review do, scriptable.
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Album, DuplicateGroup, EngineReader, PairEvidence, SearchFilters } from '../engine/engine.js';
import { DomainError } from '../errors.js';
import { flag, list, positiveInt, str, UsageError, withEngine, type Command, type CommandContext } from './context.js';
import { similarityText } from '../../src-shared/similarity-text.js';
import { filtersFrom } from './filters.js';

/**
 * The photos named by their files, typed in either Unicode form (Engine.indexedPhotoId). A file that is not one of
 * the library's photos is a one-line error saying which and why (exit 1), not a usage error: the command was right.
 */
function photoIds(e: EngineReader, files: string[], what: string): number[] {
  return files.map((file) => {
    try {
      return e.indexedPhotoId(file);
    } catch (err) {
      if (err instanceof DomainError) throw new DomainError(err.code, `${what}: ${err.message}`);
      throw err;
    }
  });
}

type Scored = { id: number; score: number; confidence?: 'likely' | 'possible' };

/** Photos with their scores as JSON objects: id, path, score, and a tag's confidence in words where it has one. */
function photosJson(e: EngineReader, scored: Scored[]): { id: number; path: string; score: number; confidence?: string }[] {
  const words = new Map(scored.map((s) => [s.id, s.confidence]));
  return e.hits(scored).map((h) => ({ id: h.id, path: h.path, score: Math.round(h.score * 1e5) / 1e5, ...(words.get(h.id) ? { confidence: words.get(h.id) } : {}) }));
}

/** `n` and the noun, singular for one: "1 photo", "3 photos". */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * Photos one a line. With `words` (a tag's photos), its confidence in words, never a raw score (that stays in --json);
 * a photo without a word is not a match. Otherwise the score.
 */
function printPhotos(ctx: CommandContext, e: EngineReader, scored: Scored[], words = false): void {
  if (flag(ctx, 'json')) ctx.out(JSON.stringify(photosJson(e, scored)));
  else for (const h of photosJson(e, scored)) ctx.out(`${words ? (h.confidence ?? 'no match').padEnd(9) : h.score.toFixed(3)}  ${h.path}`);
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
      ctx.out(flag(ctx, 'json') ? JSON.stringify(summary) : `Tagged ${count(tagged, 'photo')} with a vocabulary of ${count(labels, 'label')}; ${count(summary.tags, 'tag')} in use.`);
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
    const both = list(ctx, 'yes').find((f) => list(ctx, 'no').includes(f));
    if (both !== undefined) throw new UsageError(`${both} cannot be both a "yes" and a "no" example`);
    return withEngine(ctx, 'edit', async (e) => {
      const yes = photoIds(e, list(ctx, 'yes'), '--yes');
      const no = photoIds(e, list(ctx, 'no'), '--no');
      if (!yes.length && !no.length) throw new UsageError('tags teach needs examples: --yes FILES... [--no FILES...]');
      const r = e.teach(name, yes, no);
      const scored = (list: typeof r.matches) => list.map((m) => ({ id: m.id, score: m.confidence, confidence: m.word }));
      if (flag(ctx, 'json')) {
        // matches: most confident first; uncertain: unjudged photos nearest the decision, to answer next (--yes/--no)
        ctx.out(JSON.stringify({ name: r.name, examples: r.examples, matches: photosJson(e, scored(r.matches)), uncertain: photosJson(e, scored(r.uncertain)) }));
        return;
      }
      ctx.out(`"${r.name}" learnt from ${r.examples.yes} yes and ${r.examples.no} no; it matches ${count(r.matches.length, 'photo')}:`);
      printPhotos(ctx, e, scored(r.matches.slice(0, positiveInt(ctx, 'k', 20))), true);
      if (r.uncertain.length) {
        ctx.out(`Least sure about these; answering them teaches it most (tags teach "${r.name}" --yes ... --no ...):`);
        printPhotos(ctx, e, scored(r.uncertain.slice(0, 5)), true);
      }
    });
  }
  if (action === 'remove') {
    return withEngine(ctx, 'edit', async (e) => {
      for (const id of photoIds(e, ctx.args.slice(2), 'tags remove')) e.removeTag(id, name);
      ctx.out(`Removed "${name}" from ${count(ctx.args.length - 2, 'photo')}; it stays removed.`);
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
  return withEngine(ctx, 'read', async (e) => printPhotos(ctx, e, e.photosWithTag(tag, positiveInt(ctx, 'k', 10_000)), true));
};

/** --threshold X (-1 to 1); with `allowAuto`, `auto` is null (the default again). Undefined when not given. */
function thresholdOption(ctx: CommandContext, allowAuto: boolean): number | null | undefined {
  const threshold = str(ctx, 'threshold');
  if (threshold === undefined) return undefined;
  if (allowAuto && threshold === 'auto') return null;
  if (!(threshold.trim() !== '' && Number(threshold) >= -1 && Number(threshold) <= 1)) throw new UsageError(`--threshold must be a number from -1 to 1${allowAuto ? ', or auto' : ''}`);
  return Number(threshold);
}

/** The filter options given, without those left out. */
function givenFilters(ctx: CommandContext): SearchFilters {
  return Object.fromEntries(Object.entries(filtersFrom(ctx)).filter(([, v]) => v !== undefined)) as SearchFilters;
}

/** What an album's filters say, in words: `folder ~/a, from 2024-01-01`. */
function describeFilters(f: SearchFilters): string {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return [
    f.folder && `folder ${f.folder}`, f.from !== undefined && `from ${day(f.from)}`, f.to !== undefined && `to ${day(f.to - 86_400_000)}`, // the end is exclusive: the day before it
    f.camera && `camera ${f.camera}`, f.available && 'available only',
  ].filter(Boolean).join(', ');
}

async function albumLine(e: EngineReader, a: Album): Promise<string> {
  const now = await e.albumSummary(a.name);
  const made = [a.query && `"${a.query}"`, a.examples.length && `${a.examples.length} example photos`].filter(Boolean).join(' + ');
  const by = [a.added && `${a.added} added by hand`, a.removed && `${a.removed} removed by hand`].filter(Boolean).join(', ');
  const filters = describeFilters(a.filters);
  return `${a.name}  (${made})${filters ? `  [${filters}]` : ''}  ${now.photos} photos${by ? `, ${by}` : ''}${a.threshold === null ? '' : `, threshold ${a.threshold}`}`;
}

const albums: Command = async (ctx) => {
  const [action, name, ...rest] = ctx.args;
  if (action === 'list' || action === undefined) {
    return withEngine(ctx, 'read', async (e) => {
      const all = e.albums();
      if (flag(ctx, 'json')) {
        const withNow = [];
        for (const a of all) {
          const now = await e.albumSummary(a.name);
          withNow.push({ ...a, photos: now.photos, cover: now.cover === null ? null : e.photo(now.cover).path });
        }
        ctx.out(JSON.stringify(withNow));
      } else if (!all.length) ctx.out('No albums yet. Create one: photo-search albums create "Beach days" --query "a day at the beach"');
      else for (const a of all) ctx.out(await albumLine(e, a));
    });
  }
  if (!name) throw new UsageError(`albums ${action} needs an album name`);
  if (action === 'create') {
    return withEngine(ctx, 'edit', async (e) => {
      const album = e.createAlbum({
        name,
        query: str(ctx, 'query'),
        examples: photoIds(e, list(ctx, 'example'), '--example'),
        filters: givenFilters(ctx),
        threshold: thresholdOption(ctx, false) ?? undefined,
      });
      const n = (await e.albumPhotos(album.name)).length;
      ctx.out(flag(ctx, 'json') ? JSON.stringify({ ...album, photos: n }) : `Created album "${album.name}" with ${n} photos; it updates itself as photos arrive.`);
    });
  }
  if (action === 'show') return withEngine(ctx, 'read', async (e) => printPhotos(ctx, e, await e.albumPhotos(name, positiveInt(ctx, 'k', 10_000))));
  if (action === 'rename') {
    const to = rest[0];
    if (!to?.trim() || rest.length > 1) throw new UsageError('albums rename needs the album name and its new name: albums rename OLD NEW');
    return withEngine(ctx, 'edit', async (e) => {
      const album = e.updateAlbum(name, { name: to });
      ctx.out(`Renamed album "${name}" to "${album.name}".`);
    });
  }
  if (action === 'edit') {
    return withEngine(ctx, 'edit', async (e) => {
      const album = e.album(name);
      const filters = givenFilters(ctx);
      const clear = flag(ctx, 'clear-filters');
      const changes = {
        query: str(ctx, 'query'),
        examples: list(ctx, 'example').length ? photoIds(e, list(ctx, 'example'), '--example') : undefined,
        // The filters given change those; --clear-filters drops the others first.
        filters: clear || Object.keys(filters).length ? { ...(clear ? {} : album.filters), ...filters } : undefined,
        threshold: thresholdOption(ctx, true),
      };
      if (Object.values(changes).every((v) => v === undefined)) {
        throw new UsageError('albums edit needs something to change: --query TEXT, --example FILE..., --threshold X|auto, filters or --clear-filters');
      }
      const edited = e.updateAlbum(name, changes);
      if (flag(ctx, 'json')) ctx.out(JSON.stringify({ ...edited, photos: (await e.albumPhotos(edited.name)).length }));
      else ctx.out(`Changed album ${await albumLine(e, edited)}`);
    });
  }
  if (action === 'add' || action === 'remove') {
    if (!rest.length) throw new UsageError(`albums ${action} needs photos: albums ${action} NAME FILES...`);
    return withEngine(ctx, 'edit', async (e) => {
      const ids = photoIds(e, rest, `albums ${action}`);
      const album = action === 'add' ? e.addToAlbum(name, ids) : e.removeFromAlbum(name, ids);
      const n = (await e.albumPhotos(album.name)).length;
      const photos = (k: number) => `${k} photo${k === 1 ? '' : 's'}`;
      ctx.out(action === 'add'
        ? `Added ${photos(ids.length)} to "${album.name}" (${photos(n)} now); ${ids.length === 1 ? 'it stays' : 'they stay'} whatever the query finds.`
        : `Removed ${photos(ids.length)} from "${album.name}" (${photos(n)} now); ${ids.length === 1 ? 'it stays' : 'they stay'} out even when ${ids.length === 1 ? 'it matches' : 'they match'}.`);
    });
  }
  if (action === 'cover') {
    if (rest.length > 1) throw new UsageError('albums cover takes one photo: albums cover NAME [FILE]');
    return withEngine(ctx, 'edit', async (e) => {
      const album = await e.setAlbumCover(name, rest.length ? photoIds(e, rest, 'albums cover')[0]! : null);
      const cover = (await e.albumSummary(album.name)).cover;
      const path = cover === null ? null : e.photo(cover).path;
      ctx.out(rest.length ? `The cover of "${album.name}" is ${path}.` : `The cover of "${album.name}" is its best match again${path ? `: ${path}` : ''}.`);
    });
  }
  if (action === 'delete') {
    return withEngine(ctx, 'edit', async (e) => {
      const album = e.album(name); // its own spelling, not the one typed
      e.deleteAlbum(album.name);
      ctx.out(`Deleted album "${album.name}" (its photos stay in the library).`);
    });
  }
  throw new UsageError(`unknown albums action "${action}"`);
};

/** A group's photos with what a person compares, and why they were grouped, for `duplicates`. */
function describeGroup(e: EngineReader, g: DuplicateGroup) {
  const photos = g.ids.map((id) => e.photo(id));
  const pathOf = (id: number) => photos.find((p) => p.id === id)!.path;
  return {
    kind: g.kind,
    similarity: g.similarity,
    keeper: pathOf(g.keeper),
    photos: photos.map((p) => ({ path: p.path, folder: dirname(p.path), width: p.width, height: p.height, size: p.size, format: p.format, takenAt: p.takenAt, dateSource: p.dateSource, keeper: p.id === g.keeper })),
    pairs: g.pairs.map((p) => ({ a: pathOf(p.a), b: pathOf(p.b), evidence: p.evidence })),
  };
}

/** Why two photos were grouped, in words, with the measured figures. */
export function evidenceInWords(ev: PairEvidence): string {
  if (ev.identical) return 'identical files';
  if (ev.kind === 'similar') return `taken ${ev.secondsApart} s apart, embeddings ${similarityText(ev.similarity)}`;
  const views = ev.viewSimilarity === null ? '' : `, every part ${similarityText(ev.viewSimilarity)}`;
  return `perceptual hashes ${ev.hashDistance} of 256 bits apart, colours within ${((ev.colourDistance ?? 0) * 100).toFixed(1)}%, embeddings ${similarityText(ev.similarity)}${views}`;
}

const duplicates: Command = async (ctx) => {
  if (ctx.args[0] === 'dismiss') {
    return withEngine(ctx, 'edit', async (e) => {
      const ids = photoIds(e, ctx.args.slice(1), 'duplicates dismiss');
      if (ids.length < 2) throw new UsageError('duplicates dismiss needs the photos that are not duplicates of each other: two files or more');
      e.dismissDuplicates(ids);
      ctx.out(`These ${ids.length} photos will not be grouped as duplicates of each other again.`);
      // Photos named together may still meet through a photo that is a copy of both: say which.
      for (const g of await e.duplicates()) {
        const named = g.ids.filter((id) => ids.includes(id));
        if (named.length < 2) continue;
        const through = g.ids.filter((id) => !ids.includes(id)).map((id) => basename(e.photo(id).path));
        ctx.out(`They are still in one group through ${through.join(', ')}; name those too to split it.`);
      }
    });
  }
  if (ctx.args.length) throw new UsageError(`unknown duplicates action "${ctx.args[0]}"`);
  return withEngine(ctx, 'read', async (e) => {
    const given = str(ctx, 'threshold');
    const threshold = given === undefined ? undefined : Number(given);
    if (threshold !== undefined && !(threshold >= 0.5 && threshold <= 1)) throw new UsageError('--threshold is a cosine similarity from 0.5 to 1, e.g. 0.95');
    const groups = (await e.duplicates(threshold)).map((g) => describeGroup(e, g));
    if (flag(ctx, 'json')) ctx.out(JSON.stringify(groups));
    else if (!groups.length) ctx.out('No duplicates.');
    else for (const g of groups) {
      const title = g.kind === 'copies' ? `Copies of one picture (${g.photos.length} files)` : `Similar shots (${g.photos.length} photos)`;
      ctx.out(`${title}; keep ${basename(g.keeper)}:`);
      for (const p of g.photos) {
        const size = p.width && p.height ? `${p.width}x${p.height}` : '?';
        const taken = p.takenAt === null ? '—'.padEnd(19) : new Date(p.takenAt).toISOString().slice(0, 19).replace('T', ' ');
        ctx.out(`  ${p.keeper ? 'keep' : '    '}  ${size.padEnd(11)} ${formatBytes(p.size).padStart(8)}  ${p.format.padEnd(5)} ${taken}  ${p.path}`);
      }
      // Each other photo against the keeper where they were paired, else against the photo it was paired with.
      for (const p of g.photos.filter((x) => !x.keeper)) {
        const mine = g.pairs.filter((pair) => pair.a === p.path || pair.b === p.path);
        const pair = mine.find((x) => x.a === g.keeper || x.b === g.keeper) ?? mine[0]!;
        ctx.out(`    ${basename(p.path)} ~ ${basename(pair.a === p.path ? pair.b : pair.a)}: ${evidenceInWords(pair.evidence)}`);
      }
    }
  });
};

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 ** 2).toFixed(1)} MB`;
}

export const TAG_COMMANDS: Record<string, Command> = { tags, photos, albums, duplicates };
