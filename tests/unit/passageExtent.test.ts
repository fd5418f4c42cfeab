// The passage a tagged mention codes: its sentence (or paragraph) cut from Chinese
// punctuation, inside the article's blocks, without hidden Markdown markup at its edges.
// Every expected sentence below is written out by hand from reading the text, not taken
// from the code under test.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadArticle } from '../../src-renderer/core/article.ts';
import { LibraryIndex } from '../../src-renderer/core/libraryIndex.ts';
import { markedPassage } from '../../src-renderer/core/markedPassage.ts';
import { mergedPassages, PassageCutter, passageLayout, passageRange, sentencesOf, type PassageExtent } from '../../src-renderer/core/passageExtent.ts';
import { SEEDS_DIR } from '../support/fakeHost.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures');

/** The passage around the `nth` occurrence of `needle` in `raw` (loaded as a file named `name`). */
function passageOf(raw: string, needle: string, extent: PassageExtent = 'sentence', nth = 0, name = 'a.txt'): string {
  const { clean, article } = loadArticle(raw, { fileName: name });
  const text = clean.text;
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`no ${needle} #${nth} in the text`);
  }
  const r = passageRange(text, passageLayout(article), { start: at, end: at + needle.length }, extent);
  return text.slice(r.start, r.end);
}

/** Every sentence of the text, block by block. */
function sentences(raw: string, name = 'a.txt'): string[] {
  const { clean, article } = loadArticle(raw, { fileName: name });
  const layout = passageLayout(article);
  return layout.units.flatMap((u) => sentencesOf(clean.text, u, layout.hidden).map((s) => clean.text.slice(s.start, s.end)));
}

