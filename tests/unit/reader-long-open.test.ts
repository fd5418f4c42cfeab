// Opening a long one-line file (its opening shown first, the whole parsed in a worker of its
// own): what happens when another open overtakes it, when the opening cannot be parsed, and
// when it is read again.
import { describe, expect, it, vi } from 'vitest';
import { LEAD_CHARS } from '../../src-renderer/core/leadingSlice.ts';
import { ReaderState } from '../../src-renderer/state/reader.svelte.ts';
import { InlineViewBuilder, type ParsedText } from '../../src-renderer/state/viewClient.ts';
import type { WorkerStarter } from '../../src-renderer/state/workerStarter.ts';
import { FakeHost } from '../support/fakeHost.ts';
import { largeArticle, LARGE_FIRST, LARGE_LAST } from '../support/largeArticle.ts';

/** Every text loadArticle is asked to parse, by length; `failBelow`: those shorter than it fail. */
const parses = vi.hoisted(() => ({ lengths: [] as number[], failBelow: 0 }));

vi.mock('../../src-renderer/core/article.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src-renderer/core/article.ts')>();
  return {
    ...real,
    loadArticle: (raw: string, options: Parameters<typeof real.loadArticle>[1]) => {
      parses.lengths.push(raw.length);
      if (raw.length < parses.failBelow) throw new Error('a parse that fails');
      return real.loadArticle(raw, options);
    },
  };
});

const SHORT = '000_5cd884f326e428d3.txt';
const SHORT_OPENING = '『在湖州看见美丽中国』实干争先主题实践一周年·跑出新风景';

/** Script-view workers whose parse answers only when the test says, and that log what is asked of them. */
function heldWorkers() {
  const log: string[] = [];
  const answers: (() => void)[] = [];
  let started = 0;
  const starter = {
    scriptView: () => {
      const n = ++started;
      const remote = {
        parse: (raw: string, fileName: string) => {
          log.push(`${n}:parse`);
          return new Promise<ParsedText>((resolve) => answers.push(() => resolve(new InlineViewBuilder().parse(raw, fileName))));
        },
        warm: () => void log.push(`${n}:warm`),
        view: () => Promise.reject(new Error('no view asked in this test')),
      };
      return { call: async (use: (r: typeof remote) => unknown) => use(remote), terminate: () => void log.push(`${n}:end`) };
    },
  } as unknown as WorkerStarter;
  return { starter, log, answers };
}

function longHost(): { host: FakeHost; text: string } {
  const host = FakeHost.withSeeds();
  const { text } = largeArticle({ bytes: 2_000_000, oneLine: true });
  host.files.set('long.txt', { text });
  return { host, text };
}

describe('an open overtaken by another', () => {
  it('ends the first one’s parse worker, shows the second, and drops the first one’s late answer', async () => {
    const { host } = longHost();
    const { starter, log, answers } = heldWorkers();
    const state = new ReaderState(host, () => 'original', () => false, undefined, undefined, undefined, starter);
    const openedLong = state.open('long.txt');
    // The opening is shown and the whole asked of a worker of its own (the first is the view worker).
    await expect.poll(() => log).toContain('2:parse');
    expect(state.leadOnly).toBe(true);

    const openedShort = state.open(SHORT);
    expect(log).toEqual(['1:warm', '2:parse', '2:end']);
    await openedShort;
    // The overtaken open returns, though its worker never answers.
    await openedLong;
    expect(state.key).toBe(SHORT);
    expect(state.status).toBe('ready');
    expect(state.leadOnly).toBe(false);
    expect(state.clean!.text.startsWith(SHORT_OPENING)).toBe(true);

    answers[0]();
    await new Promise((r) => setTimeout(r, 10));
    expect(state.key).toBe(SHORT);
    expect(state.clean!.text.startsWith(SHORT_OPENING)).toBe(true);
    expect(state.status).toBe('ready');
    expect(log).toEqual(['1:warm', '2:parse', '2:end']);
  });

  it('ends it on close too, and an open overtaken before its worker started never starts one', async () => {
    const { host } = longHost();
    const { starter, log } = heldWorkers();
    const state = new ReaderState(host, () => 'original', () => false, undefined, undefined, undefined, starter);
    const first = state.open('long.txt');
    await expect.poll(() => log).toContain('2:parse');
    state.close();
    expect(log).toEqual(['1:warm', '2:parse', '2:end']);
    await first;
    expect(state.status).toBe('idle');

    // Overtaken while its opening is being shown (the page's frame after it): the whole is never sent.
    const second = state.open('long.txt');
    await expect.poll(() => state.leadOnly).toBe(true);
    await state.open(SHORT);
    await second;
    expect(log).toEqual(['1:warm', '2:parse', '2:end']);
    expect(state.key).toBe(SHORT);
  });
});

