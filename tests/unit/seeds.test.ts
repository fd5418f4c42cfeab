// What the bundled seeds must look like after clean + parse, as the product
// owner wrote it down. Each bullet that concerns the text pipeline is its own test.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadArticle } from '../../src-renderer/core/article.ts';
import { clean } from '../../src-renderer/core/clean.ts';
import type { Article, Block, BlockKind, CleanResult } from '../../src-renderer/core/types.ts';

const SEEDS = fileURLToPath(new URL('../../seeds/', import.meta.url));
const files = readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort();
const raw = (n: string) => readFileSync(SEEDS + files.find((f) => f.startsWith(n))!, 'utf8');

interface Loaded {
  raw: string;
  clean: CleanResult;
  article: Article;
  textOf: (b: Block) => string;
  kinds: (k: BlockKind) => string[];
}
const cache = new Map<string, Loaded>();
function seed(n: string): Loaded {
  let s = cache.get(n);
  if (!s) {
    const r = raw(n);
    const { clean: c, article } = loadArticle(r);
    const textOf = (b: Block) => c.text.slice(b.start, b.end);
    s = { raw: r, clean: c, article, textOf, kinds: (k) => article.blocks.filter((b) => b.kind === k).map(textOf) };
    cache.set(n, s);
  }
  return s;
}

function count(hay: string, needle: string): number {
  let n = 0;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) n++;
  return n;
}

/** The paragraph blocks containing `run`; the run must sit inside exactly one. */
function paragraphsWith(s: Loaded, run: string): string[] {
  return s.kinds('paragraph').filter((t) => t.includes(run));
}

it('has the five seeds', () => {
  expect(files.map((f) => f.slice(0, 3))).toEqual(['000', '001', '002', '003', '004']);
});

describe('seed 000', () => {
  const s = () => seed('000');
  it('kicker', () => expect(s().article.meta.kicker).toBe('『在湖州看见美丽中国』实干争先主题实践一周年·跑出新风景'));
  it('title after full-width normalisation', () => {
    expect(s().article.meta.title).toBe('快多好省 敢为争先 安吉：全域竞掀高质量发展热潮');
    expect(s().article.meta.titleDerived).toBe(false);
  });
  it('authors', () => expect(s().article.meta.authors).toEqual(['李世超', '吴丹', '祝懿希']));
  it('place', () => expect(s().article.meta.place).toBe('安吉'));
  it('headings include the two section titles', () => {
    const headings = s().kinds('heading');
    expect(headings).toContain('安吉这个朋友能处还靠得住');
    expect(headings).toContain('24个标志事项 每季比看变化');
  });
  it('夏鹏飞 摄 is a caption credit, not a paragraph', () => {
    const { article, textOf, clean: c } = s();
    const caption = article.blocks.find((b) => b.kind === 'caption' && textOf(b).includes('夏鹏飞 摄'));
    expect(caption).toBeDefined();
    expect(c.text.slice(caption!.credit!.start, caption!.credit!.end)).toBe('夏鹏飞 摄');
    expect(textOf(caption!)).toBe('安吉县城航拍图 夏鹏飞 摄');
    expect(s().kinds('paragraph').some((t) => t.includes('夏鹏飞'))).toBe(false);
  });
  it('captions are not headings (安吉县城航拍图, 供图 credits)', () => {
    const headings = s().kinds('heading');
    expect(headings.some((h) => h.includes('航拍图') || h.includes('供图'))).toBe(false);
  });
  it('a credit glued to the next caption is split off', () => {
    const captions = s().kinds('caption');
    expect(captions).toContain('DNA数字游民公社吸引青年人才在乡村集聚 安吉县溪龙乡供图');
    expect(captions).toContain('12345政务服务便民热线 安吉县信访局供图');
  });
  it('the missing text after “教育+文化+ stays visible as a gap', () => {
    const p = paragraphsWith(s(), '教育+文化+');
    expect(p).toHaveLength(1);
    expect(p[0].endsWith('“教育+文化+')).toBe(true);
    expect(s().kinds('paragraph')).toContain('亩，15天政策处理300余户，高效保障省高能级平台项目建设。');
  });
  it('the starred slogan is a pull-quote', () => {
    expect(s().kinds('pull-quote')).toEqual(['新经济 高能级 快多好省 现代化 国际范']);
  });
  it('大事记 entries are dated chronicle blocks', () => {
    const { article, clean: c } = s();
    const entries = article.blocks.filter((b) => b.kind === 'chronicle');
    expect(entries).toHaveLength(9);
    expect(c.text.slice(entries[0].date!.start, entries[0].date!.end)).toBe('6月28日');
  });
});

