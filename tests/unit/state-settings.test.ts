import { describe, expect, it } from 'vitest';
import type { PizhuDatabase } from '../../src-renderer/db/database.ts';
import { testDatabases } from '../support/testDatabases.ts';
import { ReadingPositions } from '../../src-renderer/state/readingPositions.ts';
import { NO_LIBRARY } from '../../src-renderer/core/userRows.ts';
import { DEFAULT_SETTINGS, FONT_SIZE, scriptFor, SettingsState, settingsFromRows } from '../../src-renderer/state/settings.svelte.ts';

const databases = testDatabases('pizhu-settings');
const freshDb = (name?: string): PizhuDatabase => databases.open(name);

describe('SettingsState', () => {
  it('starts with the defaults: 简体中文 UI, 原文, light', async () => {
    const settings = new SettingsState(freshDb());
    await settings.load();
    expect(settings.uiLanguage).toBe('zh-Hans');
    expect(settings.script).toBe('original');
    expect(settings.theme).toBe('light');
    expect(settings.fontSize).toBe(FONT_SIZE.default);
  });

  it('persists every setting across a restart', async () => {
    const name = databases.freshName();
    const first = new SettingsState(freshDb(name));
    first.set('uiLanguage', 'en');
    first.set('script', 'tw');
    first.set('twPhrases', true);
    first.set('ruby', true);
    first.set('theme', 'sepia');
    first.set('lastArticleKey', '003_8e5f95533d67e5a9.txt');
    first.set('librarySort', 'title');
    first.changeFontSize(1);
    first.changeFontSize(1);
    first.set('passageExtent', 'paragraph');
    await first.flush();

    const second = new SettingsState(freshDb(name));
    await second.load();
    expect(second.uiLanguage).toBe('en');
    expect(second.viewScript).toBe('twp');
    expect(second.ruby).toBe(true);
    expect(second.theme).toBe('sepia');
    expect(second.fontSize).toBe(FONT_SIZE.default + 2);
    expect(second.lastArticleKey).toBe('003_8e5f95533d67e5a9.txt');
    expect(second.librarySort).toBe('title');
    expect(second.passageExtent).toBe('paragraph');
  });

  it('a setting changed while the stored ones are read keeps its new value; the others take theirs', async () => {
    const name = databases.freshName();
    const first = new SettingsState(freshDb(name));
    first.set('theme', 'dark');
    first.set('uiLanguage', 'en');
    await first.flush();

    // The window is used before its settings are read: a language is picked in the meantime.
    const second = new SettingsState(freshDb(name));
    const loading = second.load();
    second.set('uiLanguage', 'zh-Hant');
    await loading;
    expect(second.uiLanguage).toBe('zh-Hant');
    expect(second.theme).toBe('dark');
    await second.flush();

    const third = new SettingsState(freshDb(name));
    await third.load();
    expect(third.uiLanguage).toBe('zh-Hant');
    expect(third.theme).toBe('dark');
  });

  it('refuses invalid values and ignores bad stored ones', async () => {
    const settings = new SettingsState(null);
    settings.set('fontSize', 500);
    settings.set('theme', 'neon' as never);
    expect(settings.fontSize).toBe(FONT_SIZE.default);
    expect(settings.theme).toBe('light');
    const loaded = settingsFromRows(new Map<string, unknown>([['theme', 'neon'], ['fontSize', '20'], ['script', 'hk'], ['uiLanguage', 'fr'], ['passageExtent', 'word']]));
    expect(loaded).toEqual({ ...DEFAULT_SETTINGS, script: 'hk' });
    expect(loaded.passageExtent).toBe('sentence');
  });

  it('keeps the pane toggles and the measure only when they are valid', () => {
    const loaded = settingsFromRows(
      new Map<string, unknown>([
        ['libraryPane', false],
        ['outlinePane', 'yes'],
        ['measure', 99],
      ]),
    );
    expect(loaded.libraryPane).toBe(false);
    expect(loaded.outlinePane).toBe(null);
    expect(loaded.measure).toBe(38);
    expect(settingsFromRows(new Map<string, unknown>([['measure', 24]])).measure).toBe(24);
    expect(settingsFromRows(new Map<string, unknown>([['measure', 24.5]])).measure).toBe(38);
  });

  it('keeps typeface, line height and justification only when they are valid, and stores them', async () => {
    const rows = (entries: [string, unknown][]) => settingsFromRows(new Map<string, unknown>(entries));
    expect(rows([]).readingFont).toBe('serif');
    expect(rows([]).lineHeight).toBe(1.9);
    expect(rows([]).justify).toBe(false);
    expect(rows([['readingFont', 'kai'], ['lineHeight', 1.6], ['justify', true]])).toMatchObject({ readingFont: 'kai', lineHeight: 1.6, justify: true });
    expect(rows([['readingFont', 'Comic Sans'], ['lineHeight', 1.65], ['justify', 'yes']])).toMatchObject({ readingFont: 'serif', lineHeight: 1.9, justify: false });
    expect(rows([['lineHeight', 1.3]]).lineHeight).toBe(1.9);
    expect(rows([['lineHeight', 2.5]]).lineHeight).toBe(1.9);
    expect(rows([['lineHeight', 2.4]]).lineHeight).toBe(2.4);
    expect(rows([['lineHeight', Number.NaN]]).lineHeight).toBe(1.9);

    const db = freshDb();
    const settings = new SettingsState(db);
    await settings.load();
    settings.set('readingFont', 'sans');
    settings.set('lineHeight', 2.2);
    settings.set('justify', true);
    settings.set('lineHeight', 9);
    expect(settings.lineHeight).toBe(2.2);
    await settings.flush();
    const again = new SettingsState(db);
    await again.load();
    expect([again.readingFont, again.lineHeight, again.justify]).toEqual(['sans', 2.2, true]);
  });

  it('clamps font size and resets it', () => {
    const settings = new SettingsState(null);
    for (let i = 0; i < 50; i++) settings.changeFontSize(1);
    expect(settings.fontSize).toBe(FONT_SIZE.max);
    for (let i = 0; i < 50; i++) settings.changeFontSize(-1);
    expect(settings.fontSize).toBe(FONT_SIZE.min);
    settings.changeFontSize(0);
    expect(settings.fontSize).toBe(FONT_SIZE.default);
  });

  it('uses Taiwan phrasing only with the 臺灣 choice', () => {
    expect(scriptFor('tw', true)).toBe('twp');
    expect(scriptFor('tw', false)).toBe('tw');
    expect(scriptFor('hk', true)).toBe('hk');
  });
});

