import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clean } from '../../src-renderer/core/clean.ts';
import { LEAD_CAP, LEAD_CHARS, leadingCut } from '../../src-renderer/core/leadingSlice.ts';
import { WINDOW_FROM_CHARS } from '../../src-renderer/state/articleRows.ts';
import { ReaderState } from '../../src-renderer/state/reader.svelte.ts';
import { SettingsState } from '../../src-renderer/state/settings.svelte.ts';
import { InlineViewBuilder, type ParsedText, type ViewBuilder } from '../../src-renderer/state/viewClient.ts';
import type { WorkerStarter } from '../../src-renderer/state/workerStarter.ts';
import { FakeHost } from '../support/fakeHost.ts';
import { largeArticle, LARGE_FIRST, LARGE_LAST } from '../support/largeArticle.ts';

const REALWORLD = resolve(import.meta.dirname, '../fixtures/realworld');
const read = (name: string) => readFileSync(join(REALWORLD, name), 'utf8');

/** A text gone to one line, as a scraped page loses its line breaks. */
const oneLine = (text: string) => text.replace(/\s*\n\s*/g, '');

/** A small seeded generator, so a failure names a text that can be made again. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

/** The damage clean repairs, put at random places: each rule then has work on both sides of any cut. */
const DAMAGE = [',', ',,', ', ', '(', ')', 'x(y', 'z)w', '(jīng)', '(zhōng)(zhōng)', ' ', '  ', ':', '?', '!', ';', '（', '）', '供图', '。', 'ab', '1.5'];

function damaged(text: string, seed: number, every: number): string {
  const next = random(seed);
  let out = '';
  for (let i = 0; i < text.length; i += every) out += text.slice(i, i + every) + DAMAGE[Math.floor(next() * DAMAGE.length)];
  return out;
}

/** The whole text's canonical text begins with the slice's: what the reader relies on. */
function expectPrefix(raw: string, cut: number): void {
  const whole = clean(raw).text;
  const lead = clean(raw.slice(0, cut)).text;
  expect(lead.length).toBeGreaterThan(0);
  expect(whole.slice(0, lead.length)).toBe(lead);
}