describe('seed 001', () => {
  const s = () => seed('001');
  it('title', () => expect(s().article.meta.title).toBe('三大主攻方向全线飘红 三个年行动翻篇再战 奋力谱写中国式现代化安吉篇章'));
  it('authors', () => expect(s().article.meta.authors).toEqual(['吴丹', '思睿']));
  for (const run of ['金融发展服务中心', '18项服务', '一站直达', '共向村民发放', '全面开启竹林碳汇收储交易试点', '即时激励', '政治历练', '奋力建设']) {
    it(`layout split repaired: ${run} reads as one run inside one paragraph`, () => {
      expect(paragraphsWith(s(), run)).toHaveLength(1);
    });
  }
  it('caption 天荒坪镇余村股金分红大会 no longer cuts 探索共富机制性制度性创新', () => {
    const { article, textOf } = s();
    expect(paragraphsWith(s(), '探索共富机制性制度性创新')).toHaveLength(1);
    const i = article.blocks.findIndex((b) => textOf(b).includes('探索共富机制性制度性创新'));
    expect(article.blocks[i + 1].kind).toBe('caption');
    expect(textOf(article.blocks[i + 1])).toBe('天荒坪镇余村股金分红大会');
  });
  it('short captions before headings are captions, the line above the text is the heading', () => {
    const { kinds } = s();
    expect(kinds('caption')).toEqual(expect.arrayContaining(['绿水青山美如画', '“两山”未来科技城城市设计效果图']));
    expect(kinds('heading')).toEqual(['现代产业振兴实现新跨越', '城市能级提升取得新突破', '探索共同富裕取得新成效', '全面开启中国式现代化安吉实践新征程']);
  });
  it('a picture credit in parentheses stays with its caption', () => {
    const { article, clean: c, textOf } = s();
    const last = article.blocks[article.blocks.length - 1];
    expect(last.kind).toBe('caption');
    expect(textOf(last)).toBe('递铺街道鲁家村文化礼堂举行青年宣讲比赛 殷兴华 摄（图片由安吉县委宣传部提供）');
    expect(c.text.slice(last.credit!.start, last.credit!.end)).toBe('殷兴华 摄（图片由安吉县委宣传部提供）');
  });
});

describe('seed 002', () => {
  const s = () => seed('002');
  it('title', () => expect(s().article.meta.title).toBe('德清：创新为翼攀高峰'));
  it('date', () => expect(s().article.meta.date).toBe('2023-06-20'));
  it('source', () => expect(s().article.meta.source).toBe('浙江在线'));
  it('authors', () => expect(s().article.meta.authors).toEqual(['杨新立', '倪忆雪']));
  it('editor', () => expect(s().article.meta.editor).toBe('李世超'));
  it('place', () => expect(s().article.meta.place).toBe('德清'));
  it('the zjrb….jpg lines are figures', () => {
    const { article } = s();
    const figures = article.blocks.filter((b) => b.kind === 'figure');
    expect(figures.map((f) => f.src)).toEqual([
      'zjrb2023062000016v01b009.jpg',
      'zjrb2023062000016v01b003.jpg',
      'zjrb2023062000016v01b005.jpg',
      'zjrb2023062000016v01b008.jpg',
    ]);
    expect(s().kinds('paragraph').some((t) => /\.jpg/.test(t))).toBe(false);
  });
  it('the line after each figure is its caption', () => {
    const { article } = s();
    article.blocks.forEach((b, i) => {
      if (b.kind === 'figure') expect(article.blocks[i + 1].kind).toBe('caption');
    });
  });
  it('the Copyright line and the 标签/编辑 line are footer metadata, not body text', () => {
    const footers = s().kinds('footer');
    expect(footers).toHaveLength(2);
    expect(footers[0]).toMatch(/^标签：编辑：李世超$/);
    expect(footers[1]).toMatch(/^Copyright/);
    expect(s().kinds('paragraph').some((t) => /Copyright|标签|编辑：/.test(t))).toBe(false);
  });
  it('the section headings are headings', () => {
    expect(s().kinds('heading')).toEqual(
      expect.arrayContaining(['入列车联网先导区“国家队”背后的创新之路', '“兜底办”迭代升级背后的服务之道', '“五鼎大满贯”背后的作风能力之变', '大事记']),
    );
  });
  it('dateline and kickers', () => {
    expect(s().kinds('dateline')).toEqual(['发布时间：2023-06-20 09:57:24 来源：浙江在线 杨新立 倪忆雪']);
    expect(s().kinds('kicker')).toEqual(['专题稿件', '打造“改革创新高地，品质生活新城”美丽图景']);
  });
});