describe('ReadingPositions', () => {
  it('debounces writes and answers from what is pending', async () => {
    const db = freshDb();
    const positions = new ReadingPositions(db, 30);
    positions.save('a.txt', 'f1', { blockIndex: 3, fraction: 0.25, offset: 120 });
    positions.save('a.txt', 'f1', { blockIndex: 5, fraction: 0.5, offset: 300 });
    expect((await positions.get('a.txt'))?.blockIndex).toBe(5);
    expect(await db.libraryReading.count()).toBe(0);
    await new Promise((r) => setTimeout(r, 80));
    // The timer has written it without an explicit flush.
    await positions.flush();
    expect(await db.libraryReading.get([NO_LIBRARY, 'a.txt'])).toMatchObject({ blockIndex: 5, fraction: 0.5, offset: 300, fingerprint: 'f1' });
  });

  it('survives a restart', async () => {
    const name = databases.freshName();
    const positions = new ReadingPositions(freshDb(name));
    positions.save('b.txt', null, { blockIndex: 9, fraction: 0.1, offset: 999 });
    await positions.flush();
    const again = new ReadingPositions(freshDb(name));
    expect(await again.get('b.txt')).toMatchObject({ blockIndex: 9, offset: 999 });
    expect(await again.get('nothing.txt')).toBeUndefined();
  });
});