describe('a long file’s opening', () => {
  it('is only a preview: when it fails to parse, the open waits for the whole instead of failing', async () => {
    const { host, text } = longHost();
    const state = new ReaderState(host, () => 'original', () => false);
    parses.failBelow = text.length;
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      let sawLead = false;
      const opened = state.open('long.txt');
      const watch = setInterval(() => (sawLead ||= state.leadOnly), 1);
      await opened;
      clearInterval(watch);
      expect(sawLead).toBe(false);
      expect(state.status).toBe('ready');
      expect(state.parseError).toBeNull();
      expect(state.clean!.text.startsWith(LARGE_FIRST)).toBe(true);
      expect(state.clean!.text.endsWith(LARGE_LAST)).toBe(true);
      // The lost preview is said, once.
      expect(logged.mock.calls.map((c) => c[0])).toEqual(['pizhu: the opening of a long file could not be parsed, waiting for the whole']);
    } finally {
      parses.failBelow = 0;
      logged.mockRestore();
    }
  });

  it('is not parsed when the file is read again with its last text on screen, nor when its whole parse is kept', async () => {
    const { host, text } = longHost();
    const state = new ReaderState(host, () => 'original', () => false);
    parses.lengths.length = 0;
    await state.open('long.txt');
    // The first open: the opening (32,000 characters and a few), then the whole.
    expect(parses.lengths.length).toBe(2);
    expect(parses.lengths[0]).toBeGreaterThanOrEqual(LEAD_CHARS);
    expect(parses.lengths[0]).toBeLessThan(LEAD_CHARS + 1_000);
    expect(parses.lengths[1]).toBe(text.length);

    // Changed on disk: the last text stays on screen until the whole new one is in, so no opening is parsed.
    const changed = text + '后记一句。';
    host.files.set('long.txt', { text: changed });
    parses.lengths.length = 0;
    await state.open('long.txt');
    expect(parses.lengths).toEqual([changed.length]);
    expect(state.clean!.text.endsWith('后记一句。')).toBe(true);

    // Gone back to after another: the kept parse is shown, nothing parsed at all.
    await state.open(SHORT);
    parses.lengths.length = 0;
    await state.open('long.txt');
    expect(parses.lengths).toEqual([]);
    expect(state.clean!.text.endsWith('后记一句。')).toBe(true);
  });
});

describe('a big file’s opening read on its own', () => {
  const listedAt = (bytes: number) => (key: string) => (key === 'long.txt' ? { size: bytes, error: null } : null);

  it('is shown while the whole is still on its way, and the whole extends it where it ends', async () => {
    const { host, text } = longHost();
    // The whole answers only when the test says: the opening alone must put text on screen.
    let sendWhole!: () => void;
    const wholeHeld = new Promise<void>((resolve) => (sendWhole = resolve));
    const readWhole = host.readArticle.bind(host);
    host.readArticle = async (key: string) => {
      await wholeHeld;
      return readWhole(key);
    };
    const { starter, answers } = heldWorkers();
    const state = new ReaderState(host, () => 'original', () => false, undefined, listedAt(2_000_000), undefined, starter);
    const opened = state.open('long.txt');
    await expect.poll(() => state.leadOnly).toBe(true);
    expect(host.openingReads).toEqual(['long.txt']);
    expect(state.status).toBe('ready');
    const opening = state.clean!.text;
    expect(opening.startsWith(LARGE_FIRST)).toBe(true);
    expect(opening.length).toBeGreaterThan(LEAD_CHARS);
    expect(opening.length).toBeLessThan(text.length / 10);
    expect(opening.endsWith('。')).toBe(true);
    const shownAt = state.revision;

    sendWhole();
    await expect.poll(() => answers.length).toBe(1);
    answers[0]();
    await opened;
    expect(state.leadOnly).toBe(false);
    expect(state.extendedLead).toBe(true);
    expect(state.revision).toBe(shownAt + 1);
    expect(state.clean!.text.startsWith(opening)).toBe(true);
    expect(state.clean!.text.endsWith(LARGE_LAST)).toBe(true);
  });

  it('is not asked for a file under a megabyte, nor when the same file is read again', async () => {
    const { host } = longHost();
    const small = new ReaderState(host, () => 'original', () => false, undefined, listedAt(900_000));
    await small.open('long.txt');
    expect(small.clean!.text.endsWith(LARGE_LAST)).toBe(true);
    expect(host.openingReads).toEqual([]);

    const big = new ReaderState(host, () => 'original', () => false, undefined, listedAt(2_000_000));
    await big.open('long.txt');
    expect(host.openingReads).toEqual(['long.txt']);
    // Changed on disk and read again: its last text stays on screen until the whole is in.
    await big.open('long.txt');
    expect(host.openingReads).toEqual(['long.txt']);
  });

  it('shown, and then the whole fails to arrive: the opening is not kept as the article, nor said to be read on', async () => {
    const { host } = longHost();
    host.readArticle = () => Promise.reject(new Error('the host went away'));
    const state = new ReaderState(host, () => 'original', () => false, undefined, listedAt(2_000_000));
    let shown = false;
    const watching = (async () => {
      await expect.poll(() => state.leadOnly).toBe(true);
      shown = true;
    })();
    await state.open('long.txt');
    await watching;
    expect(shown).toBe(true);
    expect(state.status).toBe('failed');
    expect(state.leadOnly).toBe(false);
    expect(state.article).toBeNull();
    expect(state.parseError).toBe('the host went away');
  });

  it('that fails to arrive leaves the whole to open the file as before', async () => {
    const { host } = longHost();
    host.readArticleOpening = () => Promise.reject(new Error('the host went away for a moment'));
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const state = new ReaderState(host, () => 'original', () => false, undefined, listedAt(2_000_000));
    await state.open('long.txt');
    expect(state.status).toBe('ready');
    expect(state.clean!.text.endsWith(LARGE_LAST)).toBe(true);
    expect(errors).toHaveBeenCalledWith('pizhu: the opening of a long file could not be read, waiting for the whole', expect.any(Error));
    errors.mockRestore();
  });
});
