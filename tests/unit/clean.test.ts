import { describe, expect, it } from 'vitest';
import { clean, CLEAN_VERSION } from '../../src-renderer/core/clean.ts';
import { isPinyinReading } from '../../src-renderer/core/pinyin.ts';

const text = (raw: string) => clean(raw).text;

describe('pinyin', () => {
  it('lifts a reading into ruby on the character before it', () => {
    const r = clean('經(jīng)營(yíng)商環境');
    expect(r.text).toBe('經營商環境');
    expect(r.ruby).toEqual([
      { start: 0, end: 1, reading: 'jīng' },
      { start: 1, end: 2, reading: 'yíng' },
    ]);
    expect(r.edits.filter((e) => e.kind === 'pinyin')).toHaveLength(2);
  });
  it('a reading of several syllables covers as many characters', () => {
    const r = clean('推動經營(jīng yíng)發展');
    expect(r.text).toBe('推動經營發展');
    expect(r.ruby).toEqual([{ start: 2, end: 4, reading: 'jīng yíng' }]);
  });
  it('keeps ordinary parentheses (full-width in Chinese context)', () => {
    const r = clean('全县各乡镇(街道)和县属国企，创新县(市)名单');
    expect(r.text).toBe('全县各乡镇（街道）和县属国企，创新县（市）名单');
    expect(r.ruby).toEqual([]);
  });
  it('keeps parentheses that hold years or untoned Latin', () => {
    expect(text('行動方案(2024—2027年)》')).toBe('行動方案（2024—2027年）》');
    expect(clean('的(de)').ruby).toEqual([]);
    expect(clean('公司(Ltd)').ruby).toEqual([]);
  });
  it('does not lift pinyin after a Latin letter', () => {
    expect(clean('F(xiàn)').ruby).toEqual([]);
  });
  // Found by tests/unit/fuzz-pipeline.test.ts: 字(zì)(zì) cleaned to 字（zì）, which the next
  // clean lifted again — canonical text that does not clean to itself.
  it('lifts a reading that directly follows a lifted one onto the same characters', () => {
    const r = clean('字(zì)(zì)和經營(jīng yíng)（jìng yíng）');
    expect(r.text).toBe('字和經營');
    expect(r.ruby).toEqual([
      { start: 0, end: 1, reading: 'zì' },
      { start: 2, end: 4, reading: 'jīng yíng' },
      { start: 2, end: 4, reading: 'jìng yíng' },
    ]);
    expect(clean(r.text).text).toBe(r.text);
    expect(text('字(zì) (zì)')).toBe(text(text('字(zì) (zì)')));
  });
  it('recognises readings', () => {
    expect(isPinyinReading('lǜ')).toBe(true);
    expect(isPinyinReading('zhēng')).toBe(true);
    expect(isPinyinReading('2024')).toBe(false);
    expect(isPinyinReading('hello')).toBe(false);
  });
});

describe('punctuation artifacts', () => {
  it.each([
    ['濉溪縣,,一組數據', '濉溪縣，一組數據'],
    ['已納統項目33個,。', '已納統項目33個。'],
    ['自我檢視,、知優明劣', '自我檢視、知優明劣'],
    ['173.4億元,;新簽約', '173.4億元；新簽約'],
    ['如何塑造提升,?”', '如何塑造提升？”'],
    ['縣(xiàn),,一組', '縣，一組'],
  ])('%s → %s', (raw, want) => {
    expect(text(raw)).toBe(want);
  });
  it('records one edit per dropped comma', () => {
    expect(clean('甲,,乙,。').edits.filter((e) => e.kind === 'punctuation-artifact')).toHaveLength(2);
  });
  it('leaves doubled commas in non-Chinese text alone', () => {
    expect(text('a,,b')).toBe('a,,b');
  });
});

