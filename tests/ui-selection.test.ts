// Selection and bulk actions in Chromium (web mode, tiny-clip): on a large monitor, Ctrl-click and Shift-click
// pick three photos and the selection bar adds them to an album (checked through the API) and tags them; on a
// small window, Ctrl+A picks every photo shown and Esc clears; a cell's check box picks without opening, and
// while photos are picked a plain click picks too; web mode downloads the picked photos; on a phone, a long
// press enters selection mode and taps pick. Screenshots go to test-artifacts/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, serveUi, type ServedUi } from './helpers/browser.js';
import { indexedService, type IndexedService } from './helpers/service.js';

describe('selection and bulk actions', () => {
  let ctx: IndexedService;
  let ui: ServedUi;

  beforeAll(async () => {
    ctx = await indexedService(1);
    const album = await ctx.service.call('albums.create', { name: 'Picked', query: 'a photo of a purple star' });
    if (!album.ok) throw new Error(album.error.message);
    ui = await serveUi(ctx.service);
  }, 120_000);
  afterAll(async () => {
    await ui?.close();
    await ctx?.close();
  });

  const cell = (page: Page, rank: number) => page.locator(`[role=option][data-rank="${rank}"]`);
  const idOf = async (page: Page, rank: number) => Number((await cell(page, rank).getAttribute('id'))!.replace('photo-', ''));
  const picked = (page: Page) => page.locator('[role=option][aria-checked=true]');
  const bar = (page: Page) => page.getByTestId('selection-bar');
  const viewerOpen = (page: Page) => page.locator('section.viewer').count();
  const ready = async (page: Page) => {
    await page.locator('[role=status][data-shown=""]').waitFor({ timeout: 10_000 });
    await cell(page, 1).waitFor();
  };

  it('picks three photos with Ctrl-click and Shift-click on a large monitor and adds them to an album', async () => {
    const page = await ui.open({ width: 1440, height: 900, touch: false });
    await ready(page);
    await cell(page, 2).click({ modifiers: ['Control'] });
    await cell(page, 4).click({ modifiers: ['Shift'] });
    expect(await picked(page).count()).toBe(3);
    expect(await bar(page).getByText('3 photos selected').count()).toBe(1);
    expect(await viewerOpen(page)).toBe(0); // picking never opens
    const ids = [await idOf(page, 2), await idOf(page, 3), await idOf(page, 4)];
    expect(await picked(page).evaluateAll((els) => els.map((e) => Number(e.id.replace('photo-', ''))))).toEqual(ids);
    await page.screenshot({ path: join(ARTIFACTS, 'selection-large.png') });

    await page.getByLabel('Add to album…').selectOption('Picked');
    await bar(page).getByText('Added 3 photos to “Picked”').waitFor();
    const shown = await ctx.service.call('albums.show', { name: 'Picked' });
    const inAlbum = shown.ok ? shown.value.hits.map((h) => h.id) : [];
    expect(inAlbum).toEqual(expect.arrayContaining(ids));
    const info = await ctx.service.call('albums.list', {});
    expect(info.ok && info.value.find((a) => a.name === 'Picked')?.added).toBe(3);

    // Tag them: the new tag is on exactly these three photos (a new user's finding: it was on 20, guessed).
    await bar(page).getByRole('button', { name: 'Tag…' }).click();
    await page.getByLabel('Tag name').fill('chosen');
    await page.getByRole('button', { name: 'Add tag' }).click();
    await bar(page).getByText('Tagged 3 photos “chosen”').waitFor();
    const tags = await ctx.service.call('tags.list', {});
    expect(tags.ok && tags.value.find((t) => t.name === 'chosen')).toMatchObject({ kind: 'taught', photos: 3 });
    const tagged = await ctx.service.call('search', { query: 'tag:chosen', limit: 100 });
    expect(tagged.ok && tagged.value.hits.map((h) => h.id).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    for (const id of ids) {
      const photo = await ctx.service.call('photo', { id });
      expect(photo.ok && photo.value.tags.map((t) => t.name)).toContain('chosen');
    }
    // Unpick one with Ctrl-click; Esc clears the rest.
    await cell(page, 3).click({ modifiers: ['Control'] });
    expect(await picked(page).count()).toBe(2);
    await page.keyboard.press('Escape');
    expect(await picked(page).count()).toBe(0);
    expect(await bar(page).count()).toBe(0);
    await page.context().close();
  });

  it('picks every photo shown with Ctrl+A on a small window and clears them with Esc', async () => {
    const page = await ui.open({ width: 800, height: 600, touch: false });
    await ready(page);
    const total = Number((await page.getByRole('status').first().textContent())!.match(/(\d+) photos/)![1]);
    // In the search box Ctrl+A selects its text, not the photos.
    await page.locator('#search').fill('star');
    await page.locator('[role=status][data-shown="star"]').waitFor();
    await page.locator('#search').press('Control+a');
    expect(await bar(page).count()).toBe(0);
    await page.locator('#search').fill('');
    await ready(page);
    await page.locator('[role=listbox]').focus();
    await page.keyboard.press('Control+a');
    await bar(page).getByText(`${total} photos selected`).waitFor();
    expect(await picked(page).count()).toBeGreaterThan(0); // the rendered ones (the grid is virtualised)
    expect(await page.locator('[role=option][aria-checked=false]').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'selection-small.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => bar(page).count()).toBe(0);
    expect(await picked(page).count()).toBe(0);
    expect(await page.locator('#search').inputValue()).toBe(''); // Esc cleared the selection, nothing else
    await page.context().close();
  });

  it('picks with a cell\'s check box, then plain clicks pick too, and web mode downloads the picked photos', async () => {
    const page = await ui.open({ width: 1440, height: 900, touch: false });
    await ready(page);
    const check = cell(page, 1).locator('[data-check]');
    expect(await check.evaluate((e) => getComputedStyle(e).opacity)).toBe('0');
    await cell(page, 1).hover();
    await expect.poll(() => check.evaluate((e) => getComputedStyle(e).opacity)).toBe('1'); // shown on hover
    await check.click();
    await cell(page, 5).click(); // a plain click while picking picks
    expect(await picked(page).count()).toBe(2);
    expect(await viewerOpen(page)).toBe(0);
    // Space toggles the photo under the keyboard.
    await page.locator('[role=listbox]').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press(' ');
    expect(await picked(page).count()).toBe(3);
    await page.keyboard.press(' ');
    expect(await picked(page).count()).toBe(2);
    // No desktop actions in web mode: download instead.
    expect(await bar(page).getByRole('button', { name: 'Move to trash…' }).count()).toBe(0);
    const names = [await cell(page, 1).locator('img').getAttribute('alt'), await cell(page, 5).locator('img').getAttribute('alt')];
    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await bar(page).getByRole('button', { name: 'Download' }).click();
    await expect.poll(() => downloads.length, { timeout: 10_000 }).toBe(2);
    // Each photo's own file, byte for byte, under its own name (not the app's JPEG of it).
    expect(downloads.map((d) => d.suggestedFilename()).sort()).toEqual([...names].sort());
    for (const d of downloads) expect(readFileSync((await d.path())!).equals(readFileSync(join(ctx.lib.photos, d.suggestedFilename())))).toBe(true);
    await page.context().close();
  });

  it('enters selection mode with a long press on a phone, and taps then pick', async () => {
    const page = await ui.open({ width: 390, height: 844, touch: true });
    await ready(page);
    const cdp = await page.context().newCDPSession(page);
    const box = (await cell(page, 1).boundingBox())!;
    const at = [{ x: box.x + box.width / 2, y: box.y + box.height / 2 }];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at });
    await page.waitForTimeout(800);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await bar(page).getByText('1 photo selected').waitFor();
    expect(await viewerOpen(page)).toBe(0);
    await cell(page, 2).tap();
    await cell(page, 3).tap();
    expect(await picked(page).count()).toBe(3);
    expect(await viewerOpen(page)).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'selection-phone.png') });
    await bar(page).getByRole('button', { name: 'Clear selection' }).tap();
    expect(await bar(page).count()).toBe(0);
    await page.context().close();
  });
});
