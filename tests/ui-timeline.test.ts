// The timeline in Chromium (web mode, tiny-clip), on photos whose EXIF dates fall in five months of two years:
// with an empty search box the library reads newest first under month and day headers, the header of the part
// on screen stays at the top, and the scrubber jumps by month and year; a search shows its results by relevance
// ("Best matches" then "More results" where the scores split) and, switched to date, the same photos (nothing
// from below the relevance floor) newest first. At 1440x900, 800x600 and 390x844 (touch); screenshots go to
// test-artifacts/.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoHit } from '../src-shared/api.js';
import { ApiService } from '../src-main/api/service.js';
import { randomScene, renderScene, rng, SHAPES, type Colour } from '../src-main/demo/scenes.js';
import { startWebServer, type RunningServer } from '../src-main/web/server.js';
import { ARTIFACTS, launchBrowser } from './helpers/browser.js';
import { exifAt } from './helpers/duplicate-scenes.js';
import { ROOT } from './helpers/paths.js';
import { openScreen } from './helpers/screens.js';

// Newest first: eight photos in each month, on two days of it.
const MONTHS = [[2024, 4], [2024, 3], [2024, 1], [2023, 11], [2023, 6]] as const;
const MONTH_NAMES = ['April 2024', 'March 2024', 'January 2024', 'November 2023', 'June 2023'];
const COLOURS: Colour[] = ['red', 'blue', 'green', 'yellow'];
const QUERY = 'red circle'; // tiny-clip: three red circles score far above the green circles that follow

