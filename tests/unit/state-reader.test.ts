import { describe, expect, it } from 'vitest';
import { view } from '../../src-renderer/core/scriptView.ts';
import { loadArticle } from '../../src-renderer/core/article.ts';
import type { Block, Script } from '../../src-renderer/core/types.ts';
import { blockParts, segmentsOf } from '../../src-renderer/state/blockParts.ts';
import { convertShort, ReaderState } from '../../src-renderer/state/reader.svelte.ts';
import { langOf } from '../../src-renderer/core/scriptLang.ts';
import { SettingsState } from '../../src-renderer/state/settings.svelte.ts';
import { FakeHost, SEED } from '../support/fakeHost.ts';

function reader(host: FakeHost) {
  const settings = new SettingsState(null);
  const state = new ReaderState(
    host,
    () => settings.viewScript,
    () => settings.ruby,
  );
  return { state, settings };
}

const textOf = (parts: ReturnType<typeof blockParts>) => parts.map((p) => p.segments.map((s) => s.text).join('')).join('');

describe('ReaderState', () => {
  it('opens an article and follows the script setting', async () => {
    const { state, settings } = reader(FakeHost.withSeeds());
    await state.open(SEED.s000);
    expect(state.status).toBe('ready');
    expect(state.header?.title).toBe('快多好省 敢为争先 安吉：全域竞掀高质量发展热潮');
    expect(state.header?.authors).toEqual(['李世超', '吴丹', '祝懿希']);
    expect(state.lang).toBe('zh-Hans');
    const body = () => state.blocks.map((b) => textOf(b.parts)).join('\n');
    expect(body()).toContain('营商环境');
    settings.set('script', 't');
    expect(state.view?.script).toBe('t');
    expect(body()).toContain('營商環境');
    expect(body()).not.toContain('营商环境');
    expect(state.header?.title).toContain('競掀高質量發展熱潮');
    expect(state.lang).toBe('zh-Hant');
    settings.set('script', 'tw');
    settings.set('twPhrases', true);
    expect(state.view?.script).toBe('twp');
    expect(state.lang).toBe('zh-Hant-TW');
  });

  it('lists headings in the outline in the current script', async () => {
    const { state, settings } = reader(FakeHost.withSeeds());
    await state.open(SEED.s004);
    const outline = () => state.outline.map((e) => e.text);
    expect(outline()).toEqual(expect.arrayContaining(['“五問”引發深思', '一場茶會', '“快辦”服務品牌']));
    expect(state.lang).toBe('zh-Hant');
    settings.set('script', 'cn');
    expect(outline()).toContain('一场茶会');
  });

  it('draws pinyin as ruby segments only when ruby is on', async () => {
    const { state, settings } = reader(FakeHost.withSeeds());
    await state.open(SEED.s004);
    expect(state.hasRuby).toBe(true);
    const rubyCount = () => state.blocks.flatMap((b) => b.parts.flatMap((p) => p.segments)).filter((s) => s.reading).length;
    expect(rubyCount()).toBe(0);
    settings.set('ruby', true);
    expect(rubyCount()).toBeGreaterThan(100);
    // Rendering with ruby must not change the text itself.
    const text = state.blocks.map((b) => textOf(b.parts)).join('');
    expect(text).not.toMatch(/\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)/);
    settings.set('ruby', false);
    expect(rubyCount()).toBe(0);
    expect(state.blocks.map((b) => textOf(b.parts)).join('')).toBe(text);
  });

  it('keeps each ruby on its base characters in every view', async () => {
    const raw = FakeHost.withSeeds().files.get(SEED.s004)!.text!;
    const { clean, article } = loadArticle(raw);
    for (const script of ['original', 'cn', 't', 'tw', 'twp', 'hk'] as Script[]) {
      const v = view(clean.text, script);
      for (const block of article.blocks) {
        const segments = segmentsOf(v, clean.ruby, block, v.map.rangeToTarget(block));
        const target = v.map.rangeToTarget(block);
        expect(segments.map((s) => s.text).join('')).toBe(v.text.slice(target.start, target.end));
      }
    }
  });

  it('renders caption credits and chronicle dates as their own parts', async () => {
    const { state } = reader(FakeHost.withSeeds());
    await state.open(SEED.s000);
    const caption = state.blocks.find((b) => b.block.kind === 'caption' && b.parts.some((p) => p.role === 'credit'));
    expect(caption).toBeDefined();
    expect(textOf(caption!.parts.filter((p) => p.role === 'credit'))).toBe('夏鹏飞 摄');

    await state.open(SEED.s003);
    const chronicle = state.blocks.filter((b) => b.block.kind === 'chronicle' && b.parts.some((p) => p.role === 'date'));
    expect(chronicle.length).toBeGreaterThan(0);
    for (const entry of chronicle) {
      const rest = entry.parts.find((p) => p.role === 'text');
      if (rest) expect(rest.segments[0].text).not.toMatch(/^[，,：:、\s]/);
    }
  });

  it('reloads a changed file and says so when the open file vanishes', async () => {
    const host = FakeHost.withSeeds();
    const { state } = reader(host);
    await state.open(SEED.s002);
    host.files.set(SEED.s002, { text: host.files.get(SEED.s002)!.text!.replace('德清：创新为翼攀高峰', '德清：创新为翼再攀高峰').replace('德清:创新为翼攀高峰', '德清:创新为翼再攀高峰') });
    const before = state.revision;
    state.onLibraryEvent({ type: 'change', entry: host.entry(SEED.s002) });
    await new Promise((r) => setTimeout(r, 0));
    expect(state.revision).toBe(before + 1);
    expect(state.header?.title).toBe('德清：创新为翼再攀高峰');

    state.onLibraryEvent({ type: 'remove', key: SEED.s001 });
    expect(state.status).toBe('ready');
    state.onLibraryEvent({ type: 'remove', key: SEED.s002 });
    expect(state.status).toBe('vanished');
    // The text stays readable under the message.
    expect(state.article).not.toBeNull();
  });

  it('shows a file error by code', async () => {
    const host = FakeHost.withSeeds();
    host.files.set('bad.txt', { error: { code: 'too-large', detail: '70 MB' } });
    const { state } = reader(host);
    await state.open('bad.txt');
    expect(state.status).toBe('failed');
    expect(state.error?.code).toBe('too-large');
    await state.open('missing.txt');
    expect(state.status).toBe('vanished');
  });

  it('only the latest open wins when requests overlap', async () => {
    const { state } = reader(FakeHost.withSeeds());
    const first = state.open(SEED.s000);
    const second = state.open(SEED.s003);
    await Promise.all([first, second]);
    expect(state.key).toBe(SEED.s003);
    expect(state.header?.title).toBe('吴兴：加快打造新青年城市');
  });
});

describe('script helpers', () => {
  it('convertShort converts short strings like the views do', () => {
    expect(convertShort('营商环境', 't')).toBe('營商環境');
    expect(convertShort('營商環境', 'cn')).toBe('营商环境');
    expect(convertShort('营商环境', 'original')).toBe('营商环境');
  });

  it('langOf tags the original by what it is', () => {
    expect(langOf('original', '营商环境优化，服务企业发展。')).toBe('zh-Hans');
    expect(langOf('original', '營商環境優化，服務企業發展。')).toBe('zh-Hant');
    expect(langOf('hk', '')).toBe('zh-Hant-HK');
  });

  it('blockParts never draws text twice when a phrase conversion widens a boundary', () => {
    const canonical = '主板上市';
    const v = view(canonical, 'twp');
    const block: Block = { kind: 'caption', start: 0, end: 4, credit: { start: 1, end: 4 } };
    const parts = blockParts(v, null, block);
    expect(textOf(parts)).toBe(v.text);
  });
});