describe('the sentence of each 营商环境 mention in the seeds', () => {
  const index = new LibraryIndex();
  for (const f of readdirSync(SEEDS_DIR).filter((f) => /\.(txt|md)$/.test(f))) index.put(f, `fp-${f}`, readFileSync(join(SEEDS_DIR, f), 'utf8'));
  const [theme] = index.mentions([{ id: 't', names: ['营商环境'], tagged: [] }]);
  const byArticle = Object.fromEntries(theme.articles.map((a) => [a.key.slice(0, 3), a.mentions]));

  // One line per mention, in text order; a sentence holding two mentions is written twice.
  const EXPECTED: Record<string, string[]> = {
    '000': [
      '营商环境，永无止境。',
      '近日，中央广播电视台总台在北京发布了《2022城市营商环境创新报告》，安吉入选“2022城市营商环境创新县（市）”名单，为湖州市唯一。',
      '近日，中央广播电视台总台在北京发布了《2022城市营商环境创新报告》，安吉入选“2022城市营商环境创新县（市）”名单，为湖州市唯一。',
      '对企业而言，好的营商环境犹如生存发展的沃土。',
      '一时间，“安吉这个朋友真能处”“安吉这个朋友靠得住”的营商环境口碑广为流传，更多项目、人才源源不断地涌入安吉、扎根安吉。',
      '当然，好的营商环境还体现于老百姓“少跑腿”甚至“不跑腿”的办事效率中。',
      '这些都是打造更优营商环境的直接体现。',
    ],
    '002': [
      '深入推进营商环境优化提升“一号改革工程”，以永不满足、勇争一流的精神和追求，全力打造“企业最有感”的营商环境，是“在湖州看见美丽中国”实干争先主题实践的重要内容。',
      '深入推进营商环境优化提升“一号改革工程”，以永不满足、勇争一流的精神和追求，全力打造“企业最有感”的营商环境，是“在湖州看见美丽中国”实干争先主题实践的重要内容。',
      '政策变动、职能交叉、边界不清等“三不管”事项，往往是企业最头疼的“疑难杂症”，“兜底办”协调多部门进行“专家会诊”，实现从“各管一摊”到“同挑一担”，用一个“兜”字，真抓实干优化营商环境。',
      '今年5月举行的2023世界品牌莫干山大会上，数百家国内外知名企业的负责人齐聚德清，实地感受浙北小城的秀丽风光、发展活力和优质营商环境。',
      '全省营商环境“无感监测”综合指数评价排名显示，2022年度德清位列全省第三，今年一季度排名全省第二。',
    ],
    // A list item: the passage leaves out its "- " marker.
    '003': ['吴兴区入选“2022年度浙江省营商环境企业满意度综合前10强”。'],
    // Traditional script. The fourth sentence runs on past an ellipsis that elides a list, and
    // past a ？ that stands in the text for a character lost before this app read it.
    '004': [
      '一流營商環境的重要性便凸顯出來。',
      '打造一流營商環境是關鍵一招。',
      '放眼全國縣域經濟排頭兵，昆山“昆如意”、江陰“澄心辦 辦澄事”、晉江“晉心晉力”……走在全國前列的百？gòu)?qiáng）縣，都在營商環境品牌建設上持續發力。',
      '營商環境是生產力，更是競爭力。',
      '“棒棒茶會”是一個頂格推進的政企溝通平臺，背后體現出濉溪致力打造一流營商環境的決心與信心。',
      '因此，濉溪組建了由縣級領導牽頭的18個營商環境工作專班，強化土地、資金、廠房等要素保障，通過“全方位”強服務、“全要素”強供給、“全周期”強落實，閉環式解決企業訴求，為重大招商引資項目快速落地提供有力支撐。',
      '濉溪深入貫徹落實促進民營經濟發展政策，積極維護公開透明、競爭有序的市場秩序，印發《進一步優化營商環境 構建親清政商關系實施方案》。',
      '通過這樣一套組合拳，濉溪縣精準施策，暢通了服務企業的“最先一公里”與問題破解的“最后一公里”，從而實現了“營商環境沒有最好，只有更好”。',
      '在濉溪縣，“快辦”服務立足“一網、一門、一次”原則，對重點企業、重點項目采取特事特辦、急事急辦、跟蹤代辦等方式，快審快辦，打造出更優更暖的營商環境，已經成為濉溪縣的一張“金名片”。',
      '濉溪縣域經濟的高質量轉型發展，不僅有特色產業基地支撐和一流營商環境塑造，新征程上行穩致遠，更依靠肯干事、能干事的干部隊伍。',
      '濉溪的目標和打法很明確：在打造營商環境、服務能力等方面下好先手棋，以更好的服務“軟實力”吸引和留住企業，為“保十爭百”奠定堅實基礎，將“濉溪五問”的問號，變成濉溪縣域經濟爭先進位的感嘆號！',
    ],
  };

  it('gives the sentence for each of the 24 mentions', () => {
    const got = Object.fromEntries(Object.entries(byArticle).map(([k, ms]) => [k, ms.map((m) => m.passages.sentence.quote.exact)]));
    expect(got).toEqual(EXPECTED);
    for (const a of theme.articles) {
      const text = index.canonical(a.key)!;
      for (const m of a.mentions) expect(text.slice(m.passages.sentence.position.start, m.passages.sentence.position.end)).toBe(m.passages.sentence.quote.exact);
    }
  });

  it('makes one passage of two mentions in one sentence: 24 mentions, 22 passages', () => {
    const items = theme.articles.flatMap((a) => a.mentions.map((m) => ({ group: a.key, mention: m.range, passage: m.passages.sentence.position })));
    const merged = mergedPassages(items);
    expect(merged).toHaveLength(22);
    expect(merged.map((p) => p.members.length).filter((n) => n > 1)).toEqual([2, 2]);
  });

  it('shows the mention inside the sentence, in the script being read', () => {
    const sentence = byArticle['004'][1].passages.sentence.quote.exact;
    expect(markedPassage(sentence, ['营商环境'], 'cn')).toEqual([
      { text: '打造一流', mark: false },
      { text: '营商环境', mark: true },
      { text: '是关键一招。', mark: false },
    ]);
    expect(markedPassage(byArticle['000'][1].passages.sentence.quote.exact, ['营商环境'], 't').filter((p) => p.mark).map((p) => p.text)).toEqual(['營商環境', '營商環境']);
  });

  it('gives the paragraph at paragraph extent: the whole line of a one-line-per-paragraph article', () => {
    expect(byArticle['000'][0].passages.paragraph.quote.exact).toBe(
      '营商环境，永无止境。近日，中央广播电视台总台在北京发布了《2022城市营商环境创新报告》，安吉入选“2022城市营商环境创新县（市）”名单，为湖州市唯一。对企业而言，好的营商环境犹如生存发展的沃土。',
    );
    expect(byArticle['003'][0].passages.paragraph.quote.exact).toBe('吴兴区入选“2022年度浙江省营商环境企业满意度综合前10强”。');
  });
});

