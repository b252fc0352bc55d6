// Any screen: a phone (390x844, touch), a small window (800x600) and a large monitor (1440x900),
// and the same at 200% zoom and with a larger browser font. Nothing scrolls sideways, no control
// sits off-screen, touch targets are at least 44 px on a phone, and on narrow screens the sidebar is
// a drawer: a menu button opens it, Tab stays inside, Esc and the scrim close it and focus returns.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ARTIFACTS, serveUi, type ServedUi } from './helpers/browser.js';
import { overflow, SCREENS, smallTargets } from './helpers/screens.js';
import { indexedService, type IndexedService } from './helpers/service.js';

describe('the UI on any screen', () => {
  let ctx: IndexedService;
  let ui: ServedUi;

  beforeAll(async () => {
    ctx = await indexedService(1);
    // A vocabulary, so the sidebar lists tags (at 420 px their list was 0 px wide).
    const vocabulary = await ctx.service.call('tags.vocabulary', { text: 'red\ngreen\nblue\nyellow\ncircle\nsquare\nstar\n' });
    if (!vocabulary.ok) throw new Error(vocabulary.error.message);
    ui = await serveUi(ctx.service);
  }, 120_000);
  afterAll(async () => {
    await ui?.close();
    await ctx?.close();
  });

  /** Goes to a view through the sidebar, opening the drawer first where there is one. */
  const go = async (page: Page, name: string) => {
    const menu = page.getByRole('button', { name: 'Menu', exact: true });
    if ((await menu.isVisible()) && (await menu.getAttribute('aria-expanded')) === 'false') await menu.click();
    await page.getByRole('navigation').getByRole('button', { name, exact: true }).click();
  };

  for (const screen of SCREENS) {
    it(`${screen.name} (${screen.width}x${screen.height}): no sideways scroll, nothing off-screen${screen.touch ? ', 44 px targets' : ''}`, async () => {
      const page = await ui.open(screen);
      try {
        await page.locator('[role=status][data-shown=""]').waitFor();
        for (const view of ['Photos', 'Library', 'Duplicates']) {
          await go(page, view);
          await page.waitForTimeout(150);
          const o = await overflow(page);
          expect(o.scrollWidth, `${view}: page width`).toBeLessThanOrEqual(o.width);
          expect(o.outside, `${view}: controls off-screen`).toEqual([]);
          if (screen.touch) expect(await smallTargets(page), `${view}: small targets`).toEqual([]);
        }
        // The sidebar's tags are listed with room to read them (at 420 px they were 0 px wide).
        await go(page, 'Photos');
        if (screen.width < 768) await page.getByRole('button', { name: 'Menu', exact: true }).click();
        const tagWidth = await page.getByRole('list', { name: 'Tags' }).evaluate((el) => el.getBoundingClientRect().width);
        expect(tagWidth).toBeGreaterThan(150);
      } finally {
        await page.context().close();
      }
    });
  }

  it('on a phone the sidebar is a drawer: Tab stays inside, Esc and the scrim close it, focus returns to the menu button', async () => {
    const page = await ui.open(SCREENS[0]!);
    try {
      const nav = page.getByRole('navigation');
      const menu = page.getByRole('button', { name: 'Menu', exact: true });
      expect(await nav.isVisible()).toBe(false);
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      await menu.click();
      await expect.poll(() => nav.isVisible()).toBe(true);
      expect(await menu.getAttribute('aria-expanded')).toBe('true');
      await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('nav'))).toBe(true);
      for (let i = 0; i < 40; i++) await page.keyboard.press('Tab'); // more stops than the drawer has
      expect(await page.evaluate(() => !!document.activeElement?.closest('nav'))).toBe(true);
      await page.screenshot({ path: join(ARTIFACTS, 'drawer-phone.png') });
      await page.keyboard.press('Escape');
      await expect.poll(() => nav.isVisible()).toBe(false);
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-controls'))).toBe('sidebar');
      // The scrim closes it too.
      await menu.click();
      await expect.poll(() => nav.isVisible()).toBe(true);
      await page.mouse.click(380, 400);
      await expect.poll(() => nav.isVisible()).toBe(false);
      // Choosing a place closes it and goes there.
      await menu.click();
      await nav.getByRole('button', { name: 'Library', exact: true }).click();
      await expect.poll(() => nav.isVisible()).toBe(false);
      await page.getByRole('heading', { name: 'Folders' }).waitFor();
    } finally {
      await page.context().close();
    }
  });

  it('follows the browser font size (root in rem, not px) and stays usable at 200% zoom', async () => {
    // 200% zoom of a 1440x900 window: 720x450 CSS px at twice the density; and a larger default font.
    const page = await ui.open({ width: 720, height: 450, touch: false }, { scale: 2 });
    try {
      const cdp = await page.context().newCDPSession(page);
      const rootPx = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
      expect(await rootPx()).toBe(14); // 87.5% of the default 16 px
      await cdp.send('Page.setFontSizes', { fontSizes: { standard: 24 } });
      await expect.poll(rootPx).toBe(21); // the person's font setting wins
      const searchHeight = await page.locator('#search').evaluate((el) => el.getBoundingClientRect().height);
      expect(searchHeight).toBeGreaterThan(44);
      for (const view of ['Photos', 'Library']) {
        await go(page, view);
        const o = await overflow(page);
        expect(o.scrollWidth, `${view}: page width`).toBeLessThanOrEqual(o.width);
        expect(o.outside, `${view}: controls off-screen`).toEqual([]);
      }
      await page.screenshot({ path: join(ARTIFACTS, 'zoom200-library.png') });
      await go(page, 'Photos');
      await page.screenshot({ path: join(ARTIFACTS, 'zoom200-photos.png') });
    } finally {
      await page.context().close();
    }
  });
});