describe('leadingCut', () => {
  it('cuts right after a sentence end that a Han character follows, inside the first line', () => {
    const raw = '甲'.repeat(10) + '，乙乙。' + '丙'.repeat(10) + '。丁丁丁' + '戊'.repeat(40);
    // The first 。 (13) is before `from`; the next, at 24, is followed by 丁.
    expect(leadingCut(raw, 'a.txt', 20)).toBe(25);
  });

  it('refuses Markdown, a text opening like Markdown, a short text and a cut near the first line end', () => {
    const body = '句子在这里结束。'.repeat(100);
    expect(leadingCut(body, 'a.txt', 100)).toBeGreaterThan(0);
    expect(leadingCut(body, 'a.md', 100)).toBe(-1);
    expect(leadingCut('# 标题' + body, 'a.txt', 100)).toBe(-1);
    expect(leadingCut('---\ntitle: 甲\n---\n' + body, 'a.txt', 100)).toBe(-1);
    expect(leadingCut(body, 'a.txt', 500)).toBe(-1);
    // The first line ends 150 characters in: no cut inside it is far enough from its end.
    expect(leadingCut(body.slice(0, 150) + '\n' + body, 'a.txt', 100)).toBe(-1);
  });

  it('never leaves an ASCII parenthesis open across the cut, nor cuts after a backslash', () => {
    // Open at 5, closed at 127: every sentence end past `from` before that lies inside it.
    const raw = '甲乙丙丁x(y' + '句子。'.repeat(40) + ')' + '句子结束了。'.repeat(200);
    const cut = leadingCut(raw, 'a.txt', 10);
    expect(cut).toBe(-1);
    expect(leadingCut(raw.replace('(', '（'), 'a.txt', 10)).toBe(13);
    expect(leadingCut('甲\\乙' + '句子结束了。'.repeat(200), 'a.txt', 10)).toBe(-1);
  });

  it('would break the opening without that rule: a parenthesis is paired across a whole line', () => {
    // Between Latin letters, ( is made full-width only for the Han text inside its pair.
    const raw = 'ab(c' + '句子。'.repeat(10) + 'd)' + '句子结束了。'.repeat(40);
    expect(clean(raw).text.slice(0, 4)).toBe('ab（c');
    // Cut at the first sentence end, the slice's ( has no pair and stays as it is.
    expect(clean(raw.slice(0, 7)).text.slice(0, 4)).toBe('ab(c');
    expect(leadingCut(raw, 'a.txt', 5)).toBe(-1);
  });

  it('never cuts past the cap: a late sentence end gives way to a place between two Han characters', () => {
    // The first sentence end is 200,000 characters in; without the cap the opening would be all of that.
    const late = '甲'.repeat(200_000) + '。乙' + '丙'.repeat(200_000);
    expect(LEAD_CHARS * LEAD_CAP).toBe(128_000);
    expect(leadingCut(late, 'a.txt')).toBe(32_000);
    // One inside the cap is still the cut.
    const inside = 'x'.repeat(100_000) + '。乙' + 'x'.repeat(300_000);
    expect(leadingCut(inside, 'a.txt')).toBe(100_001);
    // No sentence end within the cap, Han only after Latin letters: the first pair of Han characters past `from`.
    const pair = 'x'.repeat(50_000) + '乙乙' + 'x'.repeat(300_000);
    expect(leadingCut(pair, 'a.txt')).toBe(50_001);
  });

  it('cuts hard at `from` where nothing safer is found, never inside a surrogate pair', () => {
    // Latin letters only: no sentence end, no Han.
    expect(leadingCut('ab'.repeat(150_000), 'a.txt')).toBe(32_000);
    // 𠀀 (U+20000) is two UTF-16 units: after one BMP letter, 32,000 falls inside a pair (31,999 and 32,000), after two between pairs.
    expect(leadingCut('a' + '𠀀'.repeat(150_000), 'a.txt')).toBe(31_999);
    expect(leadingCut('ab' + '𠀀'.repeat(150_000), 'a.txt')).toBe(32_000);
    // A single Han character between astral ones is no pair: still the hard cut.
    expect(leadingCut('a' + '𠀀乙'.repeat(100_000), 'a.txt')).toBe(31_999);
    // The guards hold for a hard cut too.
    expect(leadingCut('x(' + 'ab'.repeat(150_000), 'a.txt')).toBe(-1);
  });

  it('gives an opening whose canonical text begins the whole one, on real text made one line', () => {
    // 左传 from OpenCC's benchmark (tests/fixtures/realworld/SOURCE.md), two places of it, and the other realworld texts.
    const texts = [
      oneLine(read('rw-zuozhuan.txt').slice(0, 60_000)),
      oneLine(['rw-essay.txt', 'rw-hk-news.txt', 'rw-tw-news.txt', 'rw-mainland-news.txt', 'rw-wiki.txt'].map(read).join('')),
      oneLine(read('rw-zuozhuan.txt').slice(400_000, 440_000)),
    ];
    for (const text of texts) {
      let cuts = 0;
      for (const from of [200, 500, 700, 1500, 4000]) {
        const cut = leadingCut(text, 'long.txt', from);
        if (cut < 0) continue;
        cuts++;
        expectPrefix(text, cut);
      }
      expect(cuts).toBeGreaterThanOrEqual(1);
    }
  });

  it('keeps that so with the damage clean repairs strewn on both sides of the cut', () => {
    const base = oneLine(read('rw-zuozhuan.txt').slice(0, 20_000)) + oneLine(read('rw-mainland-news.txt') + read('rw-hk-news.txt'));
    let cuts = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const raw = damaged(base, seed, 3 + (seed % 7));
      for (const from of [300, 900, 2500]) {
        const cut = leadingCut(raw, 'long.txt', from);
        if (cut < 0) continue;
        cuts++;
        expectPrefix(raw, cut);
      }
    }
    expect(cuts).toBeGreaterThanOrEqual(10);
  });

  it('keeps that so where no sentence end is near and the cut falls between two Han characters', () => {
    // The same texts with every sentence end made a comma: only the fallback can cut them.
    const base = oneLine(read('rw-zuozhuan.txt').slice(0, 20_000) + read('rw-mainland-news.txt') + read('rw-hk-news.txt')).replace(/[。！？]/g, '，');
    let cuts = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const raw = damaged(base, seed, 3 + (seed % 7)).replace(/[。！？]/g, '，');
      for (const from of [300, 900, 2500]) {
        const cut = leadingCut(raw, 'long.txt', from);
        if (cut < 0) continue;
        cuts++;
        expect(cut).toBeLessThan(from * LEAD_CAP);
        expectPrefix(raw, cut);
      }
    }
    expect(cuts).toBeGreaterThanOrEqual(10);
  });
});

/** Holds a long file's whole parse (the worker's) until the test says. */
class HeldParse extends InlineViewBuilder {
  whole: (() => void) | null = null;

  override parse(raw: string, fileName: string): Promise<ParsedText> {
    return new Promise((resolve) => {
      this.whole = () => resolve(super.parse(raw, fileName));
    });
  }
}

