import { describe, expect, it } from 'vitest';
import { loadArticle } from '../../src-renderer/core/article.ts';
import { bylineNames, deriveTitle } from '../../src-renderer/core/parse.ts';
import { findPlace } from '../../src-renderer/core/dateline.ts';
import type { BlockKind } from '../../src-renderer/core/types.ts';

function load(raw: string) {
  const { clean, article } = loadArticle(raw);
  const text = (r: { start: number; end: number }) => clean.text.slice(r.start, r.end);
  return { clean, article, text, shape: article.blocks.map((b) => [b.kind, text(b)] as [BlockKind, string]) };
}

describe('header', () => {
  it('kicker, title, byline', () => {
    const { article, shape } = load('引题一行\n\n主标题在这里\n\n张三 李四\n\n正文第一段，写完了。');
    expect(article.meta).toMatchObject({ kicker: '引题一行', title: '主标题在这里', titleDerived: false, authors: ['张三', '李四'] });
    expect(shape.map((s) => s[0])).toEqual(['kicker', 'title', 'byline', 'paragraph']);
  });
  it('a subtitle line starting with —— below the title', () => {
    const { article, shape } = load('主标题\n——副标题说明\n记者 王五\n正文，完。');
    expect(article.meta.subtitle).toBe('副标题说明');
    expect(article.meta.authors).toEqual(['王五']);
    expect(shape.map((s) => s[0])).toEqual(['title', 'subtitle', 'byline', 'paragraph']);
  });
  it('a dateline gives date, source and trailing authors', () => {
    const { article, shape } = load('标题：测试\n\n发布时间:2023-6-5 09:57:24 来源: 某某日报 赵六 钱七\n\n正文，完。');
    expect(article.meta).toMatchObject({ title: '标题：测试', date: '2023-06-05', source: '某某日报', authors: ['赵六', '钱七'] });
    expect(shape[1]).toEqual(['dateline', '发布时间：2023-6-5 09:57:24 来源：某某日报 赵六 钱七']);
  });
  it('a lone short first line is a title even without a byline', () => {
    const { article } = load('只有标题\n正文第一段，写完了。');
    expect(article.meta.title).toBe('只有标题');
    expect(article.meta.titleDerived).toBe(false);
  });
  it('no header: the title is derived from the opening and marked', () => {
    const { article } = load('在縣域經濟爭先進位上，今年的濉溪縣，一組數據令人印象深刻：項目59個。\n第二段。');
    expect(article.meta.titleDerived).toBe(true);
    expect(article.meta.title).toBe('在縣域經濟爭先進位上，今年的濉溪縣，一組數據令人印象深刻');
    expect(article.blocks[0].kind).toBe('paragraph');
  });
  it('bylineNames', () => {
    expect(bylineNames('李世超 吴丹 祝懿希')).toEqual(['李世超', '吴丹', '祝懿希']);
    expect(bylineNames('本报记者 张三')).toEqual(['张三']);
    expect(bylineNames('专题稿件')).toBeNull();
    expect(bylineNames('跑出新风景')).toBeNull();
    expect(bylineNames('深化市区一体 奋进奔跑赶超')).toBeNull();
    expect(bylineNames('张三，李四。')).toBeNull();
  });
  it('deriveTitle cuts at a clause that fits', () => {
    expect(deriveTitle('短句。后文')).toBe('短句');
    const long = '这是一个非常非常长的开头句子用来测试标题的截断效果，后面还有很多很多很多很多很多很多很多的内容没有结束';
    const t = deriveTitle(long);
    expect(t).toBe('这是一个非常非常长的开头句子用来测试标题的截断效果');
    expect(deriveTitle('一'.repeat(80))).toBe(`${'一'.repeat(40)}…`);
  });
  it('findPlace: a title prefix the text names as a county, or the commonest county the title names', () => {
    expect(findPlace('快多好省 敢为争先 安吉：全域竞掀高质量发展热潮', '安吉县上下闻风而动')).toBe('安吉');
    expect(findPlace('德清：创新为翼攀高峰', '去年以来，德清县通过开展')).toBe('德清');
    expect(findPlace('濉溪县：项目为王', '')).toBe('濉溪');
    expect(findPlace('奋力谱写中国式现代化安吉篇章', '安吉县认真贯彻，该县全县推进，安吉县再次。')).toBe('安吉');
    expect(findPlace(null, '全县推进，该县很好。')).toBeNull();
  });
  it('findPlace: no evidence, no place (a prefix that is no county, a run before 区 the title never names)', () => {
    expect(findPlace('专访：一位老师的三十年', '他在城区的学校教书')).toBeNull();
    expect(findPlace('施政報告公布', '香港特別行政區政府，特別行政區立法會，行政區劃')).toBeNull();
    expect(findPlace('没有前缀的标题', '安吉县认真贯彻，该县全县推进，安吉县再次。')).toBeNull();
  });
  it('deriveTitle never cuts inside brackets or quotes', () => {
    expect(deriveTitle('支持向量机（英语：support vector machine，常简称为SVM，又名支持向量网络）是在分类与回归分析中分析数据的监督式学习模型与相关的学习算法。')).toBe('支持向量机');
    expect(deriveTitle('《红楼梦》（又名《石头记》）是中国古代章回体长篇小说。')).toBe('《红楼梦》（又名《石头记》）是中国古代章回体长篇小说');
    expect(deriveTitle('他说：“我们明天见，后天再谈。”然后走了')).toBe('他说');
    expect(deriveTitle('报告指出（见附表：二〇二四年各县市区主要经济指标与增长速度一览），全市经济运行总体平稳，稳中有进')).toBe('报告指出（见附表：二〇二四年各县市区主要经济指标与增长速度一览）');
  });
});

