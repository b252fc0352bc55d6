// A library used with two models, switched back and forth with the CLI's --model (the way a person follows the
// "use the multilingual model" hint and comes back), reports one state: which model a command uses, what is complete
// for it, what waits. Tags are each model's own; the vocabulary, the examples and the removals are the library's.
// A command never prints results and then fails. (Taught tags, the UI's switch and precisions: model-switch-tags.test.ts.)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliJson } from './helpers/cli.js';
import { readLibrary } from './helpers/db.js';
import { tempLibrary, type TempLibrary } from './helpers/library.js';
import { FIXTURES } from './helpers/paths.js';

interface Status {
  model: { id: string; active: string | null };
  counts: { waiting: number };
  indexed: number;
  tags: { labels: number; labelsReady: number; photosWaiting: number };
}

const activeModel = (library: string) => readLibrary(library, (db) => (db.prepare("SELECT value FROM meta WHERE key = 'active_model'").get() as { value: string }).value);

describe('going back to tiny-clip after tiny-clip-ko', () => {
  let lib: TempLibrary;
  let vocabulary: string;
  const run = (...args: string[]) => cli([...args, '--library', lib.library, '--device', 'cpu']);
  const status = (...args: string[]) => cliJson<Status>(['status', ...args, '--library', lib.library, '--device', 'cpu']);
  const paths = (out: string) => out.split('\n').filter((l) => /^\d\.\d{3}\s/.test(l)).map((l) => l.replace(/^\S+\s+/, ''));

  beforeAll(async () => {
    lib = await tempLibrary(1, 11); // 24 photos: one of each colour and shape
    vocabulary = join(lib.root, 'vocab.txt');
    writeFileSync(vocabulary, readFileSync(join(FIXTURES, 'shapes-vocabulary-ko.txt'), 'utf8'));
    expect(run('folders', 'add', lib.photos).code).toBe(0);
    const first = run('--model', 'tiny-clip', 'index');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Tags ready/);
    expect(run('--model', 'tiny-clip-ko', 'index').code).toBe(0);
    const tagged = run('--model', 'tiny-clip-ko', 'tags', 'auto', '--vocabulary', vocabulary);
    expect(tagged.code, tagged.stderr).toBe(0);
  }, 240_000);
  afterAll(() => lib?.cleanup());

  it('a search with the other model never prints results and then fails', () => {
    expect(activeModel(lib.library)).toBe('tiny-clip-ko');
    // tiny-clip's index is complete, but its tags come from the old vocabulary: it has no "빨강" photos yet.
    const tag = run('--model', 'tiny-clip', 'search', 'tag:빨강', '-k', '2');
    expect(tag.code, tag.stderr).toBe(0);
    expect(paths(tag.stdout)).toEqual([]);
    expect(tag.stderr).not.toMatch(/No photos are indexed/);
    expect(tag.stderr).toMatch(/24 photos wait for their tags from tiny-clip/);
    // The vocabulary is the library's: tiny-clip shows none of the labels it replaced, only what it has tagged since.
    expect(cliJson<unknown[]>(['tags', 'list', '--model', 'tiny-clip', '--library', lib.library, '--device', 'cpu'])).toEqual([]);
    // tiny-clip-ko's tags are its own and answer at once.
    const ko = run('--model', 'tiny-clip-ko', 'search', 'tag:빨강');
    expect(ko.code, ko.stderr).toBe(0);
    expect(paths(ko.stdout).length).toBeGreaterThan(0);
    expect(paths(ko.stdout).every((p) => /red-/.test(p))).toBe(true);
    // Text search with tiny-clip answers from tiny-clip's complete index, without any error.
    const text = run('--model', 'tiny-clip', 'search', 'red square', '-k', '3');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stderr).toBe('');
    expect(paths(text.stdout)[0]).toMatch(/red-square/);
  });

  it('status says which model this command uses, that it is complete, and which one the library opens with', () => {
    const s = status('--model', 'tiny-clip');
    expect(s.model.id).toBe('tiny-clip@int8');
    expect(s.indexed).toBe(24);
    expect(s.counts.waiting).toBe(0);
    expect(s.tags).toMatchObject({ labels: 10, photosWaiting: 24 });
    const text = run('--model', 'tiny-clip', 'status').stdout;
    expect(text).not.toMatch(/until this one is complete/);
    expect(text).toMatch(/without --model this library uses tiny-clip-ko/);
    expect(text).toMatch(/Photos:\s+24 searchable, 0 waiting/);
    expect(text).toMatch(/Auto-tags: 24 photos wait for their tags from tiny-clip/);
    // tiny-clip-ko's own state did not change by looking at tiny-clip.
    const ko = status();
    expect(ko.model.id).toBe('tiny-clip-ko');
    expect(ko.tags.photosWaiting).toBe(0);
    expect(run('status').stdout).toMatch(/Auto-tags: up to date/);
  });

  it('indexing with tiny-clip makes it the library model; tiny-clip-ko keeps its tags for the way back', () => {
    const back = run('--model', 'tiny-clip', 'index');
    expect(back.code, back.stderr).toBe(0);
    expect(activeModel(lib.library)).toBe('tiny-clip@int8');
    const s = status();
    expect(s.model.id).toBe('tiny-clip@int8');
    expect(s.tags.photosWaiting).toBe(0);
    expect(run('status').stdout).not.toMatch(/without --model/);
    const tag = run('search', 'tag:빨강');
    expect(tag.code, tag.stderr).toBe(0);
    expect(paths(tag.stdout).length).toBeGreaterThan(0);
    // Going to tiny-clip-ko again costs nothing: its tags were kept, not computed again by tiny-clip.
    expect(status('--model', 'tiny-clip-ko').tags.photosWaiting).toBe(0);
    const ko = run('--model', 'tiny-clip-ko', 'search', 'tag:빨강');
    expect(ko.code, ko.stderr).toBe(0);
    expect(paths(ko.stdout).length).toBeGreaterThan(0);
  });

  it('a tag removed from a photo stays removed with every model', () => {
    const ko = paths(run('--model', 'tiny-clip-ko', 'search', 'tag:red').stdout);
    const en = paths(run('--model', 'tiny-clip', 'search', 'tag:red').stdout);
    const both = ko.find((p) => en.includes(p));
    expect(both, `a photo both models tag red (ko: ${ko.join(', ')}; en: ${en.join(', ')})`).toBeDefined();
    const removed = run('--model', 'tiny-clip-ko', 'tags', 'remove', 'red', both!);
    expect(removed.code, removed.stderr).toBe(0);
    expect(paths(run('--model', 'tiny-clip-ko', 'search', 'tag:red').stdout)).not.toContain(both);
    expect(paths(run('--model', 'tiny-clip', 'search', 'tag:red').stdout)).not.toContain(both);
  });
});
