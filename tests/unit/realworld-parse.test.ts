// Golden tests of the real-world corpus (tests/fixtures/realworld, see its SOURCE.md):
// title, source, date, place, authors and block kinds of each plain-text fixture, written
// by hand from reading the files. Metadata comes only from evidence in the text.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeBytes } from '../../src-main/library/decode.ts';
import { loadArticle } from '../../src-renderer/core/article.ts';
import type { Article, BlockKind } from '../../src-renderer/core/types.ts';

const DIR = join(resolve(import.meta.dirname, '../..'), 'tests/fixtures/realworld');

interface Loaded {
  article: Article;
  shape: [BlockKind | string, string][];
}

/** Read as the library does (decode, then clean and parse): [kind (with heading level), text] per block. */
function load(name: string): Loaded {
  const result = decodeBytes(readFileSync(join(DIR, name)));
  if (!result.ok) throw new Error(`${name}: ${result.error.code}`);
  return fromText(result.text, name);
}
function fromText(text: string, fileName: string): Loaded {
  const { clean, article } = loadArticle(text, { fileName });
  const shape = article.blocks.map((b): [string, string] => [b.kind === 'heading' ? `heading${b.level}` : b.kind, clean.text.slice(b.start, b.end)]);
  return { article, shape };
}
const kinds = (l: Loaded) => l.shape.map(([k]) => k);

describe('mainland wire story (中新网北京9月12日电（记者 高凯）)', () => {
  const l = load('rw-mainland-news.txt');
  it('title line, source and place from the dateline, the reporter as author, no date without a year', () => {
    expect(l.article.meta).toMatchObject({
      title: '赵孟𫖯书画特展在故宫博物院开幕',
      titleDerived: false,
      source: '中新网',
      place: '北京',
      authors: ['高凯'],
      date: null,
    });
  });
  it('blocks', () => expect(kinds(l)).toEqual(['title', 'paragraph', 'paragraph', 'paragraph', 'paragraph']));
});

describe('Hong Kong local story (【本報訊】)', () => {
  const l = load('rw-hk-news.big5hkscs.txt');
  it('the paper’s own 本報訊 names no source and no place; no place is made up from 區議員 or 區內', () => {
    expect(l.article.meta).toMatchObject({ title: '旺角街坊小店結業 老顧客排隊道別', titleDerived: false, source: null, place: null, date: null, authors: [] });
  });
  it('blocks, Cantonese intact', () => {
    expect(kinds(l)).toEqual(['title', 'paragraph', 'paragraph', 'paragraph', 'paragraph']);
    expect(l.shape[2][1]).toContain('我哋做咗四十幾年');
  });
});

describe('Taiwan wire story (（中央社記者林上祚台北12日電）)', () => {
  const l = load('rw-tw-news.utf16be.txt');
  it('source, place and reporter from a dateline with the reporter’s name glued on', () => {
    expect(l.article.meta).toMatchObject({ title: '台北捷運環狀線北環段動工 預計2030年通車', titleDerived: false, source: '中央社', place: '台北', authors: ['林上祚'] });
  });
  it('blocks', () => expect(kinds(l)).toEqual(['title', 'paragraph', 'paragraph', 'paragraph']));
});

describe('essay with unpunctuated subheadings', () => {
  const l = load('rw-essay.txt');
  it('a title line; 离开北京 in the text is no dateline, so no place', () => {
    expect(l.article.meta).toMatchObject({ title: '在小城慢慢生活', titleDerived: false, place: null, source: null });
  });
  it('each subheading standing alone is a heading, none glued to the paragraph below', () => {
    expect(l.shape.slice(1).map(([k, t]) => (k === 'paragraph' ? k : `${k} ${t}`))).toEqual([
      'paragraph',
      'heading1 慢下来，才看得见',
      'paragraph',
      'heading1 房租不再是最大的开销',
      'paragraph',
      'heading1 也有不方便的地方',
      'paragraph',
      'heading1 朋友们为什么还在犹豫',
      'paragraph',
      'paragraph',
    ]);
    expect(l.shape[3][1].startsWith('刚来的时候')).toBe(true);
  });
  it('the copy with 210 control characters reads the same', () => {
    expect(load('rw-essay.controls.txt').shape).toEqual(l.shape);
  });
});

