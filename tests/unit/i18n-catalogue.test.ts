import { describe, expect, it } from 'vitest';
import { ARTICLE_ERROR_MESSAGES, CATALOGUES, LANGUAGE_NAMES, UI_LANGUAGES, format } from '../../src-renderer/i18n/messages.ts';
import { I18n } from '../../src-renderer/i18n/i18n.svelte.ts';

const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  const reference = Object.keys(CATALOGUES['zh-Hans']).sort();

  for (const lang of UI_LANGUAGES) {
    it(`${lang} has every key, none empty, with the same parameters`, () => {
      const catalogue = CATALOGUES[lang];
      expect(Object.keys(catalogue).sort()).toEqual(reference);
      for (const key of reference) {
        const text = catalogue[key as keyof typeof catalogue];
        expect(text.trim(), `${lang} ${key}`).not.toBe('');
        expect(params(text), `${lang} ${key}`).toEqual(params(CATALOGUES['zh-Hans'][key as keyof typeof catalogue]));
      }
    });
    it(`${lang} has a language name`, () => expect(LANGUAGE_NAMES[lang]).toBeTruthy());
  }

  it('has an error message for every article error code', () => {
    for (const key of Object.values(ARTICLE_ERROR_MESSAGES)) expect(reference).toContain(key);
  });

  it('English text is not left in Chinese', () => {
    const leftovers = Object.entries(CATALOGUES.en).filter(([key, text]) => /[\u4e00-\u9fff]/.test(text) && key !== 'app.name');
    expect(leftovers).toEqual([]);
  });

  it('traditional catalogue is not the simplified one', () => {
    expect(CATALOGUES['zh-Hant']['library.filter']).toBe('篩選文章');
    expect(CATALOGUES['zh-Hans']['library.filter']).toBe('筛选文章');
  });
});

describe('format and t', () => {
  it('fills parameters and leaves unknown ones visible', () => {
    expect(format('{count} 字', { count: 3 })).toBe('3 字');
    expect(format('{a} {b}', { a: 1 })).toBe('1 {b}');
  });

  it('follows the current language', () => {
    const i18n = new I18n();
    expect(i18n.t('font.increase')).toBe('增大字号');
    i18n.lang = 'zh-Hant';
    expect(i18n.t('font.increase')).toBe('放大字級');
    i18n.lang = 'en';
    expect(i18n.t('library.chars', { count: 12 })).toBe('12 characters');
  });
});
