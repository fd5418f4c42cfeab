// A long article's view built in pieces (core/scriptView.ts pieceView/piecedView, the reader's
// use of them): the part in view converted first, the rest as written until the whole view
// arrives, offsets exact across the seams. Expected texts are OpenCC's own test cases
// (testdata/opencc/testcases.json: s2t and s2twp), the offsets counted from them by hand.
import { describe, expect, it } from 'vitest';
import { SpanOffsetMap } from '../../src-renderer/core/offsetMap.ts';
import { pieceView, piecedView, view, type MappedScriptView } from '../../src-renderer/core/scriptView.ts';
import type { Range, Script, ViewOptions } from '../../src-renderer/core/types.ts';
import { alignInEveryView } from '../../src-renderer/state/annotations.svelte.ts';
import { ReaderState } from '../../src-renderer/state/reader.svelte.ts';
import { SettingsState } from '../../src-renderer/state/settings.svelte.ts';
import type { ParsedText, ViewBuilder } from '../../src-renderer/state/viewClient.ts';
import { InlineViewBuilder } from '../../src-renderer/state/viewClient.ts';
import { FakeHost } from '../support/fakeHost.ts';
import { largeArticle } from '../support/largeArticle.ts';

// OpenCC s2t cases.
const THEORY = '新的理论被发现了。'; // s2t: 新的理論被發現了。
const EMPRESS = '太后的头发很干燥。'; // s2t: 太后的頭髮很乾燥。
// OpenCC s2twp case: three phrases longer in Taiwan's words (互联网 → 網際網路, 算法 → 演算法, 异步 → 非同步).
const SERVER = '我们在老挝的服务器的硬盘需要使用互联网算法软件解决异步的问题。';
const SERVER_TWP = '我們在寮國的伺服器的硬碟需要使用網際網路演算法軟體解決非同步的問題。';

describe('a view in pieces', () => {
  it('converts the piece alone and leaves the rest as written', () => {
    const canonical = THEORY + EMPRESS;
    const range = { start: 9, end: 18 };
    const piece = pieceView(canonical, 't', undefined, range);
    expect(piece.text).toBe('太后的頭髮很乾燥。');
    const v = piecedView(canonical, 't', range, piece.text, piece.map);
    expect(v.text).toBe('新的理论被发现了。太后的頭髮很乾燥。');
    expect(v.only).toEqual(range);
    expect(v.script).toBe('t');
    // 头发 (canonical 12–14) is 頭髮 at the same place.
    expect(v.map.rangeToTarget({ start: 12, end: 14 })).toEqual({ start: 12, end: 14 });
    expect(v.text.slice(12, 14)).toBe('頭髮');
  });

  it('keeps offsets exact after a piece whose phrases changed length', () => {
    const canonical = THEORY + SERVER + EMPRESS;
    const range = { start: 9, end: 9 + SERVER.length };
    const piece = pieceView(canonical, 'twp', undefined, range);
    expect(piece.text).toBe(SERVER_TWP);
    const v = piecedView(canonical, 'twp', range, piece.text, piece.map);
    expect(v.text).toBe(THEORY + SERVER_TWP + EMPRESS);
    // 互联网 is at 9 + 16 in the canonical text, 網際網路 at 9 + 16 in the view.
    expect(SERVER.indexOf('互联网')).toBe(16);
    expect(SERVER_TWP.indexOf('網際網路')).toBe(16);
    expect(v.map.rangeToTarget({ start: 25, end: 28 })).toEqual({ start: 25, end: 29 });
    // A boundary inside the phrase widens to the phrase.
    expect(v.map.rangeToTarget({ start: 26, end: 27 })).toEqual({ start: 25, end: 29 });
    // After the piece: three characters further on (網際網路, 演算法, 非同步 one longer each).
    const after = 9 + SERVER.length;
    expect(v.map.toTarget(after)).toBe(after + 3);
    expect(v.map.rangeToTarget({ start: after + 3, end: after + 5 })).toEqual({ start: after + 6, end: after + 8 });
    expect(v.text.slice(after + 6, after + 8)).toBe('头发');
    expect(v.map.toSource(after + 6)).toBe(after + 3);
  });

  it('refuses a piece that does not fit the text', () => {
    const piece = pieceView(EMPRESS, 't', undefined, { start: 0, end: 9 });
    expect(() => piecedView(EMPRESS, 't', { start: 0, end: 8 }, piece.text, piece.map)).toThrow(RangeError);
    expect(() => piecedView(EMPRESS, 't', { start: 2, end: 11 }, piece.text, piece.map)).toThrow(RangeError);
  });

  it('inline builder: the piece comes before the whole view', async () => {
    const canonical = THEORY + EMPRESS;
    const pieces: MappedScriptView[] = [];
    const whole = await new InlineViewBuilder().build(canonical, 't', undefined, { start: 0, end: 9 }, (v) => pieces.push(v));
    expect(pieces.map((p) => p.text)).toEqual(['新的理論被發現了。太后的头发很干燥。']);
    expect(whole.text).toBe('新的理論被發現了。太后的頭髮很乾燥。');
    expect(whole.only).toBeUndefined();
  });
});