describe('encyclopedia article copied without its title', () => {
  const l = load('rw-wiki.txt');
  it('the derived title stops before the bracketed English gloss, never inside it', () => {
    expect(l.article.meta).toMatchObject({ title: '支持向量机', titleDerived: true, place: null, source: null });
  });
  it('blocks', () => expect(kinds(l)).toEqual(['paragraph', 'paragraph', 'paragraph', 'paragraph']));
});

describe('classical book (左传, 1.9 MB)', () => {
  const l = load('rw-zuozhuan.txt');
  it('its own title line is the title, not a derived one, and is not repeated in the body', () => {
    expect(l.article.meta).toMatchObject({ title: '左传', titleDerived: false, place: null, source: null });
    expect(l.shape[0]).toEqual(['title', '左传']);
    expect(l.shape.filter(([, t]) => t === '左传')).toHaveLength(1);
  });
  it('the twelve dukes are parts; the years inside them sections', () => {
    expect(l.shape.slice(1, 4).map(([k, t]) => `${k} ${t.slice(0, 4)}`)).toEqual(['heading1 隐公', 'heading2 隐公元年', 'paragraph 【经】元']);
    const parts = l.shape.filter(([k]) => k === 'heading1').map(([, t]) => t);
    expect(parts).toEqual(['隐公', '桓公', '庄公', '闵公', '僖公', '文公', '宣公', '成公', '襄公', '昭公', '定公', '哀公']);
    const sections = l.shape.filter(([k]) => k === 'heading2').map(([, t]) => t);
    expect(sections).toContain('桓公元年');
    expect(sections).toContain('哀公二十七年');
  });
});

describe('front matter gives source and place', () => {
  it('source from `source`, else `publisher`, else the host of `url`; place from `place`', () => {
    const body = '\n\n記者昨日到場了解情況，街坊反應熱烈。\n';
    expect(fromText(`---\ntitle: 街坊小店結業\nurl: https://www.hk01.com/社會新聞/123\n---${body}`, 'a.md').article.meta.source).toBe('hk01.com');
    expect(fromText(`---\ntitle: 街坊小店結業\npublisher: 明報\nurl: https://news.mingpao.com/x\n---${body}`, 'a.md').article.meta.source).toBe('明報');
    expect(fromText(`---\ntitle: 街坊小店結業\nsource: 星島日報\npublisher: 明報\n---${body}`, 'a.md').article.meta.source).toBe('星島日報');
    expect(fromText(`---\ntitle: 街坊小店結業\nplace: 旺角\n---${body}`, 'a.md').article.meta.place).toBe('旺角');
  });
});

describe('no evidence, no place', () => {
  it('香港特別行政區 said many times is no place called 行政', () => {
    const text = '施政報告公布\n\n香港特別行政區政府今日公布施政報告。\n\n特別行政區立法會將於下周辯論，特別行政區政府各部門將跟進。\n';
    expect(fromText(text, 'a.txt').article.meta.place).toBeNull();
  });
  it('北京时间6月1日电 is a time zone, not a place', () => {
    expect(fromText('发射成功\n\n北京时间6月1日电 长征火箭今天发射成功。\n', 'a.txt').article.meta.place).toBeNull();
  });
  it('a date that opens a sentence (今年5月1日电价…, 上海5月1日电价…) is no dateline', () => {
    expect(fromText('电价调整\n\n今年5月1日电价上调，居民用电不受影响。\n', 'a.txt').article.meta.place).toBeNull();
    expect(fromText('电价调整\n\n上海5月1日电价上调，居民用电不受影响。\n', 'a.txt').article.meta.place).toBeNull();
    expect(fromText('电价调整\n\n上海5月1日电 当地电价今天上调。\n', 'a.txt').article.meta.place).toBe('上海');
    expect(fromText('港聞\n\n（香港6日訊）天文台今日發出酷熱天氣警告。\n', 'a.txt').article.meta.place).toBe('香港');
  });
  it('本报北京6月1日讯 gives the place but no source name', () => {
    expect(fromText('会议召开\n\n本报北京6月1日讯 会议今天召开，代表们进行了讨论。\n', 'a.txt').article.meta).toMatchObject({ place: '北京', source: null });
  });
});
