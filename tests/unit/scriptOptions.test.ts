// What the reader adds to a view (corner quotes, the user's overrides), find under Taiwan
// phrasing, overrides kept in the database and in backups, and highlights made before the
// views learned the source script. Expected strings are written by hand.
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { anchorAll, canonicalRangeToView } from '../../src-renderer/core/anchor.ts';
import { CLEAN_VERSION } from '../../src-renderer/core/clean.ts';
import { loadArticle } from '../../src-renderer/core/article.ts';
import { clearViewCache, view } from '../../src-renderer/core/scriptView.ts';
import { convertText } from '../../src-renderer/core/scriptText.ts';
import { countAll, findAll, searchKey } from '../../src-renderer/core/searchKey.ts';
import type { ConversionOverride, Script } from '../../src-renderer/core/types.ts';
import { parseBackup, toAnnotationCollection } from '../../src-renderer/core/webAnnotation.ts';
import { importBackupData, readBackupData } from '../../src-renderer/db/backup.ts';
import { SettingsState } from '../../src-renderer/state/settings.svelte.ts';
import { testDatabases } from '../support/testDatabases.ts';
import { allSeedsInput, EXPORTED_AT } from '../support/exportFixtures.ts';
import { exportMarkdown } from '../../src-renderer/core/markdownExport.ts';
import { LibraryIndex } from '../../src-renderer/core/libraryIndex.ts';

const fixtures = fileURLToPath(new URL('../fixtures/traditional/', import.meta.url));
const raw = readFileSync(fixtures + 'hk-news.md', 'utf8');
const canonical = loadArticle(raw, { fileName: 'hk-news.md' }).clean.text;
const dbs = testDatabases('script-options');

/** Every canonical position maps to a view position and back without moving past it. */
function mapIsExact(text: string, script: Script, overrides: ConversionOverride[], cornerQuotes = false) {
  const v = view(text, script, { overrides, cornerQuotes });
  expect(v.map.sourceLength).toBe(text.length);
  expect(v.map.targetLength).toBe(v.text.length);
  for (let p = 0; p <= text.length; p++) {
    const t = v.map.toTarget(p);
    expect(v.map.toTarget(v.map.toSource(t))).toBe(t);
    expect(v.map.toSource(t)).toBeLessThanOrEqual(p);
  }
  return v;
}

describe('corner quotes', () => {
  const text = '他說：“我會‘盡快’處理。”\n他说：“我会‘尽快’处理。”';
  it('in 臺灣 and 香港 when asked for, never elsewhere', () => {
    expect(view(text, 'hk', { cornerQuotes: true }).text).toBe('他説：「我會『盡快』處理。」\n他説：「我會『儘快』處理。」');
    expect(view(text, 'tw', { cornerQuotes: true }).text).toBe('他說：「我會『盡快』處理。」\n他說：「我會『儘快』處理。」');
    expect(view(text, 'hk').text).toBe('他説：“我會‘盡快’處理。”\n他説：“我會‘儘快’處理。”');
    expect(view(text, 't', { cornerQuotes: true }).text).toBe('他說：“我會‘盡快’處理。”\n他說：“我會‘儘快’處理。”');
    expect(convertText('“好”', 'twp', { cornerQuotes: true })).toBe('「好」');
    mapIsExact(text, 'hk', [], true);
  });
});

