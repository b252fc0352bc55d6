// Photos named by a path as a person types it (a Korean new user's findings 4 and 5): a folder and files that a Mac
// named decomposed (NFD) are typed composed (NFC) on a keyboard, and every command that takes a photo's path, the
// CLI's and the API's, finds the indexed photo in either form, also where a folder and its file differ in form. A
// path in a combined query may hold spaces (as it is, quoted, or escaped as a shell would), and a path that names no
// photo is an error naming it, not text. A file that is not a photo of the library is a one-line error, not usage.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiService } from '../src-main/api/service.js';
import { cli, cliJson, type CliResult } from './helpers/cli.js';
import { tempLibrary, type TempLibrary } from './helpers/library.js';

const FOLDER = '빨간 사진'; // "red photos": a space, and Hangul that a Mac stores decomposed
const NFD_FILE = '빨간원_0.jpg'.normalize('NFD'); // as a Mac wrote it
const NFC_FILE = '빨간원_1.jpg'; // written composed, in the decomposed folder (a copy made on Linux)
const DASHED = '여름 - 원.jpg'.normalize('NFD'); // " - " in a name: one file, not a subtraction

let lib: TempLibrary;
let copies: string[]; // the red circle whose copies are named in Korean, and those copies
let nfdFolder: string; // the folder as it is on disk
let typedFolder: string; // the same folder as typed (composed)
const args = () => ['--library', lib.library, '--model', 'tiny-clip', '--device', 'cpu'];
const run = (...a: string[]): CliResult => cli([...a, ...args()]);
const typed = (file: string) => join(typedFolder, file.normalize('NFC'));

/** An error the user can act on: one line, naming the file, no usage text after it. */
function expectOneLineError(r: CliResult, ...parts: string[]): void {
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  for (const part of parts) expect(r.stderr).toContain(part);
  expect(r.stderr).not.toMatch(/usage/i);
}

beforeAll(async () => {
  lib = await tempLibrary(1);
  nfdFolder = join(lib.root, FOLDER.normalize('NFD'));
  typedFolder = join(lib.root, FOLDER);
  expect(nfdFolder).not.toBe(typedFolder);
  mkdirSync(nfdFolder);
  const red = lib.written.filter((w) => w.colour === 'red' && w.shape === 'circle').map((w) => join(lib.photos, w.file));
  const blue = lib.written.find((w) => w.colour === 'blue' && w.shape === 'square')!;
  copyFileSync(red[0]!, join(nfdFolder, NFD_FILE));
  copyFileSync(red[0]!, join(nfdFolder, NFC_FILE));
  copyFileSync(join(lib.photos, blue.file), join(nfdFolder, DASHED));
  copies = [red[0]!, join(nfdFolder, NFD_FILE), join(nfdFolder, NFC_FILE)];
  mkdirSync(lib.library, { recursive: true });
  for (const folder of [lib.photos, typedFolder]) expect(run('folders', 'add', folder).code).toBe(0); // typed: found in NFD
  const indexed = run('index');
  if (indexed.code !== 0) throw new Error(indexed.stderr);
}, 180_000);
afterAll(() => lib?.cleanup());

describe('a photo path typed in either Unicode form, in every CLI command that takes one', () => {
  it('similar: the composed path of a decomposed file answers as the file\'s own path does', () => {
    const own = run('similar', join(nfdFolder, NFD_FILE), '-k', '3');
    expect(own.code, own.stderr).toBe(0);
    expect(own.stdout.trim()).not.toBe('');
    for (const path of [typed(NFD_FILE), join(nfdFolder, NFD_FILE).normalize('NFC')]) {
      const r = run('similar', path, '-k', '3');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(own.stdout);
    }
    // Mixed forms: the folder decomposed on disk, the file composed; typed all decomposed.
    const mixed = run('similar', join(nfdFolder, NFC_FILE).normalize('NFD'), '-k', '3');
    expect(mixed.code, mixed.stderr).toBe(0);
  });

  it('albums create --example, add, cover and remove find the photo by its composed path', () => {
    const created = run('albums', 'create', '빨강', '--example', typed(NFD_FILE));
    expect(created.code, created.stderr).toBe(0);
    expect(run('albums', 'create', '파랑', '--query', 'a photo of a blue square').code).toBe(0);
    const added = run('albums', 'add', '파랑', typed(NFD_FILE), typed(NFC_FILE));
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('Added 2 photos');
    const shown = cliJson<{ hits?: { path: string }[] } | { path: string }[]>(['albums', 'show', '파랑', ...args()]);
    const paths = (Array.isArray(shown) ? shown : shown.hits ?? []).map((h) => h.path);
    expect(paths).toContain(join(nfdFolder, NFD_FILE)); // the photo itself, by the path on disk
    expect(paths).toContain(join(nfdFolder, NFC_FILE));
    const cover = run('albums', 'cover', '파랑', typed(NFD_FILE));
    expect(cover.code, cover.stderr).toBe(0);
    // The cover is kept by content, and the copies share it: any of them may be named.
    expect(copies.some((c) => cover.stdout.includes(c)), cover.stdout).toBe(true);
    const removed = run('albums', 'remove', '파랑', typed(NFD_FILE));
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toContain('Removed 1 photo');
  });

  it('tags teach, tags remove and duplicates dismiss find the photos by their composed paths', () => {
    const other = join(lib.photos, lib.written.find((w) => w.colour === 'blue')!.file);
    const taught = run('tags', 'teach', '우리 빨강', '--yes', typed(NFD_FILE), '--yes', typed(NFC_FILE), '--no', other);
    expect(taught.code, taught.stderr).toBe(0);
    const removed = run('tags', 'remove', '우리 빨강', typed(NFD_FILE));
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toContain('Removed "우리 빨강" from 1 photo');
    const dismissed = run('duplicates', 'dismiss', typed(NFD_FILE), typed(NFC_FILE));
    expect(dismissed.code, dismissed.stderr).toBe(0);
    expect(dismissed.stdout).toContain('will not be grouped as duplicates of each other again');
  });

  it('says in one line which file is not a photo of the library and why, with no usage text', () => {
    const missing = join(typedFolder, '없는_사진.jpg');
    expectOneLineError(run('albums', 'add', '파랑', missing), `albums add: ${missing} is not an indexed photo of this library: there is no such file`);
    expectOneLineError(run('tags', 'remove', '우리 빨강', missing), 'tags remove:', missing, 'no such file');
    expectOneLineError(run('duplicates', 'dismiss', typed(NFD_FILE), missing), 'duplicates dismiss:', missing);
    expectOneLineError(run('similar', missing), `no such file: ${missing}`);
    // A real photo outside the library: it exists, but the library does not have it.
    const outside = join(lib.root, '밖.jpg');
    copyFileSync(join(nfdFolder, NFD_FILE), outside);
    expectOneLineError(run('albums', 'add', '파랑', outside), outside, 'it is not in this library');
    // A malformed command line still gets the usage text.
    const usage = run('albums', 'add', '파랑');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/usage/i);
  });
});

