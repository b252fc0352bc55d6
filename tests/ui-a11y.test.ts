// Accessibility, checked by axe-core (the maintained engine, through Playwright) on every view:
// photos (with the filters panel open), library, duplicates, an album, teach-a-tag and an open photo, at a phone (390x844,
// touch), a small window (800x600) and a large monitor (1440x900), light and dark, English and
// Korean: no serious or critical violation. Each view is saved as a screenshot in test-artifacts/.
// Also: the skip link reaches the search box, tag buttons read "pig, 22 photos", and focus goes
// where attention goes (saving an album, starting to teach a tag).
import { AxeBuilder } from '@axe-core/playwright';
import axe from 'axe-core';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate, type MessageKey } from '../src-renderer/src/lib/i18n.js';
import { ARTIFACTS, serveUi, type ServedUi } from './helpers/browser.js';
import { SCREENS } from './helpers/screens.js';
import { indexedService, type IndexedService } from './helpers/service.js';

// Every screen, in light and in dark, in English and in Korean: all twelve combinations (about two minutes).
const RUNS = SCREENS.flatMap((screen) => (['light', 'dark'] as const).flatMap((scheme) => (['en', 'ko'] as const).map((lang) => ({ screen, scheme, lang }))));

describe('accessibility of every view', () => {
  let ctx: IndexedService;
  let ui: ServedUi;

  beforeAll(async () => {
    ctx = await indexedService(1);
    const vocabulary = await ctx.service.call('tags.vocabulary', { text: 'red\ngreen\nblue\ncircle\nstar\n' });
    if (!vocabulary.ok) throw new Error(vocabulary.error.message);
    const album = await ctx.service.call('albums.create', { name: 'Reds', query: 'a photo of something red' });
    if (!album.ok) throw new Error(album.error.message);
    ui = await serveUi(ctx.service);
  }, 120_000);
  afterAll(async () => {
    await ui?.close();
    await ctx?.close();
  });

  const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
  const seriousOnly = (violations: axe.Result[]) =>
    violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')} ${v.nodes[0]?.failureSummary?.slice(0, 200) ?? ''}`);

  /**
   * axe-core's engine, injected once into the page (the app is one page: it stays through every
   * view) and run on the document as it is now. AxeBuilder injects it again on every call (about
   * 2 s each); the 72 checks below would not fit in a minute that way. AxeBuilder checks once below.
   */
  async function serious(page: Page): Promise<string[]> {
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
    const violations = await page.evaluate((tags) => (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }).then((r) => r.violations), TAGS);
    return seriousOnly(violations);
  }

  for (const { screen, scheme, lang } of RUNS) {
    it(`${screen.name}, ${scheme}, ${lang}: no serious or critical violation on any view`, async () => {
      const page = await ui.open(screen, { scheme, locale: lang === 'ko' ? 'ko-KR' : 'en-US' });
      const say = (key: MessageKey) => translate(lang, key);
      const nav = page.getByRole('navigation');
      const menu = page.getByRole('button', { name: say('screen.menu'), exact: true });
      const go = async (key: MessageKey) => {
        if ((await menu.isVisible()) && (await menu.getAttribute('aria-expanded')) === 'false') await menu.click();
        await nav.getByRole('button', { name: say(key), exact: true }).click();
      };
      const found: Record<string, string[]> = {};
      const check = async (view: string) => {
        await page.waitForTimeout(200); // images and transitions settle
        found[view] = await serious(page);
        await page.screenshot({ path: join(ARTIFACTS, `a11y-${view}-${screen.name}-${scheme}-${lang}.png`) });
      };
      try {
        await page.locator('[role=status][data-shown=""]').waitFor();
        await page.getByRole('button', { name: new RegExp(`^${say('filters.show')}`) }).click(); // the filters panel open
        await check('photos');
        await go('nav.library');
        await page.getByRole('heading', { name: say('library.folders') }).waitFor();
        await check('library');
        await go('nav.duplicates');
        await check('duplicates');
        if ((await menu.isVisible()) && (await menu.getAttribute('aria-expanded')) === 'false') await menu.click();
        await nav.getByRole('button', { name: /^Reds, / }).click();
        await page.locator('[role=status][data-shown="album:Reds"]').waitFor();
        await check('album');
        if ((await menu.isVisible()) && (await menu.getAttribute('aria-expanded')) === 'false') await menu.click();
        await nav.getByRole('button', { name: say('nav.teach') }).click();
        await nav.getByLabel(say('teach.name')).fill('warm');
        await nav.getByLabel(say('teach.name')).press('Enter');
        await page.getByRole('region', { name: say('teach.title').replace('{name}', 'warm') }).waitFor();
        await check('teach');
        await page.locator('#search').focus();
        await page.locator('#search').press('ArrowDown');
        await page.keyboard.press('Enter');
        await page.getByRole('button', { name: say('photo.moreLikeThis') }).first().waitFor();
        await check('photo');
      } finally {
        await page.context().close();
      }
      expect(found).toEqual({ photos: [], library: [], duplicates: [], album: [], teach: [], photo: [] });
    });
  }

  it('has a skip link to the search box, tag buttons that say how many photos, and focus where attention goes', async () => {
    const page = await ui.open(SCREENS[2]!);
    try {
      // The Playwright integration, once, with best practices too: nothing serious on the first screen.
      const builder = await new AxeBuilder({ page }).withTags([...TAGS, 'best-practice']).analyze();
      expect(seriousOnly(builder.violations)).toEqual([]);
      await page.keyboard.press('Tab');
      const skip = page.getByRole('link', { name: 'Skip to search' });
      expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('search');
      // "red, 4 photos", not "red4".
      const tagButtons = page.getByRole('list', { name: 'Tags' }).getByRole('button');
      expect(await tagButtons.count()).toBeGreaterThan(2);
      for (const b of await tagButtons.all()) expect(await b.evaluate((el) => el.textContent)).toMatch(/^[a-z]+, (1 photo|\d+ photos)$/);
      await page.getByRole('list', { name: 'Tags' }).getByRole('button', { name: /^red, \d+ photos?$/ }).waitFor(); // the accessible name
      // Saving an album: focus goes to the album just saved.
      await page.locator('#search').fill('a photo of something blue');
      await page.locator('[role=status][data-shown="a photo of something blue"]').waitFor();
      await page.getByRole('button', { name: 'Save as album' }).click();
      await page.getByLabel('Album name').fill('Blues');
      await page.getByLabel('Album name').press('Enter');
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toMatch(/^Blues, \d+ photos?$/);
      // Starting to teach a tag: focus goes to the teaching bar.
      await page.getByRole('button', { name: 'Teach a tag…' }).click();
      await page.getByLabel('New tag name').fill('cool');
      await page.getByLabel('New tag name').press('Enter');
      await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('[data-testid=teach-bar]'))).toBe(true);
    } finally {
      await page.context().close();
    }
  });
});
