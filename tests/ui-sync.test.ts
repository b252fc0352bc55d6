// The UI when a folder's drive goes away: the folder is marked offline with the reason, its photos
// are still found but greyed, a filter hides them, and nothing is lost when it comes back.
import { mkdirSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, openUi, showFilters, type OpenUi } from './helpers/browser.js';
import { indexedService, type IndexedService } from './helpers/service.js';

describe('an offline folder in the UI', () => {
  let ctx: IndexedService;
  let ui: OpenUi;
  let page: Page;

  beforeAll(async () => {
    ctx = await indexedService(1);
    ui = await openUi(ctx.service);
    page = ui.page;
  }, 120_000);
  afterAll(async () => {
    await ui?.close();
    await ctx?.close();
  });

  it('shows the folder offline, greys its photos, and a filter hides them', async () => {
    const { photos, root } = ctx.lib;
    const away = join(root, 'away');
    mkdirSync(away);
    for (const f of readdirSync(photos)) renameSync(join(photos, f), join(away, f)); // the share's mount point, empty
    expect((await ctx.service.call('index.rescan', {})).ok).toBe(true);
    await ctx.service.settled();
    await page.getByRole('button', { name: 'Library' }).click();
    await expect.poll(async () => page.locator('.folders li .badge').textContent(), { timeout: 10_000 }).toBe('Offline');
    expect(await page.getByTestId('offline-reason').textContent()).toMatch(/empty but held 24 photos.*Its 24 photos are kept/);
    expect(await page.getByTestId('kept').textContent()).toMatch(/24 photos unavailable/);
    await page.screenshot({ path: join(ARTIFACTS, 'library-offline.png') });

    await page.getByRole('button', { name: 'Photos', exact: true }).click();
    await page.getByLabel('Search photos').fill('a photo of a red circle');
    await expect.poll(async () => page.locator('[role=option].unavailable').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.locator('[role=option]:not(.unavailable)').count()).toBe(0);
    await showFilters(page);
    await page.getByLabel('Only photos on reachable drives').check();
    await expect.poll(async () => page.locator('[role=option]').count(), { timeout: 10_000 }).toBe(0);
    await page.getByLabel('Only photos on reachable drives').uncheck();

    for (const f of readdirSync(away)) renameSync(join(away, f), join(photos, f));
    expect((await ctx.service.call('index.rescan', {})).ok).toBe(true);
    await ctx.service.settled();
    await page.getByRole('button', { name: 'Library' }).click();
    await expect.poll(async () => page.locator('.folders li .badge').count(), { timeout: 10_000 }).toBe(0);
    const status = await ctx.service.call('status', {});
    expect(status.ok && status.value.counts).toMatchObject({ indexed: 24, unavailable: 0, missing: 0 });
  });
});