describe('body', () => {
  const HEAD = '标题\n\n张三 李四\n\n';
  // Caption groups are the seeds' layout: blank-line separated, with pictures in the file.
  const PICTURED = HEAD + '正文，完。\n\n安吉县城航拍图 夏鹏飞 摄\n\n';
  it('a label before text is a heading; labels before it are captions', () => {
    const { shape } = load(PICTURED + '正文，完。\n\n\n\n城市设计效果图\n\n城市能级提升取得新突破\n\n去年，城区更新。');
    expect(shape.slice(5)).toEqual([
      ['caption', '城市设计效果图'],
      ['heading', '城市能级提升取得新突破'],
      ['paragraph', '去年，城区更新。'],
    ]);
  });
  it('without pictures in the file a run of labels is not taken for captions', () => {
    const { shape } = load(HEAD + '正文，完。\n\n\n\n城市设计效果图\n\n城市能级提升取得新突破\n\n去年，城区更新。');
    expect(shape.slice(3)).toEqual([
      ['paragraph', '城市设计效果图'],
      ['heading', '城市能级提升取得新突破'],
      ['paragraph', '去年，城区更新。'],
    ]);
  });
  it('caption groups need the blank-line layout, not just a picture', () => {
    const { shape } = load('标题\n张三 李四\n正文，完。\n安吉县城航拍图 夏鹏飞 摄\n城市设计效果图\n城市能级提升取得新突破\n去年，城区更新。');
    expect(shape.slice(4)).toEqual([
      ['paragraph', '城市设计效果图'],
      ['heading', '城市能级提升取得新突破'],
      ['paragraph', '去年，城区更新。'],
    ]);
  });
  it('a label followed by a credited caption is a caption', () => {
    const { shape } = load(HEAD + '正文，完。\n\n\n\n绿水青山美如画\n\n\n\n上市仪式 林泽宇 摄\n\n现代产业振兴\n\n正文，完。');
    expect(shape.slice(3, 6).map((s) => s[0])).toEqual(['caption', 'caption', 'heading']);
  });
  it('captions record their credit', () => {
    const { article, text } = load(HEAD + '正文，完。\n\n安吉县城航拍图\n夏鹏飞 摄\n\n下一段，完。');
    const cap = article.blocks.find((b) => b.kind === 'caption')!;
    expect(text(cap)).toBe('安吉县城航拍图 夏鹏飞 摄');
    expect(text(cap.credit!)).toBe('夏鹏飞 摄');
  });
  it('image file lines are figures, the next line their caption', () => {
    const { article, shape } = load(HEAD + '正文，完。\n\nzjrb2023062000016v01b009.jpg\n\n德清县城航拍图\n\n小标题\n\n正文，完。');
    expect(shape.slice(3)).toEqual([
      ['figure', 'zjrb2023062000016v01b009.jpg'],
      ['caption', '德清县城航拍图'],
      ['heading', '小标题'],
      ['paragraph', '正文，完。'],
    ]);
    expect(article.blocks[3].src).toBe('zjrb2023062000016v01b009.jpg');
  });
  it('footers: copyright and 标签/编辑; editor read from them', () => {
    const { article, shape } = load(HEAD + '正文，完。\n\n标签: 编辑: 王编辑\nCopyright © 2020 Example. All Rights Reserved');
    expect(shape.slice(-2).map((s) => s[0])).toEqual(['footer', 'footer']);
    expect(article.meta.editor).toBe('王编辑');
  });
  it('a long line that names copyright words is body text, not a footer: a notice is short', () => {
    // Written by hand: a paragraph about copyright, and a whole article with no line breaks that ends with its notice.
    const about = '这次修订明确，版权所有人可以授权他人使用作品，' + '具体条件由双方约定，'.repeat(30) + '完。';
    const oneLine = '正文第一句。' + '县里的产业园又添新项目，'.repeat(40) + '版权所有 © 2023 某某网';
    expect(load(HEAD + about).shape.at(-1)![0]).toBe('paragraph');
    expect(load(HEAD + oneLine).shape.at(-1)![0]).toBe('paragraph');
    expect(load(HEAD + '正文，完。\n\n版权所有 © 2023 某某网 未经授权禁止转载').shape.at(-1)![0]).toBe('footer');
    expect(load(HEAD + '正文，完。\n\n本网站版权所有，未经授权不得转载').shape.at(-1)![0]).toBe('footer');
    // An ordinary paragraph that names the words further in, short as most paragraphs are.
    expect(load(HEAD + '正文，完。\n\n座谈会上，几位作家谈到，书稿的版权所有人应当在合同里写明改编权归谁，以免日后各执一词，影响作品的传播。').shape.at(-1)![0]).toBe('paragraph');
    const md = loadArticle('# 标题\n\n' + about + '\n\nCopyright © 2020 Example. All Rights Reserved.\n', { fileName: 'a.md' }).article;
    expect(md.blocks.map((b) => b.kind).slice(-2)).toEqual(['paragraph', 'footer']);
  });
  it('a starred line is a pull-quote without its stars', () => {
    const { shape } = load(HEAD + '正文，完。\n\n**新经济\n高能级**\n\n正文，完。');
    expect(shape[3]).toEqual(['pull-quote', '新经济 高能级']);
  });
  it('bullets are list items without their marker', () => {
    const { shape } = load(HEAD + '正文，完。\n\n- 第一项，完成。\n- 第二项，完成。');
    expect(shape.slice(3)).toEqual([
      ['list-item', '第一项，完成。'],
      ['list-item', '第二项，完成。'],
    ]);
  });
  it('大事记: year sub-headings and dated chronicle entries, until the list ends', () => {
    const { article, text, shape } = load(
      HEAD + '正文，完。\n\n大事记\n\n2022年\n\n6月28日,能链智电登陆纳斯达克。\n\n9月6日至7日,举办会议。\n\n2023年中国名校水上运动公开赛\n\n西塞科学谷 何伟卫 摄',
    );
    expect(shape.slice(3).map((s) => s[0])).toEqual(['heading', 'heading', 'chronicle', 'chronicle', 'caption', 'caption']);
    const entries = article.blocks.filter((b) => b.kind === 'chronicle');
    expect(entries.map((e) => text(e.date!))).toEqual(['6月28日', '9月6日至7日']);
    expect(article.blocks[3].level).toBe(1);
    expect(article.blocks[4].level).toBe(2);
  });
  it('dated lines outside 大事记 are paragraphs', () => {
    const { shape } = load(HEAD + '6月28日，某事发生了。');
    expect(shape[2][0]).toBe('paragraph');
  });
  it('a caption moved out of a split sentence stays a caption before the next paragraph', () => {
    const { shape } = load(HEAD + '紧扣重大改革，探索共富机制性制度性\n\n\n\n天荒坪镇余村股金分红大会\n\n创新，致力于成果打造。\n\n强村富民公司是一大载体。');
    expect(shape.slice(2)).toEqual([
      ['paragraph', '紧扣重大改革，探索共富机制性制度性创新，致力于成果打造。'],
      ['caption', '天荒坪镇余村股金分红大会'],
      ['paragraph', '强村富民公司是一大载体。'],
    ]);
  });
  it('labels at the end of a pictured article are captions', () => {
    const { shape } = load(PICTURED + '正文，完。\n\n吴兴中心城区');
    expect(shape[5]).toEqual(['caption', '吴兴中心城区']);
  });
  it('a label at the end of an article without pictures is a paragraph', () => {
    const { shape } = load(HEAD + '正文，完。\n\n吴兴中心城区');
    expect(shape[3]).toEqual(['paragraph', '吴兴中心城区']);
  });
  it('an empty text parses to an empty article', () => {
    const { article } = load('');
    expect(article.blocks).toEqual([]);
    expect(article.meta.titleDerived).toBe(true);
  });
});
