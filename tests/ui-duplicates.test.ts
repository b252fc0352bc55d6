// The duplicates review in web mode, in Chromium: groups side by side with their figures, the
// suggested photo to keep and another chosen instead, the others' paths to copy, and a group
// dismissed for good. (The desktop's trash action is tested through the IPC handler with a fake
// trash function: tests/electron-shell.test.ts.)
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiService } from '../src-main/api/service.js';
import { ARTIFACTS, openUi, type OpenUi } from './helpers/browser.js';
import { writeDuplicatePhotos } from './helpers/duplicate-scenes.js';

describe('duplicates review (web mode)', () => {
  let root: string;
  let service: ApiService;
  let ui: OpenUi;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'photo-search-ui-dups-'));
    const photos = join(root, 'photos');
    mkdirSync(photos);
    await writeDuplicatePhotos(photos);
    service = new ApiService({ libraryDir: join(root, 'library'), model: 'tiny-clip', device: 'cpu', watch: false });
    await service.start();
    const added = await service.call('folders.add', { path: photos });
    if (!added.ok) throw new Error(added.error.message);
    await service.settled();
    ui = await openUi(service, 900);
    await ui.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  }, 300_000);

  afterAll(async () => {
    await ui?.close();
    await service?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('shows each group side by side with its figures, and the suggested photo to keep', async () => {
    const { page } = ui;
    await page.getByRole('button', { name: 'Duplicates' }).click();
    const beach = page.getByRole('region', { name: 'Copies of one picture (6 files)' });
    await beach.waitFor();
    await expect.poll(() => page.getByRole('region', { name: /^Similar shots/ }).count()).toBe(1);
    const text = await beach.innerText();
    for (const expected of ['1200 × 900', '600 × 450', 'WebP', 'JPEG', 'Identical file.', 'Suggested']) expect(text).toContain(expected);
    expect(text).toMatch(/perceptual hashes \d+ of 256 bits apart, colours within \d+\.\d%, similarity 0\.99\d\d/);
    expect(text).not.toMatch(/similarity 1(\.0+)?\b/); // the real figure, never a rounded 1
    // The suggested keeper is the original, checked; the others say "Remove".
    const kept = beach.getByRole('radio', { checked: true });
    expect(await kept.count()).toBe(1);
    expect(await beach.locator('.card.kept').innerText()).toContain('beach.jpg');
    // No trash in web mode: the others' paths instead.
    expect(await beach.getByRole('button', { name: /Trash/ }).count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'duplicates.png') });
  });

  it('lets the person keep another photo, and copies the others\' paths', async () => {
    const { page } = ui;
    const beach = page.getByRole('region', { name: 'Copies of one picture (6 files)' });
    await beach.locator('.card', { hasText: 'beach.webp' }).getByRole('radio').check();
    expect(await beach.locator('.card.kept').innerText()).toContain('beach.webp');
    await beach.getByRole('button', { name: 'Copy 5 paths' }).click();
    await beach.getByRole('button', { name: 'Copied' }).waitFor();
    const clipboard = await page.evaluate(() => navigator.clipboard.readText());
    const lines = clipboard.split('\n');
    expect(lines).toHaveLength(5);
    expect(lines.some((l) => l.endsWith('beach.webp'))).toBe(false);
    expect(lines.some((l) => l.endsWith('/beach.jpg'))).toBe(true);
    await beach.getByRole('button', { name: 'Show paths' }).click();
    expect((await beach.getByRole('textbox', { name: 'Paths of the photos not kept' }).inputValue()).split('\n').sort()).toEqual(lines.sort());
  });

  it('dismisses a group for good: gone now, and after a reload', async () => {
    const { page } = ui;
    const shots = page.getByRole('region', { name: /^Similar shots/ });
    await shots.getByRole('button', { name: 'Not duplicates' }).click();
    await expect.poll(() => shots.count()).toBe(0);
    await page.reload(); // the address keeps the view: Duplicates again, its "Not duplicates" buttons beside the sidebar's
    await page.getByRole('button', { name: 'Duplicates', exact: true }).click();
    await page.getByRole('region', { name: 'Copies of one picture (6 files)' }).waitFor();
    expect(await page.getByRole('region', { name: /^Similar shots/ }).count()).toBe(0);
    // Moving files to the trash is the desktop app's: web mode refuses it.
    const r = await service.call('photos.trash', { ids: [1] });
    expect(r.ok ? 'ok' : r.error.code).toBe('unsupported');
  });
});