describe('full-width punctuation', () => {
  it.each([
    ['安吉:全域竞掀', '安吉：全域竞掀'],
    ['原因在哪儿?给群众', '原因在哪儿？给群众'],
    ['日子越过越红火了!”去年', '日子越过越红火了！”去年'],
    ['务;县妇联', '务；县妇联'],
    ['仲夏时节,走进', '仲夏时节，走进'],
    ['发布时间:2023-06-20 09:57:24 来源: 浙江在线', '发布时间：2023-06-20 09:57:24 来源：浙江在线'],
  ])('%s → %s', (raw, want) => {
    expect(text(raw)).toBe(want);
  });
  it('leaves numbers, times, URLs, file names and English alone', () => {
    for (const s of [
      '增长2.5%，占99.3%',
      '截至10:30，共1,000人',
      'zjrb2023062000016v01b009.jpg',
      'Copyright © 1999-2017 Zjol. All Rights Reserved',
      'Hello, world! Is it (really) here? Yes: 3:2;',
    ]) {
      expect(text(s)).toBe(s);
    }
    expect(text('网址:http://example.com/a?b=1')).toBe('网址：http://example.com/a?b=1');
  });
  it('never changes the length of a converted mark (one edit each)', () => {
    const r = clean('甲,乙:丙;丁?戊!');
    expect(r.text).toBe('甲，乙：丙；丁？戊！');
    expect(r.edits.filter((e) => e.kind === 'full-width')).toHaveLength(5);
  });
});