/** A builder the test answers by hand: the piece, then the whole view, each when the test says. */
class HeldBuilder implements ViewBuilder {
  held: { first?: Range; piece: () => void; whole: () => void }[] = [];
  build(text: string, script: Script, options?: ViewOptions, first?: Range, onPiece?: (v: MappedScriptView) => void): Promise<MappedScriptView> {
    return new Promise((resolve) => {
      this.held.push({
        first,
        piece: () => {
          const p = pieceView(text, script, options, first!);
          onPiece!(piecedView(text, script, first!, p.text, SpanOffsetMap.fromParts(p.map.toParts())!));
        },
        whole: () => resolve(view(text, script, options)),
      });
    });
  }
  parse(raw: string, fileName: string): Promise<ParsedText> {
    return new InlineViewBuilder().parse(raw, fileName);
  }
  warm(): void {}
  dispose(): void {}
}

describe('the reader and a long article view built in pieces', () => {
  it('shows the drawn rows converted first, says it is converting, then shows the whole view', async () => {
    const host = FakeHost.withSeeds();
    const { text } = largeArticle({ bytes: 800_000, oneLine: true });
    host.files.set('long.txt', { text });
    const settings = new SettingsState(null);
    const state = new ReaderState(host, () => settings.viewScript, () => false);
    const builder = new HeldBuilder();
    (state as unknown as { viewBuilder: ViewBuilder }).viewBuilder = builder;
    await state.open('long.txt');
    expect(state.windowed).toBe(true);
    const canonical = state.clean!.text;
    // The window has drawn the opening: its first 4,000 characters (ending a sentence).
    const drawn = { start: 0, end: canonical.indexOf('。', 4000) + 1 };
    state.window = { drawnRange: () => drawn, showBlock: async () => {}, showOffset: async () => {}, stale: false };
    expect(state.converting).toBe(false);

    settings.set('script', 't');
    expect(state.view?.script).toBe('original');
    expect(state.converting).toBe(true);
    expect(builder.held.map((h) => h.first)).toEqual([drawn]);

    builder.held[0].piece();
    const shown = state.view!;
    expect(shown.script).toBe('t');
    expect(state.converting).toBe(true);
    // The opening sentence (OpenCC-style s2t by hand: 汇编 → 彙編, 县域 → 縣域, 报道 → 報道, 长文 → 長文, 阅读 → 閱讀, 测试 → 測試).
    expect(shown.text.startsWith('本文彙編縣域發展報道，供長文閱讀測試之用。')).toBe(true);
    // Past the drawn rows, the text is as written until the whole view comes.
    expect(shown.text.slice(shown.map.toTarget(drawn.end), shown.map.toTarget(drawn.end) + 50)).toBe(canonical.slice(drawn.end, drawn.end + 50));

    builder.held[0].whole();
    await expect.poll(() => state.converting).toBe(false);
    expect(state.view!.text).toBe(view(canonical, 't').text);
    expect((state.view as MappedScriptView).only).toBeUndefined();
  });
});

describe('a new highlight in a long text', () => {
  it('widens to the phrases at its ends from the text around it, as a short text does from its views', () => {
    // 互联网 is one phrase in 臺灣（詞彙）(網際網路): a passage starting or ending inside it takes all of it.
    const filler = EMPRESS.repeat(25_000);
    const long = filler + SERVER + EMPRESS.repeat(10);
    expect(long.length).toBeGreaterThan(200_000);
    const at = filler.length + 16;
    expect(long.slice(at, at + 3)).toBe('互联网');
    expect(alignInEveryView(long, { start: at + 1, end: at + 2 })).toEqual({ start: at, end: at + 3 });
    expect(alignInEveryView(long, { start: at + 2, end: at + 5 })).toEqual({ start: at, end: at + 5 });
    // 头发 → 頭髮 changes no length: nothing to widen.
    expect(alignInEveryView(long, { start: 3, end: 5 })).toEqual({ start: 3, end: 5 });
    const short = THEORY + SERVER;
    expect(alignInEveryView(short, { start: 9 + 17, end: 9 + 18 })).toEqual({ start: 9 + 16, end: 9 + 19 });
  });
});
