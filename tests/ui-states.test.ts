// The UI's states, in Chromium against a real web server: the engine stops (an offline banner within
// 2 s, results marked out of date but still usable, retrying by itself, gone when it is back on the same
// port); the page opened without its token (how to open the app, not "Getting ready" forever);
// errors written for people in English and Korean; removing a folder asks first and can be undone
// (the photos keep their ids); and "~/..." names the home folder.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoLibrary } from '../src-main/demo/demo-library.js';
import { expandHome } from '../src-main/engine/library-path.js';
import { startWebServer, type RunningServer } from '../src-main/web/server.js';
import { launchBrowser } from './helpers/browser.js';
import { ROOT } from './helpers/paths.js';
import { openScreen } from './helpers/screens.js';
import { indexedService, type IndexedService } from './helpers/service.js';

const STATIC = join(ROOT, 'dist-renderer');

describe('the UI\'s states', () => {
  let ctx: IndexedService;
  let web: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ctx = await indexedService(1);
    web = await startWebServer(ctx.service, { port: 0, staticDir: STATIC });
    browser = await launchBrowser();
    page = await openScreen(browser, web.url, { width: 1200, height: 800, touch: false });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await ctx?.close();
  });

  const banner = () => page.getByTestId('offline-banner');
  const photoIds = async () => {
    const r = await ctx.service.call('photos', { limit: 1000 });
    if (!r.ok) throw new Error(r.error.message);
    return r.value.hits.map((h) => `${h.id}:${h.name}`).sort();
  };

  it('shows an offline banner within 2 s of the engine stopping, marks results stale, and clears when it is back', async () => {
    await page.locator('[role=status][data-shown=""]').waitFor();
    expect(await banner().count()).toBe(0);
    const { port, token } = web;
    const stoppedAt = Date.now();
    await web.close();
    await banner().waitFor({ timeout: 2000 });
    expect(Date.now() - stoppedAt).toBeLessThan(2000);
    expect(await banner().textContent()).toContain('Cannot reach the photo search engine');
    // What is on screen is marked out of date, and stays usable (only what needs the engine is off: ui-behaviour.test.ts).
    const shell = page.locator('.shell');
    expect(await shell.getAttribute('data-stale')).toBe('true');
    expect(await shell.evaluate((el) => (el as HTMLElement).inert)).toBe(false);
    await page.waitForTimeout(2500); // it keeps retrying, quietly: no stack of error toasts
    expect(await page.locator('.notices').textContent()).toBe('');
    web = await startWebServer(ctx.service, { port, token, staticDir: STATIC });
    await banner().waitFor({ state: 'detached', timeout: 5000 });
    expect(await shell.getAttribute('data-stale')).toBe('false');
    // Back and live: a search works again.
    await page.getByLabel('Search photos').fill('a photo of a red circle');
    await page.locator('[role=status][data-shown="a photo of a red circle"]').waitFor({ timeout: 10_000 });
  });

  it('with a photo open when the engine stops: the banner leaves the viewer\'s toolbar usable, and what failed to load says so', async () => {
    await page.locator('#search').fill(''); // the whole library: the open photo has a next one
    await page.locator('[role=status][data-shown=""]').waitFor({ timeout: 10_000 });
    await page.locator('#search').blur(); // the suggestions under the search box close
    await page.locator('[role=option][data-rank="1"]').click({ timeout: 5000 });
    const back = page.locator('section.viewer').getByRole('button', { name: /Back/ });
    await back.waitFor({ timeout: 5000 });
    const { port, token } = web;
    await web.close();
    try {
      await banner().waitFor({ timeout: 2000 });
      await page.keyboard.press('ArrowRight'); // the next photo: its details cannot load now
      await expect.poll(() => page.getByTestId('details-state').textContent({ timeout: 1000 }).catch(() => null), { timeout: 5000 }).toContain('Could not load the details');
      expect(await page.getByText('Unknown', { exact: true }).count()).toBe(0); // nothing unknown is claimed as a fact
      // The toolbar is below the banner: the point at the centre of Back is Back.
      const box = (await back.boundingBox({ timeout: 5000 }))!;
      expect(await page.evaluate(([x, y]) => !!document.elementFromPoint(x!, y!)?.closest('section.viewer'), [box.x + box.width / 2, box.y + box.height / 2])).toBe(true);
    } finally {
      web = await startWebServer(ctx.service, { port, token, staticDir: STATIC });
    }
    await banner().waitFor({ state: 'detached', timeout: 5000 });
    await page.keyboard.press('Escape');
    await page.locator('section.viewer').waitFor({ state: 'detached' });
  });

  it('without its token the page says how to open the app; with an old token, that it changed', async () => {
    const bare = await browser.newPage();
    try {
      await bare.goto(`http://127.0.0.1:${web.port}/`);
      await bare.getByTestId('no-token').waitFor({ timeout: 5000 });
      const text = await bare.getByTestId('no-token').textContent();
      expect(text).toContain('photo-search serve');
      expect(text).toContain('?token=');
      expect(text).not.toContain('Getting ready');
      await bare.goto(`http://127.0.0.1:${web.port}/?token=an-old-token`);
      await bare.getByText('Photo Search was restarted').waitFor({ timeout: 5000 });
    } finally {
      await bare.close();
    }
  });

  it('maps errors to sentences for people, English and Korean, keeping the engine\'s words as detail', async () => {
    // (the mapping itself: src-renderer/src/lib/error-text.test.ts)
    await page.getByRole('button', { name: 'Library', exact: true }).click();
    await page.getByLabel('Folder path').fill('/no/such/folder');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('That could not be found.');
    expect(await alert.textContent()).toContain('Folder not found: /no/such/folder.');
    await alert.getByRole('button', { name: 'Dismiss' }).click();

    const ko = await openScreen(browser, web.url, { width: 1000, height: 700, touch: false }, { locale: 'ko-KR' });
    try {
      await ko.getByRole('button', { name: '보관함', exact: true }).click();
      await ko.locator('#folder-path').fill('/no/such/folder');
      await ko.locator('#folder-path').press('Enter');
      await expect.poll(() => ko.getByRole('alert').textContent()).toContain('찾을 수 없습니다.');
    } finally {
      await ko.context().close();
    }
  });

  it('asks before removing a folder, naming its photos; Esc cancels; Undo brings them back with their ids', async () => {
    const before = await photoIds();
    const remove = page.getByRole('button', { name: `Remove folder ${ctx.lib.photos}` });
    await remove.click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`Its ${before.length} photos leave your searches`);
    expect(await dialog.textContent()).toContain('recently removed');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Remove folder ${ctx.lib.photos}`);
    expect((await ctx.service.call('folders.list', {})).ok && (await photoIds()).length).toBe(before.length);

    await remove.click();
    await dialog.getByRole('button', { name: 'Remove folder' }).click();
    const removed = page.getByTestId('folder-removed');
    await expect.poll(() => removed.textContent()).toContain(`${before.length} photos moved to “recently removed”`);
    expect(await photoIds()).toEqual([]);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Undo');
    await page.keyboard.press('Enter');
    await removed.waitFor({ state: 'detached' });
    await ctx.service.settled();
    await expect.poll(photoIds, { timeout: 20_000 }).toEqual(before); // the same ids: restored, not re-imported
  });

  it('expands "~/..." to the home folder when a folder is added', async () => {
    expect(expandHome('~/Pictures', '/home/ana')).toBe('/home/ana/Pictures');
    expect(expandHome('~', '/home/ana')).toBe('/home/ana');
    expect(expandHome('~ana/x', '/home/ana')).toBe('~ana/x');
    expect(expandHome('/srv/~/x', '/home/ana')).toBe('/srv/~/x');
    const home = join(ctx.lib.root, 'home');
    mkdirSync(home);
    await writeDemoLibrary(join(home, 'Pictures'), 1, 7);
    const saved = process.env.HOME;
    process.env.HOME = home;
    try {
      await page.getByLabel('Folder path').fill('~/Pictures');
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await expect.poll(() => page.locator('.folders li').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining(join(home, 'Pictures'))]));
    } finally {
      process.env.HOME = saved;
    }
  });
});
