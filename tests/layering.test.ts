// The layering rules of ARCHITECTURE.md, run through the project's real ESLint configuration: each
// forbidden import or SQL call is reported where it is forbidden and allowed where it belongs,
// including the spellings a hurried change would use to get around a rule.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/paths.js';

const eslint = new ESLint({ cwd: ROOT });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}/${file}` });
  return (result?.messages ?? []).filter((m) => m.ruleId?.startsWith('no-restricted')).map((m) => `${m.ruleId}: ${m.message}`);
}

const use = (path: string) => `import { x } from '${path}';\nexport const y = x;\n`;

describe('layering, enforced by lint', () => {
  it('allows electron only in src-main/electron/, however it is imported', async () => {
    const forms = [
      "import { app } from 'electron';\nexport const x = app;\n",
      "import { app } from 'electron/main';\nexport const x = app;\n",
      "export const x = await import('electron');\n",
      "import { createRequire } from 'node:module';\nexport const x = createRequire(import.meta.url)('electron');\n",
    ];
    for (const code of forms) {
      expect(await problems('src-main/engine/probe.ts', code), code).toEqual([expect.stringMatching(/only in src-main\/electron/)]);
      expect(await problems('src-main/tags/probe.cts', code), code).toHaveLength(1);
      expect(await problems('src-main/electron/probe.ts', code), code).toEqual([]);
    }
    expect(await problems('src-main/api/probe.ts', forms[0]!)).toHaveLength(1);
  });

  it('allows SQL only in src-main/store/, however a statement method is reached', async () => {
    const forms = [
      "db.prepare('DELETE FROM photos').run();",
      "db['prepare']('DELETE FROM photos').run();",
      'db[`exec`]("DROP TABLE tags");',
      "const { prepare } = db;\nprepare.call(db, 'DELETE FROM photos');",
      "db.prepare.bind(db)('DELETE FROM photos');",
      'const f = db.transaction;\nf(() => 1);',
      "db?.exec('DROP TABLE tags');",
    ];
    for (const body of forms) {
      const code = `declare const db: any;\n${body}\n`;
      expect(await problems('src-main/tags/probe.ts', code), body).toEqual([expect.stringMatching(/no-restricted-syntax: SQL lives in src-main\/store/)]);
      expect(await problems('src-main/store/probe.ts', code), body).toEqual([]);
    }
    expect(await problems('src-main/electron/probe.ts', "declare const db: any;\ndb.exec('x');\n")).toHaveLength(1);
    for (const code of [use('better-sqlite3'), "export const d = await import('better-sqlite3');\n", use('better-sqlite3/lib/database.js'), use('../store/database.js')]) {
      for (const file of ['src-main/search/probe.ts', 'src-main/api/probe.ts', 'src-main/cli/probe.ts', 'src-main/engine/probe.cts']) {
        expect((await problems(file, code)).length, `${file}: ${code}`).toBeGreaterThan(0);
      }
    }
  });

  it('keeps store/ below everything, and api/ and cli/ on the engine facade', async () => {
    expect(await problems('src-main/store/probe.ts', use('../search/searcher.js'))).toEqual([expect.stringMatching(/store\/ imports nothing above it/)]);
    expect(await problems('src-main/store/probe.ts', use('../embed/clip-model.js'))).toHaveLength(1);
    expect(await problems('src-main/store/probe.ts', use('../embed/vectors.js'))).toEqual([]);
    expect(await problems('src-main/store/probe.ts', use('../errors.js'))).toEqual([]);
    expect(await problems('src-main/store/probe.ts', use('./photos.js'))).toEqual([]);
    for (const [file, path] of [
      ['src-main/cli/probe.ts', '../store/photos.js'],
      ['src-main/api/probe.ts', '../tags/tagger.js'],
      ['src-main/api/sub/probe.ts', '../../store/library.js'],
      ['src-main/api/probe.ts', './../store/library.js'],
      ['src-main/api/probe.ts', '../engine/../store/library.js'],
      ['src-main/api/probe.ts', 'onnxruntime-node'],
      ['src-main/cli/probe.ts', 'hnswlib-node'],
      ['src-main/cli/probe.ts', '../api/service.js'],
    ]) {
      expect((await problems(file!, use(path!))).length, `${file} -> ${path}`).toBeGreaterThan(0);
    }
    expect(await problems('src-main/api/probe.ts', "export const m = await import('../store/library.js');\n")).toHaveLength(1);
    expect(await problems('src-main/api/probe.ts', use('../engine/engine.js'))).toEqual([]);
    expect(await problems('src-main/cli/probe.ts', use('../../src-shared/api.js'))).toEqual([]);
    expect(await problems('src-main/cli/probe.ts', use('../web/serve.js'))).toEqual([]);
  });

  it('keeps the renderer and the contract off the main side, in .ts and .svelte files', async () => {
    const main = '../../../src-main/engine/engine.js';
    for (const code of [use(main), use('node:fs'), use('fs'), use('electron/renderer'), use('better-sqlite3'), `export const m = await import('${main}');\n`]) {
      expect((await problems('src-renderer/src/lib/probe.ts', code)).length, code).toBeGreaterThan(0);
    }
    expect((await problems('src-renderer/src/components/Probe.svelte', `<script lang="ts">\n  import { Engine } from '${main}';\n  const e = Engine;\n</script>\n<p>{e}</p>\n`)).length).toBeGreaterThan(0);
    expect((await problems('src-shared/probe.ts', "export { Engine } from '../src-main/engine/engine.js';\n")).length).toBeGreaterThan(0);
    expect((await problems('src-shared/probe.ts', use('node:path'))).length).toBeGreaterThan(0);
    expect(await problems('src-renderer/src/lib/probe.ts', use('../../../src-shared/api.js'))).toEqual([]);
    expect(await problems('src-renderer/src/components/Probe.svelte', "<script lang=\"ts\">\n  import { BRIDGE_NAME } from '../../../src-shared/api.js';\n</script>\n<p>{BRIDGE_NAME}</p>\n")).toEqual([]);
  });
});
