import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../src-shared/api';
import { hintFor, multilingualChoice, readsScript, scriptOf } from './language-hint';

const model = (id: string, languages: string[], extra: Partial<ModelInfo> = {}) =>
  ({ id, title: id, languages, languagesText: languages.join(', '), demo: false, sizeMB: 100, downloaded: false, active: false, ...extra }) as ModelInfo;

describe('the language hint', () => {
  it('knows which scripts an English-only model cannot read, and which model to offer', () => {
    expect([scriptOf('해변의 강아지'), scriptOf('すし'), scriptOf('海边的狗'), scriptOf('a dog on the beach'), scriptOf('café')]).toEqual(['hangul', 'kana', 'cjk', null, null]);
    const models = [model('clip-vit-b-32', ['en'], { active: true }), model('xlm-large', ['en', 'ko', 'ja', 'zh'], { sizeMB: 2400 }), model('xlm-base', ['en', 'ko', 'ja', 'zh'], { sizeMB: 1150 })];
    expect(hintFor('강아지', models)?.model?.id).toBe('xlm-base'); // the smallest download
    expect(hintFor('a dog', models)).toBeNull();
    expect(hintFor('강아지', models.map((m) => ({ ...m, active: m.id === 'xlm-large' })))).toBeNull(); // already multilingual
    // A tag looked up by its Korean name is not words for the model: no hint (a new user's finding).
    expect(hintFor('tag:"노란 삼각형"', models)).toBeNull();
    expect(hintFor('tag:빨강', models)).toBeNull();
    expect(hintFor('ｔａｇ：빨강', models)).toBeNull(); // the full-width form a Korean input method types
    expect(hintFor('tag:빨강 강아지', models)?.model?.id).toBe('xlm-base');
  });

  it('follows the languages a model declares, not its name', () => {
    const ko = model('tiny-clip-ko', ['en', 'ko'], { demo: true, downloaded: true, sizeMB: 9 });
    const ja = model('some-japanese-clip', ['ja'], { sizeMB: 300 });
    expect(readsScript(ko, 'hangul')).toBe(true);
    expect(readsScript(ko, 'kana')).toBe(false);
    expect(readsScript(model('x', ['ko-KR']), 'hangul')).toBe(true); // a region subtag still reads as Korean
    // A Korean query with the bilingual model in use: no hint. A Japanese one: the model that reads Japanese.
    const models = [{ ...ko, active: true }, { ...ja, demo: true }, model('tiny-clip', ['en'], { demo: true, downloaded: true })];
    expect(hintFor('빨간 원', models)).toBeNull();
    expect(hintFor('赤い丸', models)?.model?.id).toBe('some-japanese-clip');
    // No model of the bundled kind reads Japanese: the hint still says why the search finds little, with no switch.
    const bundledOnly = [{ ...ko, active: true }, model('tiny-clip', ['en'], { demo: true, downloaded: true })];
    expect(hintFor('赤い丸', bundledOnly)).toMatchObject({ script: 'kana', active: { id: 'tiny-clip-ko' }, model: null });
    expect(hintFor('красный круг', bundledOnly)).toBeNull(); // Cyrillic: not a script the hint knows to be unread
    // The demo models are offered for a demo model only: a real English model gets a real multilingual one.
    const real = [model('clip-vit-b-32', ['en'], { active: true, downloaded: true }), ko, model('xlm-base', ['en', 'ko'], { sizeMB: 1150 })];
    expect(hintFor('빨간 원', real)?.model?.id).toBe('xlm-base');
    expect(multilingualChoice([model('tiny-clip', ['en'], { demo: true, active: true }), ko, model('xlm-base', ['en', 'ko'])])?.id).toBe('tiny-clip-ko');
  });
});