describe('the reader and a long file’s opening', () => {
  it('shows the opening first, says the rest is being read, then the whole text, offsets unchanged', async () => {
    const host = FakeHost.withSeeds();
    const { text } = largeArticle({ bytes: 2_000_000, oneLine: true });
    host.files.set('long.txt', { text });
    const settings = new SettingsState(null);
    const state = new ReaderState(host, () => settings.viewScript, () => false);
    const builder = new HeldParse();
    (state as unknown as { viewBuilder: ViewBuilder }).viewBuilder = builder;
    const opened = state.open('long.txt');
    // The opening is shown while the whole is still in the worker, drawn as the whole will be (a window of rows).
    await expect.poll(() => state.leadOnly).toBe(true);
    expect(state.status).toBe('ready');
    expect(state.windowed).toBe(true);
    await expect.poll(() => builder.whole !== null).toBe(true);
    const opening = state.clean!.text;
    expect(opening.startsWith(LARGE_FIRST)).toBe(true);
    expect(opening.length).toBeGreaterThan(LEAD_CHARS);
    expect(opening.endsWith('。')).toBe(true);
    // A highlight made now is kept by its canonical offsets: the 100th paragraph's number (written as largeArticle numbers paragraphs).
    const mark = { start: opening.indexOf('（第100段）'), end: opening.indexOf('（第100段）') + '（第100段）'.length };
    expect(mark.start).toBeGreaterThan(0);

    builder.whole!();
    await opened;
    expect(state.leadOnly).toBe(false);
    expect(state.clean!.text.length).toBeGreaterThan(opening.length);
    expect(state.clean!.text.endsWith(LARGE_LAST)).toBe(true);
    expect(state.clean!.text.slice(mark.start, mark.end)).toBe('（第100段）');
    expect(state.clean!.text.startsWith(opening)).toBe(true);
  });
});

describe('the reader and a long file’s workers', () => {
  it('parses the whole in a worker of its own, ended after, while the view worker loads its dictionaries', async () => {
    const host = FakeHost.withSeeds();
    host.files.set('long.txt', { text: largeArticle({ bytes: 2_000_000, oneLine: true }).text });
    const log: string[] = [];
    let started = 0;
    // Script-view workers that say what is asked of them, in order; the work itself is the page's.
    const starter = {
      scriptView: () => {
        const n = ++started;
        const remote = {
          parse: (raw: string, fileName: string) => (log.push(`${n}:parse`), new InlineViewBuilder().parse(raw, fileName)),
          warm: () => void log.push(`${n}:warm`),
          view: () => Promise.reject(new Error('no view asked in this test')),
        };
        return { call: async (use: (r: typeof remote) => unknown) => use(remote), terminate: () => void log.push(`${n}:end`) };
      },
    } as unknown as WorkerStarter;
    const state = new ReaderState(host, () => 'original', () => false, undefined, undefined, undefined, starter);
    await state.open('long.txt');
    expect(state.leadOnly).toBe(false);
    expect(state.clean!.text.endsWith(LARGE_LAST)).toBe(true);
    expect(log).toEqual(['1:warm', '2:parse', '2:end']);
  });
});

describe('the drawing of a long file opened by its opening', () => {
  it('stays a window of rows when the whole, cleaned, is short enough to draw at once', async () => {
    const host = FakeHost.withSeeds();
    // A one-line text followed by 150,000 blank lines: over the window's length as read, well under it cleaned.
    const line = largeArticle({ bytes: 300_000, oneLine: true }).text;
    const raw = line + '\n'.repeat(150_000) + '附记。';
    expect(raw.length).toBeGreaterThan(WINDOW_FROM_CHARS);
    host.files.set('blank-tail.txt', { text: raw });
    const state = new ReaderState(host, () => 'original', () => false);
    const builder = new HeldParse();
    (state as unknown as { viewBuilder: ViewBuilder }).viewBuilder = builder;
    const opened = state.open('blank-tail.txt');
    await expect.poll(() => state.leadOnly).toBe(true);
    expect(state.windowed).toBe(true);
    expect(state.rows.length).toBeGreaterThan(0);
    await expect.poll(() => builder.whole !== null).toBe(true);

    builder.whole!();
    await opened;
    expect(state.leadOnly).toBe(false);
    expect(state.clean!.text.length).toBeLessThan(WINDOW_FROM_CHARS);
    expect(state.clean!.text.endsWith('附记。')).toBe(true);
    // Still the rows' window, now over the whole text; no switch to every block at once.
    expect(state.windowed).toBe(true);
    expect(state.blocks).toEqual([]);
    expect(state.rows.at(-1)!.block.start).toBe(state.clean!.text.lastIndexOf('附记。'));

    // Another article decides afresh: a short one is drawn whole.
    await state.open('000_5cd884f326e428d3.txt');
    expect(state.windowed).toBe(false);
    expect(state.blocks.length).toBeGreaterThan(0);
  });
});

