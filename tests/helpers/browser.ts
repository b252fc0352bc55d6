// Debian's Chromium driven by playwright-core (`npx playwright install` cannot download here).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { ApiService } from '../../src-main/api/service.js';
import { startWebServer, type RunningServer } from '../../src-main/web/server.js';
import { ROOT } from './paths.js';
import { openScreen, type PageOptions, type Screen } from './screens.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, 'test-artifacts');

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`The UI tests need Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-gpu'],
  });
}

export interface OpenUi {
  web: RunningServer;
  browser: Browser;
  page: Page;
  close: () => Promise<void>;
}

export interface ServedUi {
  web: RunningServer;
  browser: Browser;
  /** A new page at `screen`'s size on the served UI, ready (see openScreen). */
  open: (screen: Pick<Screen, 'width' | 'height' | 'touch'>, opts?: PageOptions) => Promise<Page>;
  close: () => Promise<void>;
}

/** The built UI (dist-renderer) served for `service` in web mode on a free port, and a Chromium to open it in. */
export async function serveUi(service: ApiService): Promise<ServedUi> {
  const web = await startWebServer(service, { port: 0, staticDir: join(ROOT, 'dist-renderer') });
  const browser = await launchBrowser();
  return {
    web,
    browser,
    open: (screen, opts) => openScreen(browser, web.url, screen, opts),
    close: async () => {
      await browser.close();
      await web.close();
    },
  };
}

/** The built UI served for `service` in web mode, opened in Chromium (en-US, 1200x`height`) and ready to search. */
export async function openUi(service: ApiService, height = 760): Promise<OpenUi> {
  const { web, browser } = await serveUi(service);
  const page = await browser.newPage({ viewport: { width: 1200, height }, locale: 'en-US' });
  page.on('pageerror', (err) => console.error('page error:', err.message));
  await page.goto(web.url);
  await page.getByLabel('Search photos').waitFor();
  return {
    web,
    browser,
    page,
    close: async () => {
      await browser.close();
      await web.close();
    },
  };
}

/** Opens the search's filters panel (behind its "Filters" button, which shows how many are set) when it is closed. */
export async function showFilters(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: /^(Filters|필터)/ });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
}