describe('the timeline', () => {
  let root: string;
  let service: ApiService;
  let web: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'photo-search-timeline-'));
    const photos = join(root, 'photos');
    mkdirSync(photos);
    const rand = rng(5);
    let n = 0;
    for (const [year, month] of MONTHS) {
      for (let i = 0; i < 8; i++, n++) {
        const colour = COLOURS[n % COLOURS.length]!;
        const shape = SHAPES[Math.floor(n / 4) % SHAPES.length]!;
        const png = await renderScene(randomScene(rand, colour, shape), { width: 400, height: 300, format: 'png' });
        const taken = Date.UTC(year, month - 1, i < 4 ? 20 : 5, 9 + i, 0, 0);
        await sharp(png).jpeg({ quality: 85 }).withMetadata(exifAt(taken)).toFile(join(photos, `${colour}-${shape}-${year}-${month}-${i}.jpg`));
      }
    }
    service = new ApiService({ libraryDir: join(root, 'library'), model: 'tiny-clip', device: 'cpu', watch: false });
    await service.start();
    const added = await service.call('folders.add', { path: photos });
    if (!added.ok) throw new Error(added.error.message);
    await service.settled();
    web = await startWebServer(service, { port: 0, staticDir: join(ROOT, 'dist-renderer') });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await service?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const headers = (page: Page, kind: string) => page.locator(`[data-header=${kind}]`).allTextContents();
  const sticky = (page: Page) => page.getByTestId('sticky-header');
  const listbox = (page: Page) => page.locator('[role=listbox]');
  const scrollTop = (page: Page) => listbox(page).evaluate((e) => e.scrollTop);
  /** The ids of the cells on screen, in the order shown. */
  const shownIds = (page: Page) =>
    page.locator('[role=option]').evaluateAll((els) =>
      els.map((e) => ({ rank: Number(e.getAttribute('data-rank')), id: Number(e.id.replace('photo-', '')) })).sort((a, b) => a.rank - b.rank).map((e) => e.id),
    );
  const open = async (width: number, height: number, touch = false) => {
    const page = await openScreen(browser, web.url, { width, height, touch });
    page.setDefaultTimeout(5000);
    await page.locator('[role=status][data-shown=""]').waitFor({ timeout: 10_000 });
    await page.locator('[data-header=month]').first().waitFor();
    return page;
  };

  it('shows the library newest first under month and day headers, and the scrubber jumps by month and year (1440x900)', async () => {
    const page = await open(1440, 900);
    const months = await headers(page, 'month');
    expect(months[0]).toBe('April 2024');
    expect(MONTH_NAMES.slice(0, months.length)).toEqual(months); // in order, newest first
    expect((await headers(page, 'day')).slice(0, 2)).toEqual(['Sat, Apr 20', 'Fri, Apr 5']);
    const photos = await service.call('photos', { limit: 100 });
    const newestFirst = photos.ok ? photos.value.hits.map((h) => h.id) : [];
    expect(await shownIds(page)).toEqual(newestFirst.slice(0, (await shownIds(page)).length));
    expect(await sticky(page).count()).toBe(0); // at the top, the headers themselves show
    // The headers are drawn for the eye (aria-hidden): a screen reader hears each photo's own date with its name.
    await page.getByRole('option', { name: /^yellow-circle-2024-4-3\.jpg ?, April 20, 2024$/ }).waitFor({ timeout: 5_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'timeline-large.png') });

    const scrubber = page.getByRole('slider', { name: 'Jump to a month' });
    expect(await scrubber.getAttribute('aria-valuetext')).toBe('April 2024');
    await scrubber.focus();
    await page.keyboard.press('PageDown'); // the next year
    await expect.poll(() => scrubber.getAttribute('aria-valuetext')).toBe('November 2023');
    // The month's header is at the top of the grid; a little further down, the sticky header names it.
    const gridTop = (await listbox(page).boundingBox())!.y;
    await expect.poll(async () => Math.abs((await page.locator('[data-header=month]', { hasText: 'November 2023' }).boundingBox())!.y - gridTop)).toBeLessThan(2);
    await listbox(page).evaluate((e) => (e.scrollTop += 100));
    await expect.poll(() => sticky(page).textContent()).toBe('November 2023 · Mon, Nov 20');
    await scrubber.focus();
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => scrubber.getAttribute('aria-valuetext')).toBe('January 2024');
    await page.keyboard.press('End');
    await expect.poll(() => scrubber.getAttribute('aria-valuetext')).toBe('June 2023');
    await page.screenshot({ path: join(ARTIFACTS, 'timeline-large-scrubbed.png') });
    // Clicking the bar's top end goes back to the newest photos.
    const box = (await scrubber.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + 2);
    await expect.poll(() => scrollTop(page)).toBeLessThan(20);
    await page.context().close();
  });

  it('sorts a search by date among the results above the relevance floor only (800x600)', async () => {
    const page = await open(800, 600);
    const r = await service.call('search', { query: QUERY, limit: 10_000 });
    if (!r.ok) throw new Error(r.error.message);
    const byRelevance = r.value.hits;
    expect(byRelevance.length).toBeGreaterThan(3);
    expect(byRelevance.length).toBeLessThan(40); // the floor cut something: sorting must not bring it back
    await page.locator('#search').fill(QUERY);
    await page.locator(`[role=status][data-shown="${QUERY}"]`).waitFor({ timeout: 10_000 });
    const onScreen = (await shownIds(page)).length;
    expect(await shownIds(page)).toEqual(byRelevance.slice(0, onScreen).map((h) => h.id));
    // Best matches then more results, where the scores split.
    // The line is half way from the floor to the best score (src-renderer/src/lib/timeline.ts BEST_SHARE).
    const line = r.value.floor! + (r.value.bestScore! - r.value.floor!) / 2;
    const best = byRelevance.filter((h) => h.score >= line).length;
    expect(best).toBeGreaterThan(0);
    expect(best).toBeLessThan(byRelevance.length);
    expect(await headers(page, 'best')).toEqual(['Best matches']);
    expect(await headers(page, 'more')).toEqual(['More results']);
    // "More results" sits below the last best match and above the first of the rest.
    const moreY = (await page.locator('[data-header=more]').boundingBox())!.y;
    expect((await page.locator(`[role=option][data-rank="${best}"]`).boundingBox())!.y).toBeLessThan(moreY);
    expect((await page.locator(`[role=option][data-rank="${best + 1}"]`).boundingBox())!.y).toBeGreaterThan(moreY);
    await page.screenshot({ path: join(ARTIFACTS, 'timeline-search-relevance.png') });

    await page.getByRole('radio', { name: 'Date' }).check();
    const dated: PhotoHit[] = [...byRelevance].sort((a, b) => b.takenAt! - a.takenAt!);
    await expect.poll(async () => (await shownIds(page))[0]).toBe(dated[0]!.id);
    const ids = await shownIds(page);
    expect(ids).toEqual(dated.slice(0, ids.length).map((h) => h.id));
    const takenAt = new Map(byRelevance.map((h) => [h.id, h.takenAt!]));
    expect(ids.map((id) => takenAt.get(id)!)).toEqual([...ids.map((id) => takenAt.get(id)!)].sort((a, b) => b - a));
    expect((await headers(page, 'month'))[0]).toBe('April 2024');
    expect(await page.locator('#search').inputValue()).toBe(QUERY);
    expect(Number((await page.locator('[role=status]').first().textContent())!.match(/(\d+) photos/)![1])).toBe(byRelevance.length);
    await page.screenshot({ path: join(ARTIFACTS, 'timeline-search-date.png') });
    // All of them, and only them, once scrolled through.
    const seen = new Set<number>();
    for (let top = 0; ; top += 300) {
      await listbox(page).evaluate((e, y) => (e.scrollTop = y), top);
      await page.waitForTimeout(30);
      for (const id of await shownIds(page)) seen.add(id);
      if (top > (await listbox(page).evaluate((e) => e.scrollHeight))) break;
    }
    expect([...seen].sort()).toEqual(byRelevance.map((h) => h.id).sort());
    await page.context().close();
  });

  it('keeps month headers and the sticky header on a phone (390x844, touch)', async () => {
    const page = await open(390, 844, true);
    expect((await headers(page, 'month'))[0]).toBe('April 2024');
    await listbox(page).evaluate((e) => (e.scrollTop = 1200));
    await expect.poll(() => sticky(page).textContent()).toMatch(/2024|2023/);
    await page.screenshot({ path: join(ARTIFACTS, 'timeline-phone.png') });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.context().close();
  });
});
