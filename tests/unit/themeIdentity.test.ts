import { describe, expect, it } from 'vitest';
import { tagChoices } from '../../src-renderer/state/tagChoices.ts';
import { findTheme, isLiveTheme, mergeThemes, newTheme, normalizeAliases, rename, retag, themeKey, themeNames, type ThemeFields } from '../../src-renderer/core/themeIdentity.ts';

const theme = (id: string, name: string, more: Partial<ThemeFields> = {}): ThemeFields => ({ id, key: themeKey(name), name, aliases: [], color: '', description: '', parentId: null, updatedAt: 0, deletedAt: null, ...more });

describe('theme identity', () => {
  it('is the search key: 营商环境 = 營商環境 = 营商環境, punctuation and spaces aside', () => {
    expect(themeKey('營商環境')).toBe('营商环境');
    expect(themeKey(' 营商環境 ')).toBe('营商环境');
    expect(themeKey('“营商 环境”')).toBe('营商环境');
    expect(themeKey('人才')).not.toBe(themeKey('人材'));
    expect(themeKey('，。')).toBe('');
  });

  it('finds a theme by any script of its name', () => {
    const themes = [theme('a', '营商环境'), theme('b', '人才')];
    expect(findTheme(themes, '營商環境')?.id).toBe('a');
    expect(findTheme(themes, '招商引资')).toBeUndefined();
  });

  it('keeps one name per key among name and aliases', () => {
    expect(themeNames({ name: '营商环境', aliases: ['營商環境', '营商', ' 营商 ', ''] })).toEqual(['营商环境', '营商']);
    expect(normalizeAliases('营商环境', ['營商環境', '营商'])).toEqual(['营商']);
  });
});

describe('rename', () => {
  const themes = [theme('a', '营商环境'), theme('b', '人才', { aliases: ['人材'] })];

  it('changes name and key, and drops an alias the new name makes redundant', () => {
    const r = rename(themes, themes[1], '人材');
    expect(r).toEqual({ ok: true, theme: { ...themes[1], name: '人材', key: '人材', aliases: [] } });
  });

  it('allows a change of script of the same theme', () => {
    const r = rename(themes, themes[0], '營商環境');
    expect(r.ok && r.theme.name).toBe('營商環境');
  });

  it("refuses another theme's name, in any script, and an empty one", () => {
    expect(rename(themes, themes[1], '營商環境')).toEqual({ ok: false, reason: 'taken', other: themes[0] });
    expect(rename(themes, themes[1], '  。')).toEqual({ ok: false, reason: 'empty' });
  });
});

describe('merge', () => {
  it("keeps the target's identity and gains the other's names as aliases", () => {
    const from = theme('f', '营商环境', { aliases: ['营商'], description: '办事效率', color: 'green' });
    const into = theme('i', '投资环境', { color: 'blue' });
    expect(mergeThemes(from, into)).toEqual({ ...into, aliases: ['营商环境', '营商'], description: '办事效率', color: 'blue' });
  });

  it('retags without duplicates', () => {
    expect(retag(['x', 'f', 'i'], 'f', 'i')).toEqual(['x', 'i']);
    expect(retag(['f'], 'f', 'i')).toEqual(['i']);
    expect(retag(['x'], 'f', 'i')).toEqual(['x']);
  });
});

describe('theme picker choices', () => {
  const tag = (id: string, name: string, aliases: string[] = []) => ({ id, key: themeKey(name), name, aliases, color: '', description: '', parentId: null, updatedAt: 0, deletedAt: null });
  const tags = [tag('a', '营商环境', ['投资环境']), tag('b', '人才')];

  it('offers existing themes by any part of the name or an alias, in any script', () => {
    expect(tagChoices(tags, [], '營商')).toEqual([{ name: '营商环境', isNew: false }, { name: '營商', isNew: true }]);
    expect(tagChoices(tags, [], '投資')).toEqual([{ name: '营商环境', isNew: false }, { name: '投資', isNew: true }]);
  });

  it('offers frequent terms that are not themes, then the typed name as a new theme', () => {
    expect(tagChoices(tags, ['营商环境', '招商引资'], '招商')).toEqual([{ name: '招商引资', isNew: true }, { name: '招商', isNew: true }]);
    expect(tagChoices(tags, [], '招商引資')).toEqual([{ name: '招商引資', isNew: true }]);
  });

  it('never offers the typed name as new when a theme has its key', () => {
    expect(tagChoices(tags, [], '人才')).toEqual([{ name: '人才', isNew: false }]);
    expect(tagChoices(tags, [], '  ')).toEqual([
      { name: '营商环境', isNew: false },
      { name: '人才', isNew: false },
    ]);
  });
});

describe('new, live and trimmed themes', () => {
  it('makes a new theme from a trimmed name, with the given colour, memo and parent, live', () => {
    expect(newTheme('t1', '  人才 ', 42)).toEqual({ id: 't1', key: '人才', name: '人才', aliases: [], color: '', description: '', parentId: null, updatedAt: 42, deletedAt: null });
    expect(newTheme('t2', '營商環境', 7, { color: 'green', description: '企业办事的环境', parentId: 't1' })).toEqual({
      id: 't2', key: '营商环境', name: '營商環境', aliases: [], color: 'green', description: '企业办事的环境', parentId: 't1', updatedAt: 7, deletedAt: null,
    });
  });

  it('is live until it has a deletion time', () => {
    expect(isLiveTheme({ deletedAt: null })).toBe(true);
    expect(isLiveTheme({ deletedAt: 0 })).toBe(false);
    expect(isLiveTheme({ deletedAt: 1_700_000_000_000 })).toBe(false);
  });

  it('lists and renames with names trimmed of the spaces typed around them', () => {
    expect(themeNames({ name: ' 营商环境 ', aliases: ['  招商引资'] })).toEqual(['营商环境', '招商引资']);
    const result = rename([theme('a', '人才')], theme('a', '人才'), '  人才引进  ');
    expect(result).toEqual({ ok: true, theme: { id: 'a', key: '人才引进', name: '人才引进', aliases: [], color: '', description: '', parentId: null, updatedAt: 0, deletedAt: null } });
  });

  it('takes the other theme\'s memo in a merge when the target\'s is only spaces', () => {
    const merged = mergeThemes(theme('b', '营商', { description: '办事环境' }), theme('a', '营商环境', { description: '  ' }));
    expect(merged.description).toBe('办事环境');
  });
});
