// The whole photo in the UI (web mode, Chromium): a search that matched a side of a panorama shows
// that side in its square cell and says so; the Library's toggle turns whole-frame views off and on.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiService } from '../src-main/api/service.js';
import { openUi, type OpenUi } from './helpers/browser.js';

const scene = (width: number, height: number, body: string) =>
  Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="rgb(246,244,238)"/>${body}</svg>`);

describe('the whole photo in the UI', () => {
  let root: string;
  let service: ApiService;
  let ui: OpenUi;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'photo-search-ui-whole-'));
    const photos = join(root, 'photos');
    mkdirSync(photos);
    // A 4:1 panorama with a red circle at its left end, and photos without one.
    writeFileSync(join(photos, 'panorama.jpg'), await sharp(scene(1600, 400, '<circle cx="170" cy="200" r="110" fill="rgb(220,30,30)"/>')).jpeg().toBuffer());
    writeFileSync(join(photos, 'blue.jpg'), await sharp(scene(320, 240, '<rect x="110" y="70" width="100" height="100" fill="rgb(40,70,220)"/>')).jpeg().toBuffer());
    writeFileSync(join(photos, 'green.jpg'), await sharp(scene(320, 240, '<circle cx="160" cy="120" r="60" fill="rgb(30,160,60)"/>')).jpeg().toBuffer());
    service = new ApiService({ libraryDir: join(root, 'library'), model: 'tiny-clip', device: 'cpu', watch: false });
    await service.start();
    const added = await service.call('folders.add', { path: photos });
    if (!added.ok) throw new Error(added.error.message);
    await service.settled();
    ui = await openUi(service);
  }, 120_000);
  afterAll(async () => {
    await ui?.close();
    await service?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('shows the side of a panorama that matched, and says so', async () => {
    const { page } = ui;
    await page.getByLabel('Search photos').fill('a photo of a red circle');
    // The answer to the whole query (search-as-you-type shows the answers to its beginnings first).
    await page.locator('[role=status][data-shown="a photo of a red circle"]').waitFor({ timeout: 10_000 });
    const cell = page.getByRole('option', { name: 'panorama.jpg' });
    await cell.waitFor();
    expect(await cell.getAttribute('data-rank')).toBe('1');
    // The square cell shows the panorama's left end (object-position 0%), not its middle.
    await expect.poll(() => cell.locator('img').evaluate((img) => getComputedStyle(img).objectPosition)).toBe('0% 50%');
    expect(await cell.getAttribute('title')).toBe('Matched the left part of the photo');
    await expect.poll(() => cell.getByTestId('matched-part').count()).toBe(1);
    // The photo view names the part too.
    await cell.dblclick();
    await expect.poll(() => page.getByTestId('matched-part').textContent()).toBe('Matched the left part of the photo');
    await page.keyboard.press('Escape');
  });

  it('turns whole-frame views off and on from the Library', async () => {
    const { page } = ui;
    await page.getByRole('button', { name: 'Library' }).click();
    const toggle = page.getByTestId('whole-frame');
    expect(await toggle.isChecked()).toBe(true);
    await toggle.uncheck();
    const wholeFrame = async () => {
      const r = await service.call('library.settings', {});
      return r.ok ? r.value.wholeFrame : undefined;
    };
    await expect.poll(wholeFrame).toBe(false);
    // Off: search sees the centre square only, where the panorama shows no circle.
    const off = await service.call('search', { query: 'a photo of a red circle' });
    expect(off.ok && off.value.hits.map((h) => h.name)).not.toContain('panorama.jpg');
    await toggle.check();
    await expect.poll(wholeFrame).toBe(true);
    const on = await service.call('search', { query: 'a photo of a red circle' });
    expect(on.ok && on.value.hits[0]?.name).toBe('panorama.jpg');
  });
});