describe('overrides', () => {
  it('apply last, in their own view only, with exact maps', () => {
    clearViewCache();
    const overrides: ConversionOverride[] = [
      { script: 'twp', from: '登記程式', to: '登記程序' },
      { script: 'hk', from: '現金發放', to: '派錢' },
    ];
    const twp = mapIsExact(canonical, 'twp', overrides);
    expect(twp.text).toContain('政府最佳化登記程序');
    expect(twp.text).not.toContain('登記程式');
    const hk = mapIsExact(canonical, 'hk', overrides);
    expect(hk.text).toContain('第二輪派錢計劃');
    // The override's view only: 臺灣 without phrases keeps 程序, 香港 without overrides 現金發放.
    expect(view(canonical, 'tw', { overrides }).text).toContain('登記程序');
    expect(view(canonical, 'hk').text).toContain('第二輪現金發放計劃');
    // A highlight over 現金發放 is drawn over the replacement as a whole.
    const at = canonical.indexOf('現金發放');
    const r = canonicalRangeToView(hk, { start: at, end: at + 4 });
    expect(hk.text.slice(r.start, r.end)).toBe('派錢');
  });

  it('a replacement of a different length next to one of the same length', () => {
    // The simplified sentence in 臺灣用詞 as Debian's `opencc -c s2twp.json` writes it.
    const text = '总台发布新闻，浙江在线报道。';
    const overrides: ConversionOverride[] = [
      { script: 'twp', from: '總檯', to: '總台' },
      { script: 'twp', from: '釋出', to: '發布' },
      { script: 'twp', from: '浙江線上', to: '浙江在線' },
    ];
    const v = mapIsExact(text, 'twp', overrides);
    expect(view(text, 'twp').text).toBe('總檯釋出新聞，浙江線上報道。');
    expect(v.text).toBe('總台發布新聞，浙江在線報道。');
  });

  it('are validated, stored in Dexie, and survive a restart and a backup', async () => {
    const name = dbs.freshName();
    const db = dbs.open(name);
    const settings = new SettingsState(db);
    settings.openLibrary('/lib');
    expect(settings.putOverride({ script: 'twp', from: ' 總檯 ', to: '總台' })).toBe(true);
    expect(settings.putOverride({ script: 'twp', from: '', to: 'x' })).toBe(false);
    expect(settings.putOverride({ script: 'original' as 'cn', from: 'a', to: 'b' })).toBe(false);
    expect(settings.putOverride({ script: 'twp', from: '總檯', to: '總臺' })).toBe(true);
    settings.set('cornerQuotes', true);
    await settings.flush();
    const again = new SettingsState(dbs.open(name));
    await again.load();
    again.openLibrary('/lib');
    expect(again.conversionOverrides).toEqual([{ script: 'twp', from: '總檯', to: '總臺' }]);
    expect(again.cornerQuotes).toBe(true);

    const json = JSON.stringify(toAnnotationCollection(await readBackupData(db), 0, 'c0ffee00-0000-4000-8000-000000000000'));
    const parsed = parseBackup(json);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    const other = dbs.open();
    await importBackupData(other, parsed.data);
    const restored = new SettingsState(other);
    await restored.load();
    restored.openLibrary('/lib');
    expect(restored.conversionOverrides).toEqual([{ script: 'twp', from: '總檯', to: '總臺' }]);
  });

  it('a stored list that does not validate falls back to none', async () => {
    const db = dbs.open();
    await db.settings.put({ key: 'conversionOverrides@/lib', value: [{ script: 'twp', from: 'a\nb', to: 'c' }] } as never);
    const s = new SettingsState(db);
    await s.load();
    s.openLibrary('/lib');
    expect(s.conversionOverrides).toEqual([]);
  });
});

describe('find matches what 臺灣用詞 shows', () => {
  it('最佳化 finds 优化 and 優化; the ranges cover them', () => {
    const simplified = '这块主板需要优化，请刷新页面。优化营商环境。';
    expect(view(simplified, 'twp').text).toBe('這塊主機板需要最佳化，請重新整理頁面。最佳化營商環境。');
    const hits = findAll(searchKey(simplified), '最佳化').map((r) => simplified.slice(r.start, r.end));
    expect(hits).toEqual(['优化', '优化']);
    expect(countAll(searchKey(simplified), '最佳化')).toBe(2);
    const inArticle = findAll(searchKey(canonical), '最佳化').map((r) => canonical.slice(r.start, r.end));
    expect(inArticle).toEqual(['優化']);
    // Character-wise folding still works, and one place is found once.
    expect(findAll(searchKey(simplified), '優化')).toHaveLength(2);
    expect(findAll(searchKey(simplified), '主機板').map((r) => simplified.slice(r.start, r.end))).toEqual(['主板']);
  });
});

