// Short and narrow screens in Chromium (web mode, tiny-clip): the photos keep about half the screen with a
// selection, the filters and the selection's tag row open, and no bar covers another (360x640, 640x360 landscape,
// 390x844, 800x600, 1280x800 at 200% zoom); the timeline and a search show as many columns at the same width, two
// on a phone; the sticky date header names the rows just below it; the viewer's toolbar is one row on a phone; the
// "reachable drives" checkbox is a 44 px target, and the hover tick shows in two tones on a red photo.
// Screenshots go to test-artifacts/short-*.png.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomScene, renderScene, rng, SHAPES, type Colour } from '../src-main/demo/scenes.js';
import { ARTIFACTS, serveUi, showFilters, type ServedUi } from './helpers/browser.js';
import { exifAt } from './helpers/duplicate-scenes.js';
import { indexedService, type IndexedService } from './helpers/service.js';

const QUERY = 'a photo of a red circle';
const COLOURS: Colour[] = ['red', 'blue', 'green', 'yellow', 'purple'];
const DAYS = 24; // two photos a day, every fourth day back from the end of May 2024: about three months of headers

describe('short and narrow screens', () => {
  let ctx: IndexedService;
  let ui: ServedUi;

  beforeAll(async () => {
    ctx = await indexedService(1); // 24 undated photos, one of each colour and shape
    // And dated ones, the newest first on a red background (every sixth one too), for the timeline and the hover tick.
    const dated = join(ctx.lib.root, 'dated');
    mkdirSync(dated);
    const rand = rng(11);
    for (let n = 0; n < DAYS * 2; n++) {
      const colour = COLOURS[n % COLOURS.length]!;
      const shape = SHAPES[Math.floor(n / 5) % SHAPES.length]!;
      const scene = randomScene(rand, n % 6 === 0 ? 'blue' : colour, shape);
      if (n % 6 === 0) scene.background = [226, 18, 24];
      const png = await renderScene(scene, { width: 400, height: 300, format: 'png' });
      const taken = Date.UTC(2024, 4, 28, 18 - (n % 2)) - Math.floor(n / 2) * 4 * 86_400_000;
      await sharp(png).jpeg({ quality: 85 }).withMetadata(exifAt(taken)).toFile(join(dated, `${colour}-${shape}-${n}.jpg`));
    }
    const added = await ctx.service.call('folders.add', { path: dated });
    if (!added.ok) throw new Error(added.error.message);
    await ctx.service.settled();
    ui = await serveUi(ctx.service);
  }, 120_000);
  afterAll(async () => {
    await ui?.close();
    await ctx?.close();
  });

  const search = async (page: Page, q: string) => {
    await page.locator('#search').fill(q);
    await page.locator(`[role=status][data-shown="${q}"]`).waitFor({ timeout: 10_000 });
    await page.locator('#search').blur(); // the suggestions close
  };

  /** How the Photos view's parts lie: the grid's visible height, and the bars that overlap or overflow. */
  const measure = (page: Page) =>
    page.evaluate(() => {
      const main = document.querySelector('main')!;
      const m = main.getBoundingClientRect();
      const top = Math.max(0, m.top);
      const bottom = Math.min(window.innerHeight, m.bottom);
      const g = document.querySelector('[role=listbox]')!.getBoundingClientRect();
      const parts = [...main.children].filter((el) => el.getBoundingClientRect().height > 0);
      const overlaps: string[] = [];
      parts.forEach((a, i) => parts.slice(i + 1).forEach((b) => {
        const ra = a.getBoundingClientRect();
        const rb = b.getBoundingClientRect();
        if (ra.bottom > rb.top + 0.5 && rb.bottom > ra.top + 0.5) overlaps.push(`${a.className} / ${b.className}`);
      }));
      // A bar drawn smaller than what it holds lets its last line run under the next one.
      const overflowing = parts.filter((el) => el.scrollHeight > el.clientHeight + 1 && getComputedStyle(el).overflowY === 'visible').map((el) => el.className);
      // Every visible control is what a tap at its centre reaches.
      const covered = [...main.querySelectorAll<HTMLElement>('button, input, select')].filter((el) => !el.closest('[role=listbox]')).filter((el) => {
        const r = el.getBoundingClientRect();
        const y = r.top + r.height / 2;
        if (r.width === 0 || y < top || y > bottom) return false;
        const hit = document.elementFromPoint(r.left + r.width / 2, y);
        return !(hit && (el.contains(hit) || hit.contains(el) || hit.closest('label')?.contains(el)));
      }).map((el) => {
        const r = el.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return `${el.tagName} ${el.getAttribute('type') ?? ''} ${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim()} ${Math.round(r.top)}..${Math.round(r.bottom)} under ${hit?.tagName}.${hit?.className}`;
      });
      const grid = Math.max(0, Math.min(g.bottom, bottom) - Math.max(g.top, top));
      // The same with the bars above scrolled away (main scrolled down until the grid's top, or as far as it goes).
      const down = Math.min(g.top - top, main.scrollHeight - main.clientHeight - main.scrollTop);
      const scrolledAway = Math.max(0, Math.min(g.bottom - down, bottom) - Math.max(g.top - down, top));
      return { grid, scrolledAway, height: window.innerHeight, overlaps, overflowing, covered, scrolled: main.scrollTop };
    });

  const SHORT = [
    { name: 'phone-360x640', screen: { width: 360, height: 640, touch: true } },
    { name: 'landscape-640x360', screen: { width: 640, height: 360, touch: true } },
    { name: 'phone-390x844', screen: { width: 390, height: 844, touch: true } },
    { name: 'small-800x600', screen: { width: 800, height: 600, touch: false } },
    { name: 'zoom200-1280x800', screen: { width: 640, height: 400, touch: false }, scale: 2 },
  ] as const;

  it('keeps about half the screen for the photos with a selection, the filters and the tag row open, and no bar covers another', async () => {
    const seen: string[] = [];
    for (const { name, screen, ...opts } of SHORT) {
      const page = await ui.open(screen, opts);
      try {
        await search(page, QUERY);
        await page.locator('[role=option][data-rank="1"]').click({ modifiers: ['Control'] });
        await page.getByTestId('selection-bar').waitFor();
        await showFilters(page);
        await page.getByLabel('Folder').waitFor();
        const withFilters = await measure(page);
        await page.screenshot({ path: join(ARTIFACTS, `short-${name}-filters.png`) });
        await page.getByTestId('selection-bar').getByRole('button', { name: 'Tag…' }).click();
        const tagName = page.getByLabel('Tag name');
        await tagName.waitFor();
        await page.waitForTimeout(100); // the bars above scroll away (a resize observer)
        const tagging = await measure(page);
        await page.screenshot({ path: join(ARTIFACTS, `short-${name}.png`) });
        seen.push(`${name}: filters ${withFilters.grid} (${withFilters.scrolledAway} scrolled), tag row ${tagging.grid} of ${tagging.height} (scrolled ${tagging.scrolled})`);
        // With the filters open (what the person looks at then), half the screen once the page scrolls the bars
        // away (a phone in landscape has no room for both); with the tag row open, they have scrolled away already.
        expect(withFilters.scrolledAway, `${name}, filters scrolled: ${seen.join('; ')}`).toBeGreaterThanOrEqual(0.5 * withFilters.height);
        expect(tagging.grid, `${name}, tag row: ${seen.join('; ')}`).toBeGreaterThanOrEqual(0.45 * tagging.height);
        for (const [state, m] of [['filters', withFilters], ['tag row', tagging]] as const) {
          expect(m.overlaps, `${name}, ${state}`).toEqual([]);
          expect(m.overflowing, `${name}, ${state}`).toEqual([]);
          expect(m.covered, `${name}, ${state}`).toEqual([]);
        }
        // The tag row and its button are on screen, with the photos; the hidden bars come back by scrolling.
        const box = (await page.getByRole('button', { name: 'Add tag' }).boundingBox())!;
        expect(box.y + box.height).toBeLessThanOrEqual(screen.height + 1);
        expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Tag name');
        await page.locator('main').evaluate((el) => (el.scrollTop = 0));
        expect((await page.getByRole('button', { name: /^Filters/ }).boundingBox())!.y).toBeGreaterThanOrEqual(0);
      } finally {
        await page.context().close();
      }
    }
  });

  /** Columns of the grid: how many places along a row its photos take (at the top: 24 photos of one day, or results). */
  const perRow = async (page: Page) => {
    return page.locator('[role=option]').evaluateAll((els) => new Set(els.map((e) => Math.round(e.getBoundingClientRect().left))).size);
  };

  it('shows as many columns in the timeline as in a search at the same width, two or more on a phone', async () => {
    for (const width of [320, 360, 768]) {
      const page = await ui.open({ width, height: 740, touch: width < 700 });
      try {
        await page.locator('[role=status][data-shown=""]').waitFor({ timeout: 10_000 });
        await page.locator('[data-header=month]').first().waitFor();
        const timeline = await perRow(page);
        if (width === 360) await page.screenshot({ path: join(ARTIFACTS, 'short-timeline-360.png') });
        await search(page, 'a photo of a circle');
        expect(Number((await page.locator('[role=status][data-shown]').textContent())!.match(/(\d+) photos/)![1])).toBeGreaterThanOrEqual(6);
        const results = await perRow(page);
        expect(timeline, `${width}: timeline ${timeline}, search ${results}`).toBe(results);
        expect(timeline).toBeGreaterThanOrEqual(2);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      } finally {
        await page.context().close();
      }
    }
  });

  it('the sticky date header names the day of the first row below it, and no day header is cut under it', async () => {
    const page = await ui.open({ width: 1280, height: 800, touch: false });
    try {
      await page.locator('[role=status][data-shown=""]').waitFor({ timeout: 10_000 });
      await page.locator('[data-header=month]').first().waitFor();
      const grid = page.locator('[role=listbox]');
      const max = await grid.evaluate((e) => e.scrollHeight - e.clientHeight);
      expect(max).toBeGreaterThan(1000);
      /** The sticky header's words, and the day of the first photo whose row shows below it. */
      const state = () =>
        grid.evaluate((vp) => {
          const sticky = vp.querySelector('[data-testid=sticky-header]');
          if (!sticky) return null;
          const band = sticky.getBoundingClientRect();
          const cells = [...vp.querySelectorAll('[role=option]')]
            .map((el) => ({ el, r: el.getBoundingClientRect() }))
            .filter(({ r }) => r.bottom > band.bottom + 1)
            .sort((a, b) => a.r.top - b.r.top || a.r.left - b.r.left);
          const spoken = cells[0]?.el.querySelector('[data-testid=spoken-day]')?.textContent?.replace(/^,\s*/, '') ?? '';
          // "May 17, 2023" as the day headers write it: "Wed, May 17".
          const day = new Date(Date.parse(spoken)).toLocaleDateString('en-US', { weekday: 'short', month: 'short', day: 'numeric' });
          // A header line whose words lie partly under the band (visible, and crossing its lower edge).
          const cut = [...vp.querySelectorAll<HTMLElement>('[data-header]')].filter((h) => {
            const r = h.getBoundingClientRect();
            return getComputedStyle(h).visibility !== 'hidden' && r.bottom - 0.5 * 16 > band.top && r.top + 0.2 * r.height < band.bottom;
          }).map((h) => h.textContent);
          return { sticky: sticky.textContent ?? '', day, cut };
        });
      const checked: string[] = [];
      for (let y = 150; y < max; y += 137) {
        await grid.evaluate((e, top) => (e.scrollTop = top), y);
        await page.waitForTimeout(20);
        const s = await state();
        if (!s) continue;
        checked.push(`${y}: ${s.sticky} / ${s.day}`);
        expect(s.sticky.endsWith(` · ${s.day}`), `at ${y}: "${s.sticky}" over a row of ${s.day}`).toBe(true);
        expect(s.cut, `at ${y}`).toEqual([]);
        if (y === 150 + 137 * 20) await page.screenshot({ path: join(ARTIFACTS, 'short-sticky-scrolled.png') });
      }
      expect(checked.length).toBeGreaterThan(10);
      // The scrubber's End: the sticky header names the last rows, which no longer reach the top.
      await page.getByRole('slider', { name: 'Jump to a month' }).focus();
      await page.keyboard.press('End');
      await expect.poll(() => grid.evaluate((e) => e.scrollTop)).toBeGreaterThan(max - 2);
      await page.waitForTimeout(50);
      const end = (await state())!;
      expect(end.sticky.endsWith(` · ${end.day}`), `${end.sticky} over ${end.day}`).toBe(true);
      expect(end.cut).toEqual([]);
      await page.screenshot({ path: join(ARTIFACTS, 'short-sticky-end.png') });
    } finally {
      await page.context().close();
    }
  });

  it('the viewer\'s toolbar is one row on a phone, the rest in a menu; the name shows in full at 200% zoom', async () => {
    for (const { name, screen, ...opts } of [
      { name: 'viewer-360', screen: { width: 360, height: 740, touch: true } },
      { name: 'viewer-zoom200', screen: { width: 640, height: 400, touch: false }, scale: 2 },
    ] as const) {
      const page = await ui.open(screen, opts);
      try {
        await page.locator('[role=status][data-shown=""]').waitFor({ timeout: 10_000 });
        const file = await page.locator('[role=option][data-rank="2"] img').getAttribute('alt');
        await page.locator('[role=option][data-rank="2"]').click();
        const viewer = page.locator('section.viewer');
        await viewer.waitFor();
        const bar = await viewer.locator('.toolbar').boundingBox();
        // One row of 44 px controls (and a little padding); the photo gets the rest of the first screen.
        expect(bar!.height, name).toBeLessThanOrEqual(64);
        const tops = await viewer.locator('.toolbar button:visible').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
        expect(new Set(tops).size, `${name}: ${tops}`).toBe(1);
        const stage = (await page.getByTestId('zoom-stage').boundingBox())!;
        expect(stage.height, name).toBeGreaterThanOrEqual(screen.height * 0.7);
        // The name: whole in its title (and on screen at 200% zoom); the position beside it.
        const title = viewer.locator('.toolbar h2');
        expect(await title.getAttribute('title')).toBe(file);
        if (screen.width >= 600) expect(await title.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
        expect(await page.getByTestId('viewer-position').textContent()).toMatch(/^2 \/ \d+$/);
        // Zoom sits in the "More" menu; Esc closes the menu first, then the viewer.
        const more = viewer.getByRole('button', { name: 'More actions' });
        expect(await viewer.getByRole('button', { name: 'Zoom in' }).isVisible()).toBe(false);
        await more.click();
        expect(await more.getAttribute('aria-expanded')).toBe('true');
        await viewer.getByRole('button', { name: 'Zoom in' }).click();
        await expect.poll(() => page.getByTestId('zoom-level').textContent()).not.toBe('100%');
        await page.screenshot({ path: join(ARTIFACTS, `short-${name}.png`) });
        await page.keyboard.press('Escape');
        expect(await more.getAttribute('aria-expanded')).toBe('false');
        expect(await viewer.count()).toBe(1);
        await page.keyboard.press('Escape');
        await viewer.waitFor({ state: 'detached' });
      } finally {
        await page.context().close();
      }
    }
  });

  it('the "reachable drives" checkbox is a 44 px target through its label; the hover tick shows in two tones on a red photo', async () => {
    const phone = await ui.open({ width: 360, height: 740, touch: true });
    try {
      await search(phone, QUERY);
      await showFilters(phone);
      const box = phone.getByLabel('Only photos on reachable drives');
      const label = phone.locator('label', { has: box });
      const r = (await label.boundingBox())!;
      expect(r.height).toBeGreaterThanOrEqual(44);
      expect(r.width).toBeGreaterThanOrEqual(44);
      // A tap on the label's edge, beside the box and away from the words, checks it.
      const b = (await box.boundingBox())!;
      await phone.touchscreen.tap(b.x + b.width / 2, r.y + 2);
      await expect.poll(() => box.isChecked()).toBe(true);
    } finally {
      await phone.context().close();
    }

    const page = await ui.open({ width: 1280, height: 800, touch: false });
    try {
      await page.locator('[role=status][data-shown=""]').waitFor({ timeout: 10_000 });
      // The newest dated photo, a blue circle on red, scrolled into view in the timeline.
      const cell = page.getByRole('option', { name: /^red-circle-0\.jpg/ });
      for (let y = 0; !(await cell.count()); y += 400) await page.locator('[role=listbox]').evaluate((e, top) => (e.scrollTop = top), y);
      await cell.scrollIntoViewIfNeeded();
      const shot = await cell.screenshot();
      const { data, info } = await sharp(shot).raw().toBuffer({ resolveWithObject: true });
      expect([...data.subarray((8 * info.width + 8) * info.channels, (8 * info.width + 8) * info.channels + 3)], 'its corner is red').toEqual([expect.toSatisfy((v: number) => v > 200), expect.toSatisfy((v: number) => v < 60), expect.toSatisfy((v: number) => v < 60)]);
      await cell.hover();
      const check = cell.locator('[data-check]');
      await expect.poll(() => check.evaluate((e) => getComputedStyle(e).opacity)).toBe('1');
      const c = (await check.boundingBox())!;
      expect(Math.min(c.width, c.height)).toBeGreaterThanOrEqual(44);
      const circle = (await check.locator('span').boundingBox())!;
      await page.screenshot({ path: join(ARTIFACTS, 'short-hover-tick.png'), clip: { x: c.x - 10, y: c.y - 10, width: c.width + 60, height: c.height + 20 } });
      // Across the circle's middle, from the red photo in: a dark ring and a light ring, each at least 2 px wide.
      const line = await page.screenshot({ clip: { x: circle.x - 6, y: circle.y + circle.height / 2, width: circle.width / 2 + 6, height: 1 } });
      const strip = await sharp(line).raw().toBuffer({ resolveWithObject: true });
      const perCssPx = strip.info.width / (circle.width / 2 + 6);
      const px = Array.from({ length: strip.info.width }, (_, x) => [...strip.data.subarray(x * strip.info.channels, x * strip.info.channels + 3)]);
      const dark = px.filter(([r0, g0, b0]) => r0! < 50 && g0! < 50 && b0! < 50).length / perCssPx;
      const light = px.filter(([r0, g0, b0]) => r0! > 215 && g0! > 215 && b0! > 215).length / perCssPx;
      expect(dark, px.map((p) => p.join(',')).join(' ')).toBeGreaterThanOrEqual(2);
      expect(light, px.map((p) => p.join(',')).join(' ')).toBeGreaterThanOrEqual(2);
    } finally {
      await page.context().close();
    }
  });
});
