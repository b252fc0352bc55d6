// The layering rules of ARCHITECTURE.md, run through the project's real ESLint configuration: each
// forbidden import or SQL call is reported where it is forbidden and allowed where it belongs.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/paths.js';

const eslint = new ESLint({ cwd: ROOT });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}/${file}` });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layering, enforced by lint', () => {
  it('allows electron only in src-main/electron/', async () => {
    const code = "import { app } from 'electron';\nexport const x = app;\n";
    expect(await problems('src-main/engine/probe.ts', code)).toEqual([expect.stringMatching(/no-restricted-imports: .*only in src-main\/electron/)]);
    expect(await problems('src-main/api/probe.ts', code)).toHaveLength(1);
    expect(await problems('src-main/electron/probe.ts', code)).toEqual([]);
  });

  it('allows SQL only in src-main/store/', async () => {
    const code = "declare const db: { prepare(sql: string): { run(): void } };\ndb.prepare('DELETE FROM photos').run();\n";
    expect(await problems('src-main/tags/probe.ts', code)).toEqual([expect.stringMatching(/no-restricted-syntax: SQL lives in src-main\/store/)]);
    expect(await problems('src-main/electron/probe.ts', code)).toHaveLength(1);
    expect(await problems('src-main/store/probe.ts', code)).toEqual([]);
    expect(await problems('src-main/search/probe.ts', "import Database from 'better-sqlite3';\nexport const d = Database;\n")).toHaveLength(1);
  });

  it('keeps store/ below everything, and api/ and cli/ on the engine facade', async () => {
    const use = (path: string) => `import { x } from '${path}';\nexport const y = x;\n`;
    expect(await problems('src-main/store/probe.ts', use('../search/searcher.js'))).toEqual([expect.stringMatching(/store\/ imports nothing above it/)]);
    expect(await problems('src-main/store/probe.ts', use('../embed/vectors.js'))).toEqual([]);
    expect(await problems('src-main/cli/probe.ts', use('../store/photos.js'))).toEqual([expect.stringMatching(/Engine facade/)]);
    expect(await problems('src-main/api/probe.ts', use('../tags/tagger.js'))).toEqual([expect.stringMatching(/Engine facade/)]);
    expect(await problems('src-main/api/probe.ts', use('../engine/engine.js'))).toEqual([]);
    expect(await problems('src-main/cli/probe.ts', use('../../src-shared/api.js'))).toEqual([]);
  });

  it('keeps the renderer on src-shared/', async () => {
    const use = (path: string) => `import { x } from '${path}';\nexport const y = x;\n`;
    expect(await problems('src-renderer/src/lib/probe.ts', use('../../../src-main/engine/engine.js'))).toEqual([expect.stringMatching(/src-renderer imports only src-shared/)]);
    expect(await problems('src-renderer/src/lib/probe.ts', use('node:fs'))).toHaveLength(1);
    expect(await problems('src-renderer/src/lib/probe.ts', use('../../../src-shared/api.js'))).toEqual([]);
  });
});
