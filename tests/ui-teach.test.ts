// The teach-a-tag flow as a new user meets it (Chromium, web mode, tiny-clip): the name of an automatic tag is
// refused when teaching starts, in words (English and Korean), before any photo is marked; teaching a taught
// tag again starts from its examples (the bar counts them, the grid marks them); focus goes into the name field,
// then to the teach bar, also from the narrow layout's drawer (which closes); the bar says that Y and N mark the
// selected photo. Screenshots go to test-artifacts/.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, serveUi, type ServedUi } from './helpers/browser.js';
import { indexedService, type IndexedService } from './helpers/service.js';

const RED = 'a photo of something red';

describe('teaching a tag', () => {
  let ctx: IndexedService;
  let ui: ServedUi;
  let autoTag: string;
  let examples: { yes: number[]; no: number[] };

  beforeAll(async () => {
    ctx = await indexedService(1);
    // Automatic tags the shapes library shows: "circle" is one of them.
    const vocabulary = await ctx.service.call('tags.vocabulary', { text: 'red\ngreen\nblue\ncircle\nsquare\nstar\n' });
    if (!vocabulary.ok) throw new Error(vocabulary.error.message);
    autoTag = 'circle';
    // A tag taught before (through the API, as the CLI or another window would): two yes, one no.
    const red = await ctx.service.call('search', { query: RED, limit: 3 });
    if (!red.ok) throw new Error(red.error.message);
    const [a, b, c] = red.value.hits.map((h) => h.id);
    examples = { yes: [a!, b!].sort((x, y) => x - y), no: [c!] };
    const taught = await ctx.service.call('tags.teach', { name: 'reddish', ...examples });
    if (!taught.ok) throw new Error(taught.error.message);
    ui = await serveUi(ctx.service);
  }, 120_000);
  afterAll(async () => {
    await ui?.close();
    await ctx?.close();
  });

  const focused = (page: Page) => page.evaluate(() => {
    const el = document.activeElement;
    return el?.getAttribute('data-testid') ?? el?.getAttribute('aria-label') ?? el?.tagName ?? null;
  });
  const bar = (page: Page) => page.getByTestId('teach-bar');

  it('refuses an automatic tag\'s name when teaching starts, in words, before any photo is marked', async () => {
    const page = await ui.open({ width: 1200, height: 800, touch: false });
    await page.getByRole('button', { name: 'Teach a tag…' }).click();
    await expect.poll(() => focused(page)).toBe('New tag name'); // attention goes into the field
    await page.keyboard.type(autoTag);
    await page.keyboard.press('Enter');
    const alert = page.locator('#teach-refused[role=alert]');
    await expect.poll(() => alert.textContent()).toBe(`“${autoTag}” is an automatic tag, so it cannot be taught. Choose another name.`);
    expect(await bar(page).count()).toBe(0); // no teaching started: nothing to mark in vain
    expect(await page.getByLabel('New tag name').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('New tag name').getAttribute('aria-describedby')).toBe('teach-refused');
    expect(await focused(page)).toBe('New tag name');
    await page.screenshot({ path: join(ARTIFACTS, 'teach-refused.png') });
    // Another name starts teaching, and the sentence goes.
    await page.getByLabel('New tag name').fill('my own tag');
    expect(await alert.count()).toBe(0);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await bar(page).waitFor();
    expect(await bar(page).textContent()).toContain('0 yes, 0 no');
    await page.context().close();
  });

  it('refuses it in Korean too', async () => {
    const page = await ui.open({ width: 1200, height: 800, touch: false }, { locale: 'ko-KR' });
    await page.getByRole('button', { name: '태그 가르치기…' }).click();
    await page.getByLabel('새 태그 이름').fill(autoTag);
    await page.getByRole('button', { name: '시작', exact: true }).click();
    await expect.poll(() => page.locator('#teach-refused').textContent()).toBe(`“${autoTag}”은(는) 자동 태그라서 가르칠 수 없습니다. 다른 이름을 고르세요.`);
    expect(await bar(page).count()).toBe(0);
    await page.context().close();
  });

  it('teaches a taught tag again from its examples: the bar counts them and the grid marks them', async () => {
    const page = await ui.open({ width: 1440, height: 900, touch: false });
    await page.getByRole('button', { name: 'Teach a tag…' }).click();
    await page.getByLabel('New tag name').fill('reddish');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await bar(page).waitFor();
    expect(await bar(page).textContent()).toContain('2 yes, 1 no');
    await page.getByLabel('Search photos').fill(RED);
    await page.locator(`[role=status][data-shown="${RED}"]`).waitFor({ timeout: 10_000 });
    for (const id of examples.yes) await page.locator(`#photo-${id} .mark.yes`).waitFor({ timeout: 5_000 });
    await page.locator(`#photo-${examples.no[0]} .mark.no`).waitFor({ timeout: 5_000 });
    expect(await page.locator('[role=option] .mark').count()).toBe(3);
    await page.screenshot({ path: join(ARTIFACTS, 'teach-again.png') });
    // Training again keeps them: nothing is sent that the tag did not have.
    await bar(page).getByRole('button', { name: 'Train' }).click();
    await expect.poll(async () => page.getByLabel('taught').count()).toBe(1);
    const again = await ctx.service.call('tags.examples', { name: 'reddish' });
    expect(again.ok && again.value).toEqual({ kind: 'taught', ...examples });
    await page.context().close();
  });

  it('shows a yes example\'s taught tag as added by you in the photo\'s details, not with a confidence', async () => {
    for (const [locale, words] of [['en-US', 'added by you'], ['ko-KR', '직접 추가함']] as const) {
      const page = await ui.open({ width: 1440, height: 900, touch: false }, { locale });
      await page.evaluate((id) => { location.hash = `#/photos?photo=${id}`; }, examples.yes[0]!);
      const tag = page.locator('dd.tags .tag', { hasText: 'reddish' });
      await tag.waitFor({ timeout: 10_000 });
      expect(await tag.locator('.confidence').textContent()).toBe(`, ${words}`);
      await page.context().close();
    }
  });

  it('says that Y and N mark the selected photo, and Y does', async () => {
    const page = await ui.open({ width: 1200, height: 800, touch: false });
    await page.getByRole('button', { name: 'Teach a tag…' }).click();
    await page.getByLabel('New tag name').fill('keys');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await bar(page).waitFor();
    const hint = page.getByTestId('teach-keys');
    expect(await hint.isVisible()).toBe(true);
    expect(await hint.textContent()).toBe('Select a photo, then choose Yes or No (keys Y and N).');
    const yes = bar(page).getByRole('button', { name: '✓ Yes' });
    const no = bar(page).getByRole('button', { name: '✗ No' });
    expect(await yes.getAttribute('aria-keyshortcuts')).toBe('Y');
    expect(await no.getAttribute('aria-keyshortcuts')).toBe('N');
    expect(await yes.getAttribute('aria-describedby')).toBe('teach-keys');
    // The hint is true: a selected photo, Y, and it is marked.
    await page.getByLabel('Search photos').fill(RED);
    await page.locator(`[role=status][data-shown="${RED}"]`).waitFor({ timeout: 10_000 });
    await page.getByLabel('Search photos').press('ArrowDown');
    await page.locator('[role=option][aria-selected=true]').waitFor();
    await page.keyboard.press('y');
    await page.locator('[role=option][aria-selected=true] .mark.yes').waitFor({ timeout: 5_000 });
    expect(await bar(page).textContent()).toContain('1 yes, 0 no');
    // Sizes in rem: the bar's spacing follows the root font size.
    const gap = await bar(page).evaluate((el) => {
      document.documentElement.style.fontSize = '20px';
      return getComputedStyle(el).paddingTop;
    });
    expect(gap).toBe('10px'); // 0.5rem of 20px
    await page.context().close();
  });

  it('moves focus to the teach bar after Start, and on a phone closes the drawer first', async () => {
    const wide = await ui.open({ width: 1200, height: 800, touch: false });
    await wide.getByRole('button', { name: 'Teach a tag…' }).click();
    await wide.keyboard.type('wide focus');
    await wide.keyboard.press('Enter');
    await expect.poll(() => focused(wide)).toBe('teach-bar');
    await wide.context().close();

    const phone = await ui.open({ width: 390, height: 844, touch: true });
    const menu = phone.locator('button.menu');
    await menu.click();
    await phone.locator('#sidebar.open').waitFor();
    await phone.getByRole('button', { name: 'Teach a tag…' }).click();
    await expect.poll(() => focused(phone)).toBe('New tag name');
    expect(await phone.locator('#sidebar.open').count()).toBe(1); // opening the form keeps the drawer open
    // A refused name keeps the drawer open, with its sentence beside the field.
    await phone.keyboard.type(autoTag);
    await phone.keyboard.press('Enter');
    await phone.locator('#teach-refused').waitFor();
    expect(await phone.locator('#teach-refused').isVisible()).toBe(true);
    expect(await phone.locator('#sidebar.open').count()).toBe(1);
    await phone.getByLabel('New tag name').fill('phone focus');
    await phone.getByRole('button', { name: 'Start', exact: true }).tap();
    await expect.poll(() => focused(phone)).toBe('teach-bar');
    expect(await phone.locator('#sidebar.open').count()).toBe(0);
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await phone.locator('main').getAttribute('inert')).toBeNull();
    expect(await bar(phone).isVisible()).toBe(true);
    await phone.screenshot({ path: join(ARTIFACTS, 'teach-phone.png') });
    await phone.context().close();
  });
});