describe('lines and layout', () => {
  it('one trimmed line per block, blank lines dropped', () => {
    const r = clean('  第一段。  \n\n\n \n第二段。\n');
    expect(r.text).toBe('第一段。\n第二段。');
    expect(r.cleanVersion).toBe(CLEAN_VERSION);
  });
  it('joins a paragraph cut mid-word by layout', () => {
    // Layout cuts after a full line of text (44 to 158 characters in the seeds), never after a few words.
    const head = '为破解企业融资难题，县里整合资源、重塑机制，原来，开发区、金融发展服务';
    const raw = `${head}\n\n中心、投促中心等单位组建专班。\n\n下一段完整。`;
    const r = clean(raw);
    expect(r.text).toBe(`${head}中心、投促中心等单位组建专班。\n下一段完整。`);
    expect(r.edits.some((e) => e.kind === 'layout-join' && e.at === head.length)).toBe(true);
  });
  it('moves an interleaved caption after the joined paragraph', () => {
    const raw = '紧扣重大领域改革，探索共富机制性制度性\n\n\n\n天荒坪镇余村股金分红大会\n\n创新，致力于标志性成果打造。\n\n下一段。';
    const r = clean(raw);
    expect(r.text).toBe('紧扣重大领域改革，探索共富机制性制度性创新，致力于标志性成果打造。\n天荒坪镇余村股金分红大会\n下一段。');
    const movedAt = r.text.indexOf('天荒坪镇');
    expect(r.edits).toContainEqual({ kind: 'caption-moved', at: movedAt });
  });
  it('skips credited captions and image lines in the one-line-per-paragraph layout', () => {
    const raw = '每季度邀请人大代表，轮流对工\nimg001.jpg\n开发区全景\n张三 摄\n作推进中的堵点协同发力。';
    expect(text(raw)).toBe('每季度邀请人大代表，轮流对工作推进中的堵点协同发力。\nimg001.jpg\n开发区全景 张三 摄');
  });
  it('leaves a gap visible when an open quotation is never closed', () => {
    const raw = '青年创业项目涵盖多个领域，初步形成“教育+文化+\n\n亩，15天政策处理300余户，高效保障项目建设。';
    expect(text(raw)).toBe('青年创业项目涵盖多个领域，初步形成“教育+文化+\n亩，15天政策处理300余户，高效保障项目建设。');
  });
  it('does not join a paragraph to a heading', () => {
    const raw = '这是一个没有结尾标点的段落，写到这里\n\n一个标题\n\n正文继续，这是新段落。';
    expect(text(raw).split('\n')).toHaveLength(3);
  });
  it('does not join a cut paragraph to a line that opens a new point', () => {
    expect(text('第一项工作，推进了《实施方案》\n二是强化保障，完成。')).toBe('第一项工作，推进了《实施方案》\n二是强化保障，完成。');
    expect(text('措施如下，包括\n1. 第一条，完成。')).toBe('措施如下，包括\n1. 第一条，完成。');
  });
  it('does not join complete sentences', () => {
    const raw = '第一段，写完了。\n\n第二段，也写完了。';
    expect(text(raw)).toBe('第一段，写完了。\n第二段，也写完了。');
  });
  it('does not join across a colon that introduces what follows', () => {
    expect(text('引发全县领导干部深思:\n“如何行稳致远?”')).toBe('引发全县领导干部深思：\n“如何行稳致远？”');
  });
  it('joins a two-line heading into one line', () => {
    expect(text('正文，完。\n\n建好标志性点位\n凸显新青年特质\n\n聚青年人才，创美好未来。')).toBe(
      '正文，完。\n建好标志性点位 凸显新青年特质\n聚青年人才，创美好未来。',
    );
  });
  it('keeps list items on their own lines', () => {
    expect(text('大事记\n\n- 第一项，完成。\n- 第二项，完成。')).toBe('大事记\n- 第一项，完成。\n- 第二项，完成。');
  });
  it('joins a lone credit to the caption parked above it', () => {
    const raw = '正文一段，完。\n\n\n\n安吉县城航拍图\n\n夏鹏飞 摄\n\n安吉这个朋友能处还靠得住\n\n正文，完。';
    expect(text(raw)).toBe('正文一段，完。\n安吉县城航拍图 夏鹏飞 摄\n安吉这个朋友能处还靠得住\n正文，完。');
  });
  it('splits a credit glued to the next caption', () => {
    expect(text('DNA数字游民公社\n安吉县溪龙乡供图12345政务服务便民热线\n安吉县信访局供图')).toBe(
      'DNA数字游民公社 安吉县溪龙乡供图\n12345政务服务便民热线 安吉县信访局供图',
    );
    expect(text('本报为活动提供图片和视频，完。')).toBe('本报为活动提供图片和视频，完。');
  });
  it('is idempotent', () => {
    for (const raw of [
      '經(jīng)營(yíng)商環境,,很好,。\n“五問”引發深思\n為什么要問,?',
      '标题\n\n作者 甲\n\n正文，金融发展服务\n\n\n\n某图片说明\n\n中心完成。\n\n- 甲，乙。',
      '甲，,乙',
    ]) {
      const once = text(raw);
      expect(text(once)).toBe(once);
    }
  });
  it('carries ruby offsets through joins and removals', () => {
    const r = clean('前文說到，這一年裏，各部門聯合推出了一系列便民措施，開發區(qū)的服務\n\n中心的經(jīng)營,,很好。');
    expect(r.text).toBe('前文說到，這一年裏，各部門聯合推出了一系列便民措施，開發區的服務中心的經營，很好。');
    expect(r.ruby.map((x) => r.text.slice(x.start, x.end))).toEqual(['區', '經']);
  });
  it('carries ruby and edit offsets past marks made full-width and spaces dropped after them', () => {
    // Readings lifted first, then the ASCII comma made full-width (one character for one)
    // and the space after it dropped: every later offset moves by what came before it.
    const r = clean('重(zhòng),  點(diǎn)是經(jīng)濟');
    expect(r.text).toBe('重，點是經濟');
    expect(r.ruby).toEqual([
      { start: 0, end: 1, reading: 'zhòng' },
      { start: 2, end: 3, reading: 'diǎn' },
      { start: 4, end: 5, reading: 'jīng' },
    ]);
    expect(r.edits.filter((e) => e.kind === 'full-width').map((e) => e.at)).toEqual([1]);
  });
});

