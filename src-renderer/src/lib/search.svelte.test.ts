// The search state against the real web mode (tiny-clip, a generated library), over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type RunningServer } from '../../../src-main/web/server';
import { indexedService, type IndexedService } from '../../../tests/helpers/service';
import { Errors } from './errors.svelte';
import { SearchState } from './search.svelte';
import { httpClient } from './transport';

describe('SearchState', () => {
  let ctx: IndexedService;
  let web: RunningServer;
  let errors: Errors;
  let search: SearchState;

  beforeAll(async () => {
    ctx = await indexedService(1);
    web = await startWebServer(ctx.service, { port: 0 });
    errors = new Errors();
    search = new SearchState(httpClient(`http://127.0.0.1:${web.port}`, web.token), errors, 20);
  });
  afterAll(async () => {
    await web?.close();
    await ctx?.close();
  });

  it('shows the latest photos for an empty query', async () => {
    await search.run();
    expect(search.hits).toHaveLength(24);
    expect(search.shown).toBe('');
  });

  it('keeps only the newest answer when queries overlap', async () => {
    search.setQuery('a photo of a red circle');
    const first = search.run();
    search.query = 'a photo of a blue star';
    const second = search.run();
    await Promise.all([first, second]);
    expect(search.shown).toBe('a photo of a blue star');
    expect(search.hits[0]?.name).toMatch(/^blue-star/);
  });

  it('searches shortly after typing stops', async () => {
    search.setQuery('a photo of a green square');
    await new Promise((r) => setTimeout(r, 400));
    expect(search.shown).toBe('a photo of a green square');
    expect(search.hits[0]?.name).toMatch(/^green-square/);
  });

  it('says "no good match" for something the model does not know', async () => {
    search.setQuery('a photo of a dog');
    await search.run();
    expect(search.result?.noGoodMatch).toBe(true);
    expect(search.hits).toEqual([]);
  });

  it('finds photos like one, and filters by folder', async () => {
    search.setQuery('star');
    await search.run();
    const star = search.hits[0]!;
    await search.showSimilar(star);
    expect(search.shown).toBe(`similar:${star.id}`);
    expect(search.hits.map((h) => h.id)).not.toContain(star.id);
    await search.clearSimilar();
    search.setFilters({ folder: '/nowhere' });
    await search.run();
    expect(search.hits).toEqual([]);
    search.setFilters({});
  });

  it('reports a failed call through the one error handler', async () => {
    const broken = new SearchState(httpClient(`http://127.0.0.1:${web.port}`, 'wrong-token'), errors, 0);
    broken.setQuery('star');
    await broken.run();
    expect(errors.notices.at(-1)?.message).toMatch(/not connected to your photos/);
  });
});