describe('seed 003', () => {
  const s = () => seed('003');
  it('title', () => expect(s().article.meta.title).toBe('吴兴：加快打造新青年城市'));
  it('authors', () => expect(s().article.meta.authors).toEqual(['徐坊', '朱海江', '张寅']));
  it('place', () => expect(s().article.meta.place).toBe('吴兴'));
  it('the two-line heading 建好标志性点位 / 凸显新青年特质 is one heading', () => {
    const headings = s().kinds('heading');
    expect(headings).toContain('建好标志性点位 凸显新青年特质');
    expect(headings).not.toContain('建好标志性点位');
    expect(headings).toEqual(expect.arrayContaining(['镇街“一件事” 擂台比拼推动全域美', '全员竞跑 赛出首位区新面貌']));
  });
  for (const run of ['轮流对工作推进中', '擂台赛比拼工作', '提升开放能级']) {
    it(`${run} is repaired across the interleaved captions`, () => {
      expect(paragraphsWith(s(), run)).toHaveLength(1);
    });
  }
  it('the interleaved captions are captions after the repaired paragraph', () => {
    const captions = s().kinds('caption');
    expect(captions).toEqual(
      expect.arrayContaining(['浙江三一装备有限公司高端装备厂区', '美妆小镇里的美妆企业生产车间 何伟卫 摄', '市民观察团实地考察人行道铺装整治情况']),
    );
    expect(s().kinds('heading').some((h) => h.includes('三一') || h.includes('观察团'))).toBe(false);
  });
  it('the 大事记 items are a list', () => {
    const { article, textOf } = s();
    const items = article.blocks.filter((b) => b.kind === 'chronicle' || b.kind === 'list-item');
    expect(items).toHaveLength(10);
    expect(items.every((b) => !textOf(b).startsWith('- '))).toBe(true);
    expect(textOf(items[2])).toBe('吴兴区入选“2022年度浙江省营商环境企业满意度综合前10强”。');
  });
  it('the trailing picture group is captions', () => {
    const captions = s().kinds('caption');
    expect(captions.slice(-4)).toEqual([
      '2023年中国名校水上运动公开赛暨吴兴西山漾第五届水上运动嘉年华',
      '吴兴中心城区',
      '西塞科学谷 何伟卫 摄',
      '（本版图片由吴兴区委宣传部提供）',
    ]);
  });
});

