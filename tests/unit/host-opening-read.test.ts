// A long file's opening and then its whole, as the reader asks for them: the library service
// reads and decodes the file once for both, while it is unchanged. Any other read (another
// file, a small one, the same file asked a third time, changed since, or long after) opens the
// file again.
import { open } from 'node:fs/promises';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LibraryService } from '../../src-main/library/libraryService.ts';
import { hostCallBodies, type HostDeps } from '../../src-main/hostCalls.ts';

// 130,000 sentences of 9 characters, 27 bytes each (3,510,000 bytes, over a megabyte): the
// opening ends after the 3,556th (the first 。 from index 32,000 on).
const SENTENCE = '营商环境持续优化。';
const LONG = SENTENCE.repeat(130_000);
const SHORT = '招商引资，人才引进';

let root: string;
let opened: string[];
let service: LibraryService;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'pizhu-opening-'));
  writeFileSync(join(root, 'long.txt'), LONG);
  writeFileSync(join(root, 'short.txt'), SHORT);
  opened = [];
  service = new LibraryService(root, {
    isDefault: false,
    warn: () => undefined,
    openFile: (path, flags) => {
      opened.push(path.slice(root.length + 1));
      return open(path, flags);
    },
  });
});

afterEach(async () => {
  vi.useRealTimers();
  await service.close();
  rmSync(root, { recursive: true, force: true });
});

const bodies = () => hostCallBodies({ host: { read: (key: string) => service.read(key) } } as unknown as HostDeps);

describe('the opening and the whole of a long file', () => {
  it('are answered from one read of the file, the whole once', async () => {
    const calls = bodies();
    const opening = await calls.readArticleOpening('long.txt');
    expect(opening.ok && opening.opening).toBe(SENTENCE.repeat(3556));
    const whole = await calls.readArticle('long.txt');
    expect(whole.ok && whole.file.text).toBe(LONG);
    expect(whole.ok && opening.ok && whole.file.fingerprint === opening.fingerprint).toBe(true);
    expect(opened).toEqual(['long.txt']);
    // Asked again: read again.
    await calls.readArticle('long.txt');
    expect(opened).toEqual(['long.txt', 'long.txt']);
  });

  it('read again a file changed since, a small file, and one asked for long after', async () => {
    const calls = bodies();
    await calls.readArticleOpening('long.txt');
    // Changed in place between the two reads: same size, another mtime.
    writeFileSync(join(root, 'long.txt'), LONG.replace('营商', '招商'));
    utimesSync(join(root, 'long.txt'), new Date(2026, 0, 1), new Date(2026, 0, 1));
    const whole = await calls.readArticle('long.txt');
    expect(whole.ok && whole.file.text.slice(0, 4)).toBe('招商环境');
    expect(opened).toEqual(['long.txt', 'long.txt']);

    await calls.readArticleOpening('short.txt');
    await calls.readArticle('short.txt');
    expect(opened.slice(2)).toEqual(['short.txt', 'short.txt']);

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await calls.readArticleOpening('long.txt');
    vi.advanceTimersByTime(60_000);
    await calls.readArticle('long.txt');
    expect(opened.slice(4)).toEqual(['long.txt', 'long.txt']);
  });
});

describe('long files that are not generated (tests/fixtures/realworld, sources in its SOURCE.md)', () => {
  const REALWORLD = join(import.meta.dirname, '../fixtures/realworld');

  it('a Big5-HKSCS one-line file of Hong Kong news: its opening is the start of the text the whole decodes to, and one read serves both', async () => {
    // The story's lines run together into one line, many times over: 2 bytes a character in Big5, over a megabyte.
    const story = readFileSync(join(REALWORLD, 'rw-hk-news.txt'), 'utf8').replace(/\n+/g, '');
    const line = story.repeat(Math.ceil(600_000 / story.length));
    writeFileSync(join(root, 'hk.txt'), iconv.encode(line, 'big5hkscs'));
    const calls = bodies();
    const opening = await calls.readArticleOpening('hk.txt');
    const whole = await calls.readArticle('hk.txt');
    expect(whole.ok && whole.file.encoding).toBe('big5');
    expect(whole.ok && whole.file.text).toBe(line);
    if (!opening.ok || opening.opening === null) throw new Error('no opening');
    expect(opening.opening.length).toBeGreaterThanOrEqual(32_000);
    expect(line.startsWith(opening.opening)).toBe(true);
    expect(opening.opening.at(-1)).toMatch(/[。！？]/);
    expect(opened).toEqual(['hk.txt']);
  });

  it('左传, 1.87 MB of short CRLF lines: no opening (no long first line to cut), and the whole is not read again for it', async () => {
    writeFileSync(join(root, 'zuozhuan.txt'), readFileSync(join(REALWORLD, 'rw-zuozhuan.txt')));
    const calls = bodies();
    const opening = await calls.readArticleOpening('zuozhuan.txt');
    expect(opening.ok && opening.opening).toBeNull();
    const whole = await calls.readArticle('zuozhuan.txt');
    expect(whole.ok && whole.file.text.startsWith('左传\n')).toBe(true);
    expect(opened).toEqual(['zuozhuan.txt']);
  });
});
