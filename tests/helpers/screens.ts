// The screens the UI must work on, and a page opened as each: a phone (390x844, touch), a small
// window (800x600) and a large monitor (1440x900), in a colour scheme and a language.
import type { Browser, Page } from 'playwright-core';

export interface Screen {
  name: string;
  width: number;
  height: number;
  touch: boolean;
}

export const SCREENS: readonly Screen[] = [
  { name: 'phone', width: 390, height: 844, touch: true },
  { name: 'small', width: 800, height: 600, touch: false },
  { name: 'large', width: 1440, height: 900, touch: false },
];

export interface PageOptions {
  scheme?: 'light' | 'dark';
  locale?: string;
  scale?: number; // deviceScaleFactor
}

/** A new page at `screen`'s size, opened at `url` and ready (the search box, or `ready` when given). */
export async function openScreen(browser: Browser, url: string, screen: Pick<Screen, 'width' | 'height' | 'touch'>, opts: PageOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: screen.width, height: screen.height },
    hasTouch: screen.touch,
    isMobile: screen.touch,
    deviceScaleFactor: opts.scale ?? (screen.touch ? 3 : 1),
    locale: opts.locale ?? 'en-US',
    colorScheme: opts.scheme ?? 'light',
  });
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('page error:', err.message));
  await page.goto(url);
  await page.locator('#search').waitFor();
  return page;
}

/** What sticks out sideways: the page's own scroll width, and visible controls that end past the right edge. */
export async function overflow(page: Page): Promise<{ scrollWidth: number; width: number; outside: string[] }> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const outside = [...document.querySelectorAll<HTMLElement>('button, input, select, a[href], [role=option]')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        return r.width > 0 && style.visibility !== 'hidden' && !el.closest('[inert]') && (r.right > width + 1 || r.left < -1) && !el.closest('.sidebar:not(.open)') && !el.classList.contains('skip-link');
      })
      .map((el) => `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}" ${Math.round(el.getBoundingClientRect().left)}..${Math.round(el.getBoundingClientRect().right)}`);
    return { scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth), width, outside };
  });
}

/** Visible controls smaller than `min` CSS px in either direction. */
export async function smallTargets(page: Page, min = 44): Promise<string[]> {
  return page.evaluate((min) => {
    return [...document.querySelectorAll<HTMLElement>('button, input:not([type=checkbox]):not([type=radio]), select, a[href]')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        const s = getComputedStyle(el);
        if (r.width === 0 || s.visibility === 'hidden' || el.closest('[inert]') || el.classList.contains('skip-link') || el.getAttribute('role') === 'option') return false;
        return r.height < min - 0.5 || r.width < min - 0.5;
      })
      .map((el) => `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}" ${Math.round(el.getBoundingClientRect().width)}x${Math.round(el.getBoundingClientRect().height)}`);
  }, min);
}
