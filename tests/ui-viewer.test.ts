// The photo viewer and the routes, in Chromium (web mode, tiny-clip), on a large monitor (1440x900,
// mouse and keyboard) and a phone (390x844, touch): one click or tap opens a photo; arrow keys,
// buttons and a swipe move through the results; the wheel, + and -, a pinch and a double-click or
// double-tap zoom, dragging pans; full screen and the slideshow toggle; the details sit beside the
// photo or below it, never over it; "Similar photos" shows the close matches and the rest on request;
// Esc closes and focus returns to the grid cell. The address keeps the query, the filters and the open
// photo: a reload restores them, Back closes the photo and Forward opens it again.
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, showFilters, serveUi, type ServedUi } from './helpers/browser.js';
import { overflow, smallTargets } from './helpers/screens.js';
import { indexedService, type IndexedService } from './helpers/service.js';

const QUERY = 'a photo of a blue star';

describe('the photo viewer and routes', () => {
  let ctx: IndexedService;
  let ui: ServedUi;

  beforeAll(async () => {
    ctx = await indexedService(2);
    ui = await serveUi(ctx.service);
  }, 120_000);
  afterAll(async () => {
    await ui?.close();
    await ctx?.close();
  });

  const search = async (page: Page, text: string) => {
    await page.locator('#search').fill(text);
    await page.locator(`[role=status][data-shown="${text}"]`).waitFor({ timeout: 10_000 });
  };
  const viewer = (page: Page) => page.locator('section.viewer');
  const title = (page: Page) => viewer(page).locator('h2').textContent();
  const stage = (page: Page) => page.getByTestId('zoom-stage');
  const scale = async (page: Page) => Number(await stage(page).getAttribute('data-scale'));
  const cellName = (page: Page, rank: number) => page.locator(`[role=option][data-rank="${rank}"] img`).getAttribute('alt');
  const hashParams = (page: Page) => page.evaluate(() => Object.fromEntries(new URLSearchParams(location.hash.split('?')[1] ?? '')));
  const focusInViewer = (page: Page) => page.evaluate(() => !!document.activeElement?.closest('section.viewer'));
  const box = async (page: Page, selector: string) => (await page.locator(selector).boundingBox())!;

  /** Real touch input (Chromium turns it into pointer events, as on a phone). */
  async function touch(cdp: CDPSession, points: { x: number; y: number }[][]) {
    const [first, ...rest] = points;
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: first!.map((p, id) => ({ ...p, id })) });
    for (const step of rest) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: step.map((p, id) => ({ ...p, id })) });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  }
  const line = (from: { x: number; y: number }, to: { x: number; y: number }, steps = 8) =>
    Array.from({ length: steps + 1 }, (_, i) => ({ x: from.x + ((to.x - from.x) * i) / steps, y: from.y + ((to.y - from.y) * i) / steps }));

  it('large monitor: one click opens, the keys move and zoom, full screen and the slideshow toggle, Esc returns to the cell', async () => {
    const page = await ui.open({ width: 1440, height: 900, touch: false });
    try {
      await search(page, QUERY);
      const first = await cellName(page, 1);
      const second = await cellName(page, 2);
      await page.locator('[role=option][data-rank="1"]').click();
      await viewer(page).waitFor();
      expect(await title(page)).toBe(first);
      expect(await focusInViewer(page)).toBe(true);
      expect(await page.getByTestId('viewer-position').textContent()).toMatch(/^1 \/ \d+$/);

      // The details beside the photo, not over it; the tags with their confidence in words.
      const s = await box(page, '[data-testid=zoom-stage]');
      const panel = await box(page, 'section.viewer aside');
      expect(panel.x).toBeGreaterThanOrEqual(s.x + s.width - 1);
      await expect.poll(() => viewer(page).locator('dl').getAttribute('aria-busy')).toBe('false');

      // "Similar photos": the close ones (above the floor the API names), the rest on request.
      const id = Number((await hashParams(page)).photo);
      const similar = await ctx.service.call('similar', { id, limit: 48 });
      if (!similar.ok) throw new Error(similar.error.message);
      expect(similar.value.floor).toBe(0.8);
      const close = similar.value.hits.filter((h) => h.score >= similar.value.floor!).length;
      expect(close).toBeGreaterThan(0);
      expect(close).toBeLessThan(similar.value.hits.length);
      const strip = page.getByRole('region', { name: /Similar photos/ });
      await expect.poll(() => page.getByTestId('similar-count').getAttribute('data-count')).toBe(String(close));
      expect(await strip.getByRole('listitem').count()).toBe(close);
      await page.screenshot({ path: join(ARTIFACTS, 'viewer-1440.png') });
      await strip.getByRole('button', { name: `Show ${similar.value.hits.length - close} more` }).click();
      expect(await strip.getByRole('listitem').count()).toBe(similar.value.hits.length);

      // Next and previous: the arrow keys and the buttons.
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => title(page)).toBe(second);
      await page.keyboard.press('ArrowLeft');
      await expect.poll(() => title(page)).toBe(first);
      await page.getByRole('button', { name: 'Next photo' }).click();
      await expect.poll(() => title(page)).toBe(second);

      // Zoom with + and the wheel, pan by dragging, 0 fits, a double-click toggles.
      await page.keyboard.press('+');
      await expect.poll(() => scale(page)).toBeCloseTo(1.5, 2);
      expect(await page.getByTestId('zoom-level').textContent()).toBe('150%');
      await page.keyboard.press('0');
      await expect.poll(() => scale(page)).toBe(1);
      const centre = { x: s.x + s.width / 2, y: s.y + s.height / 2 };
      await page.mouse.move(centre.x + 80, centre.y + 40);
      await page.mouse.wheel(0, -400);
      await expect.poll(() => scale(page)).toBeGreaterThan(1.5);
      const before = Number(await stage(page).getAttribute('data-x'));
      const way = before < 0 ? 1 : -1; // towards the side with room to pan
      await page.mouse.down();
      await page.mouse.move(centre.x + 80 + way * 100, centre.y + 40, { steps: 6 });
      await page.mouse.up();
      await expect.poll(async () => way * (Number(await stage(page).getAttribute('data-x')) - before)).toBeGreaterThan(50);
      expect(await title(page)).toBe(second); // a drag while zoomed pans; it does not move to another photo
      await page.keyboard.press('-');
      await page.keyboard.press('0');
      await expect.poll(() => scale(page)).toBe(1);
      await page.mouse.dblclick(centre.x, centre.y);
      await expect.poll(() => scale(page)).toBeGreaterThan(2);
      await page.mouse.dblclick(centre.x, centre.y);
      await expect.poll(() => scale(page)).toBe(1);

      // Full screen (F) and back.
      await page.keyboard.press('f');
      await expect.poll(() => page.evaluate(() => document.fullscreenElement?.classList.contains('viewer') ?? false)).toBe(true);
      expect(await page.getByRole('button', { name: 'Leave full screen' }).getAttribute('aria-pressed')).toBe('true');
      await page.keyboard.press('f');
      await expect.poll(() => page.evaluate(() => document.fullscreenElement === null)).toBe(true);
      // Esc in full screen leaves full screen only: the photo stays open.
      await page.keyboard.press('f');
      await expect.poll(() => page.evaluate(() => document.fullscreenElement !== null)).toBe(true);
      await page.keyboard.press('Escape');
      await expect.poll(() => page.evaluate(() => document.fullscreenElement === null)).toBe(true);
      expect(await title(page)).toBe(second);

      // The slideshow moves on by itself, every 3 s when asked, and pauses.
      await page.getByRole('button', { name: 'Play slideshow' }).click();
      await page.getByLabel('Seconds per photo').selectOption('3');
      await expect.poll(() => title(page), { timeout: 6_000 }).not.toBe(second);
      await page.getByRole('button', { name: 'Pause slideshow' }).click();
      expect(await page.getByRole('button', { name: 'Play slideshow' }).getAttribute('aria-pressed')).toBe('false');
      const shown = await title(page);

      // Esc closes; focus is back on the grid, on the cell of the photo shown last.
      await page.keyboard.press('Escape');
      await viewer(page).waitFor({ state: 'detached' });
      const cell = page.getByRole('option', { name: shown! });
      const focus = await page.evaluate(() => ({ role: document.activeElement?.getAttribute('role'), active: document.activeElement?.getAttribute('aria-activedescendant') }));
      expect(focus.role).toBe('listbox');
      expect(focus.active).toBe(await cell.getAttribute('id'));
      expect(await cell.getAttribute('aria-selected')).toBe('true');
      // What shows the focus is that photo's two-tone ring, not a ring around the whole grid.
      const rings = await cell.evaluate((el) => ({
        grid: getComputedStyle(el.closest('[role=listbox]')!).boxShadow,
        outline: getComputedStyle(el).outlineStyle,
        inner: getComputedStyle(el).boxShadow,
      }));
      expect(rings).toMatchObject({ grid: 'none', outline: 'solid' });
      expect(rings.inner).not.toBe('none');
    } finally {
      await page.context().close();
    }
  });

  it('routes: a query and filter survive a reload, Back closes the photo, Forward and a reload reopen it', async () => {
    const page = await ui.open({ width: 1440, height: 900, touch: false });
    try {
      await search(page, QUERY);
      await showFilters(page);
      await page.getByLabel('Folder').selectOption(ctx.lib.photos);
      await page.getByLabel('Date', { exact: true }).check({ force: true }); // sort by date (a radio drawn as a button)
      await expect.poll(() => hashParams(page)).toMatchObject({ q: QUERY, folder: ctx.lib.photos, sort: 'date' });
      await page.reload();
      await page.locator(`[role=status][data-shown="${QUERY}"]`).waitFor({ timeout: 10_000 });
      expect(await page.locator('#search').inputValue()).toBe(QUERY);
      await showFilters(page);
      expect(await page.getByLabel('Folder').inputValue()).toBe(ctx.lib.photos);
      expect(await page.getByLabel('Date', { exact: true }).isChecked()).toBe(true);

      const first = await cellName(page, 1);
      await page.locator('[role=option][data-rank="1"]').click();
      await viewer(page).waitFor();
      await expect.poll(async () => (await hashParams(page)).photo).toMatch(/^\d+$/);
      const photo = (await hashParams(page)).photo;

      await page.goBack();
      await viewer(page).waitFor({ state: 'detached' });
      expect(await page.locator('#search').inputValue()).toBe(QUERY);
      expect(await cellName(page, 1)).toBe(first);
      expect((await hashParams(page)).photo).toBeUndefined();

      await page.goForward();
      await viewer(page).waitFor();
      expect(await title(page)).toBe(first);

      await page.reload();
      await viewer(page).waitFor({ timeout: 10_000 });
      expect(await title(page)).toBe(first);
      expect((await hashParams(page)).photo).toBe(photo);
      // Closed with Esc: the same results, and Back from there leaves the photo closed.
      await page.keyboard.press('Escape');
      await viewer(page).waitFor({ state: 'detached' });
      expect(await page.locator('#search').inputValue()).toBe(QUERY);
    } finally {
      await page.context().close();
    }
  });

  it('phone: one tap opens, a swipe moves, a pinch and a double-tap zoom, the details below the photo', async () => {
    const page = await ui.open({ width: 390, height: 844, touch: true });
    const cdp = await page.context().newCDPSession(page);
    try {
      await search(page, QUERY);
      const first = await cellName(page, 1);
      const second = await cellName(page, 2);
      await page.locator('[role=option][data-rank="1"]').tap();
      await viewer(page).waitFor();
      expect(await title(page)).toBe(first);
      expect(await focusInViewer(page)).toBe(true);

      // Below the photo, never over it; nothing sideways; every control a 44 px target.
      const s = await box(page, '[data-testid=zoom-stage]');
      const panel = await box(page, 'section.viewer aside');
      expect(panel.y).toBeGreaterThanOrEqual(s.y + s.height - 1);
      const o = await overflow(page);
      expect(o.scrollWidth).toBeLessThanOrEqual(o.width);
      expect(o.outside).toEqual([]);
      expect(await smallTargets(page)).toEqual([]);
      await expect.poll(() => viewer(page).locator('dl').getAttribute('aria-busy')).toBe('false');
      await page.screenshot({ path: join(ARTIFACTS, 'viewer-390.png') });

      const c = { x: s.x + s.width / 2, y: s.y + s.height / 2 };
      await touch(cdp, line({ x: c.x + 120, y: c.y }, { x: c.x - 120, y: c.y }).map((p) => [p])); // swipe left: the next photo
      await expect.poll(() => title(page)).toBe(second);
      await touch(cdp, line({ x: c.x - 120, y: c.y }, { x: c.x + 120, y: c.y }).map((p) => [p])); // swipe right: back
      await expect.poll(() => title(page)).toBe(first);

      // A pinch zooms between the fingers; a double-tap goes back to fitted, and another zooms in.
      await touch(cdp, line({ x: c.x - 30, y: c.y }, { x: c.x - 110, y: c.y }).map((a) => [a, { x: 2 * c.x - a.x, y: c.y }])); // two fingers apart
      await expect.poll(() => scale(page)).toBeGreaterThan(2);
      expect(await title(page)).toBe(first); // a pinch is not a swipe
      await page.touchscreen.tap(c.x, c.y);
      await page.touchscreen.tap(c.x, c.y);
      await expect.poll(() => scale(page)).toBe(1);
      await page.touchscreen.tap(c.x, c.y);
      await page.touchscreen.tap(c.x, c.y);
      await expect.poll(() => scale(page)).toBeGreaterThan(2);

      // Full screen and the slideshow from their buttons.
      await page.getByRole('button', { name: 'Full screen' }).tap();
      await expect.poll(() => page.evaluate(() => document.fullscreenElement !== null)).toBe(true);
      await page.getByRole('button', { name: 'Leave full screen' }).tap();
      await expect.poll(() => page.evaluate(() => document.fullscreenElement === null)).toBe(true);
      await page.getByRole('button', { name: 'Play slideshow' }).tap();
      expect(await page.getByRole('button', { name: 'Pause slideshow' }).getAttribute('aria-pressed')).toBe('true');
      await page.getByRole('button', { name: 'Pause slideshow' }).tap();

      // Back closes it; focus returns to the photo's cell.
      await page.getByRole('button', { name: 'Back', exact: true }).tap();
      await viewer(page).waitFor({ state: 'detached' });
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-activedescendant'))).toBe(await page.getByRole('option', { name: first! }).getAttribute('id'));
    } finally {
      await page.context().close();
    }
  });
});
