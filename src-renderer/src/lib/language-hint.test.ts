import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../src-shared/api';
import { hintFor, scriptOf } from './language-hint';

describe('the language hint', () => {
  it('knows which scripts an English-only model cannot read, and which model to offer', () => {
    expect([scriptOf('해변의 강아지'), scriptOf('すし'), scriptOf('海边的狗'), scriptOf('a dog on the beach'), scriptOf('café')]).toEqual(['hangul', 'kana', 'cjk', null, null]);
    const model = (id: string, languages: string, extra: Partial<ModelInfo> = {}) => ({ id, title: id, languages, sizeMB: 100, downloaded: false, active: false, ...extra }) as ModelInfo;
    const models = [model('clip-vit-b-32', 'English', { active: true }), model('xlm-large', '100 languages', { sizeMB: 2400 }), model('xlm-base', '100 languages', { sizeMB: 1150 })];
    expect(hintFor('강아지', models)?.model.id).toBe('xlm-base'); // the smallest download
    expect(hintFor('a dog', models)).toBeNull();
    expect(hintFor('강아지', models.map((m) => ({ ...m, active: m.id === 'xlm-large' })))).toBeNull(); // already multilingual
  });

});
