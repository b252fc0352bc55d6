// Suggestions while typing, in Chromium against a real service: the search box is an ARIA
// combobox; typing offers matching tags, albums, folders and cameras; arrows move, Enter picks,
// Esc closes; Enter on a typed search commits it to the recent searches (kept in localStorage,
// offered again after a reload). And the language hint: a query in Hangul, kana or CJK with an
// English-only model in use offers the multilingual model; a Korean system recommends it in Library.
// (What is suggested, and when the hint shows: src-renderer/src/lib/suggest.test.ts, language-hint.test.ts.)
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, openUi, type OpenUi } from './helpers/browser.js';
import { openScreen } from './helpers/screens.js';
import { indexedService, type IndexedService } from './helpers/service.js';

describe('suggestions while typing', () => {
  let ctx: IndexedService;
  let ui: OpenUi;
  let page: Page;
  const box = () => page.locator('#search');
  const options = () => page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option');

  beforeAll(async () => {
    ctx = await indexedService(1);
    const vocabulary = await ctx.service.call('tags.vocabulary', { text: 'red\ngreen\nblue\ncircle\nstar\n' });
    if (!vocabulary.ok) throw new Error(vocabulary.error.message);
    const album = await ctx.service.call('albums.create', { name: 'Reds', query: 'a photo of something red' });
    if (!album.ok) throw new Error(album.error.message);
    ui = await openUi(ctx.service);
    page = ui.page;
  }, 120_000);
  afterAll(async () => {
    await ui?.close();
    await ctx?.close();
  });

  it('is a combobox: typing lists matches, arrows move, Enter picks a tag, Esc closes', async () => {
    expect(await box().getAttribute('role')).toBe('combobox');
    await box().fill('re');
    await expect.poll(() => options().allTextContents()).toEqual(expect.arrayContaining(['Tag red', 'Tag green', 'Album Reds']));
    expect(await box().getAttribute('aria-expanded')).toBe('true');
    await page.screenshot({ path: join(ARTIFACTS, 'suggestions-light.png') });
    await box().press('ArrowDown');
    const first = await options().first().getAttribute('id');
    expect(await box().getAttribute('aria-activedescendant')).toBe(first);
    expect(await options().first().getAttribute('aria-selected')).toBe('true');
    await box().press('Escape');
    expect(await box().getAttribute('aria-expanded')).toBe('false');
    expect(await box().inputValue()).toBe('re'); // Esc closed the list, it did not clear the box
    await box().fill('red');
    await expect.poll(() => options().allTextContents()).toEqual(['Album Reds']);
    await box().press('ArrowDown');
    await box().press('Enter');
    await page.locator('[role=status][data-shown="album:Reds"]').waitFor();
    await box().fill('gree');
    await expect.poll(() => options().allTextContents()).toEqual(['Tag green']);
    await box().press('ArrowDown');
    await box().press('Enter');
    await page.locator('[role=status][data-shown="tag:green"]').waitFor();
    expect(await box().inputValue()).toBe('tag:green');
  });

  it('commits a search on Enter to the recent searches, offered again after a reload', async () => {
    await box().fill('a photo of a blue star');
    await box().press('Enter');
    await page.locator('[role=status][data-shown="a photo of a blue star"]').waitFor();
    expect(await page.evaluate(() => localStorage.getItem('photo-search.recent-searches'))).toBe('["a photo of a blue star"]');
    await page.reload();
    await box().fill('blue st');
    await expect.poll(() => options().allTextContents()).toEqual(['Recent a photo of a blue star']);
    await box().press('ArrowDown');
    await box().press('Enter');
    await page.locator('[role=status][data-shown="a photo of a blue star"]').waitFor();
    expect(await box().inputValue()).toBe('a photo of a blue star');
  });

  it('offers the multilingual model for a Korean query, and recommends it in Library on a Korean system', async () => {
    await box().fill('해변의 강아지');
    const hint = page.getByTestId('language-hint');
    await expect.poll(() => hint.textContent(), { timeout: 10_000 }).toContain('reads English only');
    // The demo model in use: the bundled bilingual demo model is offered, nothing to download (a real English
    // model is offered a real multilingual one: src-renderer/src/lib/language-hint.test.ts).
    expect(await hint.textContent()).toContain('tiny-clip-ko');
    // What the offered model reads comes from its declared languages (it once claimed Japanese and Chinese too).
    expect(await hint.textContent()).toContain('reads English and Korean.');
    expect(await hint.getByRole('button').textContent()).toMatch(/^\s*Use the multilingual model\s*$/);
    await page.screenshot({ path: join(ARTIFACTS, 'language-hint-light.png') });
    await box().fill('a dog on the beach');
    await hint.waitFor({ state: 'detached' });
    // An album saved with Korean words shows no photo under this model: the hint says why (a new user's finding).
    const album = await ctx.service.call('albums.create', { name: '빨간 것들', query: '빨간 원' });
    expect(album.ok).toBe(true);
    await page.reload();
    await page.getByRole('list', { name: 'Albums' }).getByRole('button', { name: /^빨간 것들,/ }).click();
    await page.locator('[role=status][data-shown="album:빨간 것들"]').waitFor({ timeout: 10_000 });
    await expect.poll(() => hint.textContent(), { timeout: 10_000 }).toContain('reads English only');
    await box().fill('a dog');
    await hint.waitFor({ state: 'detached' });

    const ko = await openScreen(ui.browser, ui.web.url, { width: 1000, height: 800, touch: false }, { locale: 'ko-KR' });
    try {
      await ko.getByRole('button', { name: '보관함', exact: true }).click();
      await expect.poll(() => ko.getByTestId('language-hint').textContent()).toContain('한국어로 검색하려면');
      expect(await ko.getByTestId('language-hint').textContent()).toContain('이해하는 언어는 영어뿐입니다');
      // The models' titles, notes and languages in Korean too (they were the engine's English).
      const models = ko.locator('ul.models');
      expect(await models.textContent()).toContain('tiny-clip-ko (데모: 색 도형, 영어와 한국어)');
      expect(await models.textContent()).toContain('영어 및 한국어 · 기본 포함.');
      expect(await models.textContent()).not.toContain('Bundled.');
    } finally {
      await ko.context().close();
    }
  });
});
