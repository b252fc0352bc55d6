// How the UI behaves where a new user's tryout found it wanting, in Chromium against a real web server (tiny-clip):
// - the engine stops: the results stay usable (scroll, keys, open a photo with its cached image, type), focus stays
//   where it was, only what needs the engine is off and says why, the banner is one alert, and all is live again
//   when the engine is back;
// - suggestions while typing: after `tag:` the tags (in the UI's language, found by any of their names), completed in
//   place; recent searches on an empty box; no "no good match" verdict for words still being typed;
// - Esc during a slideshow stops the slideshow only; a second Esc closes the viewer;
// - "Similar photos" and the "More like this" page say how many close matches and how many more, less alike.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchResult } from '../src-shared/api.js';
import { startWebServer, type RunningServer } from '../src-main/web/server.js';
import { ARTIFACTS, serveUi, type ServedUi } from './helpers/browser.js';
import { ROOT } from './helpers/paths.js';
import { indexedService, type IndexedService } from './helpers/service.js';

const STAR = 'a photo of a blue star';

describe('the UI\'s behaviour offline, while typing, in a slideshow and for similar photos', () => {
  let ctx: IndexedService;
  let ui: ServedUi;
  let web: RunningServer; // the server now running (the offline test stops and restarts it on the same port)

  beforeAll(async () => {
    ctx = await indexedService(2);
    const vocabulary = await ctx.service.call('tags.vocabulary', { text: readFileSync(join(ROOT, 'tests/fixtures/shapes-vocabulary-ko.txt'), 'utf8') });
    if (!vocabulary.ok) throw new Error(vocabulary.error.message);
    const stars = await ctx.service.call('search', { query: STAR, limit: 3 });
    if (!stars.ok) throw new Error(stars.error.message);
    const taught = await ctx.service.call('tags.teach', { name: 'my stars', yes: stars.value.hits.map((h) => h.id) });
    if (!taught.ok) throw new Error(taught.error.message);
    ui = await serveUi(ctx.service);
    web = ui.web;
  }, 120_000);
  afterAll(async () => {
    await ui?.browser.close();
    await web?.close();
    await ctx?.close();
  });

  const search = async (page: Page, q: string) => {
    await page.locator('#search').fill(q);
    await page.locator(`[role=status][data-shown="${q.replace(/"/g, '\\"')}"]`).waitFor({ timeout: 10_000 });
  };
  const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('role') ?? document.activeElement?.tagName.toLowerCase());
  const similar = async (id: number, limit: number): Promise<SearchResult> => {
    const r = await ctx.service.call('similar', { id, limit });
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  /** The count as a person should read it, from the API's own answer (the floor splits close from less alike). */
  const countOf = (r: SearchResult) => {
    const close = r.hits.filter((h) => r.floor === null || h.score >= r.floor).length;
    const rest = r.hits.length - close;
    return { close, rest, text: `${close} close matches · ${rest} more, less alike` };
  };

  it('offline: the results can still be scrolled, moved through and opened, focus stays, only engine actions are off', async () => {
    const page = await ui.open({ width: 1280, height: 800, touch: false });
    const { port, token } = web;
    let stopped = false;
    try {
      await page.locator('[role=status][data-shown=""]').waitFor({ timeout: 10_000 }); // the whole library, by date
      await page.locator('#search').press('ArrowDown'); // into the grid
      expect(await focused(page)).toBe('listbox');
      const grid = page.locator('[role=listbox]');
      const cursorBefore = await grid.getAttribute('aria-activedescendant');

      await web.close();
      stopped = true;
      const banner = page.getByTestId('offline-banner');
      await banner.waitFor({ timeout: 2000 });
      // An alert (read out at once), one element, not rewritten while it retries.
      expect(await banner.getAttribute('role')).toBe('alert');
      await banner.evaluate((el) => {
        const w = window as unknown as { bannerChanges: number };
        w.bannerChanges = 0;
        new MutationObserver((m) => (w.bannerChanges += m.length)).observe(el, { subtree: true, childList: true, characterData: true, attributes: true });
      });
      // Nothing inert, focus where it was, and the keys still move through the photos.
      expect(await page.locator('.shell').evaluate((el) => (el as HTMLElement).inert)).toBe(false);
      expect(await page.locator('.shell').getAttribute('data-stale')).toBe('true');
      await page.getByTestId('stale-note').waitFor();
      expect(await focused(page)).toBe('listbox');
      await page.keyboard.press('ArrowRight');
      expect(await grid.getAttribute('aria-activedescendant')).not.toBe(cursorBefore);
      // The wheel scrolls the grid.
      const box = (await grid.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const top = await grid.evaluate((el) => el.scrollTop);
      await page.mouse.wheel(0, 800);
      await expect.poll(() => grid.evaluate((el) => el.scrollTop)).toBeGreaterThan(top);

      // What needs the engine is off, says why, and does nothing; focus stays on it (aria-disabled, not disabled).
      const teach = page.getByTestId('teach-open');
      expect(await teach.getAttribute('aria-disabled')).toBe('true');
      expect(await teach.getAttribute('title')).toContain('cannot be reached');
      expect(await teach.getAttribute('aria-describedby')).toBe('offline-reason');
      expect(await page.locator('#offline-reason').textContent()).toContain('Cannot reach the photo search engine');
      const at = (await teach.boundingBox())!;
      await page.mouse.click(at.x + at.width / 2, at.y + at.height / 2); // a real click (Playwright's own waits for it to be enabled)
      expect(await page.getByLabel('New tag name').count()).toBe(0);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('teach-open');
      // Photos can still be picked; the bulk actions are off, clearing the selection is not.
      await grid.getByRole('option').nth(2).click({ modifiers: ['Control'] });
      const bar = page.getByTestId('selection-bar');
      await bar.waitFor();
      expect(await bar.getByRole('button', { name: 'Tag…' }).getAttribute('aria-disabled')).toBe('true');
      expect(await bar.getByRole('button', { name: 'Download' }).getAttribute('aria-disabled')).toBe('true');
      expect(await bar.getByRole('combobox', { name: 'Add to album…' }).isDisabled()).toBe(true);
      await page.screenshot({ path: join(ARTIFACTS, 'behaviour-offline-grid.png') });
      await bar.getByRole('button', { name: 'Clear selection' }).click();
      await bar.waitFor({ state: 'detached' });

      // A photo on screen opens: its image from the browser's cache (the thumbnail), its details say they could not load.
      await grid.getByRole('option').nth(3).click();
      const viewer = page.locator('section.viewer');
      await viewer.waitFor({ timeout: 5000 });
      await expect.poll(() => viewer.locator('img').first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), { timeout: 5000 }).toBe(true);
      await expect.poll(() => page.getByTestId('details-state').textContent()).toContain('Could not load the details');
      expect(await page.getByRole('button', { name: 'More like this' }).getAttribute('aria-disabled')).toBe('true');
      await page.screenshot({ path: join(ARTIFACTS, 'behaviour-offline-viewer.png') });
      await page.keyboard.press('Escape');
      await viewer.waitFor({ state: 'detached' });
      await expect.poll(() => focused(page)).toBe('listbox');

      // The search box takes typing; the search runs when the engine is back.
      await page.locator('#search').fill(STAR);
      expect(await page.locator('#search').inputValue()).toBe(STAR);
      expect(await page.evaluate(() => (window as unknown as { bannerChanges: number }).bannerChanges)).toBe(0);

      web = await startWebServer(ctx.service, { port, token, staticDir: join(ROOT, 'dist-renderer') });
      stopped = false;
      await banner.waitFor({ state: 'detached', timeout: 6000 });
      await page.locator(`[role=status][data-shown="${STAR}"]`).waitFor({ timeout: 10_000 });
      expect(await teach.getAttribute('aria-disabled')).toBeNull();
      expect(await teach.getAttribute('title')).toBeNull();
      expect(await page.getByTestId('stale-note').count()).toBe(0);
      await teach.click();
      await page.getByLabel('New tag name').waitFor();
    } finally {
      if (stopped) web = await startWebServer(ctx.service, { port, token, staticDir: join(ROOT, 'dist-renderer') });
      await page.context().close();
    }
  });

  it('suggests tags after "tag:", completes them in place, offers recent searches, and holds the verdict while typing', async () => {
    const page = await ui.open({ width: 1280, height: 800, touch: false });
    try {
      const box = page.locator('#search');
      const options = page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option');
      // Every text the summary shows, with when it showed it, and when each key was typed.
      await page.evaluate(() => {
        const w = window as unknown as { said: { at: number; text: string }[]; keys: number[] };
        w.said = [];
        w.keys = [];
        const said = document.querySelector('.summary')!;
        new MutationObserver(() => w.said.push({ at: performance.now(), text: said.textContent ?? '' })).observe(said, { subtree: true, childList: true, characterData: true });
        document.addEventListener('input', () => w.keys.push(performance.now()), true);
      });
      const log = () => page.evaluate(() => { const w = window as unknown as { said: { at: number; text: string }[]; keys: number[] }; return { said: w.said, keys: w.keys }; });

      await box.click();
      await box.pressSequentially('tag:my', { delay: 120 });
      await expect.poll(() => options.allTextContents()).toEqual(['Tag my stars']);
      await page.screenshot({ path: join(ARTIFACTS, 'behaviour-suggest-tag.png') });
      await box.press('ArrowDown');
      await box.press('Enter');
      await page.locator('[role=status][data-shown=\'tag:"my stars"\']').waitFor({ timeout: 10_000 });
      expect(await box.inputValue()).toBe('tag:"my stars" ');
      // "No tag is named “my”" was never said for the half-typed tag:my.
      expect((await log()).said.filter((s) => s.text.includes('No tag is named'))).toEqual([]);

      // Words still being typed get no verdict; it comes once the typing pauses.
      await box.fill('');
      await page.evaluate(() => { (window as unknown as { said: unknown[] }).said = []; });
      await box.pressSequentially('a photo of a birthday cake', { delay: 60 });
      await expect.poll(() => page.locator('.said').textContent(), { timeout: 5000 }).toContain('No good match for “a photo of a birthday cake”');
      const { said, keys } = await log();
      const lastKey = keys.at(-1)!;
      const firstVerdict = said.find((s) => s.text.includes('No good match'))!;
      expect(firstVerdict.at - lastKey).toBeGreaterThan(900);
      // Enter commits: the verdict at once, and the search goes to the recent ones.
      await box.fill('a photo of a wedding cake');
      await page.getByTestId('still-typing').waitFor({ state: 'attached', timeout: 5000 });
      await box.press('Enter');
      await page.locator('.said', { hasText: 'No good match for “a photo of a wedding cake”' }).waitFor({ timeout: 5000 });
      await box.fill('');
      await expect.poll(() => options.allTextContents()).toEqual(['Recent a photo of a wedding cake']);
    } finally {
      await page.context().close();
    }

    // In Korean: the tags by their Korean names, found by either name.
    const ko = await ui.open({ width: 1000, height: 760, touch: false }, { locale: 'ko-KR' });
    try {
      const box = ko.locator('#search');
      const options = ko.getByRole('listbox', { name: '제안' }).getByRole('option');
      await box.click();
      await box.pressSequentially('tag:빨', { delay: 120 });
      await expect.poll(() => options.allTextContents()).toEqual(['태그 빨강']);
      await box.fill('tag:re');
      await expect.poll(() => options.allTextContents()).toContain('태그 빨강');
      await ko.screenshot({ path: join(ARTIFACTS, 'behaviour-suggest-ko.png') });
      await box.fill('tag:빨');
      await box.press('ArrowDown');
      await box.press('Enter');
      await ko.locator('[role=status][data-shown="tag:빨강"]').waitFor({ timeout: 10_000 });
    } finally {
      await ko.context().close();
    }
  });

  it('Esc during a slideshow stops it and keeps the photo; a second Esc closes the viewer', async () => {
    const page = await ui.open({ width: 1280, height: 800, touch: false });
    try {
      await search(page, STAR);
      await page.locator('[role=option][data-rank="1"]').click();
      const viewer = page.locator('section.viewer');
      await viewer.waitFor();
      await page.getByRole('button', { name: 'Play slideshow' }).click();
      expect(await page.getByRole('button', { name: 'Pause slideshow' }).getAttribute('aria-pressed')).toBe('true');
      const url = page.url();
      await page.keyboard.press('Escape');
      expect(await page.getByRole('button', { name: 'Play slideshow' }).getAttribute('aria-pressed')).toBe('false');
      expect(await viewer.count()).toBe(1);
      expect(page.url()).toBe(url);
      await page.screenshot({ path: join(ARTIFACTS, 'behaviour-slideshow-stopped.png') });
      await page.keyboard.press('Escape');
      await viewer.waitFor({ state: 'detached' });
      expect(page.url()).not.toContain('photo=');
    } finally {
      await page.context().close();
    }
  });

  it('"Similar photos" and the "More like this" page say how many close matches and how many more, less alike', async () => {
    const page = await ui.open({ width: 1440, height: 900, touch: false });
    try {
      await search(page, STAR);
      await page.locator('[role=option][data-rank="1"]').click();
      await page.locator('section.viewer').waitFor();
      const id = Number(new URLSearchParams(page.url().split('?').at(-1)).get('photo'));
      const strip = countOf(await similar(id, 48));
      expect(strip.close).toBeGreaterThan(1);
      expect(strip.rest).toBeGreaterThan(1);
      await expect.poll(() => page.getByTestId('similar-count').textContent()).toBe(strip.text);
      await page.getByRole('button', { name: `Show ${strip.rest} more` }).click();
      expect(await page.getByRole('region', { name: /Similar photos/ }).getByRole('listitem').count()).toBe(strip.close + strip.rest);
      expect(await page.getByTestId('similar-count').textContent()).toBe(strip.text); // the same words: both numbers were there
      await page.screenshot({ path: join(ARTIFACTS, 'behaviour-similar-strip.png') });

      await page.getByRole('button', { name: 'More like this' }).click();
      const more = countOf(await similar(id, 500));
      await expect.poll(() => page.getByTestId('similar-page-count').textContent()).toBe(more.text);
      expect(await page.locator('.said').textContent()).toContain('Photos like');
      await page.screenshot({ path: join(ARTIFACTS, 'behaviour-more-like-this.png') });
    } finally {
      await page.context().close();
    }
  });
});