describe('Markdown', () => {
  it('keeps the markers, so the canonical text is still the file as written', () => {
    expect(text('# 标题\n\n## 一、总体情况\n\n> 引文。\n\n- 甲\n- 乙')).toBe('# 标题\n## 一、总体情况\n> 引文。\n- 甲\n- 乙');
  });
  it('never joins a structural line to a cut sentence', () => {
    expect(text('这是一个没有结尾标点的段落，写到这里\n\n> 引文继续，写完了。')).toBe('这是一个没有结尾标点的段落，写到这里\n> 引文继续，写完了。');
    expect(text('这是一个没有结尾标点的段落，写到这里\n\n## 小标题，带逗号。')).toBe('这是一个没有结尾标点的段落，写到这里\n## 小标题，带逗号。');
    expect(text('- 列表项，没有写完\n\n继续写完了。')).toBe('- 列表项，没有写完\n继续写完了。');
  });
  it('never joins list items or a heading and its underline into a label group', () => {
    expect(text('正文，完。\n\n1. 第一项\n2. 第二项\n\n正文，完。')).toBe('正文，完。\n1. 第一项\n2. 第二项\n正文，完。');
    expect(text('正文，完。\n\n小标题\n======\n\n正文，完。')).toBe('正文，完。\n小标题\n======\n正文，完。');
  });
  it('a numbered section heading does not swallow the next line', () => {
    expect(text('二、坚持高位推动，强化组织保障\n\n加强组织建设。')).toBe('二、坚持高位推动，强化组织保障\n加强组织建设。');
  });
  it('leaves fenced code and front matter unrepaired', () => {
    const r = clean('---\ntitle: 数字,经济\n---\n\n```\n打印(甲,乙)  # 注释\n```\n\n打印(甲,乙)');
    expect(r.text).toBe('---\ntitle: 数字,经济\n---\n```\n打印(甲,乙)  # 注释\n```\n打印（甲，乙）');
  });
  it('an unclosed fence runs to the end, as in CommonMark', () => {
    expect(text('```\n甲,乙')).toBe('```\n甲,乙');
  });
  it('reports the layout parse needs to know', () => {
    expect(clean('甲，完。\n\n乙，完。').layout).toBe('blank-line');
    expect(clean('甲，完。\n乙，完。').layout).toBe('line-per-paragraph');
  });
  it('is version 5: Markdown link syntax stopped being made full-width in it', () => {
    expect(CLEAN_VERSION).toBe(5);
    expect(clean('').cleanVersion).toBe(5);
  });
  it('a short line standing alone above a blank line is a subheading, not half a cut paragraph', () => {
    expect(text('导语，完。\n\n慢下来，才看得见\n\n刚来的时候，我总觉得时间被浪费了。')).toBe('导语，完。\n慢下来，才看得见\n刚来的时候，我总觉得时间被浪费了。');
    // A long paragraph cut mid-sentence still joins its continuation one blank line below.
    const head = '于是，开发区、金融发展服务中心、投促中心、市场监管局等部门联合推出了金融发展服务';
    expect(text(`${head}\n\n中心的一站式服务。`)).toBe(`${head}中心的一站式服务。`);
    // So does a short line left hanging on a comma.
    expect(text('导语，完。\n\n在这次会议上，他说，\n\n这件事要慢慢来。')).toBe('导语，完。\n在这次会议上，他说，这件事要慢慢来。');
  });
  it('leaves Markdown link and image syntax half-width beside Chinese text', () => {
    // Hand-written: the link's ( ) and the image's ! stay; the prose comma after it is repaired.
    expect(clean('見[網址](https://example.org/a),再說。').text).toBe('見[網址](https://example.org/a)，再說。');
    expect(clean('圖![地圖](map.png)').text).toBe('圖![地圖](map.png)');
    expect(clean('營商環境&nbsp;是&#8220;軟實力&#8221;,也是').text).toBe('營商環境&nbsp;是&#8220;軟實力&#8221;，也是');
    // Parentheses that are prose stay repaired.
    expect(clean('見(附件)再說').text).toBe('見（附件）再說');
  });
});

describe('scale', () => {
  it('cleans a generated 2 MB article without blowing up', () => {
    const unit =
      '在縣域經(jīng)濟(jì)爭先進位上,,今年的濉溪縣,一組數據令人印象深刻:1-9月,,新簽約項目59個,。\n\n' +
      '這是一段被版面切斷的文字，還沒有寫完\n\n\n\n圖片說明 張三 攝\n\n接著寫完了。\n\n小標題\n\n';
    const raw = unit.repeat(Math.ceil((2 * 1024 * 1024) / unit.length));
    const r = clean(raw);
    expect(r.text.length).toBeGreaterThan(1_000_000);
    expect(r.text).not.toContain('(jīng)');
    // One long line is the worst case for per-line work.
    const oneLine = '甲乙丙丁,,戊己庚辛(xīn)。'.repeat(150_000);
    expect(clean(oneLine).text.length).toBe('甲乙丙丁，戊己庚辛。'.length * 150_000);
  });
});
