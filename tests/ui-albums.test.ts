// Albums in the UI (Chromium, web mode, tiny-clip, two photo folders): an album saved from a search
// with a folder filter set holds only that folder's photos; it is renamed and edited from its view;
// a photo is removed from it and added to it by hand from the photo view; it is deleted after a
// confirmation that Esc cancels, focus going back where it was.
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlbumInfo } from '../src-shared/api.js';
import { writeDemoLibrary } from '../src-main/demo/demo-library.js';
import { ARTIFACTS, openUi, showFilters, type OpenUi } from './helpers/browser.js';
import { indexedService, type IndexedService } from './helpers/service.js';

describe('albums in the UI', () => {
  let ctx: IndexedService;
  let ui: OpenUi;
  let page: Page;
  let other: string; // the second photo folder
  const QUERY = 'a photo of something red';

  const shown = (text: string) => page.locator(`[role=status][data-shown="${text}"]`).waitFor({ timeout: 10_000 });
  const count = async () => Number((await page.getByRole('status').textContent())!.match(/(\d+) photos/)![1]);
  const albumsNow = async (): Promise<AlbumInfo[]> => {
    const r = await ctx.service.call('albums.list', {});
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  const albumPaths = async (name: string) => {
    const r = await ctx.service.call('albums.show', { name });
    if (!r.ok) throw new Error(r.error.message);
    return r.value.hits.map((h) => h.path);
  };
  const sidebarAlbum = (name: string) => page.getByRole('list', { name: 'Albums' }).getByRole('button', { name: new RegExp(`^${name}, \\d+ photos?$`) });
  const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim() || document.activeElement?.getAttribute('aria-label'));

  beforeAll(async () => {
    ctx = await indexedService(2);
    other = join(ctx.lib.root, 'other');
    await writeDemoLibrary(other, 2, 99);
    const added = await ctx.service.call('folders.add', { path: other });
    if (!added.ok) throw new Error(added.error.message);
    await ctx.service.settled();
    ui = await openUi(ctx.service, 900);
    page = ui.page;
  }, 180_000);
  afterAll(async () => {
    await ui?.close();
    await ctx?.close();
  });

  it('saves the search with its folder filter, and the album shows only that folder', async () => {
    await page.getByLabel('Search photos').fill(QUERY);
    await shown(QUERY);
    const everywhere = await count();
    await showFilters(page);
    await page.getByLabel('Folder').selectOption(other);
    await expect.poll(count, { timeout: 10_000 }).toBeLessThan(everywhere); // the filter is set, and it bites
    const inFolder = await count();
    expect(inFolder).toBeGreaterThan(1);

    await page.getByRole('button', { name: 'Save as album' }).click();
    await page.getByLabel('Album name').fill('Reds over there');
    await page.getByLabel('Album name').press('Enter');
    await sidebarAlbum('Reds over there').waitFor();
    const saved = (await albumsNow()).find((a) => a.name === 'Reds over there')!;
    expect(saved).toMatchObject({ query: QUERY, filters: { folder: other }, photos: inFolder });
    const paths = await albumPaths('Reds over there');
    expect(paths.every((p) => dirname(p) === other), paths.join(', ')).toBe(true);

    await sidebarAlbum('Reds over there').click();
    await shown('album:Reds over there');
    expect(await count()).toBe(inFolder);
    // The album shows its own filters, in words, where the search's filters were.
    expect(await page.getByTestId('album-filters').textContent()).toBe(`folder ${other}`);
    expect(await page.getByLabel('Folder').count()).toBe(0);
    await expect.poll(() => page.getByTestId('album-cover').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'album-light.png') });
  });

  it('renames the album and edits its minimum score from its view', async () => {
    await page.getByRole('button', { name: 'Edit album' }).click();
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('Reds over there'); // the name field has focus
    await page.getByLabel('Album name').fill('Red things');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await shown('album:Red things');
    await sidebarAlbum('Red things').waitFor();
    expect(await sidebarAlbum('Reds over there').count()).toBe(0);
    expect((await albumsNow()).map((a) => a.name)).toEqual(['Red things']);
    expect(await page.getByRole('region', { name: 'Album “Red things”' }).count()).toBe(1);

    // Every photo of the folder: a minimum score of -1, the folder filter kept.
    await page.getByRole('button', { name: 'Edit album' }).click();
    await page.getByLabel('Minimum score').fill('-1');
    await page.screenshot({ path: join(ARTIFACTS, 'album-edit-light.png') });
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(count, { timeout: 10_000 }).toBe(48);
    expect((await albumsNow())[0]).toMatchObject({ threshold: -1, filters: { folder: other } });
    // Back to the automatic score, the filter cleared in the editor: both folders.
    await page.getByRole('button', { name: 'Edit album' }).click();
    await page.getByLabel('Minimum score').fill('');
    await page.getByLabel('Folder').selectOption('');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(async () => (await albumsNow())[0]!.filters, { timeout: 10_000 }).toEqual({});
    expect((await albumsNow())[0]!.threshold).toBeNull();
    await page.getByRole('button', { name: 'Edit album' }).click();
    await page.getByLabel('Folder').selectOption(other);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(async () => (await albumsNow())[0]!.filters, { timeout: 10_000 }).toEqual({ folder: other });
  });

  it('removes a photo from the album by hand, and adds one from elsewhere', async () => {
    await shown('album:Red things');
    const [first, ...rest] = await albumPaths('Red things');
    const before = rest.length + 1;
    await expect.poll(count, { timeout: 10_000 }).toBe(before); // the last edit on screen
    await page.getByRole('listbox', { name: 'Photos' }).focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Remove from this album' }).click();
    await expect.poll(count, { timeout: 10_000 }).toBe(before - 1);
    expect(await albumPaths('Red things')).not.toContain(first!);
    expect(await page.getByTestId('album-by-hand').textContent()).toBe('0 added and 1 removed by hand');

    // A blue photo of the first folder, added by hand from its photo view.
    await page.getByLabel('Search photos').fill('x'); // typing leaves the album
    await page.getByLabel('Search photos').fill('');
    await shown('');
    await showFilters(page);
    await page.getByLabel('Folder').selectOption(ctx.lib.photos);
    await page.getByLabel('Search photos').fill('a photo of a blue square');
    await shown('a photo of a blue square');
    await page.getByLabel('Search photos').press('ArrowDown');
    await page.keyboard.press('Enter');
    const opened = await page.locator('section[aria-label] h2').textContent();
    await page.getByRole('button', { name: 'Add to album…' }).click();
    await page.getByLabel('Album', { exact: true }).selectOption('Red things');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByText('Added to “Red things”').waitFor();
    const now = await albumPaths('Red things');
    expect(now).toHaveLength(before);
    expect(now.filter((p) => dirname(p) !== other)).toEqual([join(ctx.lib.photos, opened!)]);
    await page.keyboard.press('Escape');
  });

  it('deletes the album only after a confirmation that Esc cancels', async () => {
    await sidebarAlbum('Red things').click();
    await shown('album:Red things');
    const deleteButton = page.getByRole('button', { name: 'Delete album…' });
    await deleteButton.click();
    const dialog = page.getByRole('dialog', { name: 'Delete album “Red things”?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('The album goes; its');
    expect(await focused()).toBe('Cancel');
    await page.screenshot({ path: join(ARTIFACTS, 'album-delete-light.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await focused()).toBe('Delete album…');
    expect((await albumsNow()).map((a) => a.name)).toEqual(['Red things']);

    await deleteButton.click();
    await dialog.getByRole('button', { name: 'Delete album', exact: true }).click();
    await expect.poll(async () => (await albumsNow()).length, { timeout: 10_000 }).toBe(0);
    await expect.poll(() => page.getByRole('list', { name: 'Albums' }).count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Search photos');
    await shown(''); // back to the latest photos
  });
});