describe('seed 004', () => {
  const s = () => seed('004');
  // Counted on the raw file, independently of the implementation: a Han character
  // followed by parenthesised Latin letters with a tone mark.
  const rawPinyin = () => [...s().raw.matchAll(/[\u4e00-\u9fff]\(([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+)\)/g)].map((m) => m[1]);

  it('no (jīng)-style pinyin in the canonical text', () => {
    expect(s().clean.text).not.toMatch(/[\u4e00-\u9fff][(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）]/);
    expect(s().clean.text).not.toContain('(jīng)');
  });
  it('one ruby annotation per inline pinyin annotation of the raw file (647)', () => {
    expect(rawPinyin()).toHaveLength(647);
    expect(s().clean.ruby).toHaveLength(647);
    expect(s().clean.ruby.map((r) => r.reading)).toEqual(rawPinyin());
  });
  it('each ruby sits on the one Han character it annotated', () => {
    const { clean: c } = s();
    const bases = [...s().raw.matchAll(/([\u4e00-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)/g)].map((m) => m[1]);
    expect(c.ruby.map((r) => c.text.slice(r.start, r.end))).toEqual(bases);
  });
  it('no ,, ,。 ,、 ,; artifacts in the canonical text', () => {
    for (const p of [',,', ',。', ',、', ',;', '，，', '，。', '，、', '，；']) expect(s().clean.text).not.toContain(p);
  });
  it('artifact count: 108 ,, + 46 ,。 + 53 ,、 + 2 ,; (the 156 of DESIGN.md leaves out ,、), plus 10 ,?', () => {
    const r = s().raw;
    expect([count(r, ',,'), count(r, ',。'), count(r, ',、'), count(r, ',;'), count(r, ',?')]).toEqual([108, 46, 53, 2, 10]);
    expect(count(r, ',,') + count(r, ',。') + count(r, ',;')).toBe(156);
    const collapsed = s().clean.edits.filter((e) => e.kind === 'punctuation-artifact');
    expect(collapsed).toHaveLength(108 + 46 + 53 + 2 + 10);
  });
  it('營商環境 occurs 11 times in the canonical text', () => {
    expect(count(s().raw, '營商環境')).toBe(0);
    expect(count(s().clean.text, '營商環境')).toBe(11);
  });
  it('headings', () => {
    expect(s().kinds('heading')).toEqual(['“五問”引發深思', '一場茶會', '“快辦”服務品牌']);
  });
  it('one paragraph per line', () => {
    expect(s().clean.text.split('\n')).toHaveLength(s().raw.split('\n').filter((l) => l.trim()).length);
  });
  it('a title derived from its opening, marked as derived', () => {
    const { meta } = s().article;
    expect(meta.titleDerived).toBe(true);
    expect(meta.title.length).toBeGreaterThan(4);
    expect(meta.title.length).toBeLessThanOrEqual(41);
    expect(s().clean.text.startsWith(meta.title.replace(/…$/, ''))).toBe(true);
    expect(s().article.blocks.some((b) => b.kind === 'title')).toBe(false);
  });
  it('place', () => expect(s().article.meta.place).toBe('濉溪'));
});

describe('every seed', () => {
  for (const n of ['000', '001', '002', '003', '004']) {
    it(`${n}: no ASCII , : ; ? ! ( ) next to a CJK character`, () => {
      const bad = /[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef“”][,:;?!()]|[,:;?!()][\u4e00-\u9fff\u3000-\u303f\uff00-\uffef“”]/;
      const hit = bad.exec(seed(n).clean.text);
      expect(hit && seed(n).clean.text.slice(hit.index - 10, hit.index + 10)).toBeNull();
    });
    it(`${n}: canonical form — one trimmed non-empty line per block, single \\n`, () => {
      const lines = seed(n).clean.text.split('\n');
      for (const l of lines) {
        expect(l.length).toBeGreaterThan(0);
        expect(l).toBe(l.trim());
      }
    });
    it(`${n}: every line is covered by exactly one block, in order`, () => {
      const { clean: c, article } = seed(n);
      const starts: number[] = [];
      let at = 0;
      for (const l of c.text.split('\n')) {
        starts.push(at);
        at += l.length + 1;
      }
      expect(article.blocks).toHaveLength(starts.length);
      article.blocks.forEach((b, i) => {
        const lineEnd = (starts[i + 1] ?? c.text.length + 1) - 1;
        expect(b.start).toBeGreaterThanOrEqual(starts[i]);
        expect(b.end).toBeLessThanOrEqual(lineEnd);
        expect(b.end).toBeGreaterThan(b.start);
      });
    });
    it(`${n}: clean is idempotent`, () => {
      const once = seed(n).clean.text;
      expect(clean(once).text).toBe(once);
    });
    it(`${n}: edits and ruby point inside the canonical text`, () => {
      const { clean: c } = seed(n);
      for (const e of c.edits) expect(e.at >= 0 && e.at <= c.text.length).toBe(true);
      for (const r of c.ruby) expect(r.start >= 0 && r.end <= c.text.length && r.start < r.end).toBe(true);
    });
  }
});