describe('sentences of text the seeds do not have', () => {
  // Written for these tests in the forms of Taiwan and Hong Kong news copy.
  it('traditional text: corner quotes closing after the end mark, ⋯⋯ as a pause, ？ and ！ inside quotes', () => {
    const raw = '行政院今（12）日通過「營商環境優化方案」。經濟部長表示：「這是第一步。」外界關注⋯⋯後續能否落實？他問：『營商環境好嗎？』她答：「很好！」';
    expect(sentences(raw)).toEqual([
      '行政院今（12）日通過「營商環境優化方案」。',
      '經濟部長表示：「這是第一步。」',
      '外界關注⋯⋯後續能否落實？',
      '他問：『營商環境好嗎？』',
      '她答：「很好！」',
    ]);
    expect(passageOf(raw, '營商環境', 'sentence', 1)).toBe('他問：『營商環境好嗎？』');
  });

  it('quotes and brackets closing after 。 belong to the sentence they close', () => {
    expect(sentences('他说：“营商环境是生产力。”（新华社记者摄。）下一句；再一句……。')).toEqual(['他说：“营商环境是生产力。”', '（新华社记者摄。）', '下一句；', '再一句……。']);
  });

  it('an ellipsis ends a sentence only with a closing quote after it, or at the block end', () => {
    expect(sentences('我想……算了。')).toEqual(['我想……算了。']);
    expect(sentences('“等等……”她说。')).toEqual(['“等等……”', '她说。']);
    expect(sentences('他沉默了……\n第二段')).toEqual(['他沉默了……', '第二段']);
    expect(sentences('上海、杭州、南京……等地都在优化营商环境。')).toEqual(['上海、杭州、南京……等地都在优化营商环境。']);
  });

  it('half-width punctuation ends a sentence, but not inside 3.5, a domain or a URL query', () => {
    const raw = 'Growth was 3.5% this year. 营商环境 improved! See www.gov.tw/a?b=1 for details; more later';
    expect(sentences(raw)).toEqual(['Growth was 3.5% this year.', '营商环境 improved!', 'See www.gov.tw/a?b=1 for details;', 'more later']);
    // Between Chinese characters clean makes them full-width; a lone half-width stop still ends.
    expect(sentences('第一句完了.第二句')).toEqual(['第一句完了.', '第二句']);
  });

  it('a written-out ellipsis (.. ... or ．．．) is a pause; !! or ?.. are not an ellipsis (mutants: dotsOnly as true or false, every as some, its test on . or ．; a run read from its middle)', () => {
    expect(sentences('等等...他走了。')).toEqual(['等等...他走了。']);
    expect(sentences('等等．．．他走了。')).toEqual(['等等．．．他走了。']);
    expect(sentences('He paused... then left.')).toEqual(['He paused... then left.']);
    // Read from its second dot, `..` would be a lone full stop, which ends a sentence.
    expect(sentences('He paused.. then left.')).toEqual(['He paused.. then left.']);
    expect(sentences('Stop!! Go on.')).toEqual(['Stop!!', 'Go on.']);
    expect(sentences('Really?.. Yes.')).toEqual(['Really?..', 'Yes.']);
  });

  it('a full stop before a number ends a sentence, and so does a half-width stop closed by a quote (mutants: !full || stop === run, stop === run as true)', () => {
    expect(sentences('会议结束。2024年再开。')).toEqual(['会议结束。', '2024年再开。']);
    expect(sentences('He said "stop."Then he left.')).toEqual(['He said "stop."', 'Then he left.']);
  });

  it('a mark inside hidden markup does not end a sentence, with one hidden range or several (mutants: the hidden test as false, && for ||, lo < hi)', () => {
    // As a Markdown link's target is hidden: here the 。 at 1.
    expect(sentencesOf('甲。乙丙。', { start: 0, end: 5 }, [{ start: 1, end: 2 }])).toEqual([{ start: 0, end: 5 }]);
    expect(sentencesOf('甲。乙。丙。', { start: 0, end: 6 }, [{ start: 1, end: 2 }, { start: 3, end: 4 }])).toEqual([{ start: 0, end: 6 }]);
  });

  it('a mention over a sentence end takes both sentences; one ending where the next starts takes its own (mutants: s.start < mention.end as false or <=)', () => {
    const text = '前一句。营商。环境后一句。';
    const across = { start: 4, end: 9 }; // 营商。环境
    const r = passageRange(text, { units: [{ start: 0, end: 13 }] }, across, 'sentence');
    expect(text.slice(r.start, r.end)).toBe('营商。环境后一句。');
    const own = passageRange(text, { units: [{ start: 0, end: 13 }] }, { start: 0, end: 4 }, 'sentence');
    expect(text.slice(own.start, own.end)).toBe('前一句。');
  });

  it('outside every block, a passage is the line around the mention (mutants: the unit test as true; the line start and end)', () => {
    const text = '第一行。\n营商环境在第二行。还有一句。\n第三行营商环境好';
    const of = (nth: number, len: number, extent: PassageExtent) => {
      const at = nth === 0 ? 0 : text.indexOf('营商环境', nth === 1 ? 0 : 10);
      const r = passageRange(text, { units: [] }, { start: at, end: at + len }, extent);
      return text.slice(r.start, r.end);
    };
    expect(of(0, 3, 'paragraph')).toBe('第一行。');
    expect(of(1, 4, 'paragraph')).toBe('营商环境在第二行。还有一句。');
    expect(of(1, 4, 'sentence')).toBe('营商环境在第二行。');
    expect(of(2, 4, 'paragraph')).toBe('第三行营商环境好');
    // A one-character name at the end of its line (mutant: lastIndexOf from range.start + 1).
    const lines = '第一行\n第二行税\n第三行';
    const tax = passageRange(lines, { units: [] }, { start: 7, end: 8 }, 'paragraph');
    expect(lines.slice(tax.start, tax.end)).toBe('第二行税');
  });

  it('finds the block of a mention at the start of the block after another, and keeps each block\'s sentences apart (mutants: units[mid].end < i, the sentence cache key as one string)', () => {
    const text = '甲乙。丙丁。戊己。庚辛。';
    const cutter = new PassageCutter(text, { units: [{ start: 0, end: 6 }, { start: 6, end: 12 }] });
    const at = (start: number) => {
      const r = cutter.range({ start, end: start + 1 }, 'sentence');
      return text.slice(r.start, r.end);
    };
    expect(at(0)).toBe('甲乙。');
    expect(at(6)).toBe('戊己。');
    expect(at(9)).toBe('庚辛。');
  });

  it('trims exactly what /\\s/ matches at a passage edge, over the whole BMP (mutants: each case of isSpace)', () => {
    // The oracle is the regular-expression engine's \s, which isSpace stands in for.
    const layout = { units: [{ start: 0, end: 3 }] };
    const wrong: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      const r = passageRange(`${ch}文${ch}`, layout, { start: 1, end: 2 }, 'paragraph');
      const trimmedOff = r.start === 1 && r.end === 2;
      if (trimmedOff !== /\s/.test(ch)) wrong.push(c.toString(16));
    }
    expect(wrong).toEqual([]);
  });

  it('never crosses a paragraph, and trims the whitespace at its edges', () => {
    // Blocks as the parser gives them (here: each line), whitespace at their edges included.
    const text = '第一段没有句号\n  营商环境在第二段，也没有　\n第三段。';
    const layout = { units: [{ start: 0, end: 7 }, { start: 8, end: 23 }, { start: 24, end: 28 }] };
    const at = text.indexOf('营商环境');
    for (const extent of ['sentence', 'paragraph'] as const) {
      const r = passageRange(text, layout, { start: at, end: at + 4 }, extent);
      expect(text.slice(r.start, r.end)).toBe('营商环境在第二段，也没有');
    }
    expect(passageOf('第一段。\n\n营商环境第二段。还有一句。\n\n第三段。', '营商环境', 'paragraph')).toBe('营商环境第二段。还有一句。');
  });

  it('the mention extent is the mention itself', () => {
    expect(passageOf('打造一流营商环境是关键一招。', '营商环境', 'mention')).toBe('营商环境');
  });

  describe('Markdown (a Hong Kong news page saved by a web clipper)', () => {
    const md = readFileSync(join(FIXTURES, 'realworld/md-hk-budget-news.md'), 'utf8');
    const of = (needle: string, extent: PassageExtent = 'sentence', nth = 0) => passageOf(md, needle, extent, nth, 'md-hk-budget-news.md');

    it('keeps inline markup inside a sentence, and a hidden link target out of the sentence cutting', () => {
      expect(of('營商環境', 'sentence', 1)).toBe('財政司司長今日發表新財年**《財政預算案》**，提出多項措施改善營商環境。');
      expect(of('詳情可見')).toBe('詳情可見[政府新聞公報](https://www.info.gov.hk/gia/general/202402/28.htm)。');
    });

    it('leaves heading, list and quote markers out of the passage', () => {
      expect(of('紓困措施', 'sentence', 1)).toBe('新財年預算案：政府推多項紓困措施');
      expect(of('穩定')).toBe('「我們要在**穩定**中求發展。」');
      expect(of('寬減利得稅')).toBe('（一）寬減利得稅；');
    });

    it('cuts a table by cell', () => {
      expect(of('九龍')).toBe('九龍');
      expect(of('九龍', 'paragraph')).toBe('九龍');
    });
  });

  it('Markdown markup at a sentence edge stays out of the passage', () => {
    expect(passageOf('前文。**营商环境很重要。**后文。\n', '营商环境', 'sentence', 0, 'x.md')).toBe('营商环境很重要。');
    expect(passageOf('## 营商环境\n\n- 第一项；\n- 营商环境第二项\n', '营商环境', 'sentence', 1, 'x.md')).toBe('营商环境第二项');
    expect(passageOf('## 营商环境\n\n- 第一项；\n- 营商环境第二项\n', '营商环境', 'paragraph', 0, 'x.md')).toBe('营商环境');
  });
});

describe('merged passages', () => {
  it('keeps groups in first-seen order, passages by start then widest first, and merges a mention on a passage edge (mutants: the group order, the sort, k > 0, < for <= at either edge)', () => {
    const item = (id: string, group: string, mention: [number, number], passage: [number, number]) => ({
      id,
      group,
      mention: { start: mention[0], end: mention[1] },
      passage: { start: passage[0], end: passage[1] },
    });
    const items = [
      item('b1', 'B', [10, 12], [5, 20]),
      item('a2', 'A', [40, 42], [30, 50]),
      // At the passage's start, once as its sentence and once as its paragraph.
      item('a1', 'A', [0, 4], [0, 10]),
      item('a0', 'A', [0, 4], [0, 60]),
      // Ends where b1's passage ends.
      item('b2', 'B', [16, 20], [16, 25]),
    ];
    expect(mergedPassages(items).map((p) => [p.passage.start, p.passage.end, p.members.map((m) => m.id)])).toEqual([
      [5, 20, ['b1', 'b2']],
      [0, 60, ['a0', 'a1', 'a2']],
    ]);
  });
});