describe('library search matches what 臺灣用詞 shows', () => {
  it('最佳化 finds every article that shows it, simplified or traditional, and counts what it finds', () => {
    const index = new LibraryIndex();
    index.put('hk-news.md', 'f1', raw);
    index.put('cn.txt', 'f2', '这块主板需要优化，请刷新页面。\n优化营商环境。');
    index.put('none.txt', 'f3', '今天天气很好。');
    const r = index.search('最佳化');
    expect(r.articles.map((a) => [a.key, a.total])).toEqual([
      ['cn.txt', 2],
      ['hk-news.md', 1],
    ]);
    expect(r.totalHits).toBe(2 + 1);
    for (const a of r.articles) expect(a.hits).toHaveLength(a.total);
  });
});

describe('highlights made before the views learned the source script', () => {
  it('import from the backup and are drawn over the same characters', async () => {
    const text = readFileSync(fixtures + 'backup-before-script-detection.json', 'utf8');
    const parsed = parseBackup(text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    const db = dbs.open();
    await importBackupData(db, parsed.data);
    const rows = (await readBackupData(db)).annotations.sort((a, b) => a.createdAt - b.createdAt);
    expect(rows).toHaveLength(8);
    const fingerprint = createHash('sha256').update(raw, 'utf8').digest('hex');
    const placed = anchorAll(canonical, fingerprint, rows);
    const expected = ['現金發放計劃', '計劃係為咗紓緩', '參與今次嘅', '出現衝突', '超過一個鐘頭', '即屬干犯欺詐罪', '採取的做法', '更新軟件'];
    const drawnIn: Record<'hk' | 'cn', string[]> = {
      hk: ['現金發放計劃', '計劃係為咗紓緩', '參與今次嘅', '出現衝突', '超過一個鐘頭', '即屬干犯欺詐罪', '採取的做法', '更新軟件'],
      cn: ['现金发放计划', '计划系为咗纾缓', '参与今次嘅', '出现冲突', '超过一个钟头', '即属干犯欺诈罪', '采取的做法', '更新软件'],
    };
    placed.forEach((p, i) => {
      if (p.status !== 'anchored') throw new Error(`orphan: ${expected[i]}`);
      // Written under an earlier clean version: the stored position is not trusted blindly, the
      // exact quote finds the same characters.
      expect(p.method).toBe(rows[i].cleanVersion === CLEAN_VERSION ? 'position' : 'quote');
      expect(p.score).toBe(1);
      expect(canonical.slice(p.range.start, p.range.end)).toBe(expected[i]);
      for (const script of ['hk', 'cn'] as const) {
        const v = view(canonical, script);
        const r = canonicalRangeToView(v, p.range);
        expect(v.text.slice(r.start, r.end)).toBe(drawnIn[script][i]);
      }
    });
  });
});

describe('exports read as the view does', () => {
  it('corner quotes in a 香港 export when asked for, the quotes as written otherwise', () => {
    const input = allSeedsInput();
    const quoted = input.annotations.find((a) => /[“”]/.test(a.quote.exact));
    expect(quoted).toBeDefined();
    const key = quoted!.articleKey;
    const render = (cornerQuotes: boolean) => exportMarkdown(input, { kind: 'article', key }, { script: 'hk', exportedAt: EXPORTED_AT, viewOptions: { cornerQuotes } }).files[0].content;
    const plain = render(false);
    const cornered = render(true);
    expect(plain).toContain('”產業發展格局');
    expect(cornered).not.toMatch(/[“”‘’]/);
    expect(cornered).toContain('」產業發展格局');
    expect(cornered.length).toBe(plain.length);
  });
});