describe('a photo path in a combined query', () => {
  const search = (query: string) => run('search', query, '-k', '3', '--json');
  const top = (r: CliResult) => (JSON.parse(r.stdout) as { path: string }[])[0]?.path;

  it('reads a path with spaces, typed composed, quoted, escaped or as it is, as that photo', () => {
    const file = join(nfdFolder, NFD_FILE);
    const asOnDisk = search(`"red" + ${file}`);
    expect(asOnDisk.code, asOnDisk.stderr).toBe(0);
    expect(copies).toContain(top(asOnDisk)); // the photo itself, or one of its identical copies
    const path = typed(NFD_FILE);
    for (const query of [`"red" + ${path}`, `"red" + '${path}'`, `"red" + "${path}"`, `"red" + ${path.replaceAll(' ', '\\ ')}`]) {
      const r = search(query);
      expect(r.code, `${query}: ${r.stderr}`).toBe(0);
      expect(top(r), query).toBe(top(asOnDisk));
      expect(r.stderr, query).not.toContain('finds little'); // Hangul in a file name is not Korean text to read
    }
    // A name holding " - " and spaces, typed composed: one file, not a subtraction.
    const dashed = search(`"blue" + ${typed(DASHED)}`);
    expect(dashed.code, dashed.stderr).toBe(0);
    expect(top(dashed)).toMatch(/blue-square|여름/);
  });

  it('refuses a path that names no photo, naming it, never searching it as text', () => {
    const absent = join(lib.root, 'nonexistent.jpg');
    for (const [term, shown] of [[absent, absent], ['~/nonexistent-photo.jpg', '~/nonexistent-photo.jpg'], [`'${typedFolder}/없는 사진.jpg'`, `${typedFolder}/없는 사진.jpg`], ['photos/nonexistent.png', 'photos/nonexistent.png']]) {
      const r = run('search', `"red" + ${term}`);
      expectOneLineError(r, `no such photo file: ${shown}`);
      expect(r.stdout).toBe('');
    }
    const notes = join(lib.root, 'notes.txt');
    writeFileSync(notes, 'not a photo');
    expectOneLineError(run('search', `red - ${notes}`), `not a photo file: ${notes}`);
    // Text with a slash that is no path stays text.
    expect(run('search', 'red/blue circle').code).toBe(0);
  });
});

describe('a photo path through the API', () => {
  let service: ApiService;
  beforeAll(async () => {
    service = new ApiService({ libraryDir: lib.library, model: 'tiny-clip', device: 'cpu', watch: false });
    await service.start();
  }, 60_000);
  afterAll(() => service?.close());

  it('reads a library photo\'s composed path as that photo, and refuses any other path as invalid_request', async () => {
    const ok = await service.call('search', { query: `"red" + ${typed(NFD_FILE)}`, limit: 3 });
    expect(ok.ok, ok.ok ? '' : ok.error.message).toBe(true);
    expect(copies).toContain(ok.ok && ok.value.hits[0]?.path);
    const outside = join(lib.root, '밖.jpg'); // on disk, not in the library: the API reads no file
    for (const path of [join(lib.root, 'nonexistent.jpg'), outside]) {
      const r = await service.call('search', { query: `"red" + ${path}`, limit: 3 });
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error).toMatchObject({ code: 'invalid_request', message: expect.stringContaining(`${path} is not a photo of this library`) });
    }
  });
});
