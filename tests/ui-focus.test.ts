// Focus goes where the person's attention goes, in Chromium (web mode, tiny-clip): after saving a search as an
// album (to that album in the sidebar, or the search box when the sidebar is a drawer), after "More like this"
// (to the most similar photo in the grid), and Tab from the search box reaches the Filters button and then the
// photos, not five filter controls whose arrow keys would silently change the search. The filters panel opens
// from its button, which counts the filters set. A selection becomes a new album of exactly those photos.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveUi, showFilters, type ServedUi } from './helpers/browser.js';
import { indexedService, type IndexedService } from './helpers/service.js';

const QUERY = 'a photo of a red circle';

describe('focus and the filters button', () => {
  let ctx: IndexedService;
  let ui: ServedUi;

  beforeAll(async () => {
    ctx = await indexedService(1);
    ui = await serveUi(ctx.service);
  }, 120_000);
  afterAll(async () => {
    await ui?.close();
    await ctx?.close();
  });

  const focused = (page: Page) => page.evaluate(() => {
    const el = document.activeElement;
    return { tag: el?.tagName.toLowerCase(), id: el?.id, role: el?.getAttribute('role'), name: el?.getAttribute('aria-label') ?? el?.textContent?.trim(), album: el?.getAttribute('data-album') };
  });
  const search = async (page: Page, q: string) => {
    await page.locator('#search').fill(q);
    await page.locator(`[role=status][data-shown="${q}"]`).waitFor({ timeout: 10_000 });
  };

  it('Tab goes from the search box to the Filters button, then to the photos; the panel opens from the button', async () => {
    const page = await ui.open({ width: 800, height: 600, touch: false });
    try {
      await search(page, QUERY);
      expect(await page.getByLabel('Folder').count()).toBe(0); // behind the button: the grid keeps the screen
      await page.locator('#search').focus();
      await page.keyboard.press('Tab');
      expect(await focused(page)).toMatchObject({ tag: 'button', name: 'Filters' });
      // Then what the summary offers (sort, save as album), and the photos: no filter control on the way.
      const passed: string[] = [];
      for (let i = 0; i < 5 && (await focused(page)).role !== 'listbox'; i++) {
        await page.keyboard.press('Tab');
        const f = await focused(page);
        passed.push(`${f.tag} ${f.name}`);
      }
      expect((await focused(page)).role, passed.join(', ')).toBe('listbox');
      expect(passed.filter((p) => /^(select|input)/.test(p) && !/^input (Relevance|Date)/.test(p))).toEqual([]);
      // The panel: set a folder; the button counts it, also once the panel is closed again.
      await showFilters(page);
      await page.getByLabel('Folder').selectOption(ctx.lib.photos);
      const button = page.getByRole('button', { name: /^Filters/ });
      await expect.poll(() => button.textContent()).toMatch(/Filters\s*1/);
      await button.click();
      expect(await page.getByLabel('Folder').count()).toBe(0);
      expect(await button.getAttribute('aria-expanded')).toBe('false');
      // A start after the end is said to be impossible, where the dates are set.
      await showFilters(page);
      await page.getByLabel('From', { exact: true }).fill('2024-06-01');
      await page.getByLabel('To', { exact: true }).fill('2024-03-01');
      await page.getByTestId('bad-range').waitFor();
      // The summary blames the filters, not the words.
      await page.getByTestId('filtered-empty').waitFor({ timeout: 10_000 });
      expect(await page.getByText(/^No good match/).count()).toBe(0);
      await page.getByRole('button', { name: 'Clear filters' }).first().click();
      expect(await page.getByTestId('bad-range').count()).toBe(0);
      await button.click();
      // The grid has most of a small window: its top is in the upper third.
      const top = await page.locator('[role=listbox]').evaluate((el) => el.getBoundingClientRect().top);
      expect(top).toBeLessThan(600 / 3);
    } finally {
      await page.context().close();
    }
  });

  it('"Teach a tag…" opens a name field with all its placeholder showing; Esc closes it and returns to the button', async () => {
    const page = await ui.open({ width: 1440, height: 900, touch: false });
    try {
      await page.getByRole('button', { name: 'Teach a tag…' }).click();
      const field = page.getByLabel('New tag name');
      await expect.poll(() => focused(page)).toMatchObject({ tag: 'input', name: 'New tag name' });
      expect(await field.evaluate((el: HTMLInputElement) => el.scrollWidth <= el.clientWidth + 1 && el.clientWidth > 100)).toBe(true);
      await page.keyboard.press('Escape');
      expect(await field.count()).toBe(0);
      expect(await focused(page)).toMatchObject({ tag: 'button', name: 'Teach a tag…' });
    } finally {
      await page.context().close();
    }
  });

  it('after saving an album, focus is on that album in the sidebar (large) or the search box (phone)', async () => {
    for (const [screen, name] of [[{ width: 1440, height: 900, touch: false }, 'Saved on large'], [{ width: 390, height: 844, touch: true }, 'Saved on phone']] as const) {
      const page = await ui.open(screen);
      try {
        await search(page, QUERY);
        // The button opens the name field with focus in it; Esc closes it and returns to the button.
        await page.getByRole('button', { name: 'Save as album' }).click();
        await expect.poll(() => focused(page)).toMatchObject({ tag: 'input', name: 'Album name' });
        await page.keyboard.press('Escape');
        await expect.poll(() => focused(page)).toMatchObject({ tag: 'button', name: 'Save as album' });
        expect(await page.locator('#search').inputValue()).toBe(QUERY); // Esc closed the form, not the search
        await page.keyboard.press('Enter');
        await page.keyboard.type(name);
        await page.keyboard.press('Enter');
        await expect.poll(() => focused(page)).toMatchObject(screen.touch ? { id: 'search' } : { album: name });
      } finally {
        await page.context().close();
      }
    }
  });

  it('after "More like this", focus is on the most similar photo in the grid', async () => {
    const page = await ui.open({ width: 1440, height: 900, touch: false });
    try {
      await search(page, QUERY);
      await page.locator('[role=option][data-rank="1"]').click();
      await page.getByRole('button', { name: 'More like this' }).click();
      await page.getByText(/^Photos like /).waitFor();
      await expect.poll(() => focused(page)).toMatchObject({ role: 'listbox' });
      const active = await page.locator('[role=listbox]').getAttribute('aria-activedescendant');
      expect(await page.locator('[role=option][data-rank="1"]').getAttribute('id')).toBe(active);
      // The search box does not keep the old words under "Photos like …".
      expect(await page.locator('#search').inputValue()).toBe('');
    } finally {
      await page.context().close();
    }
  });

  it('makes a new album of exactly the picked photos from the selection bar', async () => {
    const page = await ui.open({ width: 1440, height: 900, touch: false });
    try {
      await page.locator('[role=status][data-shown=""]').waitFor({ timeout: 10_000 }); // the whole library, by date
      const cell = (rank: number) => page.locator(`[role=option][data-rank="${rank}"]`);
      await cell(1).click({ modifiers: ['Control'] });
      await cell(3).click({ modifiers: ['Shift'] });
      const ids = await page.locator('[role=option][aria-checked=true]').evaluateAll((els) => els.map((e) => Number(e.id.replace('photo-', ''))));
      expect(ids).toHaveLength(3);
      await page.getByLabel('Add to album…').selectOption({ label: 'New album from these…' });
      expect((await focused(page)).name).toBe('Name of the new album');
      const long = `가족 여행 🏖️ 2024 — ${'a very long album name '.repeat(4).trim()}`;
      await page.keyboard.type(long);
      await page.keyboard.press('Enter');
      await page.getByText(`Saved 3 photos as the album “${long}”`).waitFor();
      expect((await focused(page)).name).toBe('Add to album…');
      const shown = await ctx.service.call('albums.show', { name: long });
      expect(shown.ok && shown.value.hits.map((h) => h.id).sort()).toEqual([...ids].sort());
      // A long album name does not stretch the bar's list.
      expect((await page.getByLabel('Add to album…').boundingBox())!.width).toBeLessThanOrEqual(14 * 16 + 1);
      // Tagging from the bar: focus goes back to "Tag…", not to the page.
      await page.getByTestId('selection-bar').getByRole('button', { name: 'Tag…' }).click();
      await page.getByLabel('Tag name').fill('노란 삼각형');
      await page.keyboard.press('Enter');
      await page.getByText(/^Tagged 3 photos/).waitFor();
      expect(await focused(page)).toMatchObject({ tag: 'button', name: 'Tag…' });
      // Esc clears the selection; the bar goes, and focus goes to the photos.
      await page.keyboard.press('Escape');
      await page.getByTestId('selection-bar').waitFor({ state: 'detached' });
      expect((await focused(page)).role).toBe('listbox');
    } finally {
      await page.context().close();
    }
  });
});
