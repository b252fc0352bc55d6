// Typing Korean into the search box through an input method (Chromium's IME emulation over CDP: Input.imeSetComposition
// for each step of a syllable, Input.insertText to commit it), in web mode on a library indexed with the bilingual
// tiny-clip-ko: no query reaches the server while a syllable is being composed (ㅃ, 빠, 빨, 빨ㄱ, 빨가, 빨간), Enter
// during a composition does not submit, and the committed query finds the red circles. Tags show their Korean names in
// a Korean UI.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, openUi, type OpenUi } from './helpers/browser.js';
import { FIXTURES } from './helpers/paths.js';
import { indexedService, type IndexedService } from './helpers/service.js';

/** The steps of composing each syllable group of "빨간 원" with a Korean keyboard (2-set), then what is committed. */
const TYPED: { steps: string[]; commit: string }[] = [
  { steps: ['ㅃ', '빠', '빨', '빨ㄱ', '빨가', '빨간'], commit: '빨간' },
  { steps: ['ㅇ', '우', '원'], commit: '원' },
];
const PAUSE_MS = 300; // longer than the search box's debounce (120 ms): a search would have been sent

describe('Korean in the search box, through an input method', () => {
  let ctx: IndexedService;
  let ui: OpenUi;
  let page: Page;
  let cdp: CDPSession;
  const sent: { query: string; at: number }[] = []; // every search the page sent to the server

  const alts = () => page.locator('[role=listbox] img').evaluateAll((els) => (els as HTMLImageElement[]).map((e) => e.alt));
  const pause = () => new Promise((r) => setTimeout(r, PAUSE_MS));

  beforeAll(async () => {
    ctx = await indexedService(2, { model: 'tiny-clip-ko' });
    ui = await openUi(ctx.service);
    page = ui.page;
    page.on('request', (req) => {
      if (new URL(req.url()).pathname === '/api/search') sent.push({ query: (JSON.parse(req.postData() ?? '{}') as { query: string }).query, at: Date.now() });
    });
    cdp = await page.context().newCDPSession(page);
  }, 180_000);
  afterAll(async () => {
    await cdp?.detach().catch(() => undefined);
    await ui?.close();
    await ctx?.close();
  });

  it('sends no query while a syllable is composed, ignores Enter then, and finds red circles once "빨간 원" is committed', async () => {
    const box = page.getByLabel('Search photos');
    await box.click();
    const compositions: { from: number; to: number; steps: string[] }[] = [];
    for (const [i, group] of TYPED.entries()) {
      if (i > 0) {
        await cdp.send('Input.insertText', { text: ' ' }); // a space between words: plain committed input
        await pause(); // its (debounced) search goes out before the next composition starts
      }
      const from = Date.now();
      for (const step of group.steps) {
        await cdp.send('Input.imeSetComposition', { text: step, selectionStart: step.length, selectionEnd: step.length });
        await pause();
      }
      if (i === TYPED.length - 1) {
        // Enter while the last syllable is still being composed: the input method's key, not a search.
        await box.press('Enter');
        await pause();
      }
      const to = Date.now();
      compositions.push({ from, to, steps: group.steps });
      await cdp.send('Input.insertText', { text: group.commit }); // the syllable is committed (compositionend)
      await pause();
    }
    await page.locator('[role=status][data-shown="빨간 원"]').waitFor({ timeout: 10_000 });
    console.log(`searches sent: ${sent.map((s) => JSON.stringify(s.query)).join(', ')}`);

    // Nothing was sent while a composition was in progress, and nothing half-composed was ever sent.
    for (const c of compositions) expect(sent.filter((s) => s.at > c.from && s.at < c.to), `during ${c.steps.join(' ')}`).toEqual([]);
    const partial = TYPED.flatMap((g) => g.steps.filter((s) => s !== g.commit));
    for (const s of sent) for (const p of partial) expect(s.query.split(' ')).not.toContain(p);
    expect(sent.map((s) => s.query)).toEqual(expect.arrayContaining(['빨간', '빨간 원']));
    expect(sent.length).toBeLessThanOrEqual(3); // one per commit (the space may add one): not one per keystroke
    expect(await box.inputValue()).toBe('빨간 원');
    const top = (await alts()).slice(0, 2);
    expect(top).toHaveLength(2);
    expect(top.every((a) => a.startsWith('red-circle')), top.join(', ')).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'korean-ime-search.png') });
  });

  it('never submits a form on the Enter that commits a syllable: an album name, a tag to teach', async () => {
    const created: string[] = [];
    page.on('request', (req) => {
      const path = new URL(req.url()).pathname;
      if (path === '/api/albums.create' || path === '/api/tags.examples') created.push(`${path} ${req.postData()}`);
    });
    await page.getByLabel('Search photos').fill('빨간 원');
    await page.locator('[role=status][data-shown="빨간 원"]').waitFor({ timeout: 10_000 });
    const compose = async (steps: string[]) => {
      for (const step of steps) await cdp.send('Input.imeSetComposition', { text: step, selectionStart: step.length, selectionEnd: step.length });
    };
    // Save as album: "파란 별" is being typed; Enter while 파란 is composed commits the syllable, nothing is saved.
    await page.getByRole('button', { name: 'Save as album' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Album name');
    await compose(['ㅍ', '파', '팔', '파라', '파란']);
    await page.keyboard.press('Enter');
    await pause();
    expect(created).toEqual([]);
    await cdp.send('Input.insertText', { text: '파란' });
    await page.keyboard.press('Escape');
    // Teach a tag: Enter while 동그 is composed starts nothing.
    await page.getByRole('button', { name: 'Teach a tag…' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('New tag name');
    await compose(['ㄷ', '도', '동', '동ㄱ', '동그']);
    await page.keyboard.press('Enter');
    await pause();
    expect(created).toEqual([]);
    await cdp.send('Input.insertText', { text: '동그라미' });
    await page.keyboard.press('Enter'); // committed: now Enter starts teaching
    await expect.poll(() => created.length).toBe(1);
    expect(created[0]).toContain('동그라미');
    await page.getByRole('button', { name: 'Done' }).click();
  });

  it('shows the tags by their Korean names in a Korean UI, and tag:빨강 finds the red photos', async () => {
    const set = await ctx.service.call('tags.vocabulary', { text: readFileSync(join(FIXTURES, 'shapes-vocabulary-ko.txt'), 'utf8') });
    expect(set.ok).toBe(true);
    const ko = await ui.browser.newPage({ viewport: { width: 1200, height: 760 }, locale: 'ko-KR' });
    try {
      await ko.goto(ui.web.url);
      const tags = ko.getByRole('list', { name: '태그' });
      await tags.waitFor();
      const names = await tags.locator('.tag-name').evaluateAll((els) => els.map((e) => e.firstChild?.textContent ?? ''));
      expect(names).toEqual(expect.arrayContaining(['빨강', '원']));
      expect(names).not.toContain('red');
      await ko.getByLabel('사진 검색').fill('tag:빨강');
      await ko.locator('[role=status][data-shown="tag:빨강"]').waitFor({ timeout: 10_000 });
      const shown = await ko.locator('[role=listbox] img').evaluateAll((els) => (els as HTMLImageElement[]).map((e) => e.alt));
      expect(shown.length).toBeGreaterThan(0);
      expect(shown.filter((a) => a.startsWith('red-')).length / shown.length).toBeGreaterThanOrEqual(0.8);
      await ko.screenshot({ path: join(ARTIFACTS, 'korean-tags.png') });
      // A tag that does not exist says so (not just "0 photos").
      await ko.getByLabel('사진 검색').fill('tag:없는태그');
      await ko.getByTestId('unknown-tag').waitFor({ timeout: 10_000 });
      expect(await ko.getByTestId('unknown-tag').textContent()).toContain('“없는태그” 태그가 없습니다');
      // A Korean tag clicked in the sidebar is searched by the name the person clicked (a new user's finding).
      await tags.getByRole('button', { name: /^빨강,/ }).click();
      await expect.poll(() => ko.getByLabel('사진 검색').inputValue()).toBe('tag:빨강');
    } finally {
      await ko.close();
    }
  });
});
